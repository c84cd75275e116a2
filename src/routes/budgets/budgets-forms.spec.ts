/**
 * Every participatory-budgeting form action, called directly with a real database behind it
 * (in-memory PGlite with the demo seed and supabase/migrations/…_budgets.sql), each person acting
 * through their own supabase-js client so row-level security and the SQL functions decide:
 * - bad input, one field at a time with the others valid (empty, too long, the wrong type, a
 *   script tag, an SQL fragment): 4xx with a message, and nothing written anywhere;
 * - good input does its job (votes, receipts, codes, paper ballots, results).
 */
import { isActionFailure, isHttpError, isRedirect } from '@sveltejs/kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { attach, type Database } from '$lib/server/db';
import type { Driver } from '$lib/server/db/driver';
import { openPglite } from '$lib/server/db/pglite-driver';
import { supabaseFor } from '$lib/server/db/supabase';
import { useDatabaseForTests } from '$lib/server/context';
import type { SessionUser } from '$lib/server/auth/sessions';
import { fakeEvent, snapshotTables } from '$lib/server/testing/events';
import { describeProblem, type Problem } from '$lib/domain/budgets';
import { actions as ballot, load as ballotLoad } from './[round]/+page.server';
import { load as votedLoad } from './[round]/voted/+page.server';
import { actions as ideas, load as ideasLoad } from './[round]/ideas/+page.server';
import { actions as receipt } from './receipt/+page.server';
import { actions as vote } from '../vote/+page.server';
import { actions as newRound } from '../staff/budgets/new/+page.server';
import { actions as phase } from '../staff/budgets/[round]/phase/+page.server';
import { actions as proposals } from '../staff/budgets/[round]/proposals/+page.server';
import { actions as codes } from '../staff/budgets/[round]/codes/+page.server';
import { actions as paper } from '../staff/budgets/[round]/paper/+page.server';
import { actions as results } from '../staff/budgets/[round]/results/+page.server';
import { load as publicLoad } from '../p/[slug]/budgets/[round]/+page.server';
import { GET as resultsCsv } from '../p/[slug]/budgets/[round]/results.csv/+server';
import { GET as resultsJson } from '../p/[slug]/budgets/[round]/results.json/+server';

const NORTHBAY = '00000000-0000-4000-8000-000000000001';
const PANEL = 'b0000000-0000-4000-8000-000000000001';
const staff = (id: string): SessionUser => ({ id, sessionId: crypto.randomUUID(), kind: 'staff', displayName: 'x', isPlatformAdmin: false });
const ADMIN = staff('a0000000-0000-4000-8000-000000000002');
const FACILITATOR = staff('a0000000-0000-4000-8000-000000000004');
const EASTMERE = staff('a0000000-0000-4000-8000-000000000006');
const young = (n: number): SessionUser => ({
	id: `c0000000-0000-4000-8000-0000000000${String(n).padStart(2, '0')}`,
	sessionId: crypto.randomUUID(),
	kind: 'young_person',
	displayName: `member ${n}`,
	isPlatformAdmin: false
});
const BLUE = young(1);
const QUIET = young(2);
const SUNNY = young(3);
const RIVER = young(4);
const EAST = young(13);

const BAD: Record<string, string | Blob> = {
	empty: '',
	'too long': 'x'.repeat(10_001),
	'wrong type': new Blob(['not text'], { type: 'application/octet-stream' }),
	'script tag': '<script>alert(1)</script>',
	'SQL fragment': "'); drop table public.budget_ballots; --"
};

type Form = Record<string, string | Blob | string[]>;
type Action = (event: never) => unknown;

let driver: Driver;
let db: Database;
const ideaIds = { pending: '', a: '', b: '' };
const rounds: Record<'knapsack' | 'k' | 'points' | 'ideas' | 'closed', { id: string; projects: string[] }> = {} as never;

const sql = async <T = Record<string, unknown>>(text: string, params: unknown[] = []) => (await driver.query<T>(text, params)).rows;

function eventFor(user: SessionUser | null, params: Record<string, string>, form?: Form, url = 'http://localhost/budgets') {
	return fakeEvent({ url, params, ip: `198.51.100.${Math.floor(Math.random() * 250) + 1}`, form, locals: { user, supabase: supabaseFor(db, user?.id ?? null) } });
}

