import { error, fail, redirect } from '@sveltejs/kit';
import { t } from '$lib/i18n';
import { nextPhase, phaseSchema } from '$lib/domain/budgets';
import { parse, readPanelForm } from '../../../panels/panel-forms.server';
import { dbFailure, staffRound } from '../../staff-budgets.server';
import type { Actions, PageServerLoad } from './$types';

/** "Are you sure?" before a phase moves forward: it cannot be undone. */
export const load: PageServerLoad = async ({ parent }) => {
	const { round, isRunner } = await parent();
	if (!isRunner) error(403, t('budgets.staff.errors.notAllowed'));
	return { next: nextPhase(round.phase) };
};

export const actions: Actions = {
	default: async ({ request, locals, params }) => {
		const values = await readPanelForm(request, ['to']);
		const parsed = parse(phaseSchema, values);
		if (!parsed.ok) return fail(400, { errors: { to: parsed.errors.to ?? t('budgets.staff.errors.phase') } });
		const { round } = await staffRound(locals, params.round);
		if (nextPhase(round.phase) !== parsed.data.to) return fail(409, { errors: { to: t('budgets.staff.errors.wrongPhase') } });
		const { error: e } = await locals.supabase.rpc('set_round_phase', { p_round: round.id, p_phase: parsed.data.to });
		if (e) {
			if (e.code === 'PT409' && parsed.data.to === 'voting') return fail(409, { errors: { to: t('budgets.staff.errors.noShortlist') } });
			return dbFailure(e, 'to');
		}
		redirect(303, `/staff/budgets/${round.id}?moved=${parsed.data.to}`);
	}
};
