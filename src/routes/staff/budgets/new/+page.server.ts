import { error, fail, redirect } from '@sveltejs/kit';
import { roundSchema } from '$lib/domain/budgets';
import { endOfLondonDay, isRealDate, londonToday } from '$lib/domain/panels';
import { t } from '$lib/i18n';
import { requireStaff } from '$lib/server/forms';
import { keepText, parse, readPanelForm } from '../../panels/panel-forms.server';
import { dbFailure, RUNNERS } from '../staff-budgets.server';
import type { Actions, PageServerLoad } from './$types';

/** Partnerships where the person may set up a round (admins and commissioners), with their panels. */
export const load: PageServerLoad = async ({ locals, url }) => {
	const user = requireStaff(locals, url);
	const mine = await locals.supabase.from('memberships').select('partnership_id').eq('account_id', user.id).in('role', [...RUNNERS]);
	if (mine.error) error(500, mine.error.message);
	const ids = [...new Set((mine.data ?? []).map((m) => m.partnership_id as string))];
	if (!ids.length) error(403, 'Only partnership admins and commissioners can set up a budget round');
	const [partnerships, panels] = await Promise.all([
		locals.supabase.from('partnerships').select('id, name').in('id', ids).order('name'),
		locals.supabase.from('panels').select('id, partnership_id, name').in('partnership_id', ids).is('archived_at', null).order('name')
	]);
	if (partnerships.error || panels.error) error(500, 'Could not read partnerships');
	return {
		partnerships: (partnerships.data ?? []).map((p) => ({ id: p.id as string, name: p.name as string })),
		panels: (panels.data ?? []).map((p) => ({ id: p.id as string, partnershipId: p.partnership_id as string, name: p.name as string }))
	};
};

const FIELDS = ['closes', 'partnership', 'title', 'description', 'budget', 'allowCodes', 'ballot', 'minPercent', 'minProjects', 'maxProjects', 'points', 'maxPoints', 'tally'] as const;

export const actions: Actions = {
	default: async ({ request, locals, url }) => {
		requireStaff(locals, url);
		const values = await readPanelForm(request, FIELDS, ['panels']);
		const parsed = parse(roundSchema, values);
		// Optional: the last day of voting, shown to voters ("Voting closes on …"). Phases still move by hand.
		const closes = typeof values.closes === 'string' ? values.closes.trim() : null;
		const closesOk = closes === '' || (closes !== null && /^\d{4}-\d{2}-\d{2}$/.test(closes) && isRealDate(closes) && closes >= londonToday());
		if (!parsed.ok || !closesOk) {
			const errors = { ...(parsed.ok ? {} : parsed.errors), ...(closesOk ? {} : { closes: t('budgets.staff.errors.closes') }) };
			return fail(400, { errors, values: keepText(values) });
		}
		const r = parsed.data;
		const { data, error: e } = await locals.supabase.rpc('create_budget_round', {
			p_partnership: r.partnership,
			p_panel: null,
			p_title: r.title,
			p_description: r.description,
			p_budget: r.budget,
			p_voter_panels: r.panels,
			p_allow_codes: r.allowCodes,
			p_ballot_rule: r.rule.kind,
			p_min_percent: r.rule.kind === 'knapsack' && r.rule.minPercent > 0 ? r.rule.minPercent : null,
			p_min_projects: r.rule.kind === 'k_approval' ? r.rule.min : null,
			p_max_projects: r.rule.kind === 'k_approval' ? r.rule.max : null,
			p_points_total: r.rule.kind === 'points' ? r.rule.total : null,
			p_points_per_project: r.rule.kind === 'points' ? r.rule.maxPerProject : null,
			p_tally_rule: r.tally
		});
		if (e) return dbFailure(e, e.code === '22023' ? 'panels' : 'title', { values: keepText(values) });
		if (closes) {
			const { error: e2 } = await locals.supabase.rpc('set_round_phase_details', {
				p_round: data, p_phase: 'voting', p_starts_at: null, p_ends_at: endOfLondonDay(closes).toISOString(), p_description: ''
			});
			if (e2) return dbFailure(e2, 'closes', { values: keepText(values) });
		}
		redirect(303, `/staff/budgets/${data as string}?created=1`);
	}
};