async function run(action: Action, user: SessionUser | null, params: Record<string, string>, form: Form) {
	try {
		return await action(eventFor(user, params, form) as never);
	} catch (e) {
		if (isRedirect(e)) return { redirectedTo: e.location };
		if (isHttpError(e)) return { httpError: e.status };
		throw e;
	}
}

async function load<T>(fn: (event: never) => T, user: SessionUser | null, params: Record<string, string>, url = 'http://localhost/page') {
	try {
		return { data: (await fn(eventFor(user, params, undefined, url) as never)) as Awaited<T> };
	} catch (e) {
		if (isHttpError(e)) return { status: e.status };
		if (isRedirect(e)) return { redirectedTo: e.location };
		throw e;
	}
}

const rpc = async (user: SessionUser, fn: string, args: Record<string, unknown>) => {
	const { data, error } = await supabaseFor(db, user.id).rpc(fn, args);
	if (error) throw new Error(`${fn}: ${error.code} ${error.message}`);
	return data;
};

/** A round with four shortlisted projects (£9,500, £6,000, £4,000, £2,500), moved to `to`. */
async function makeRound(title: string, rule: Record<string, unknown>, to: 'ideas' | 'voting') {
	const id = (await rpc(ADMIN, 'create_budget_round', {
		p_partnership: NORTHBAY, p_panel: null, p_title: title, p_description: 'How to spend the youth fund', p_budget: 20000,
		p_voter_panels: [PANEL], p_allow_codes: true, p_ballot_rule: 'knapsack', p_min_percent: null, p_min_projects: null,
		p_max_projects: null, p_points_total: null, p_points_per_project: null, p_tally_rule: 'mes_add1u', ...rule
	})) as string;
	const projects: string[] = [];
	if (to === 'voting') {
		for (const [name, cost] of [['Skate park lights', 9500], ['Youth club trips', 6000], ['Library games', 4000], ['Park benches', 2500]] as const) {
			const p = (await rpc(ADMIN, 'submit_budget_proposal', { p_round: id, p_title: name, p_description: 'An idea', p_category: 'places', p_rough_cost: cost, p_on_behalf_of: 'Year 8' })) as string;
			await rpc(ADMIN, 'review_budget_proposal', { p_proposal: p, p_feasibility: 'feasible', p_estimated_cost: cost, p_reason: null });
			await rpc(ADMIN, 'shortlist_budget_proposal', { p_proposal: p, p_shortlisted: true });
			projects.push(p);
		}
		await rpc(ADMIN, 'set_round_phase', { p_round: id, p_phase: 'review' });
		await rpc(ADMIN, 'set_round_phase', { p_round: id, p_phase: 'voting' });
	}
	return { id, projects };
}

beforeAll(async () => {
	driver = await openPglite();
	db = await attach(driver, 'budgets-forms-secret-'.padEnd(48, 'x'), { transport: 'pglite', seedDemo: true });
	useDatabaseForTests(db);
	rounds.knapsack = await makeRound('Youth Fund knapsack', {}, 'voting');
	rounds.k = await makeRound('Youth Fund pick some', { p_ballot_rule: 'k_approval', p_min_projects: 2, p_max_projects: 3 }, 'voting');
	rounds.points = await makeRound('Youth Fund points', { p_ballot_rule: 'points', p_points_total: 10, p_points_per_project: 5 }, 'voting');
	rounds.ideas = await makeRound('Youth Fund ideas', {}, 'ideas');
	rounds.closed = await makeRound('Youth Fund to close', { p_tally_rule: 'greedy' }, 'voting');
	// Proposals in the ideas round for the staff forms: one waiting for a check, two shared (one reviewed).
	ideaIds.pending = (await rpc(QUIET, 'submit_budget_proposal', { p_round: rounds.ideas.id, p_title: 'Free swimming', p_description: 'On Saturdays.', p_category: 'sport', p_rough_cost: 800, p_on_behalf_of: null })) as string;
	ideaIds.a = (await rpc(ADMIN, 'submit_budget_proposal', { p_round: rounds.ideas.id, p_title: 'Art club', p_description: '', p_category: 'arts', p_rough_cost: 900, p_on_behalf_of: 'Year 7' })) as string;
	ideaIds.b = (await rpc(ADMIN, 'submit_budget_proposal', { p_round: rounds.ideas.id, p_title: 'Art clubs', p_description: '', p_category: 'arts', p_rough_cost: 950, p_on_behalf_of: 'Year 9' })) as string;
	await rpc(ADMIN, 'review_budget_proposal', { p_proposal: ideaIds.a, p_feasibility: 'feasible', p_estimated_cost: 900, p_reason: null });
}, 120_000);
afterAll(() => db?.close());

