import { error, fail, redirect } from '@sveltejs/kit';
import { t } from '$lib/i18n';
import { ballotStatus, cleanChoice, parseBallotForm, type Choice } from '$lib/domain/budgets';
import { requireYoungPerson } from '$lib/server/forms';
import {
	ballotView,
	castFailureMessage,
	choicesJson,
	isUuid,
	myBallot,
	partnershipSlug,
	quickChoice,
	readBallotForm,
	votingClosesAt,
	type BallotView
} from '../budgets.server';
import type { Actions, PageServerLoad } from './$types';

/**
 * A young person's vote in a budget round (GOV.UK flow): the ballot, "Update my total" (the page
 * again with the total and any problems, for browsers without JavaScript), "Check your choices",
 * then "Confirm my vote" → /budgets/[round]/voted with the receipt code. Until voting closes the
 * ballot shows their current choices and they can change it. No counts are ever shown here.
 */

async function view(locals: App.Locals, roundId: string): Promise<BallotView> {
	const user = requireYoungPerson(locals);
	if (!isUuid(roundId)) error(404, t('budgets.round.notFound'));
	const v = await ballotView(locals.supabase, { round: roundId, voter: user.id });
	if (!v) error(404, t('budgets.round.notFound'));
	return v;
}

export const load: PageServerLoad = async ({ locals, params }) => {
	const v = await view(locals, params.round);
	const [closes, mine, published] = await Promise.all([
		votingClosesAt(locals.supabase, v.round.id),
		v.voted ? myBallot(locals.supabase, v.round.id) : Promise.resolve(null),
		v.round.phase === 'results' || v.round.phase === 'delivery'
			? locals.supabase.from('budget_rounds').select('partnership_id').eq('id', v.round.id).maybeSingle()
			: Promise.resolve(null)
	]);
	let publishedSlug: string | null = null;
	if (published?.data) {
		const results = await locals.supabase.from('budget_results').select('round_id').eq('round_id', v.round.id).maybeSingle();
		if (results.data) publishedSlug = await partnershipSlug(locals.supabase, published.data.partnership_id as string);
	}
	return {
		round: { ...v.round, votingClosesAt: closes },
		projects: v.projects,
		eligible: v.canVote || (v.voted && mine?.channel !== 'paper'),
		current: mine ? cleanChoice(v.projects, mine.choice) : ({} as Choice),
		myBallot: mine ? { receipt: mine.receipt, channel: mine.channel } : null,
		publishedSlug
	};
};

/** Reads the ballot form against the round: 400 with the problems, or the clean choice. */
async function checked(locals: App.Locals, roundId: string, request: Request) {
	const v = await view(locals, roundId);
	const form = await readBallotForm(request);
	if (v.round.phase !== 'voting' || !v.canVote) {
		return { v, failure: fail(409, { message: t('budgets.errors.closed'), choice: {} as Choice, problems: [] }) };
	}
	const read = parseBallotForm(v.round.rule, v.projects, form);
	const choice = cleanChoice(v.projects, read.choice);
	const status = ballotStatus(v.round.rule, v.projects, choice);
	if (!read.ok || !status.ok) {
		return { v, failure: fail(400, { step: 'ballot' as const, choice, problems: status.problems, errors: read.ok ? {} : read.errors }) };
	}
	return { v, choice };
}

export const actions: Actions = {
	/** "Update my total": the same page with the total and any problems; nothing is stored. */
	update: async ({ locals, params, request }) => {
		const r = await checked(locals, params.round, request);
		if ('failure' in r) return r.failure;
		return { step: 'ballot' as const, choice: r.choice, problems: [] };
	},

	/** "Check my choices": the check page, if the ballot keeps the rule. */
	review: async ({ locals, params, request }) => {
		const r = await checked(locals, params.round, request);
		if ('failure' in r) return r.failure;
		return { step: 'check' as const, choice: r.choice, problems: [] };
	},

	/**
	 * "Confirm my vote": one call to cast_ballot, which checks everything again in one transaction
	 * (the rule, the phase, one ballot per voter). Only when it refuses do we read the round to say why.
	 */
	confirm: async ({ locals, params, request }) => {
		const user = requireYoungPerson(locals);
		if (!isUuid(params.round)) return fail(404, { message: t('budgets.round.notFound'), choice: {} as Choice, problems: [] });
		const form = await readBallotForm(request);
		const quick = quickChoice(form);
		if (quick && Object.keys(quick).length) {
			const kind = Object.keys(form.points).length ? 'points' : 'approval';
			const { error: e } = await locals.supabase.rpc('cast_ballot', { p_round: params.round, p_choices: choicesJson(kind, quick) });
			if (!e) redirect(303, `/budgets/${params.round}/voted`);
			if (e.code !== '22023') {
				const { status, message } = castFailureMessage(e.code);
				return fail(status, { message, choice: {} as Choice, problems: [] });
			}
		}
		// Refused or unreadable: explain against the round's rule, in the ballot's words.
		const v = await ballotView(locals.supabase, { round: params.round, voter: user.id });
		if (!v) return fail(404, { message: t('budgets.round.notFound'), choice: {} as Choice, problems: [] });
		const read = parseBallotForm(v.round.rule, v.projects, form);
		const choice = cleanChoice(v.projects, read.choice);
		const status = ballotStatus(v.round.rule, v.projects, choice);
		const problems = status.problems.length ? status.problems : [{ code: 'unknown_project' as const }];
		return fail(400, { step: 'ballot' as const, choice, problems, errors: read.ok ? {} : read.errors });
	}
};
