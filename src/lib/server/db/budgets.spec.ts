/**
 * Participatory budgeting in the database (supabase/migrations/20261125000500_budgets.sql), proved
 * through the real data path (supabase-js from `supabaseFor`, over the embedded gateway, with a
 * minted JWT per person) on PGlite and, with DATABASE_URL, on PostgreSQL: one ballot per voter
 * whatever the channel (online, voting code, paper) and however many requests race; ballots only
 * while voting is open and only when they fit the round's rule (22023 with nothing written even
 * when the UI is bypassed); who may vote; receipts that reveal nothing but "counted"; phases that
 * only move forward, logged; reviews, merges and shortlists; sealed ballots (nobody reads who voted
 * for what, not even staff or the voter, except through the functions); published results for
 * everyone, deliverables and the owed "we did".
 *
 * Every test makes its own round through the functions (see `makeRound`), so tests do not share
 * state; direct SQL (`sql`, bypassing RLS) is used only to look at what was written.
 */
import type { SupabaseClient } from '@supabase/supabase-js';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { supabaseFor } from './supabase';
import { describeTransports, openTestDatabase, type TestDatabase } from './test-databases';

const NORTHBAY = '00000000-0000-4000-8000-000000000001';
const PANEL_A = 'b0000000-0000-4000-8000-000000000001'; // Northbay Youth Voice (seed)
const PANEL_E = 'b0000000-0000-4000-8000-000000000002'; // Eastmere Young Advisers (seed)
const staff = (n: number) => `a0000000-0000-4000-8000-00000000000${n}`;
const youngPerson = (n: number) => `c0000000-0000-4000-8000-0000000000${String(n).padStart(2, '0')}`;
const fx = (group: number, n: number) => `e${group}000000-0000-4000-8000-${String(n).padStart(12, '0')}`;

const DEMO_ROUND = 'd0000000-0000-4000-8000-000000000001';
const demo = (n: number) => `d0000000-0000-4000-8000-0000000000${String(n).padStart(2, '0')}`;

const PANEL_B = fx(1, 1); // a second Northbay panel
const MEMBER_B = fx(2, 1); // active on panel B only
const PENDING_A = fx(2, 2); // waiting to be admitted to panel A

const ACTORS = {
	anon: null,
	mA: youngPerson(1), // Blue Otter, panel A
	mA2: youngPerson(2), // Quiet Fox, panel A
	mA3: youngPerson(3),
	mA4: youngPerson(4),
	mA5: youngPerson(5),
	mA6: youngPerson(6),
	mA7: youngPerson(7),
	mA8: youngPerson(8),
	mA9: youngPerson(9),
	mA10: youngPerson(10),
	mA11: youngPerson(11),
	mA12: youngPerson(12),
	mB: MEMBER_B,
	pend: PENDING_A,
	eMem: youngPerson(13), // Eastmere member
	nAdm: staff(2), // Northbay partnership admin
	nCom: staff(3), // Northbay commissioner
	nFac: staff(4), // Northbay facilitator
	nSafe: staff(5), // Northbay safeguarding lead
	eAdm: staff(6) // Eastmere admin and facilitator
} as const;
type Actor = keyof typeof ACTORS;

const FIXTURES = /* sql */ `
insert into public.panels (id, partnership_id, name, join_code) values ('${PANEL_B}', '${NORTHBAY}', 'Northbay Schools Panel', 'SCHNBAY2');
insert into public.accounts (id, kind, age_band) values ('${MEMBER_B}', 'young_person', '13-15'), ('${PENDING_A}', 'young_person', '13-15');
insert into public.panel_members (panel_id, account_id, pseudonym, status, privacy_notice_version) values
  ('${PANEL_B}', '${MEMBER_B}', 'Bay Walker', 'active', 'v1'),
  ('${PANEL_A}', '${PENDING_A}', 'Wait Here', 'pending', 'v1');
`;

const RECEIPT = /^[ABCDEFGHJKMNPQRSTVWXYZ2-9]{10}$/;

interface RoundOptions {
	rule?: 'knapsack' | 'k_approval' | 'points';
	budget?: number;
	minPercent?: number | null;
	minProjects?: number | null;
	maxProjects?: number | null;
	pointsTotal?: number | null;
	pointsPerProject?: number | null;
	costs?: number[];
	allowCodes?: boolean;
	panels?: string[];
	/** the phase to leave the round in */
	phase?: 'ideas' | 'review' | 'voting' | 'results';
}