const TABLES = [
	'public.budget_rounds', 'public.budget_round_panels', 'public.budget_round_phases', 'public.budget_phase_log', 'public.budget_proposals',
	'public.budget_proposal_authors', 'public.budget_proposal_reviews', 'public.budget_ballots', 'public.budget_ballot_choices',
	'public.budget_paper_boxes', 'public.budget_paper_box_counts', 'public.budget_results', 'public.budget_result_projects',
	'public.budget_deliverables', 'private.budget_voting_codes', 'public.audit_events'
];

const snapshot = () => snapshotTables(driver, TABLES);

/** The words a failure shows: its errors, message and ballot problems. */
function failureWords(result: unknown): string {
	expect(isActionFailure(result), `expected a failure, got ${JSON.stringify(result)}`).toBe(true);
	if (!isActionFailure(result)) return '';
	expect(result.status).toBeGreaterThanOrEqual(400);
	expect(result.status).toBeLessThan(500);
	const data = result.data as unknown as Record<string, unknown>;
	const problems = Array.isArray(data.problems) ? (data.problems as Problem[]).map(describeProblem) : [];
	return JSON.stringify([data.errors, data.boxErrors, data.message, problems].filter(Boolean));
}

/** Fresh voting codes for a round, made as the facilitator. */
const newCodes = async (roundId: string, n: number) => (await rpc(FACILITATOR, 'generate_voting_codes', { p_round: roundId, p_count: n })) as string[];

interface FormCase {
	name: string;
	action: Action;
	user: SessionUser | null;
	params: () => Record<string, string>;
	valid: () => Form | Promise<Form>;
	freeText?: string[];
	optional?: string[];
	optionalPrefix?: string;
}

