import { fail, redirect } from '@sveltejs/kit';
import { t } from '$lib/i18n';
import { londonToday, offlineSchema, resultFields, type OfflineResult } from '$lib/domain/panels';
import { requireStaff } from '$lib/server/forms';
import { dbFailure, isUuid, keepText, must, parse, readPanelForm } from '../../panel-forms.server';
import type { Actions, PageServerLoad } from './$types';

interface SummaryRow {
	activity: string;
	happened_at: string | null;
	took_part: number;
	out_of: number | null;
}

export const load: PageServerLoad = async ({ locals, parent, url }) => {
	const { panel } = await parent();
	const [summary, offline] = await Promise.all([
		locals.supabase.rpc('panel_participation_summary', { p_panel: panel.id }).then(must) as Promise<SummaryRow[]>,
		locals.supabase
			.from('offline_participation')
			.select('id, activity, place, gathered_on, participants, results, recorded_at')
			.eq('panel_id', panel.id)
			.order('gathered_on', { ascending: false })
			.then(must)
	]);
	const recorded = offline.find((o) => o.id === url.searchParams.get('recorded'));
	return {
		today: londonToday(),
		recorded: recorded ? { count: recorded.participants as number, place: recorded.place as string } : null,
		// "ideas" with nobody yet is not an activity that happened: leave it out of the table.
		summary: summary.filter((s) => !(s.activity === 'ideas' && s.took_part === 0)),
		offline: offline.map((o) => ({
			id: o.id as string,
			activity: o.activity as string,
			place: o.place as string,
			date: o.gathered_on as string,
			participants: o.participants as number,
			results: (Array.isArray(o.results) ? o.results : []) as OfflineResult[]
		}))
	};
};

export const actions: Actions = {
	offline: async ({ request, locals, params, url }) => {
		requireStaff(locals, url);
		const values = await readPanelForm(request, ['activity', 'place', 'date', 'participants', ...resultFields()]);
		const parsed = parse(offlineSchema(londonToday()), values);
		if (!parsed.ok) return fail(400, { errors: parsed.errors, values: keepText(values) });
		if (!isUuid(params.id)) return fail(404, { errors: { activity: t('panelStaff.errors.notFound') }, values: keepText(values) });
		const { data: panel } = await locals.supabase.from('panels').select('partnership_id').eq('id', params.id).maybeSingle();
		if (!panel) return fail(404, { errors: { activity: t('panelStaff.errors.notFound') }, values: keepText(values) });
		const o = parsed.data;
		const { data: id, error: e } = await locals.supabase.rpc('record_offline_participation', {
			p_partnership: panel.partnership_id,
			p_panel: params.id,
			p_activity: o.activity,
			p_place: o.place,
			p_gathered_on: o.date,
			p_participants: o.participants,
			p_results: o.results
		});
		if (e) return dbFailure(e, 'activity', { values: keepText(values) });
		redirect(303, `/staff/panels/${params.id}/participation?recorded=${id as string}`);
	}
};
