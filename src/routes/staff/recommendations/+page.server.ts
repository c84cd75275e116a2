import { requireStaff } from '$lib/server/forms';
import { must } from '../panels/panel-forms.server';
import type { PageServerLoad } from './$types';

/**
 * Recommendations from youth panels, for anyone on the partnership's staff (row-level security
 * shows only their partnerships'), those addressed to the signed-in person first, soonest due first.
 */
export const load: PageServerLoad = async ({ locals, url }) => {
	const user = requireStaff(locals, url);
	const db = locals.supabase;
	const mine = must(await db.from('memberships').select('partnership_id').eq('account_id', user.id));
	if (!mine.length) return { hasRole: false, now: new Date().toISOString(), mine: [], others: [] };

	const recs = must(
		await db
			.from('recommendations')
			.select('id, panel_id, commissioner_id, title, body, supporters, members_present, recorded_at, response_due_at')
			.order('response_due_at')
	);
	const ids = recs.map((r) => r.id as string);
	const panelIds = [...new Set(recs.map((r) => r.panel_id as string))];
	const peopleIds = [...new Set(recs.map((r) => r.commissioner_id as string))];
	const [panels, people, links] = await Promise.all([
		panelIds.length ? db.from('panels').select('id, name').in('id', panelIds).then(must) : [],
		peopleIds.length ? db.from('accounts').select('id, display_name').in('id', peopleIds).then(must) : [],
		ids.length ? db.from('recommendation_ideas').select('recommendation_id, idea_id').in('recommendation_id', ids).then(must) : []
	]);
	const ideaIds = [...new Set(links.map((l) => l.idea_id as string))];
	const ideas = ideaIds.length ? must(await db.from('ideas').select('id, title, body').in('id', ideaIds)) : [];

	const rows = recs.map((r) => ({
		id: r.id as string,
		panelId: r.panel_id as string,
		panel: (panels.find((p) => p.id === r.panel_id)?.name as string | undefined) ?? '',
		commissionerId: r.commissioner_id as string,
		commissioner: (people.find((p) => p.id === r.commissioner_id)?.display_name as string | undefined) ?? '',
		title: r.title as string,
		body: r.body as string,
		supporters: r.supporters as number,
		present: r.members_present as number,
		recordedAt: r.recorded_at as string,
		dueAt: r.response_due_at as string,
		ideas: links
			.filter((l) => l.recommendation_id === r.id)
			.map((l) => ideas.find((i) => i.id === l.idea_id))
			.filter((i) => i !== undefined)
			.map((i) => ({ id: i.id as string, title: i.title as string, body: i.body as string }))
	}));
	return {
		hasRole: true,
		now: new Date().toISOString(),
		mine: rows.filter((r) => r.commissionerId === user.id),
		others: rows.filter((r) => r.commissionerId !== user.id)
	};
};