const FORMS: FormCase[] = [
	{ name: 'ballot: update my total', action: ballot.update as Action, user: BLUE, params: () => ({ round: rounds.knapsack.id }), valid: () => ({ project: [rounds.knapsack.projects[0]] }) },
	{ name: 'ballot: check my choices', action: ballot.review as Action, user: BLUE, params: () => ({ round: rounds.knapsack.id }), valid: () => ({ project: [rounds.knapsack.projects[0]] }) },
	{ name: 'ballot: confirm my vote', action: ballot.confirm as Action, user: QUIET, params: () => ({ round: rounds.knapsack.id }), valid: () => ({ project: [rounds.knapsack.projects[0]] }) },
	{
		name: 'points ballot: confirm my vote',
		action: ballot.confirm as Action,
		user: QUIET,
		params: () => ({ round: rounds.points.id }),
		valid: () => ({ [`points-${rounds.points.projects[0]}`]: '5', [`points-${rounds.points.projects[1]}`]: '3' }),
		// "" in one box means no points there; the other box still makes a good ballot
		optionalPrefix: 'points-'
	},
	{
		name: 'share an idea',
		action: ideas.default as Action,
		user: BLUE,
		params: () => ({ round: rounds.ideas.id }),
		valid: () => ({ title: 'Lights at the skate park', body: 'So it is safe in winter.', category: 'sport', cost: '1500' }),
		freeText: ['title', 'body']
	},
	{ name: 'check a receipt', action: receipt.default as Action, user: null, params: () => ({}), valid: () => ({ receipt: 'ABCD2345EF' }) },
	{ name: 'vote with a code: the code', action: vote.code as Action, user: null, params: () => ({}), valid: async () => ({ code: (await newCodes(rounds.knapsack.id, 1))[0] }) },
	{
		name: 'vote with a code: confirm',
		action: vote.confirm as Action,
		user: null,
		params: () => ({}),
		valid: async () => ({ code: (await newCodes(rounds.knapsack.id, 1))[0], project: [rounds.knapsack.projects[1]] })
	},
	{
		name: 'staff: create a round',
		action: newRound.default as Action,
		user: ADMIN,
		params: () => ({}),
		valid: () => ({
			closes: '', partnership: NORTHBAY, title: 'Summer fund', description: 'What to do this summer', budget: '5000', panels: [PANEL], allowCodes: 'no',
			ballot: 'k_approval', minPercent: '', minProjects: '1', maxProjects: '3', points: '', maxPoints: '', tally: 'mes_add1u'
		}),
		freeText: ['title', 'description'],
		optional: ['minPercent', 'points', 'maxPoints', 'panels', 'closes']
	},
	{ name: 'staff: move the phase', action: phase.default as Action, user: ADMIN, params: () => ({ round: rounds.ideas.id }), valid: () => ({ to: 'review' }) },
	{ name: 'staff: make voting codes', action: codes.default as Action, user: FACILITATOR, params: () => ({ round: rounds.k.id }), valid: () => ({ count: '3', label: 'Year 8' }), optional: ['label'], freeText: ['label'] },
	{
		name: 'staff: one paper ballot',
		action: paper.one as Action,
		user: FACILITATOR,
		params: () => ({ round: rounds.k.id }),
		valid: () => ({ place: 'Northbay youth centre', date: '2026-11-25', member: '', voterCode: '', project: [rounds.k.projects[0], rounds.k.projects[1]] }),
		freeText: ['place'],
		optional: ['member', 'voterCode']
	},
	{
		name: 'staff: a sealed box',
		action: paper.box as Action,
		user: FACILITATOR,
		params: () => ({ round: rounds.k.id }),
		valid: () => ({ place: 'Hillside Academy', date: '2026-11-25', ballots: '10', [`count-${rounds.k.projects[0]}`]: '7', [`count-${rounds.k.projects[1]}`]: '5' }),
		freeText: ['place']
	},
	{
		name: 'vote with a code: update my total',
		action: vote.update as Action,
		user: null,
		params: () => ({}),
		valid: async () => ({ code: (await newCodes(rounds.knapsack.id, 1))[0], project: [rounds.knapsack.projects[1]] })
	},
	{
		name: 'vote with a code: check my choices',
		action: vote.review as Action,
		user: null,
		params: () => ({}),
		valid: async () => ({ code: (await newCodes(rounds.knapsack.id, 1))[0], project: [rounds.knapsack.projects[1]] })
	},
	{
		name: 'staff: check a proposal',
		action: proposals.moderate as Action,
		user: FACILITATOR,
		params: () => ({ round: rounds.ideas.id }),
		valid: () => ({ proposal: ideaIds.pending, decision: 'reject', reason: 'off_topic' })
	},
	{
		name: 'staff: review a proposal',
		action: proposals.review as Action,
		user: ADMIN,
		params: () => ({ round: rounds.ideas.id }),
		valid: () => ({ proposal: ideaIds.b, feasibility: 'needs_changes', cost: '950', reason: 'Ask the art teacher first.' }),
		freeText: ['reason']
	},
	{ name: 'staff: shortlist', action: proposals.shortlist as Action, user: ADMIN, params: () => ({ round: rounds.ideas.id }), valid: () => ({ proposal: ideaIds.a, shortlisted: 'true' }) },
	{ name: 'staff: merge duplicates', action: proposals.merge as Action, user: ADMIN, params: () => ({ round: rounds.ideas.id }), valid: () => ({ keep: ideaIds.a, merge: ideaIds.b }) },
	{
		name: 'staff: add a group idea',
		action: proposals.add as Action,
		user: FACILITATOR,
		params: () => ({ round: rounds.ideas.id }),
		valid: () => ({ group: 'Year 8 at Hillside', title: 'A climbing wall', body: 'For the youth centre.', category: 'sport', cost: '3000' }),
		freeText: ['title', 'body', 'group']
	}
];

describe.each(FORMS)('$name', (c) => {
	it('bad input, one field at a time: 4xx with a message, nothing written', async () => {
		const valid = await c.valid();
		for (const field of Object.keys(valid)) {
			for (const [label, value] of Object.entries(BAD)) {
				if (label === 'SQL fragment' && c.freeText?.includes(field)) continue;
				if (label === 'empty' && (c.optional?.includes(field) || (c.optionalPrefix && field.startsWith(c.optionalPrefix)))) continue;
				const before = await snapshot();
				const form = { ...valid, [field]: Array.isArray(valid[field]) ? [value as string] : value } as Form;
				const words = failureWords(await run(c.action, c.user, c.params(), form));
				expect(words, `${field}: ${label}`).toMatch(/[A-Za-z]{3,}/);
				expect(words, `${field}: ${label}`).not.toContain('<script>');
				expect(await snapshot(), `${field}: ${label} wrote something`).toBe(before);
			}
		}
	});

	it('a missing form body is a 4xx too, nothing written', async () => {
		const before = await snapshot();
		failureWords(await run(c.action, c.user, c.params(), {}));
		expect(await snapshot()).toBe(before);
	});
});

