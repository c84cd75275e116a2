import { error, redirect } from '@sveltejs/kit';
import { t } from '$lib/i18n';
import { requireYoungPerson } from '$lib/server/forms';
import { isUuid, myBallot, votingClosesAt } from '../../budgets.server';
import type { PageServerLoad } from './$types';

/** The confirmation after "Confirm my vote": the receipt code and what happens next. */
export const load: PageServerLoad = async ({ locals, params }) => {
	requireYoungPerson(locals);
	if (!isUuid(params.round)) error(404, t('budgets.round.notFound'));
	const round = await locals.supabase.from('budget_rounds').select('id, title, phase').eq('id', params.round).maybeSingle();
	if (round.error) error(500, round.error.message);
	if (!round.data) error(404, t('budgets.round.notFound'));
	const mine = await myBallot(locals.supabase, params.round);
	if (!mine) redirect(303, `/budgets/${params.round}`);
	return {
		round: { id: round.data.id as string, title: round.data.title as string, phase: round.data.phase as string },
		receipt: mine.receipt,
		changed: mine.changedAt !== mine.castAt,
		closes: await votingClosesAt(locals.supabase, params.round)
	};
};