describeTransports('participatory budgeting', (transport) => {
	let t: TestDatabase;
	const clients = new Map<Actor, SupabaseClient>();
	const as = (a: Actor) => clients.get(a)!;
	const sql = async <T = Record<string, unknown>>(text: string, params?: unknown[]) => (await t.driver.query<T>(text, params)).rows;
	const rpc = (a: Actor, fn: string, args: Record<string, unknown>) => as(a).rpc(fn, args);
	/** rpc that must succeed */
	const ok = async <T = unknown>(a: Actor, fn: string, args: Record<string, unknown>): Promise<T> => {
		const { data, error } = await rpc(a, fn, args);
		expect(error, `${a} ${fn}`).toBeNull();
		return data as T;
	};
	/** rpc that must fail with `code` */
	const fails = async (code: string, a: Actor, fn: string, args: Record<string, unknown>) => {
		const { data, error } = await rpc(a, fn, args);
		expect(error?.code, `${a} ${fn} ${JSON.stringify(args)}: ${error?.message}`).toBe(code);
		expect(data).toBeNull();
		return error!;
	};
	const ballots = async (round: string) =>
		(await sql<{ n: number }>(`select count(*)::int as n from public.budget_ballots where round_id = $1`, [round]))[0].n;
	const choicesOf = async (round: string, voter: string) =>
		(
			await sql<{ proposal_id: string; points: number }>(
				`select c.proposal_id, c.points from public.budget_ballot_choices c join public.budget_ballots b on b.id = c.ballot_id
				 where b.round_id = $1 and b.voter_id = $2 order by c.proposal_id`,
				[round, voter]
			)
		).map((r) => [r.proposal_id, r.points]);

	/** A round with one shortlisted project per cost, through the functions, as staff would. */
	async function makeRound(o: RoundOptions = {}): Promise<{ round: string; projects: string[] }> {
		const rule = o.rule ?? 'knapsack';
		const round = await ok<string>('nAdm', 'create_budget_round', {
			p_partnership: NORTHBAY,
			p_panel: PANEL_A,
			p_title: `Test round ${rule}`,
			p_description: 'For the tests',
			p_budget: o.budget ?? 10000,
			p_voter_panels: o.panels ?? [],
			p_allow_codes: o.allowCodes ?? true,
			p_ballot_rule: rule,
			p_min_percent: o.minPercent ?? null,
			p_min_projects: rule === 'k_approval' ? (o.minProjects ?? 2) : null,
			p_max_projects: rule === 'k_approval' ? (o.maxProjects ?? 3) : null,
			p_points_total: rule === 'points' ? (o.pointsTotal ?? 10) : null,
			p_points_per_project: rule === 'points' ? (o.pointsPerProject ?? 5) : null,
			p_tally_rule: null
		});
		const projects: string[] = [];
		for (const [i, cost] of (o.costs ?? [6000, 3000, 2000, 1000]).entries()) {
			const id = await ok<string>('nFac', 'submit_budget_proposal', {
				p_round: round,
				p_title: `Project ${i + 1}`,
				p_description: 'Something good',
				p_category: 'Places',
				p_rough_cost: cost,
				p_on_behalf_of: 'Year 8 group'
			});
			await ok('nCom', 'review_budget_proposal', { p_proposal: id, p_feasibility: 'feasible', p_estimated_cost: cost, p_reason: null });
			await ok('nCom', 'shortlist_budget_proposal', { p_proposal: id, p_shortlisted: true });
			projects.push(id);
		}
		const order = ['ideas', 'review', 'voting', 'results'];
		for (const phase of order.slice(1, order.indexOf(o.phase ?? 'voting') + 1)) {
			await ok('nAdm', 'set_round_phase', { p_round: round, p_phase: phase });
		}
		return { round, projects };
	}

	beforeAll(async () => {
		t = await openTestDatabase(transport, { seedDemo: true });
		await t.driver.exec(FIXTURES);
		for (const actor of Object.keys(ACTORS) as Actor[]) clients.set(actor, supabaseFor(t.db, ACTORS[actor]));
	});
	afterAll(() => t?.dispose());

	// ----- the demo round --------------------------------------------------------------------------
	it('the demo round is voting, with six shortlisted projects and one not feasible (with its reason)', async () => {
		const view = await ok<{ round: { title: string; budget: number; phase: string; ballot_rule: string }; projects: { id: string; cost: number }[]; can_vote: boolean; voted: boolean }>(
			'mA',
			'round_ballot',
			{ p_round: DEMO_ROUND }
		);
		expect(view.round).toMatchObject({ title: 'Northbay Youth Fund 2026', budget: 20000, phase: 'voting', ballot_rule: 'knapsack' });
		expect(view.projects.map((p) => p.cost).sort((a, b) => a - b)).toEqual([2500, 3000, 4000, 6000, 8000, 9500]);
		expect(view.projects.map((p) => p.id)).not.toContain(demo(17));
		expect(view).toMatchObject({ can_vote: true, voted: false });
		// a random order per voter, the same each time
		const again = await ok<typeof view>('mA', 'round_ballot', { p_round: DEMO_ROUND });
		expect(again.projects.map((p) => p.id)).toEqual(view.projects.map((p) => p.id));
		const other = await ok<typeof view>('mA2', 'round_ballot', { p_round: DEMO_ROUND });
		expect(new Set(other.projects.map((p) => p.id))).toEqual(new Set(view.projects.map((p) => p.id)));
		// the not-feasible reason is feedback everyone in the round sees once voting opens
		const { data } = await as('mA2').from('budget_proposal_reviews').select('feasibility, reason').eq('proposal_id', demo(17));
		expect(data).toEqual([{ feasibility: 'not_feasible', reason: expect.stringContaining('£2.5 million') }]);
	});

	// ----- one ballot per voter ---------------------------------------------------------------
	it('voting online twice leaves one ballot, replaced, with the same receipt', async () => {
		const { round, projects: [p1, p2, p3] } = await makeRound();
		const first = await ok<string>('mA', 'cast_ballot', { p_round: round, p_choices: [p1, p2] });
		expect(first).toMatch(RECEIPT);
		expect(await choicesOf(round, ACTORS.mA)).toEqual([[p1, 1], [p2, 1]].sort());
		const second = await ok<string>('mA', 'cast_ballot', { p_round: round, p_choices: [p3] });
		expect(second).toBe(first);
		expect(await ballots(round)).toBe(1);
		expect(await choicesOf(round, ACTORS.mA)).toEqual([[p3, 1]]);
		const mine = await ok<{ channel: string; receipt_code: string; choices: unknown[] }>('mA', 'my_ballot', { p_round: round });
		expect(mine).toMatchObject({ channel: 'online', receipt_code: first, choices: [{ project: p3, points: 1 }] });
		expect(await ok('mA2', 'my_ballot', { p_round: round })).toBeNull();
	});

	it('two concurrent cast_ballot calls for the same voter leave exactly one ballot', async () => {
		const { round, projects: [p1, p2, p3, p4] } = await makeRound();
		for (let i = 0; i < 5; i++) {
			const results = await Promise.all([
				rpc('mA', 'cast_ballot', { p_round: round, p_choices: [p1, p2] }),
				rpc('mA', 'cast_ballot', { p_round: round, p_choices: [p3, p4] }),
				rpc('mA', 'cast_ballot', { p_round: round, p_choices: [p2, p4] })
			]);
			for (const r of results) expect(r.error).toBeNull();
			expect(new Set(results.map((r) => r.data)).size).toBe(1);
			expect(await ballots(round)).toBe(1);
			const got = await choicesOf(round, ACTORS.mA);
			expect([[[p1, 1], [p2, 1]].sort(), [[p3, 1], [p4, 1]].sort(), [[p2, 1], [p4, 1]].sort()]).toContainEqual(got);
		}
		// first ballots racing each other (no row yet), for several voters at once
		const voters: Actor[] = ['mA2', 'mA3', 'mA4', 'mA5'];
		const burst = await Promise.all(voters.flatMap((v) => [0, 1].map(() => rpc(v, 'cast_ballot', { p_round: round, p_choices: [p1] }))));
		for (const r of burst) expect(r.error).toBeNull();
		expect(await ballots(round)).toBe(5);
		expect(await sql(`select count(*)::int as n from public.budget_ballot_choices where round_id = $1`, [round])).toEqual([{ n: 2 + 4 }]);
	});

	it('online then paper, and paper then online, are both refused (PT409)', async () => {
		const { round, projects: [p1, p2] } = await makeRound();
		await ok('mA', 'cast_ballot', { p_round: round, p_choices: [p1] });
		await fails('PT409', 'nFac', 'record_paper_ballot', { p_round: round, p_choices: [p2], p_place: 'Youth centre', p_member: ACTORS.mA, p_code: null });
		expect(await choicesOf(round, ACTORS.mA)).toEqual([[p1, 1]]);

		const receipt = await ok<string>('nFac', 'record_paper_ballot', { p_round: round, p_choices: [p2], p_place: 'Youth centre', p_member: ACTORS.mA2, p_code: null });
		expect(receipt).toMatch(RECEIPT);
		expect(await ok('mA2', 'round_ballot', { p_round: round })).toMatchObject({ can_vote: false, voted: true });
		await fails('PT409', 'mA2', 'cast_ballot', { p_round: round, p_choices: [p1] });
		expect(await choicesOf(round, ACTORS.mA2)).toEqual([[p2, 1]]);
		expect(await sql(`select channel, place, recorded_by from public.budget_ballots where round_id = $1 and voter_id = $2`, [round, ACTORS.mA2])).toEqual([
			{ channel: 'paper', place: 'Youth centre', recorded_by: ACTORS.nFac }
		]);
		expect(await ballots(round)).toBe(2);

		// the race: online and paper for the same member at once → exactly one ballot
		const race = await Promise.all([
			rpc('mA3', 'cast_ballot', { p_round: round, p_choices: [p1] }),
			rpc('nFac', 'record_paper_ballot', { p_round: round, p_choices: [p2], p_place: 'Library', p_member: ACTORS.mA3, p_code: null })
		]);
		expect(race.filter((r) => r.error === null)).toHaveLength(1);
		expect(race.filter((r) => r.error?.code === 'PT409')).toHaveLength(1);
		expect(await sql(`select count(*)::int as n from public.budget_ballots where round_id = $1 and voter_id = $2`, [round, ACTORS.mA3])).toEqual([{ n: 1 }]);
	});

	it('a voting code votes once: used twice, used on paper then online, online then on paper, all refused', async () => {
		const { round, projects: [p1, p2] } = await makeRound();
		const codes = await ok<string[]>('nFac', 'generate_voting_codes', { p_round: round, p_count: 4 });
		expect(codes).toHaveLength(4);
		for (const c of codes) expect(c).toMatch(RECEIPT);
		expect(new Set(codes).size).toBe(4);
		// only a hash is kept
		const stored = await sql<{ code_hash: string }>(`select code_hash from private.budget_voting_codes where round_id = $1`, [round]);
		expect(stored).toHaveLength(4);
		for (const s of stored) expect(codes).not.toContain(s.code_hash);

		const view = await ok<{ used: boolean; projects: unknown[] }>('anon', 'code_ballot', { p_code: codes[0] });
		expect(view.used).toBe(false);
		expect(view.projects).toHaveLength(4);
		// what people type: lower case, spaces, dashes
		const typed = `${codes[0].slice(0, 5).toLowerCase()}-${codes[0].slice(5)}`;
		const receipt = await ok<string>('anon', 'cast_ballot_with_code', { p_code: typed, p_choices: [p1] });
		expect(receipt).toMatch(RECEIPT);
		await fails('PT409', 'anon', 'cast_ballot_with_code', { p_code: codes[0], p_choices: [p2] });
		expect(await ok('anon', 'code_ballot', { p_code: codes[0] })).toMatchObject({ used: true });

		await ok('nFac', 'record_paper_ballot', { p_round: round, p_choices: [p2], p_place: 'Classroom 4', p_member: null, p_code: codes[1] });
		await fails('PT409', 'anon', 'cast_ballot_with_code', { p_code: codes[1], p_choices: [p1] });
		await fails('PT409', 'nFac', 'record_paper_ballot', { p_round: round, p_choices: [p2], p_place: 'Classroom 4', p_member: null, p_code: codes[0] });

		// the same code from two requests at once: one ballot
		const race = await Promise.all([0, 1, 2].map(() => rpc('anon', 'cast_ballot_with_code', { p_code: codes[2], p_choices: [p1] })));
		expect(race.filter((r) => r.error === null)).toHaveLength(1);
		expect(race.filter((r) => r.error?.code === 'PT409')).toHaveLength(2);
		expect(await sql(`select channel, count(*)::int as n from public.budget_ballots where round_id = $1 group by channel order by channel`, [round])).toEqual([
			{ channel: 'code', n: 2 },
			{ channel: 'paper', n: 1 }
		]);
		expect(await sql(`select used_channel, count(*)::int as n from private.budget_voting_codes where round_id = $1 group by 1 order by 1`, [round])).toEqual([
			{ used_channel: 'online', n: 2 },
			{ used_channel: 'paper', n: 1 },
			{ used_channel: null, n: 1 }
		]);
		// unknown codes, and a code of another round on paper
		await fails('PT404', 'anon', 'cast_ballot_with_code', { p_code: 'AAAAAAAAAA', p_choices: [p1] });
		await fails('PT404', 'anon', 'code_ballot', { p_code: 'nope' });
		const other = await makeRound();
		await fails('PT404', 'nFac', 'record_paper_ballot', { p_round: other.round, p_choices: [other.projects[0]], p_place: 'Hall', p_member: null, p_code: codes[3] });
		// a round without codes
		const closed = await makeRound({ allowCodes: false });
		await fails('PT409', 'nFac', 'generate_voting_codes', { p_round: closed.round, p_count: 5 });
		await fails('22023', 'nFac', 'generate_voting_codes', { p_round: round, p_count: 0 });
		await fails('42501', 'mA', 'generate_voting_codes', { p_round: round, p_count: 1 });
		await fails('42501', 'eAdm', 'generate_voting_codes', { p_round: round, p_count: 1 });
		await fails('42501', 'anon', 'generate_voting_codes', { p_round: round, p_count: 1 });
	});

	// ----- only while voting is open --------------------------------------------------------------
	it('casting outside the voting phase fails with PT409, whatever the channel', async () => {
		for (const phase of ['ideas', 'review', 'results'] as const) {
			const { round, projects: [p1] } = await makeRound({ phase: phase === 'results' ? 'voting' : phase });
			const codes = await ok<string[]>('nFac', 'generate_voting_codes', { p_round: round, p_count: 1 });
			if (phase === 'results') await ok('nAdm', 'set_round_phase', { p_round: round, p_phase: 'results' });
			await fails('PT409', 'mA', 'cast_ballot', { p_round: round, p_choices: [p1] });
			await fails('PT409', 'anon', 'cast_ballot_with_code', { p_code: codes[0], p_choices: [p1] });
			await fails('PT409', 'nFac', 'record_paper_ballot', { p_round: round, p_choices: [p1], p_place: 'Hall', p_member: ACTORS.mA2, p_code: null });
			await fails('PT409', 'nFac', 'record_paper_box', { p_round: round, p_place: 'Hall', p_ballots: 3, p_counts: [{ project: p1, votes: 2 }] });
			expect(await ballots(round)).toBe(0);
		}
	});

	it('even the table owner cannot write a ballot outside voting: the trigger refuses', async () => {
		const { round, projects: [p1] } = await makeRound({ phase: 'review' });
		await expect(
			sql(`insert into public.budget_ballots (round_id, voter_id, channel, receipt_code) values ($1, $2, 'online', 'ABCDEFGHJK')`, [round, ACTORS.mA])
		).rejects.toMatchObject({ code: 'PT409' });
		expect(p1).toBeTruthy();
	});

	// ----- the rule, in SQL -----------------------------------------------------------------------
	it('a ballot that breaks the rule fails with 22023 and writes nothing (knapsack)', async () => {
		// budget 10,000, at least 50%: projects 6,000 3,000 2,000 1,000
		const { round, projects: [p6, p3, p2, p1] } = await makeRound({ minPercent: 50 });
		const other = await makeRound();
		const bad: [string, unknown][] = [
			['over the budget', [p6, p3, p2]],
			['under the minimum share', [p1, p2]],
			['duplicate project', [p6, p6]],
			['duplicate project as objects', [{ project: p3 }, { project: p3 }]],
			['another round\'s project', [p6, other.projects[0]]],
			['an unknown project', [p6, 'ffffffff-ffff-4fff-8fff-ffffffffffff']],
			['a garbage id', [p6, 'not-a-uuid']],
			['points on an approval ballot', [{ project: p6, points: 2 }]],
			['empty', []],
			['not a list', { [p6]: 1 }],
			['a number', [42]],
			['null', null]
		];
		for (const [why, choices] of bad) {
			const e = await fails('22023', 'mA', 'cast_ballot', { p_round: round, p_choices: choices });
			expect(e.message, why).toBeTruthy();
		}
		await fails('22023', 'nFac', 'record_paper_ballot', { p_round: round, p_choices: [p6, p3, p2], p_place: 'Hall', p_member: ACTORS.mA, p_code: null });
		const [code] = await ok<string[]>('nFac', 'generate_voting_codes', { p_round: round, p_count: 1 });
		await fails('22023', 'anon', 'cast_ballot_with_code', { p_code: code, p_choices: [p6, p3, p2] });
		expect(await ballots(round)).toBe(0);
		// the code was not burnt by the bad ballot
		expect(await ok('anon', 'code_ballot', { p_code: code })).toMatchObject({ used: false });
		// exactly the budget, and exactly the minimum, are fine
		await ok('mA', 'cast_ballot', { p_round: round, p_choices: [p6, p3, p1] });
		await ok('mA2', 'cast_ballot', { p_round: round, p_choices: [p3, p2] });
		expect(await ballots(round)).toBe(2);
		// a refused change leaves the earlier ballot as it was
		await fails('22023', 'mA', 'cast_ballot', { p_round: round, p_choices: [p6, p3, p2] });
		expect(await choicesOf(round, ACTORS.mA)).toEqual([[p6, 1], [p3, 1], [p1, 1]].sort());
	});

	it('a ballot outside k-approval\'s min and max fails with 22023', async () => {
		const { round, projects: [a, b, c, d] } = await makeRound({ rule: 'k_approval', minProjects: 2, maxProjects: 3 });
		await fails('22023', 'mA', 'cast_ballot', { p_round: round, p_choices: [a] });
		await fails('22023', 'mA', 'cast_ballot', { p_round: round, p_choices: [a, b, c, d] });
		expect(await ballots(round)).toBe(0);
		await ok('mA', 'cast_ballot', { p_round: round, p_choices: [a, b] });
		await ok('mA2', 'cast_ballot', { p_round: round, p_choices: [a, b, c] });
		expect(await ballots(round)).toBe(2);
	});

	it('a points ballot over N in total or M on one project, or with 0 points, fails with 22023', async () => {
		const { round, projects: [a, b, c] } = await makeRound({ rule: 'points', pointsTotal: 10, pointsPerProject: 5 });
		const bad = [
			[{ project: a, points: 5 }, { project: b, points: 5 }, { project: c, points: 1 }], // 11 > 10
			[{ project: a, points: 6 }], // 6 > 5
			[{ project: a, points: 0 }],
			[{ project: a, points: -1 }],
			[{ project: a, points: 1.5 }],
			[{ project: a, points: '3' }],
			[{ project: a, points: 2 }, { project: a, points: 2 }]
		];
		for (const choices of bad) await fails('22023', 'mA', 'cast_ballot', { p_round: round, p_choices: choices });
		expect(await ballots(round)).toBe(0);
		await ok('mA', 'cast_ballot', { p_round: round, p_choices: [{ project: a, points: 5 }, { project: b, points: 5 }] });
		await ok('mA2', 'cast_ballot', { p_round: round, p_choices: [c] }); // a bare id is one point
		expect(await choicesOf(round, ACTORS.mA)).toEqual([[a, 5], [b, 5]].sort());
		expect(await choicesOf(round, ACTORS.mA2)).toEqual([[c, 1]]);
	});

	it('only shortlisted, not merged projects of the round can be chosen', async () => {
		const { round, projects: [p1, p2] } = await makeRound({ phase: 'review' });
		const nf = await ok<string>('nFac', 'submit_budget_proposal', {
			p_round: round, p_title: 'A pool', p_description: '', p_category: '', p_rough_cost: 900000, p_on_behalf_of: 'Swim club'
		});
		await ok('nCom', 'review_budget_proposal', { p_proposal: nf, p_feasibility: 'not_feasible', p_estimated_cost: 900000, p_reason: 'Far too dear' });
		const unlisted = await ok<string>('nFac', 'submit_budget_proposal', {
			p_round: round, p_title: 'Benches', p_description: '', p_category: '', p_rough_cost: 100, p_on_behalf_of: 'Group'
		});
		await ok('nCom', 'review_budget_proposal', { p_proposal: unlisted, p_feasibility: 'feasible', p_estimated_cost: 100, p_reason: null });
		await ok('nCom', 'merge_budget_proposals', { p_proposal: p2, p_into: p1 });
		await ok('nAdm', 'set_round_phase', { p_round: round, p_phase: 'voting' });
		for (const p of [nf, unlisted, p2]) await fails('22023', 'mA', 'cast_ballot', { p_round: round, p_choices: [p] });
		expect(await ballots(round)).toBe(0);
		await ok('mA', 'cast_ballot', { p_round: round, p_choices: [p1] });
	});

	// ----- who may vote -------------------------------------------------------------------------
	it('refuses people who are not voters of the round', async () => {
		const { round, projects: [p1] } = await makeRound();
		for (const who of ['mB', 'pend', 'nAdm', 'nFac', 'eMem', 'eAdm'] as const) {
			await fails('42501', who, 'cast_ballot', { p_round: round, p_choices: [p1] });
		}
		const anon = await rpc('anon', 'cast_ballot', { p_round: round, p_choices: [p1] });
		expect(anon.error?.code).toBe('42501');
		for (const code of [null, '', 'WRONGCODE1']) await fails('PT404', 'anon', 'cast_ballot_with_code', { p_code: code, p_choices: [p1] });
		// paper: only for members of the round's panels, and only entered by helpers
		await fails('22023', 'nFac', 'record_paper_ballot', { p_round: round, p_choices: [p1], p_place: 'Hall', p_member: MEMBER_B, p_code: null });
		await fails('22023', 'nFac', 'record_paper_ballot', { p_round: round, p_choices: [p1], p_place: 'Hall', p_member: PENDING_A, p_code: null });
		for (const who of ['mA', 'nSafe', 'eAdm'] as const) {
			await fails('42501', who, 'record_paper_ballot', { p_round: round, p_choices: [p1], p_place: 'Hall', p_member: ACTORS.mA2, p_code: null });
		}
		expect(await ballots(round)).toBe(0);
		// panel B's members vote once panel B is one of the round's panels
		const both = await makeRound({ panels: [PANEL_B] });
		await ok('mB', 'cast_ballot', { p_round: both.round, p_choices: [both.projects[0]] });
		await ok('mA', 'cast_ballot', { p_round: both.round, p_choices: [both.projects[0]] });
		await fails('42501', 'pend', 'cast_ballot', { p_round: both.round, p_choices: [both.projects[0]] });
	});

	// ----- receipts -------------------------------------------------------------------------------
	it('a receipt says whether the ballot is counted and when it last changed, nothing else', async () => {
		const { round, projects: [p1, p2] } = await makeRound();
		const receipt = await ok<string>('mA', 'cast_ballot', { p_round: round, p_choices: [p1] });
		const first = await ok<{ counted: boolean; last_changed_at: string }[]>('anon', 'check_receipt', { p_code: receipt });
		expect(first).toHaveLength(1);
		expect(Object.keys(first[0]).sort()).toEqual(['counted', 'last_changed_at']);
		expect(first[0].counted).toBe(true);
		await new Promise((r) => setTimeout(r, 20));
		await ok('mA', 'cast_ballot', { p_round: round, p_choices: [p2] });
		const second = await ok<{ counted: boolean; last_changed_at: string }[]>('anon', 'check_receipt', { p_code: receipt.toLowerCase() });
		expect(second[0].counted).toBe(true);
		expect(new Date(second[0].last_changed_at).getTime()).toBeGreaterThan(new Date(first[0].last_changed_at).getTime());
		expect(await ok('anon', 'check_receipt', { p_code: 'ZZZZZZZZZZ' })).toEqual([{ counted: false, last_changed_at: null }]);
		expect(JSON.stringify(second)).not.toContain(p2);
		expect(JSON.stringify(second)).not.toContain(ACTORS.mA);
	});

	// ----- phases -------------------------------------------------------------------------------
	it('phases move forward one step at a time, by organisers only, and every move is logged', async () => {
		const { round } = await makeRound({ phase: 'ideas' });
		await fails('PT409', 'nAdm', 'set_round_phase', { p_round: round, p_phase: 'voting' });
		await fails('PT409', 'nAdm', 'set_round_phase', { p_round: round, p_phase: 'ideas' });
		await fails('22023', 'nAdm', 'set_round_phase', { p_round: round, p_phase: 'counting' });
		for (const who of ['nFac', 'nSafe', 'mA', 'eAdm'] as const) await fails('42501', who, 'set_round_phase', { p_round: round, p_phase: 'review' });
		await fails('42501', 'anon', 'set_round_phase', { p_round: round, p_phase: 'review' });
		await fails('PT404', 'nAdm', 'set_round_phase', { p_round: fx(9, 9), p_phase: 'review' });
		await ok('nCom', 'set_round_phase', { p_round: round, p_phase: 'review' });
		await fails('PT409', 'nAdm', 'set_round_phase', { p_round: round, p_phase: 'ideas' });
		await ok('nAdm', 'set_round_phase', { p_round: round, p_phase: 'voting' });
		await ok('nAdm', 'set_round_phase', { p_round: round, p_phase: 'results' });
		await fails('PT409', 'nAdm', 'set_round_phase', { p_round: round, p_phase: 'delivery' }); // results not published
		await fails('PT409', 'nAdm', 'set_round_phase', { p_round: round, p_phase: 'voting' });
		expect(await sql(`select from_phase, to_phase, changed_by from public.budget_phase_log where round_id = $1 order by id`, [round])).toEqual([
			{ from_phase: null, to_phase: 'ideas', changed_by: ACTORS.nAdm },
			{ from_phase: 'ideas', to_phase: 'review', changed_by: ACTORS.nCom },
			{ from_phase: 'review', to_phase: 'voting', changed_by: ACTORS.nAdm },
			{ from_phase: 'voting', to_phase: 'results', changed_by: ACTORS.nAdm }
		]);
		expect(await sql(`select details from public.audit_events where action = 'budget_round.phase' and subject_id = $1 order by id`, [round])).toEqual([
			{ details: { from: 'ideas', to: 'review' } },
			{ details: { from: 'review', to: 'voting' } },
			{ details: { from: 'voting', to: 'results' } }
		]);
		// staff read the log; voters do not
		expect((await as('nFac').from('budget_phase_log').select('to_phase').eq('round_id', round)).data).toHaveLength(4);
		expect((await as('mA').from('budget_phase_log').select('to_phase').eq('round_id', round)).data).toEqual([]);
	});

	it('each phase has optional dates and a plain-words description, set by organisers', async () => {
		const { round } = await makeRound({ phase: 'ideas', costs: [] });
		const args = { p_round: round, p_phase: 'voting', p_starts_at: '2026-03-01T09:00:00Z', p_ends_at: '2026-03-15T17:00:00Z', p_description: ' Choose your projects. ' };
		await ok('nCom', 'set_round_phase_details', args);
		await fails('22023', 'nCom', 'set_round_phase_details', { ...args, p_ends_at: '2026-02-01T00:00:00Z' });
		await fails('22023', 'nCom', 'set_round_phase_details', { ...args, p_phase: 'counting' });
		await fails('42501', 'nFac', 'set_round_phase_details', args);
		await fails('42501', 'eAdm', 'set_round_phase_details', args);
		const { data } = await as('mA').from('budget_round_phases').select('phase, starts_at, description').eq('round_id', round).eq('phase', 'voting');
		expect(data).toEqual([{ phase: 'voting', starts_at: expect.stringMatching(/^2026-03-01T09:00:00/), description: 'Choose your projects.' }]);
		expect((await as('eMem').from('budget_round_phases').select('phase').eq('round_id', round)).data).toEqual([]);
	});

	it('voting cannot open without a shortlist, and the rules are fixed once it has', async () => {
		const { round } = await makeRound({ phase: 'review', costs: [] });
		await fails('PT409', 'nAdm', 'set_round_phase', { p_round: round, p_phase: 'voting' });
		const k = await makeRound({ rule: 'k_approval', minProjects: 3, maxProjects: 3, costs: [1, 2], phase: 'review' });
		await fails('PT409', 'nAdm', 'set_round_phase', { p_round: k.round, p_phase: 'voting' });
		const v = await makeRound();
		const args = {
			p_round: v.round, p_panel: PANEL_A, p_title: 'Renamed round', p_description: 'New words', p_budget: 10000, p_voter_panels: [],
			p_allow_codes: true, p_ballot_rule: 'knapsack', p_min_percent: null, p_min_projects: null, p_max_projects: null,
			p_points_total: null, p_points_per_project: null, p_tally_rule: null
		};
		await ok('nAdm', 'update_budget_round', args);
		await fails('PT409', 'nAdm', 'update_budget_round', { ...args, p_budget: 99999 });
		await fails('PT409', 'nAdm', 'update_budget_round', { ...args, p_tally_rule: 'greedy' });
		await fails('PT409', 'nAdm', 'update_budget_round', { ...args, p_voter_panels: [PANEL_B] });
		await fails('PT409', 'nCom', 'shortlist_budget_proposal', { p_proposal: v.projects[0], p_shortlisted: false });
		await fails('PT409', 'nCom', 'review_budget_proposal', { p_proposal: v.projects[0], p_feasibility: 'feasible', p_estimated_cost: 1, p_reason: null });
		expect(await sql(`select title, budget from public.budget_rounds where id = $1`, [v.round])).toEqual([{ title: 'Renamed round', budget: 10000 }]);
	});

	it('round set-up checks that the rule\'s parameters match the rule', async () => {
		const base = {
			p_partnership: NORTHBAY, p_panel: PANEL_A, p_title: 'Checked', p_description: '', p_budget: 1000, p_voter_panels: [],
			p_allow_codes: false, p_ballot_rule: 'knapsack', p_min_percent: null, p_min_projects: null, p_max_projects: null,
			p_points_total: null, p_points_per_project: null, p_tally_rule: null
		};
		const bad: Record<string, unknown>[] = [
			{ p_budget: 0 },
			{ p_budget: -5 },
			{ p_min_percent: 101 },
			{ p_min_projects: 2 }, // knapsack with k-approval's parameter
			{ p_ballot_rule: 'k_approval' }, // no min/max
			{ p_ballot_rule: 'k_approval', p_min_projects: 3, p_max_projects: 2 },
			{ p_ballot_rule: 'points', p_points_total: 10 }, // no per-project cap
			{ p_ballot_rule: 'points', p_points_total: 10, p_points_per_project: 11 },
			{ p_ballot_rule: 'points', p_points_total: 10, p_points_per_project: 5, p_min_percent: 10 },
			{ p_ballot_rule: 'ranking' },
			{ p_tally_rule: 'borda' },
			{ p_title: 'x' },
			{ p_panel: PANEL_E } // another partnership's panel
		];
		for (const b of bad) await fails('22023', 'nAdm', 'create_budget_round', { ...base, ...b });
		for (const who of ['nFac', 'nSafe', 'mA', 'eAdm'] as const) await fails('42501', who, 'create_budget_round', base);
		await fails('42501', 'anon', 'create_budget_round', base);
		const id = await ok<string>('nCom', 'create_budget_round', { ...base, p_ballot_rule: 'points', p_points_total: 10, p_points_per_project: 10 });
		expect(await sql(`select tally_rule, phase, points_total from public.budget_rounds where id = $1`, [id])).toEqual([
			{ tally_rule: 'mes_add1u', phase: 'ideas', points_total: 10 }
		]);
		expect(await sql(`select phase from public.budget_round_phases where round_id = $1 order by phase`, [id])).toHaveLength(5);
	});

	// ----- proposals ----------------------------------------------------------------------------
	it('young people submit ideas in the ideas phase; others see them only once approved', async () => {
		const { round } = await makeRound({ phase: 'ideas', costs: [] });
		const mine = await ok<string>('mA', 'submit_budget_proposal', {
			p_round: round, p_title: 'Table tennis tables', p_description: 'In the park', p_category: 'Sport', p_rough_cost: 1200, p_on_behalf_of: null
		});
		await fails('22023', 'mA', 'submit_budget_proposal', {
			p_round: round, p_title: 'Call me', p_description: 'ring 07700 900123', p_category: '', p_rough_cost: 0, p_on_behalf_of: null
		});
		await fails('22023', 'mA', 'submit_budget_proposal', {
			p_round: round, p_title: 'Negative', p_description: '', p_category: '', p_rough_cost: -1, p_on_behalf_of: null
		});
		await fails('22023', 'mA', 'submit_budget_proposal', {
			p_round: round, p_title: 'On behalf', p_description: '', p_category: '', p_rough_cost: 1, p_on_behalf_of: 'My class'
		});
		await fails('22023', 'nFac', 'submit_budget_proposal', {
			p_round: round, p_title: 'No group', p_description: '', p_category: '', p_rough_cost: 1, p_on_behalf_of: null
		});
		for (const who of ['mB', 'pend', 'eMem', 'eAdm', 'nSafe'] as const) {
			await fails('42501', who, 'submit_budget_proposal', {
				p_round: round, p_title: 'Not mine to add', p_description: '', p_category: '', p_rough_cost: 1, p_on_behalf_of: null
			});
		}
		const see = async (who: Actor) => ((await as(who).from('budget_proposals').select('id').eq('id', mine)).data ?? []).length;
		expect(await see('mA')).toBe(1);
		expect(await see('mA2')).toBe(0);
		expect(await see('nSafe')).toBe(1);
		expect(await see('eAdm')).toBe(0);
		await fails('42501', 'mA', 'moderate_budget_proposal', { p_proposal: mine, p_approve: true, p_reason: null });
		await fails('22023', 'nFac', 'moderate_budget_proposal', { p_proposal: mine, p_approve: false, p_reason: 'because' });
		await ok('nFac', 'moderate_budget_proposal', { p_proposal: mine, p_approve: true, p_reason: null });
		expect(await see('mA2')).toBe(1);
		expect(await see('mB')).toBe(0);
		await ok('nAdm', 'set_round_phase', { p_round: round, p_phase: 'review' });
		await fails('PT409', 'mA', 'submit_budget_proposal', {
			p_round: round, p_title: 'Too late', p_description: '', p_category: '', p_rough_cost: 1, p_on_behalf_of: null
		});
	});

	it('a not-feasible review without a reason is refused by the check constraint; the reason reaches the author, then voters', async () => {
		const { round } = await makeRound({ phase: 'ideas', costs: [100] });
		const idea = await ok<string>('mA', 'submit_budget_proposal', {
			p_round: round, p_title: 'Ice rink', p_description: '', p_category: '', p_rough_cost: 50000, p_on_behalf_of: null
		});
		await ok('nFac', 'moderate_budget_proposal', { p_proposal: idea, p_approve: true, p_reason: null });
		await ok('nAdm', 'set_round_phase', { p_round: round, p_phase: 'review' });
		for (const reason of [null, '', '   ']) {
			await fails('23514', 'nCom', 'review_budget_proposal', { p_proposal: idea, p_feasibility: 'not_feasible', p_estimated_cost: 80000, p_reason: reason });
		}
		await expect(
			sql(`insert into public.budget_proposal_reviews (proposal_id, feasibility, estimated_cost) values ($1, 'not_feasible', 1)`, [idea])
		).rejects.toMatchObject({ code: '23514' });
		await fails('22023', 'nCom', 'review_budget_proposal', { p_proposal: idea, p_feasibility: 'feasible', p_estimated_cost: -1, p_reason: null });
		await fails('22023', 'nCom', 'review_budget_proposal', { p_proposal: idea, p_feasibility: 'maybe', p_estimated_cost: 1, p_reason: null });
		await fails('42501', 'nFac', 'review_budget_proposal', { p_proposal: idea, p_feasibility: 'feasible', p_estimated_cost: 1, p_reason: null });
		await ok('nCom', 'review_budget_proposal', { p_proposal: idea, p_feasibility: 'not_feasible', p_estimated_cost: 80000, p_reason: 'There is no building big enough' });
		await fails('PT409', 'nCom', 'shortlist_budget_proposal', { p_proposal: idea, p_shortlisted: true });
		const reviewSeenBy = async (who: Actor) => (await as(who).from('budget_proposal_reviews').select('reason').eq('proposal_id', idea)).data;
		expect(await reviewSeenBy('mA')).toEqual([{ reason: 'There is no building big enough' }]);
		expect(await reviewSeenBy('mA2')).toEqual([]); // review phase: the author only
		expect(await reviewSeenBy('eAdm')).toEqual([]);
		await ok('nAdm', 'set_round_phase', { p_round: round, p_phase: 'voting' });
		expect(await reviewSeenBy('mA2')).toEqual([{ reason: 'There is no building big enough' }]);
		expect(await reviewSeenBy('mB')).toEqual([]);
		expect(await reviewSeenBy('anon')).toEqual([]);
	});

	it('merging duplicates credits both authors on the surviving proposal', async () => {
		const { round } = await makeRound({ phase: 'ideas', costs: [] });
		const a = await ok<string>('mA', 'submit_budget_proposal', {
			p_round: round, p_title: 'Skate park lights', p_description: '', p_category: '', p_rough_cost: 5000, p_on_behalf_of: null
		});
		const b = await ok<string>('mA2', 'submit_budget_proposal', {
			p_round: round, p_title: 'Lights at the skate park', p_description: '', p_category: '', p_rough_cost: 4000, p_on_behalf_of: null
		});
		await fails('PT409', 'nCom', 'merge_budget_proposals', { p_proposal: b, p_into: a }); // not approved yet
		for (const id of [a, b]) await ok('nFac', 'moderate_budget_proposal', { p_proposal: id, p_approve: true, p_reason: null });
		await fails('42501', 'nFac', 'merge_budget_proposals', { p_proposal: b, p_into: a });
		await fails('22023', 'nCom', 'merge_budget_proposals', { p_proposal: a, p_into: a });
		await ok('nCom', 'merge_budget_proposals', { p_proposal: b, p_into: a });
		expect(await sql(`select account_id from public.budget_proposal_authors where proposal_id = $1 order by account_id`, [a])).toEqual([
			{ account_id: ACTORS.mA },
			{ account_id: ACTORS.mA2 }
		]);
		expect(await sql(`select merged_into from public.budget_proposals where id = $1`, [b])).toEqual([{ merged_into: a }]);
		await fails('PT409', 'nCom', 'merge_budget_proposals', { p_proposal: a, p_into: b });
		// Quiet Fox sees the surviving proposal and their credit on it; nobody else's credits
		expect((await as('mA2').from('budget_proposals').select('id').eq('id', a)).data).toEqual([{ id: a }]);
		expect((await as('mA2').from('budget_proposal_authors').select('proposal_id, account_id').eq('proposal_id', a)).data).toEqual([
			{ proposal_id: a, account_id: ACTORS.mA2 }
		]);
		expect((await as('nSafe').from('budget_proposal_authors').select('account_id').eq('proposal_id', a)).data).toHaveLength(2);
		// a merged proposal cannot be reviewed or shortlisted
		await fails('PT409', 'nCom', 'review_budget_proposal', { p_proposal: b, p_feasibility: 'feasible', p_estimated_cost: 1, p_reason: null });
		const other = await makeRound({ phase: 'ideas', costs: [10] });
		await fails('22023', 'nCom', 'merge_budget_proposals', { p_proposal: other.projects[0], p_into: a });
	});

	// ----- row-level security -------------------------------------------------------------------
	it('ballots are sealed: nobody reads ballot rows, not their own, not staff', async () => {
		const { round, projects: [p1] } = await makeRound();
		await ok('mA', 'cast_ballot', { p_round: round, p_choices: [p1] });
		for (const who of ['mA', 'mA2', 'nAdm', 'nCom', 'nFac', 'nSafe', 'eAdm', 'anon'] as const) {
			for (const table of ['budget_ballots', 'budget_ballot_choices']) {
				const { data, error } = await as(who).from(table).select('*');
				expect(error?.code ?? 'empty', `${who} ${table}`).toMatch(/^(42501|empty)$/);
				expect(data ?? [], `${who} ${table}`).toEqual([]);
			}
			const write = await as(who).from('budget_ballots').insert({ round_id: round, voter_id: ACTORS.mA2, channel: 'online', receipt_code: 'ABCDEFGHJK' });
			expect(write.error?.code, `${who} insert`).toBe('42501');
		}
		// staff see counts, never who voted for what
		const turnout = await ok<Record<string, number>>('nFac', 'round_turnout', { p_round: round });
		expect(turnout).toMatchObject({ online: 1, code: 0, paper: 0, total: 1, eligible_members: 12 });
		expect(JSON.stringify(turnout)).not.toContain(ACTORS.mA);
		expect(JSON.stringify(turnout)).not.toContain(p1);
		await fails('42501', 'mA', 'round_turnout', { p_round: round });
		await fails('42501', 'eAdm', 'round_turnout', { p_round: round });
		await fails('42501', 'anon', 'round_turnout', { p_round: round });
		// the tally input only after voting closes, only for organisers, and without identities
		await fails('PT409', 'nCom', 'round_tally_input', { p_round: round });
		await ok('nAdm', 'set_round_phase', { p_round: round, p_phase: 'results' });
		await fails('42501', 'nFac', 'round_tally_input', { p_round: round });
		const input = await ok<Record<string, unknown>>('nCom', 'round_tally_input', { p_round: round });
		expect(input.ballots).toEqual([{ approvals: [p1] }]);
		const text = JSON.stringify(input);
		expect(text).not.toContain(ACTORS.mA);
		expect(text).not.toMatch(/receipt|voter|cast_at|changed_at/);
	});

	it('another partnership sees nothing of a round; anon sees nothing before publication', async () => {
		const { round, projects: [p1] } = await makeRound();
		await ok('nFac', 'record_paper_box', { p_round: round, p_place: 'Library', p_ballots: 4, p_counts: [{ project: p1, votes: 3 }] });
		const tables: [string, string][] = [
			['budget_rounds', 'id'],
			['budget_round_panels', 'round_id'],
			['budget_round_phases', 'round_id'],
			['budget_phase_log', 'round_id'],
			['budget_proposals', 'round_id'],
			['budget_paper_boxes', 'round_id'],
			['budget_paper_box_counts', 'round_id'],
			['budget_results', 'round_id']
		];
		for (const who of ['eAdm', 'eMem', 'anon', 'mB'] as const) {
			for (const [table, column] of tables) {
				const { data, error } = await as(who).from(table).select('*').eq(column, round);
				expect(error, `${who} ${table}`).toBeNull();
				expect(data, `${who} ${table}`).toEqual([]);
			}
			expect((await as(who).from('budget_proposal_reviews').select('*').eq('proposal_id', p1)).data).toEqual([]);
			await fails('PT404', who, 'round_results', { p_round: round });
		}
		for (const who of ['eAdm', 'eMem', 'mB'] as const) await fails('PT404', who, 'round_ballot', { p_round: round });
		// Northbay staff and panel A's members do see it
		for (const who of ['nSafe', 'mA'] as const) expect((await as(who).from('budget_rounds').select('id').eq('id', round)).data).toEqual([{ id: round }]);
		expect((await as('nSafe').from('budget_paper_box_counts').select('votes').eq('round_id', round)).data).toEqual([{ votes: 3 }]);
		expect((await as('mA').from('budget_paper_box_counts').select('votes').eq('round_id', round)).data).toEqual([]);
		// nobody writes the tables directly
		const direct = await as('nAdm').from('budget_rounds').update({ budget: 1 }).eq('id', round).select('id');
		expect(direct.data ?? []).toEqual([]);
		expect(await sql(`select budget from public.budget_rounds where id = $1`, [round])).toEqual([{ budget: 10000 }]);
		const ins = await as('nAdm').from('budget_proposals').insert({ round_id: round, title: 'Sneaky' });
		expect(ins.error?.code).toBe('42501');
	});

	it('a sealed box: counts no larger than its ballots (or the rule allows), shortlisted projects only', async () => {
		const { round, projects: [p6, p3, p2] } = await makeRound();
		const other = await makeRound();
		const bad: [number, unknown][] = [
			[4, [{ project: p6, votes: 5 }]], // more votes than ballots
			[2, [{ project: p6, votes: 2 }, { project: other.projects[0], votes: 1 }]], // another round's project
			[4, [{ project: p6, votes: -1 }]],
			[4, [{ project: p6, votes: 1.5 }]],
			[4, [{ project: p6, votes: 1 }, { project: p6, votes: 1 }]],
			[0, [{ project: p6, votes: 0 }]],
			[4, { [p6]: 1 }],
			// 2 ballots cannot hold £22,000 of projects under a £10,000 budget
			[2, [{ project: p6, votes: 2 }, { project: p3, votes: 2 }, { project: p2, votes: 2 }]]
		];
		for (const [n, counts] of bad) await fails('22023', 'nFac', 'record_paper_box', { p_round: round, p_place: 'Library', p_ballots: n, p_counts: counts });
		await fails('22023', 'nFac', 'record_paper_box', { p_round: round, p_place: '', p_ballots: 1, p_counts: [] });
		await fails('42501', 'mA', 'record_paper_box', { p_round: round, p_place: 'Library', p_ballots: 1, p_counts: [] });
		expect(await sql(`select count(*)::int as n from public.budget_paper_boxes where round_id = $1`, [round])).toEqual([{ n: 0 }]);
		await ok('nFac', 'record_paper_box', { p_round: round, p_place: 'Library', p_ballots: 4, p_counts: [{ project: p6, votes: 4 }, { project: p3, votes: 4 }] });
		expect(await ok('nAdm', 'round_turnout', { p_round: round })).toMatchObject({ paper_box: 4, total: 4 });
	});

	// ----- results ------------------------------------------------------------------------------
	it('publishing results: checked, public, a deliverable per funded project, and an owed response', async () => {
		const { round, projects: [p6, p3, p2, p1] } = await makeRound({ allowCodes: true });
		await ok('mA', 'cast_ballot', { p_round: round, p_choices: [p6, p3] });
		await ok('mA2', 'cast_ballot', { p_round: round, p_choices: [p3, p2, p1] });
		const [code] = await ok<string[]>('nFac', 'generate_voting_codes', { p_round: round, p_count: 1 });
		await ok('anon', 'cast_ballot_with_code', { p_code: code, p_choices: [p6, p1] });
		await ok('nFac', 'record_paper_box', { p_round: round, p_place: 'Library', p_ballots: 2, p_counts: [{ project: p2, votes: 2 }] });
		await fails('PT409', 'nCom', 'publish_results', { p_round: round, p_results: {} });
		await ok('nAdm', 'set_round_phase', { p_round: round, p_phase: 'results' });

		const input = await ok<{ projects: { id: string; cost: number }[]; ballots: unknown[]; paper_boxes: unknown[]; round: Record<string, unknown> }>(
			'nCom',
			'round_tally_input',
			{ p_round: round }
		);
		expect(input.round).toMatchObject({ budget: 10000, ballot_rule: 'knapsack', tally_rule: 'mes_add1u' });
		expect(input.projects).toHaveLength(4);
		expect(input.ballots).toHaveLength(3);
		expect(input.ballots).toContainEqual({ approvals: [p6, p1].sort() });
		expect(input.paper_boxes).toEqual([{ ballots: 2, counts: { [p2]: 2 } }]);

		const project = (id: string, cost: number, votes: number, funded: boolean) => ({
			id, cost, votes, funded, greedy_funded: funded, reason: funded ? `Funded: ${votes} supporters shared its cost` : 'Not funded: it did not fit'
		});
		const good = {
			rule: 'mes_add1u', voters: 5, budget_used: 9000, greedy: null,
			projects: [project(p6, 6000, 2, true), project(p3, 3000, 2, true), project(p2, 2000, 3, false), project(p1, 1000, 2, false)]
		};
		const bad: Record<string, unknown>[] = [
			{ ...good, rule: 'greedy' },
			{ ...good, budget_used: 8000 },
			{ ...good, projects: good.projects.slice(1) },
			{ ...good, projects: [...good.projects, good.projects[0]] },
			{ ...good, projects: good.projects.map((p) => (p.id === p6 ? { ...p, cost: 5000 } : p)) },
			{ ...good, budget_used: 11000, projects: good.projects.map((p) => ({ ...p, funded: p.id !== p1 })) },
			{ ...good, projects: good.projects.map((p) => ({ ...p, reason: '' })) },
			{ ...good, greedy: { budget_used: 1 } },
			{ ...good, voters: -1 }
		];
		for (const b of bad) await fails('22023', 'nCom', 'publish_results', { p_round: round, p_results: b });
		await fails('42501', 'nFac', 'publish_results', { p_round: round, p_results: good });
		await fails('PT404', 'anon', 'round_results', { p_round: round });
		await ok('nCom', 'publish_results', { p_round: round, p_results: good });
		await fails('PT409', 'nCom', 'publish_results', { p_round: round, p_results: good });

		const results = await ok<{ voters: number; budget_used: number; projects: { id: string; funded: boolean; deliverable: { id: string; status: string } | null }[]; round: { title: string } }>(
			'anon',
			'round_results',
			{ p_round: round }
		);
		expect(results).toMatchObject({ voters: 5, budget_used: 9000, greedy: null, round: { title: 'Test round knapsack' } });
		expect(results.projects.filter((p) => p.funded).map((p) => p.deliverable?.status)).toEqual(['planned', 'planned']);
		expect(results.projects.filter((p) => !p.funded).map((p) => p.deliverable)).toEqual([null, null]);
		for (const who of ['anon', 'eAdm'] as const) {
			expect((await as(who).from('budget_rounds').select('id').eq('id', round)).data).toEqual([{ id: round }]);
			expect((await as(who).from('budget_results').select('voters').eq('round_id', round)).data).toEqual([{ voters: 5 }]);
			expect((await as(who).from('budget_result_projects').select('proposal_id').eq('round_id', round)).data).toHaveLength(4);
			expect((await as(who).from('budget_deliverables').select('status').eq('round_id', round)).data).toHaveLength(2);
			// still not the proposals themselves (authors), nor ballots
			expect((await as(who).from('budget_proposals').select('id').eq('round_id', round)).data).toEqual([]);
		}

		// the owed "we did": due publication + the partnership's 12 weeks
		const owed = await as('nCom').from('owed_responses').select('*').eq('source_id', round);
		expect(owed.data).toHaveLength(1);
		const row = owed.data![0] as Record<string, string>;
		expect(row).toMatchObject({ source_type: 'budget_round', partnership_id: NORTHBAY, panel_id: PANEL_A, title: 'Test round knapsack', responsible_id: ACTORS.nCom });
		expect(Math.round((new Date(row.due_at).getTime() - new Date(row.opened_at).getTime()) / 86_400_000)).toBe(84);

		// deliverables follow "we did"
		const deliverable = results.projects.find((p) => p.funded)!.deliverable!.id;
		await fails('23514', 'nCom', 'set_deliverable_status', { p_deliverable: deliverable, p_status: 'not_possible', p_reason: null });
		await fails('22023', 'nCom', 'set_deliverable_status', { p_deliverable: deliverable, p_status: 'lost', p_reason: null });
		await fails('42501', 'mA', 'set_deliverable_status', { p_deliverable: deliverable, p_status: 'done', p_reason: null });
		await fails('42501', 'eAdm', 'set_deliverable_status', { p_deliverable: deliverable, p_status: 'done', p_reason: null });
		await ok('nCom', 'set_deliverable_status', { p_deliverable: deliverable, p_status: 'in_progress', p_reason: null });
		await ok('nAdm', 'set_round_phase', { p_round: round, p_phase: 'delivery' });
		await ok('nCom', 'set_deliverable_status', { p_deliverable: deliverable, p_status: 'done', p_reason: null });
		expect((await as('anon').from('budget_deliverables').select('status').eq('id', deliverable)).data).toEqual([{ status: 'done' }]);
		expect(await sql(`select count(*)::int as n from public.audit_events where subject_id = $1 and action = 'budget_round.results_published'`, [round])).toEqual([{ n: 1 }]);
	});

	it('the greedy outcome is kept when it differs', async () => {
		const { round, projects: [p6, p3, p2, p1] } = await makeRound();
		await ok('mA', 'cast_ballot', { p_round: round, p_choices: [p6] });
		await ok('nAdm', 'set_round_phase', { p_round: round, p_phase: 'results' });
		const r = (id: string, cost: number, funded: boolean, greedy: boolean) => ({ id, cost, votes: 1, funded, greedy_funded: greedy, reason: 'Because' });
		await fails('22023', 'nCom', 'publish_results', {
			p_round: round,
			p_results: { rule: 'mes_add1u', voters: 1, budget_used: 6000, greedy: { budget_used: 6000 }, projects: [r(p6, 6000, true, true), { ...r(p3, 3000, false, false), greedy_funded: undefined }, r(p2, 2000, false, false), r(p1, 1000, false, false)] }
		});
		await ok('nCom', 'publish_results', {
			p_round: round,
			p_results: { rule: 'mes_add1u', voters: 1, budget_used: 4000, greedy: { budget_used: 9000 }, projects: [r(p6, 6000, false, true), r(p3, 3000, true, true), r(p2, 2000, false, false), r(p1, 1000, true, false)] }
		});
		const res = await ok<{ greedy: { budget_used: number }; projects: { id: string; greedy_funded: boolean }[] }>('mA', 'round_results', { p_round: round });
		expect(res.greedy).toEqual({ budget_used: 9000 });
		expect(res.projects.find((p) => p.id === p6)!.greedy_funded).toBe(true);
	});
});