describe('voting as a young person', () => {
	it('knapsack: "Update my total" shows the total and why a project does not fit, storing nothing', async () => {
		const [a, b] = rounds.knapsack.projects; // £9,500 and £6,000; all four add up to £22,000
		const before = await snapshot();
		const ok = (await run(ballot.update as Action, BLUE, { round: rounds.knapsack.id }, { project: [a, b] })) as { choice: Record<string, number> };
		expect(ok.choice).toEqual({ [a]: 1, [b]: 1 });
		const over = await run(ballot.update as Action, BLUE, { round: rounds.knapsack.id }, { project: rounds.knapsack.projects });
		expect(failureWords(over)).toContain('Your picks add up to £22,000. That is £2,000 more than £20,000. Take something off.');
		expect(await snapshot()).toBe(before);
	});

	it('check, confirm, receipt; changing the ballot keeps the receipt; the receipt can be checked', async () => {
		const [a, b, c, d] = rounds.knapsack.projects;
		const check = (await run(ballot.review as Action, SUNNY, { round: rounds.knapsack.id }, { project: [a, d] })) as { step: string };
		expect(check.step).toBe('check');
		expect(await run(ballot.confirm as Action, SUNNY, { round: rounds.knapsack.id }, { project: [a, d] })).toEqual({ redirectedTo: `/budgets/${rounds.knapsack.id}/voted` });
		const voted = await load(votedLoad, SUNNY, { round: rounds.knapsack.id });
		const code = ('data' in voted && voted.data?.receipt) as string;
		expect(code).toMatch(/^[A-Z2-9]{10}$/);
		expect('data' in voted && voted.data?.changed).toBe(false);
		// The ballot page shows their current choices.
		const page = await load(ballotLoad, SUNNY, { round: rounds.knapsack.id });
		expect('data' in page && page.data?.current).toEqual({ [a]: 1, [d]: 1 });
		// Change: same receipt, new choices, still one ballot.
		expect(await run(ballot.confirm as Action, SUNNY, { round: rounds.knapsack.id }, { project: [b, c] })).toEqual({ redirectedTo: `/budgets/${rounds.knapsack.id}/voted` });
		const again = await load(votedLoad, SUNNY, { round: rounds.knapsack.id });
		expect('data' in again && again.data?.receipt).toBe(code);
		expect((await sql(`select count(*)::int as n from public.budget_ballots where voter_id = $1`, [SUNNY.id]))[0]).toEqual({ n: 1 });
		// Anyone can check the receipt: counted, and nothing else.
		const found = (await run(receipt.default as Action, null, {}, { receipt: `${code.slice(0, 4)}-${code.slice(4)}`.toLowerCase() })) as { found?: { at: string } };
		expect(found.found?.at).toEqual(expect.any(String));
		expect(await run(receipt.default as Action, null, {}, { receipt: 'ZZZZZZZZZZ' })).toMatchObject({ notFound: true });
	});

	it('k-approval: too few is explained, and the rule is enforced again on confirm', async () => {
		const [a] = rounds.k.projects;
		expect(failureWords(await run(ballot.review as Action, RIVER, { round: rounds.k.id }, { project: [a] }))).toContain('Pick at least 2 projects. You have picked 1.');
		const before = await snapshot();
		// A hand-made post that skips the check page: cast_ballot refuses (22023), we explain.
		expect(failureWords(await run(ballot.confirm as Action, RIVER, { round: rounds.k.id }, { project: [a] }))).toContain('Pick at least 2 projects');
		expect(await snapshot()).toBe(before);
	});

	it('points: too many on one project is explained; a good points ballot is stored', async () => {
		const [a, b] = rounds.points.projects;
		const words = failureWords(await run(ballot.review as Action, RIVER, { round: rounds.points.id }, { [`points-${a}`]: '6', [`points-${b}`]: '4' }));
		expect(words).toContain('You can put at most 5 points on \\"Skate park lights\\".');
		expect(await run(ballot.confirm as Action, RIVER, { round: rounds.points.id }, { [`points-${a}`]: '5', [`points-${b}`]: '4' })).toEqual({ redirectedTo: `/budgets/${rounds.points.id}/voted` });
		const rows = await sql(`select c.points from public.budget_ballot_choices c join public.budget_ballots b on b.id = c.ballot_id where b.voter_id = $1 and b.round_id = $2 order by c.points`, [RIVER.id, rounds.points.id]);
		expect(rows).toEqual([{ points: 4 }, { points: 5 }]);
	});

	it('someone who is not a voter gets a 404, and staff are sent to their own pages', async () => {
		expect(await load(ballotLoad, EAST, { round: rounds.knapsack.id })).toEqual({ status: 404 });
		expect(await load(ballotLoad, BLUE, { round: 'not-a-round' })).toEqual({ status: 404 });
		expect(await load(ballotLoad, ADMIN, { round: rounds.knapsack.id })).toEqual({ redirectedTo: '/staff' });
		const before = await snapshot();
		expect([403, 404]).toContain((await run(ballot.confirm as Action, EAST, { round: rounds.knapsack.id }, { project: [rounds.knapsack.projects[0]] }) as { status: number }).status);
		expect(await snapshot()).toBe(before);
	});

	it('the projects are in a random order for each voter, the same on every visit', async () => {
		const order = async (u: SessionUser) => {
			const r = await load(ballotLoad, u, { round: rounds.knapsack.id });
			return ('data' in r && r.data?.projects.map((p: { id: string }) => p.id).join()) || '';
		};
		expect(await order(BLUE)).toBe(await order(BLUE));
		const orders = new Set([await order(BLUE), await order(QUIET), await order(SUNNY), await order(RIVER)]);
		expect(orders.size).toBeGreaterThan(1);
	});
});

