import { fail, redirect } from '@sveltejs/kit';
import { t } from '$lib/i18n';
import { addDays, londonToday, recommendationSchema } from '$lib/domain/panels';
import { requireStaff } from '$lib/server/forms';
import { dbFailure, isUuid, keepText, must, parse, peopleWithRole, readPanelForm } from '../../../panel-forms.server';
import type { Actions, PageServerLoad } from './$types';

async function approvedIdeas(supabase: App.Locals['supabase'], panelId: string) {
	const rows = must(await supabase.from('ideas').select('id, title').eq('panel_id', panelId).eq('status', 'approved').order('created_at'));
	return rows.map((i) => ({ id: i.id as string, title: i.title as string }));
}

export const load: PageServerLoad = async ({ locals, parent }) => {
	const { panel, partnership } = await parent();
	const [commissioners, ideas, advised] = await Promise.all([
		peopleWithRole(locals.supabase, panel.partnership_id, 'commissioner'),
		approvedIdeas(locals.supabase, panel.id),
		locals.supabase.from('panel_staff').select('account_id').eq('panel_id', panel.id).eq('role', 'commissioner').then(must)
	]);
	const advisedIds = advised.map((a) => a.account_id as string);
	// The commissioners this panel advises come first; one of them is chosen if there is only one.
	const sorted = [...commissioners.filter((c) => advisedIds.includes(c.id)), ...commissioners.filter((c) => !advisedIds.includes(c.id))];
	const today = londonToday();
	return {
		commissioners: sorted,
		preselected: advisedIds.length === 1 ? advisedIds[0] : sorted.length === 1 ? sorted[0].id : '',
		ideas,
		today,
		defaultDue: addDays(today, partnership.responseDueWeeks * 7)
	};
};

const FIELDS = ['title', 'body', 'commissioner', 'supporters', 'present', 'due'] as const;

export const actions: Actions = {
	default: async ({ request, locals, params, url }) => {
		requireStaff(locals, url);
		const values = await readPanelForm(request, FIELDS, ['ideas']);
		const again = { values: keepText(values) };
		const parsed = parse(recommendationSchema(londonToday()), values);
		if (!parsed.ok) return fail(400, { errors: parsed.errors, ...again });
		if (!isUuid(params.id)) return fail(404, { errors: { title: t('panelStaff.errors.notFound') }, ...again });
		const r = parsed.data;

		const { data: panel } = await locals.supabase.from('panels').select('partnership_id').eq('id', params.id).maybeSingle();
		if (!panel) return fail(404, { errors: { title: t('panelStaff.errors.notFound') }, ...again });
		const [commissioners, ideas] = await Promise.all([
			peopleWithRole(locals.supabase, panel.partnership_id as string, 'commissioner'),
			approvedIdeas(locals.supabase, params.id)
		]);
		if (!commissioners.some((c) => c.id === r.commissioner)) return fail(400, { errors: { commissioner: t('panelStaff.errors.commissionerRole') }, ...again });
		if (r.ideas.some((id) => !ideas.some((i) => i.id === id))) return fail(400, { errors: { ideas: t('panelStaff.errors.ideaNotApproved') }, ...again });

		const { data: id, error: e } = await locals.supabase.rpc('record_recommendation', {
			p_panel: params.id,
			p_commissioner: r.commissioner,
			p_title: r.title,
			p_body: r.body,
			p_supporters: r.supporters,
			p_members_present: r.present,
			p_idea_ids: [...new Set(r.ideas)],
			p_response_due_at: r.dueAt.toISOString()
		});
		if (e) return dbFailure(e, 'title', again);
		redirect(303, `/staff/panels/${params.id}/recommendations?recorded=${id as string}`);
	}
};
