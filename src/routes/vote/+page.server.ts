import { fail, redirect } from '@sveltejs/kit';
import { t } from '$lib/i18n';
import { ballotStatus, cleanChoice, parseBallotForm, votingCodeSchema, type Choice, type Problem } from '$lib/domain/budgets';
import { hit, type Limit } from '$lib/server/auth/rate-limit';
import { database } from '$lib/server/context';
import { serviceSupabase } from '$lib/server/db/supabase';
import { readForm } from '$lib/server/forms';
import { fieldErrors } from '$lib/domain/auth';
import { ballotView, choicesJson, readBallotForm, type BallotForm } from '../budgets/budgets.server';
import type { Actions, PageServerLoad } from './$types';

/**
 * Voting with a single-use code from a printed slip, without an account: the code, then the same
 * ballot, check page and confirmation as members get. The code rides along in a hidden field; a
 * code votes once (cast_ballot_with_code marks it used in the same transaction as the ballot).
 *
 * Rate limits per IP address (a classroom shares one): every post with a code counts towards a
 * generous limit, and each wrong code towards a strict one, so codes cannot be guessed.
 */
const CODE_POSTS_PER_IP: Limit = { max: 1500, windowSeconds: 900 };
const WRONG_CODES_PER_IP: Limit = { max: 15, windowSeconds: 900 };

export const load: PageServerLoad = ({ url, locals }) => {
	// A signed-in member votes from their own page; the code form is for everyone else.
	const code = votingCodeSchema.safeParse({ code: url.searchParams.get('code') ?? '' });
	return { code: code.success ? code.data.code : '', signedIn: Boolean(locals.user) };
};

type Step = 'code' | 'ballot' | 'check' | 'done';

async function limited(ip: string, wrong: boolean): Promise<boolean> {
	const service = serviceSupabase(await database());
	if (wrong) return !(await hit(service, `budget-code-wrong:${ip}`, WRONG_CODES_PER_IP));
	return !(await hit(service, `budget-code:${ip}`, CODE_POSTS_PER_IP));
}

const codeFailure = (status: number, message: string, code = '') => fail(status, { step: 'code' as Step, errors: { code: message }, values: { code } });

/** The code's ballot, or the failure that tells them why not (unknown, used, voting not open). */
async function ballotFor(locals: App.Locals, raw: string | undefined, ip: string) {
	const parsed = votingCodeSchema.safeParse({ code: raw });
	if (!parsed.success) return { failure: fail(400, { step: 'code' as Step, errors: fieldErrors(parsed.error), values: { code: raw ?? '' } }) };
	const code = parsed.data.code;
	if (await limited(ip, false)) return { failure: codeFailure(429, t('budgets.code.errors.tooMany'), raw) };
	const view = await ballotView(locals.supabase, { code });
	if (!view) {
		if (await limited(ip, true)) return { failure: codeFailure(429, t('budgets.code.errors.tooMany'), raw) };
		return { failure: codeFailure(400, t('budgets.code.errors.unknown'), raw) };
	}
	if (view.used) return { failure: codeFailure(409, t('budgets.code.errors.used'), raw) };
	if (view.round.phase !== 'voting') return { failure: codeFailure(409, t('budgets.code.errors.closed'), raw) };
	// code_ballot does not say when voting closes (anon cannot read budget_round_phases): see the report.
	return { code, view };
}

function checkBallot(view: NonNullable<Awaited<ReturnType<typeof ballotFor>>['view']>, form: BallotForm) {
	const read = parseBallotForm(view.round.rule, view.projects, form);
	const choice = cleanChoice(view.projects, read.choice);
	const status = ballotStatus(view.round.rule, view.projects, choice);
	return { ok: read.ok && status.ok, choice, problems: status.problems as Problem[], errors: read.ok ? {} : read.errors };
}

const ballotData = (view: NonNullable<Awaited<ReturnType<typeof ballotFor>>['view']>) => ({ round: view.round, projects: view.projects });

export const actions: Actions = {
	/** Step 1: the code. */
	code: async ({ request, locals, getClientAddress }) => {
		const values = await readForm(request, ['code']);
		const r = await ballotFor(locals, values.code, getClientAddress());
		if ('failure' in r) return r.failure;
		return { step: 'ballot' as Step, values: { code: r.code }, ballot: ballotData(r.view), choice: {} as Choice, problems: [] as Problem[] };
	},

	update: async ({ request, locals, getClientAddress }) => {
		const form = await readBallotForm(request, ['code']);
		const r = await ballotFor(locals, form.extra.code, getClientAddress());
		if ('failure' in r) return r.failure;
		const c = checkBallot(r.view, form);
		const out = { step: 'ballot' as Step, values: { code: r.code }, ballot: ballotData(r.view), choice: c.choice, problems: c.problems, errors: c.errors };
		return c.ok ? out : fail(400, out);
	},

	review: async ({ request, locals, getClientAddress }) => {
		const form = await readBallotForm(request, ['code']);
		const r = await ballotFor(locals, form.extra.code, getClientAddress());
		if ('failure' in r) return r.failure;
		const c = checkBallot(r.view, form);
		const out = { step: (c.ok ? 'check' : 'ballot') as Step, values: { code: r.code }, ballot: ballotData(r.view), choice: c.choice, problems: c.problems, errors: c.errors };
		return c.ok ? out : fail(400, out);
	},

	confirm: async ({ request, locals, getClientAddress }) => {
		const form = await readBallotForm(request, ['code']);
		const r = await ballotFor(locals, form.extra.code, getClientAddress());
		if ('failure' in r) return r.failure;
		const c = checkBallot(r.view, form);
		const base = { values: { code: r.code }, ballot: ballotData(r.view), choice: c.choice, problems: c.problems, errors: c.errors };
		if (!c.ok) return fail(400, { step: 'ballot' as Step, ...base });
		const { data, error: e } = await locals.supabase.rpc('cast_ballot_with_code', {
			p_code: r.code,
			p_choices: choicesJson(r.view.round.rule.kind === 'points' ? 'points' : 'approval', c.choice)
		});
		if (e) {
			if (e.code === 'PT409') return codeFailure(409, t('budgets.code.errors.used'), r.code);
			if (e.code === 'PT404') return codeFailure(400, t('budgets.code.errors.unknown'), r.code);
			return fail(400, { step: 'ballot' as Step, ...base, problems: [{ code: 'unknown_project' } as Problem] });
		}
		if (typeof data !== 'string') redirect(303, '/vote');
		return { step: 'done' as Step, values: { code: '' }, ballot: ballotData(r.view), receipt: data };
	}
};