describe('voting with a code', () => {
	it('code → ballot → check → confirm → receipt; the code cannot vote twice', async () => {
		const [code] = await newCodes(rounds.knapsack.id, 1);
		const step = (await run(vote.code as Action, null, {}, { code: code.toLowerCase() })) as { step: string; ballot: { projects: unknown[] } };
		expect(step.step).toBe('ballot');
		expect(step.ballot.projects).toHaveLength(4);
		const [a, b] = rounds.knapsack.projects;
		expect(((await run(vote.review as Action, null, {}, { code, project: [a, b] })) as { step: string }).step).toBe('check');
		const done = (await run(vote.confirm as Action, null, {}, { code, project: [a, b] })) as { step: string; receipt: string };
		expect(done.step).toBe('done');
		expect(done.receipt).toMatch(/^[A-Z2-9]{10}$/);
		const before = await snapshot();
		expect(failureWords(await run(vote.confirm as Action, null, {}, { code, project: [a] }))).toContain('already been used');
		expect(failureWords(await run(vote.code as Action, null, {}, { code }))).toContain('already been used');
		expect(await snapshot()).toBe(before);
	});

	it('an unknown code is refused kindly', async () => {
		expect(failureWords(await run(vote.code as Action, null, {}, { code: 'ABCDEFGHJK' }))).toContain('That code does not work');
	});
});

describe('ideas', () => {
	it('a young person shares an idea: waiting for a check, seen only by them; contact details are refused kindly', async () => {
		const before = await snapshot();
		expect(failureWords(await run(ideas.default as Action, BLUE, { round: rounds.ideas.id }, { title: 'Ring me', body: 'On 07700 900123', category: 'sport', cost: '10' }))).toContain('contact details');
		expect(await snapshot()).toBe(before);
		expect(await run(ideas.default as Action, BLUE, { round: rounds.ideas.id }, { title: 'A climbing wall', body: 'At the youth centre.', category: 'sport', cost: '£3,000' })).toEqual({
			redirectedTo: `/budgets/${rounds.ideas.id}/ideas?sent=1#your-ideas`
		});
		const mine = await load(ideasLoad, BLUE, { round: rounds.ideas.id });
		expect('data' in mine && mine.data?.mine.map((p: { title: string; status: string }) => [p.title, p.status])).toEqual([['A climbing wall', 'pending']]);
		const other = await load(ideasLoad, QUIET, { round: rounds.ideas.id });
		expect('data' in other && other.data?.shared.map((p: { title: string }) => p.title)).not.toContain('A climbing wall');
	});

	it('staff review: "not feasible" needs a reason, which the author then sees', async () => {
		const [{ id }] = await sql<{ id: string }>(`select id from public.budget_proposals where title = 'A climbing wall'`);
		expect(await run(proposals.moderate as Action, FACILITATOR, { round: rounds.ideas.id }, { proposal: id, decision: 'approve', reason: '' })).toMatchObject({ done: expect.any(String) });
		const before = await snapshot();
		const noReason = await run(proposals.review as Action, ADMIN, { round: rounds.ideas.id }, { proposal: id, feasibility: 'not_feasible', cost: '30000', reason: '' });
		expect(failureWords(noReason)).toContain('Give a reason');
		expect(await snapshot()).toBe(before);
		expect(await run(proposals.review as Action, ADMIN, { round: rounds.ideas.id }, { proposal: id, feasibility: 'not_feasible', cost: '30000', reason: 'The youth centre roof is too low.' })).toMatchObject({ done: expect.any(String) });
		const mine = await load(ideasLoad, BLUE, { round: rounds.ideas.id });
		expect('data' in mine && mine.data?.mine[0].review).toEqual({ feasibility: 'not_feasible', cost: 30000, reason: 'The youth centre roof is too low.', shortlisted: false });
	});
});

