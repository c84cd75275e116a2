import { must } from '../../panel-forms.server';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, parent, url }) => {
	const { panel } = await parent();
	const recs = must(
		await locals.supabase
			.from('recommendations')
			.select('id, title, body, commissioner_id, supporters, members_present, recorded_at, response_due_at')
			.eq('panel_id', panel.id)
			.order('recorded_at', { ascending: false })
	);
	const recIds = recs.map((r) => r.id as string);
	const commissionerIds = [...new Set(recs.map((r) => r.commissioner_id as string))];
	const [links, people] = await Promise.all([
		recIds.length ? locals.supabase.from('recommendation_ideas').select('recommendation_id, idea_id').in('recommendation_id', recIds).then(must) : [],
		commissionerIds.length ? locals.supabase.from('accounts').select('id, display_name').in('id', commissionerIds).then(must) : []
	]);
	const ideaIds = [...new Set(links.map((l) => l.idea_id as string))];
	const ideas = ideaIds.length ? must(await locals.supabase.from('ideas').select('id, title').in('id', ideaIds)) : [];
	const recordedId = url.searchParams.get('recorded');
	return {
		now: new Date().toISOString(),
		recorded: recs.find((r) => r.id === recordedId)?.id ?? null,
		recommendations: recs.map((r) => ({
			id: r.id as string,
			title: r.title as string,
			body: r.body as string,
			commissioner: (people.find((p) => p.id === r.commissioner_id)?.display_name as string | undefined) ?? '',
			supporters: r.supporters as number,
			present: r.members_present as number,
			recordedAt: r.recorded_at as string,
			dueAt: r.response_due_at as string,
			ideas: links
				.filter((l) => l.recommendation_id === r.id)
				.map((l) => (ideas.find((i) => i.id === l.idea_id)?.title as string | undefined) ?? '')
				.filter(Boolean)
		}))
	};
};