describe('shortlist and merge', () => {
	it('puts a reviewed proposal on the ballot, and merges a duplicate into it', async () => {
		expect(await run(proposals.shortlist as Action, ADMIN, { round: rounds.ideas.id }, { proposal: ideaIds.a, shortlisted: 'true' })).toMatchObject({ done: expect.any(String) });
		expect((await sql(`select shortlisted_at is not null as on from public.budget_proposal_reviews where proposal_id = $1`, [ideaIds.a]))[0]).toEqual({ on: true });
		expect(await run(proposals.merge as Action, ADMIN, { round: rounds.ideas.id }, { keep: ideaIds.a, merge: ideaIds.b })).toMatchObject({ done: expect.any(String) });
		expect((await sql(`select merged_into from public.budget_proposals where id = $1`, [ideaIds.b]))[0]).toEqual({ merged_into: ideaIds.a });
		// A facilitator may check ideas but not shortlist or merge.
		const before = await snapshot();
		expect((await run(proposals.shortlist as Action, FACILITATOR, { round: rounds.ideas.id }, { proposal: ideaIds.a, shortlisted: 'false' }) as { status: number }).status).toBe(403);
		expect(await snapshot()).toBe(before);
	});
});

describe('setting up a round', () => {
	it('creates the round with its rule, voter panels and last day of voting', async () => {
		const result = (await run(newRound.default as Action, ADMIN, {}, {
			closes: '2099-12-31', partnership: NORTHBAY, title: '  Winter fund ', description: 'Warm places to go', budget: '£12,000', panels: [PANEL], allowCodes: 'yes',
			ballot: 'points', minPercent: '', minProjects: '', maxProjects: '', points: '10', maxPoints: '4', tally: 'greedy'
		})) as { redirectedTo: string };
		const id = /\/staff\/budgets\/([0-9a-f-]{36})\?created=1$/.exec(result.redirectedTo)?.[1];
		expect(id).toBeTruthy();
		expect((await sql(`select title, budget, allow_codes, ballot_rule, points_total, points_per_project, tally_rule, phase from public.budget_rounds where id = $1`, [id]))[0]).toEqual({
			title: 'Winter fund', budget: 12000, allow_codes: true, ballot_rule: 'points', points_total: 10, points_per_project: 4, tally_rule: 'greedy', phase: 'ideas'
		});
		expect((await sql(`select panel_id from public.budget_round_panels where round_id = $1`, [id]))).toEqual([{ panel_id: PANEL }]);
		expect((await sql(`select to_char(ends_at at time zone 'Europe/London', 'YYYY-MM-DD HH24:MI') as e from public.budget_round_phases where round_id = $1 and phase = 'voting'`, [id]))[0]).toEqual({ e: '2099-12-31 23:59' });
	});

	it('a facilitator cannot set up a round; nothing is written', async () => {
		const before = await snapshot();
		const r = await run(newRound.default as Action, FACILITATOR, {}, {
			closes: '', partnership: NORTHBAY, title: 'Not mine', description: 'x', budget: '100', panels: [PANEL], allowCodes: 'no',
			ballot: 'knapsack', minPercent: '', minProjects: '', maxProjects: '', points: '', maxPoints: '', tally: 'mes_add1u'
		});
		expect(isActionFailure(r) && r.status).toBe(403);
		expect(await snapshot()).toBe(before);
	});
});

describe('paper ballots, closing and publishing', () => {
	it('a paper ballot for a member stops them voting online; a box adds its counts', async () => {
		const [a, b, c] = rounds.closed.projects;
		const saved = (await run(paper.one as Action, FACILITATOR, { round: rounds.closed.id }, { place: 'Youth centre', date: '2026-11-25', member: BLUE.id, voterCode: '', project: [a, c] })) as { savedOne: string };
		expect(saved.savedOne).toMatch(/^[A-Z2-9]{10}$/);
		expect((await sql(`select place from public.budget_ballots where receipt_code = $1`, [saved.savedOne]))[0]).toEqual({ place: 'Youth centre (2026-11-25)' });
		const before = await snapshot();
		expect(failureWords(await run(ballot.confirm as Action, BLUE, { round: rounds.closed.id }, { project: [b] }))).toMatch(/[A-Za-z]{3,}/);
		expect(failureWords(await run(paper.one as Action, FACILITATOR, { round: rounds.closed.id }, { place: 'Youth centre', date: '2026-11-25', member: BLUE.id, voterCode: '', project: [b] }))).toContain('already voted');
		expect(await snapshot()).toBe(before);
		expect(await run(paper.box as Action, FACILITATOR, { round: rounds.closed.id }, { place: 'Hillside', date: '2026-11-25', ballots: '3', [`count-${b}`]: '3' })).toEqual({ savedBox: true });
		expect(await run(ballot.confirm as Action, QUIET, { round: rounds.closed.id }, { project: [a] })).toMatchObject({ redirectedTo: expect.any(String) });
	});

	it('a facilitator cannot move phases or publish; an admin closes voting, checks and publishes', async () => {
		const before = await snapshot();
		expect((await run(phase.default as Action, FACILITATOR, { round: rounds.closed.id }, { to: 'results' }) as { status: number }).status).toBe(403);
		expect(await snapshot()).toBe(before);
		expect(await run(phase.default as Action, ADMIN, { round: rounds.closed.id }, { to: 'results' })).toEqual({ redirectedTo: `/staff/budgets/${rounds.closed.id}?moved=results` });
		expect((await run(results.publish as Action, FACILITATOR, { round: rounds.closed.id }, {}) as { status: number }).status).toBe(403);
		expect(await run(results.publish as Action, ADMIN, { round: rounds.closed.id }, {})).toEqual({ redirectedTo: `/staff/budgets/${rounds.closed.id}/results?published=1` });
		const pub = await load(publicLoad, null, { slug: 'northbay', round: rounds.closed.id });
		expect('data' in pub).toBe(true);
		if (!('data' in pub) || !pub.data) return;
		const rows = pub.data.results.rows;
		expect(pub.data.results.voters).toBe(5); // 1 paper + 3 in the box + 1 online
		expect(rows.find((r: { title: string }) => r.title === 'Youth club trips')).toMatchObject({ score: 3, funded: true });
		for (const r of rows as { sentence: string }[]) expect(r.sentence).toMatch(/^(Funded|Not funded): /);
		// Open data: CSV and JSON, for anyone.
		const csv = await (resultsCsv(eventFor(null, { slug: 'northbay', round: rounds.closed.id }) as never) as Promise<Response>);
		expect(csv.headers.get('content-type')).toContain('text/csv');
		const lines = (await csv.text()).trim().split('\r\n');
		expect(lines).toHaveLength(5);
		expect(lines[0]).toBe('Project,Votes,Cost,Result,Why,If the most votes had simply won');
		const body = (await (await (resultsJson(eventFor(null, { slug: 'northbay', round: rounds.closed.id }) as never) as Promise<Response>)).json()) as { voters: number; projects: { reason: string }[] };
		expect(body.voters).toBe(5);
		expect(body.projects).toHaveLength(4);
		// Published twice? No.
		expect(failureWords(await run(results.publish as Action, ADMIN, { round: rounds.closed.id }, {}))).toMatch(/[A-Za-z]{3,}/);
		// Another partnership's slug does not show it.
		expect(await load(publicLoad, null, { slug: 'eastmere', round: rounds.closed.id })).toEqual({ status: 404 });
		const other = (await run(results.publish as Action, EASTMERE, { round: rounds.closed.id }, {})) as { status?: number; httpError?: number };
		expect(other.status ?? other.httpError).toBe(404);
	});
});
