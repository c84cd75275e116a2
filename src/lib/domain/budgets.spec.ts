import { describe, expect, it } from 'vitest';
import {
	ballotStatus,
	boxBallots,
	cleanChoice,
	describeProblem,
	engineRule,
	formatPounds,
	formatReceipt,
	minSpend,
	nextPhase,
	parseBallotForm,
	proposalSchema,
	receiptSchema,
	reviewSchema,
	roundSchema,
	ruleSentence,
	shuffleFor,
	tallyRound,
	totalLine,
	votingCodeSchema,
	whyItDoesNotFit,
	type BallotProject,
	type BallotRule
} from './budgets';

const P: BallotProject[] = [
	{ id: 'a', title: 'Skate park lights', cost: 9_500 },
	{ id: 'b', title: 'Youth club trips', cost: 6_000 },
	{ id: 'c', title: 'Library games', cost: 4_000 },
	{ id: 'd', title: 'Park benches', cost: 2_500 },
	{ id: 'e', title: 'A huge thing', cost: 25_000 }
];
const KNAPSACK: BallotRule = { kind: 'knapsack', budget: 20_000, minPercent: 0 };
const K: BallotRule = { kind: 'k_approval', min: 2, max: 4 };
const POINTS: BallotRule = { kind: 'points', total: 10, maxPerProject: 5 };

describe('money', () => {
	it('shows whole pounds with commas', () => {
		expect(formatPounds(20000)).toBe('£20,000');
		expect(formatPounds(0)).toBe('£0');
		expect(formatPounds(950)).toBe('£950');
		expect(formatPounds(-4000)).toBe('-£4,000');
	});
});

describe('the rule in plain words', () => {
	it('says each rule as the ballot shows it', () => {
		expect(ruleSentence(KNAPSACK)).toBe('Pick projects that add up to £20,000 or less.');
		expect(ruleSentence(K)).toBe('Pick between 2 and 4 projects.');
		expect(ruleSentence(POINTS)).toBe('Share 10 points between the projects you like. You can put at most 5 points on one project.');
		expect(ruleSentence({ kind: 'knapsack', budget: 20_000, minPercent: 50 })).toBe(
			'Pick projects that add up to £20,000 or less. Your picks must add up to at least £10,000.'
		);
		expect(ruleSentence({ kind: 'k_approval', min: 0, max: 3 })).toBe('Pick up to 3 projects.');
		expect(ruleSentence({ kind: 'k_approval', min: 3, max: 3 })).toBe('Pick 3 projects.');
		expect(ruleSentence({ kind: 'k_approval', min: 1, max: 1 })).toBe('Pick 1 project.');
	});
	it('rounds the least spend up to whole pounds', () => {
		expect(minSpend({ kind: 'knapsack', budget: 999, minPercent: 50 })).toBe(500);
		expect(minSpend({ kind: 'knapsack', budget: 1000, minPercent: 0 })).toBe(0);
	});
});

describe('knapsack: running total, what is left, why a project does not fit', () => {
	it('adds up the picks and says what is left', () => {
		const s = ballotStatus(KNAPSACK, P, { a: 1, c: 1 });
		expect(s).toMatchObject({ used: 13_500, left: 6_500, limit: 20_000, count: 2, cost: 13_500, ok: true, problems: [] });
		expect(totalLine(KNAPSACK, s)).toEqual({ used: 'You have picked £13,500 of £20,000.', left: '£6,500 is left.' });
	});
	it('an empty ballot cannot be cast', () => {
		const s = ballotStatus(KNAPSACK, P, {});
		expect(s.ok).toBe(false);
		expect(s.problems).toEqual([{ code: 'no_choice' }]);
		expect(describeProblem(s.problems[0])).toBe('You have not picked anything yet.');
	});
	it('over the budget: says by how much', () => {
		const s = ballotStatus(KNAPSACK, P, { a: 1, b: 1, c: 1, d: 1 });
		expect(s.used).toBe(22_000);
		expect(s.problems).toEqual([{ code: 'over_budget', spent: 22_000, budget: 20_000 }]);
		expect(describeProblem(s.problems[0])).toBe('Your picks add up to £22,000. That is £2,000 more than £20,000. Take something off.');
		expect(totalLine(KNAPSACK, s).left).toBe('That is £2,000 too much.');
	});
	it('exactly the budget is fine', () => {
		expect(ballotStatus({ kind: 'knapsack', budget: 19_500, minPercent: 0 }, P, { a: 1, b: 1, c: 1 }).ok).toBe(true);
	});
	it('explains why a project does not fit: "This costs £9,500 but only £4,000 is left"', () => {
		const choice = { b: 1, c: 1, d: 1, x: 0 } as Record<string, number>;
		// picked 12,500: 7,500 left, so a (9,500) does not fit.
		expect(whyItDoesNotFit(KNAPSACK, P, choice, 'a')).toBe('This costs £9,500 but only £7,500 is left.');
		expect(whyItDoesNotFit(KNAPSACK, P, { a: 1, b: 1 }, 'b')).toBeNull();
		const full = { b: 1, d: 1, a: 1 }; // 18,000 picked: 2,000 left
		expect(whyItDoesNotFit(KNAPSACK, P, full, 'c')).toBe('This costs £4,000 but only £2,000 is left.');
		// A picked project that pushes it over: measured against the others.
		const over = { a: 1, b: 1, c: 1, d: 1 };
		expect(whyItDoesNotFit(KNAPSACK, P, over, 'a')).toBe('This costs £9,500 but only £7,500 is left.');
		expect(whyItDoesNotFit(KNAPSACK, P, {}, 'e')).toBe('This costs £25,000, which is more than the whole £20,000.');
		expect(whyItDoesNotFit(KNAPSACK, P, {}, 'nope')).toBeNull();
	});
	it('a minimum share of the budget', () => {
		const rule: BallotRule = { kind: 'knapsack', budget: 20_000, minPercent: 50 };
		const s = ballotStatus(rule, P, { d: 1 });
		expect(s.problems).toEqual([{ code: 'under_min', spent: 2_500, min: 10_000 }]);
		expect(describeProblem(s.problems[0])).toBe('Your picks must add up to at least £10,000. They add up to £2,500 now.');
		expect(ballotStatus(rule, P, { a: 1, d: 1 }).ok).toBe(true);
	});
});

describe('k-approval', () => {
	it('counts picks and says how many more', () => {
		const s = ballotStatus(K, P, { a: 1, b: 1 });
		expect(s).toMatchObject({ used: 2, left: 2, ok: true, cost: 15_500 });
		expect(totalLine(K, s)).toEqual({ used: 'You have picked 2 projects.', left: 'You can pick 2 more.' });
		expect(totalLine(K, ballotStatus(K, P, { a: 1 })).used).toBe('You have picked 1 project.');
		expect(totalLine(K, ballotStatus(K, P, { a: 1, b: 1, c: 1 })).left).toBe('You can pick 1 more.');
		expect(totalLine(K, ballotStatus(K, P, { a: 1, b: 1, c: 1, d: 1 })).left).toBe('You cannot pick any more.');
	});
	it('too few and too many', () => {
		const few = ballotStatus(K, P, { a: 1 });
		expect(few.problems).toEqual([{ code: 'too_few', count: 1, min: 2 }]);
		expect(describeProblem(few.problems[0])).toBe('Pick at least 2 projects. You have picked 1.');
		const many = ballotStatus(K, P, { a: 1, b: 1, c: 1, d: 1, e: 1 });
		expect(many.problems).toEqual([{ code: 'too_many', count: 5, max: 4 }]);
		expect(describeProblem(many.problems[0])).toBe('Pick no more than 4 projects. You have picked 5.');
		expect(totalLine(K, many).left).toBe('That is 1 too many.');
		expect(ballotStatus(K, P, {}).problems).toEqual([{ code: 'no_choice' }]);
	});
	it('a ballot of nothing is fine when the fewest is 0', () => {
		expect(ballotStatus({ kind: 'k_approval', min: 0, max: 2 }, P, {}).ok).toBe(true);
	});
	it('explains why one more does not fit', () => {
		expect(whyItDoesNotFit(K, P, { a: 1, b: 1, c: 1, d: 1 }, 'e')).toBe('You have already picked 4 projects. That is the most you can pick.');
		expect(whyItDoesNotFit(K, P, { a: 1, b: 1, c: 1 }, 'e')).toBeNull();
		// cost does not matter under k-approval
		expect(whyItDoesNotFit(K, P, {}, 'e')).toBeNull();
	});
});

describe('points', () => {
	it('adds up points and says how many are left', () => {
		const s = ballotStatus(POINTS, P, { a: 5, b: 3 });
		expect(s).toMatchObject({ used: 8, left: 2, count: 2, ok: true });
		expect(totalLine(POINTS, s)).toEqual({ used: 'You have used 8 of your 10 points.', left: 'You have 2 points left.' });
		expect(totalLine(POINTS, ballotStatus(POINTS, P, { a: 1 })).used).toBe('You have used 1 of your 10 points.');
		expect(totalLine(POINTS, ballotStatus(POINTS, P, { a: 5, b: 4 })).left).toBe('You have 1 point left.');
	});
	it('too many in all, and too many on one', () => {
		const s = ballotStatus(POINTS, P, { a: 6, b: 5 });
		expect(s.problems).toEqual([
			{ code: 'too_many_on_one', projectId: 'a', title: 'Skate park lights', points: 6, max: 5 },
			{ code: 'too_many_points', used: 11, total: 10 }
		]);
		expect(s.problems.map(describeProblem)).toEqual([
			'You can put at most 5 points on "Skate park lights".',
			'You can share 10 points. You have used 11. Take some off.'
		]);
		expect(totalLine(POINTS, s).left).toBe('That is 1 points too many.');
		expect(ballotStatus(POINTS, P, {}).problems).toEqual([{ code: 'no_choice' }]);
	});
	it('explains the limits on one project', () => {
		expect(whyItDoesNotFit(POINTS, P, { a: 6 }, 'a')).toBe('You can put at most 5 points on one project.');
		expect(whyItDoesNotFit(POINTS, P, { a: 5, b: 5, c: 2 }, 'c')).toBe('You only have 0 points left.');
		expect(whyItDoesNotFit(POINTS, P, { a: 5, b: 3, c: 2 }, 'c')).toBeNull();
	});
});

describe('cleaning and parsing choices', () => {
	it('drops unknown projects, zeros and non-integers', () => {
		expect(cleanChoice(P, { a: 1, z: 3, b: 0, c: 2.5, d: -1 })).toEqual({ a: 1 });
	});
	it('an unknown project in a choice is a problem, never silently ignored', () => {
		expect(ballotStatus(KNAPSACK, P, { a: 1, z: 1 }).problems[0]).toEqual({ code: 'unknown_project' });
	});
	it('reads checkboxes', () => {
		expect(parseBallotForm(KNAPSACK, P, { picked: ['a', 'c'], points: {} })).toEqual({ ok: true, choice: { a: 1, c: 1 } });
		expect(parseBallotForm(K, P, { picked: ['a', 'nope'], points: {} })).toMatchObject({ ok: false, choice: { a: 1 } });
		expect(parseBallotForm(K, P, { picked: [new Blob([])], points: {} }).ok).toBe(false);
		expect(parseBallotForm(K, P, { picked: [], points: { a: '3' } }).ok).toBe(false);
	});
	it('reads points boxes: empty is none, anything but a whole number is refused', () => {
		expect(parseBallotForm(POINTS, P, { picked: [], points: { a: '5', b: ' 3 ', c: '', d: '0' } })).toEqual({ ok: true, choice: { a: 5, b: 3 } });
		for (const bad of ['-1', '2.5', 'two', '1e3', '<b>', '99999']) {
			const r = parseBallotForm(POINTS, P, { picked: [], points: { a: bad } });
			expect(r.ok, bad).toBe(false);
			if (!r.ok) expect(r.errors['points-a']).toBe('Points for "Skate park lights" must be a whole number, like 2.');
		}
		expect(parseBallotForm(POINTS, P, { picked: ['a'], points: {} }).ok).toBe(false);
	});
});

describe('a random order per voter', () => {
	const many = Array.from({ length: 12 }, (_, i) => ({ id: `p${String(i).padStart(2, '0')}` }));
	it('is the same every time for one voter in one round, whatever order the projects arrive in', () => {
		const first = shuffleFor('voter-1', 'round-1', many);
		expect(shuffleFor('voter-1', 'round-1', [...many].reverse())).toEqual(first);
		expect(first.map((x) => x.id).sort()).toEqual(many.map((x) => x.id));
	});
	it('differs between voters and between rounds', () => {
		const a = shuffleFor('voter-1', 'round-1', many).map((x) => x.id).join();
		expect(shuffleFor('voter-2', 'round-1', many).map((x) => x.id).join()).not.toBe(a);
		expect(shuffleFor('voter-1', 'round-2', many).map((x) => x.id).join()).not.toBe(a);
	});
	it('puts each project first about equally often over many voters', () => {
		const firsts = new Map<string, number>();
		for (let v = 0; v < 6000; v++) {
			const id = shuffleFor(`voter-${v}`, 'round', many.slice(0, 4))[0].id;
			firsts.set(id, (firsts.get(id) ?? 0) + 1);
		}
		for (const n of firsts.values()) expect(n).toBeGreaterThan(1300);
		expect(firsts.size).toBe(4);
	});
});

describe('phases', () => {
	it('only move forward', () => {
		expect(nextPhase('ideas')).toBe('review');
		expect(nextPhase('review')).toBe('voting');
		expect(nextPhase('voting')).toBe('results');
		expect(nextPhase('results')).toBe('delivery');
		expect(nextPhase('delivery')).toBeNull();
	});
});

describe('form schemas', () => {
	it('receipt and voting codes ignore spaces, dashes and case', () => {
		expect(receiptSchema.parse({ receipt: ' abcd-2345 ef ' })).toEqual({ receipt: 'ABCD2345EF' });
		expect(receiptSchema.safeParse({ receipt: '' }).error?.issues[0].message).toBe('Enter your receipt code');
		expect(receiptSchema.safeParse({ receipt: 'ab<>' }).success).toBe(false);
		expect(formatReceipt('abcd2345ef')).toBe('ABCD-2345-EF');
		expect(votingCodeSchema.parse({ code: 'abcd-efgh-jk' })).toEqual({ code: 'ABCDEFGHJK' });
	});
	it('a proposal refuses contact details kindly and reads a rough cost', () => {
		const ok = proposalSchema.safeParse({ title: ' Lights  at the skate park ', body: 'So it is safe in winter.', category: 'sport', cost: '£1,500' });
		expect(ok.success && ok.data).toEqual({ title: 'Lights at the skate park', body: 'So it is safe in winter.', category: 'sport', cost: 1500 });
		const phone = proposalSchema.safeParse({ title: 'Lights', body: 'Ring me on 07700 900123', category: 'sport', cost: '100' });
		expect(phone.error?.issues[0].message).toMatch(/contact details/);
		expect(proposalSchema.safeParse({ title: 'Lights', body: 'x', category: 'sport', cost: 'lots' }).error?.issues[0].message).toBe('Type a number of pounds, like 500');
	});
	it('a review needs a reason unless it is feasible', () => {
		const base = { proposal: '6f1c1f2e-6a5b-4c3d-8e9f-0a1b2c3d4e5f', cost: '4000', reason: '' };
		expect(reviewSchema.safeParse({ ...base, feasibility: 'feasible' }).success).toBe(true);
		expect(reviewSchema.safeParse({ ...base, feasibility: 'not_feasible' }).error?.issues[0].message).toBe('Give a reason: the author will see why');
		expect(reviewSchema.safeParse({ ...base, feasibility: 'needs_changes', reason: 'Too big for one year' }).success).toBe(true);
	});
	it('a round turns the ballot fields into a rule', () => {
		const base = {
			partnership: '00000000-0000-4000-8000-000000000001',
			title: 'Youth Fund',
			description: 'How to spend the youth fund',
			budget: '£20,000',
			panels: ['b0000000-0000-4000-8000-000000000001'],
			allowCodes: 'no',
			minPercent: '',
			minProjects: '',
			maxProjects: '',
			points: '',
			maxPoints: '',
			tally: 'mes_add1u'
		};
		expect(roundSchema.parse({ ...base, ballot: 'knapsack' }).rule).toEqual({ kind: 'knapsack', budget: 20000, minPercent: 0 });
		expect(roundSchema.parse({ ...base, ballot: 'k_approval', minProjects: '2', maxProjects: '4' }).rule).toEqual({ kind: 'k_approval', min: 2, max: 4 });
		expect(roundSchema.parse({ ...base, ballot: 'points', points: '10', maxPoints: '5' }).rule).toEqual({ kind: 'points', total: 10, maxPerProject: 5 });
		expect(roundSchema.safeParse({ ...base, ballot: 'k_approval', minProjects: '5', maxProjects: '4' }).error?.issues[0]).toMatchObject({ path: ['maxProjects'] });
		expect(roundSchema.safeParse({ ...base, ballot: 'points', points: '5', maxPoints: '6' }).error?.issues[0]).toMatchObject({ path: ['maxPoints'] });
		expect(roundSchema.safeParse({ ...base, ballot: 'knapsack', panels: [], allowCodes: 'no' }).error?.issues[0]).toMatchObject({ path: ['panels'] });
	});
	it('maps tally rules to the engine', () => {
		expect(engineRule('mes_add1u')).toEqual({ rule: 'mes', completion: 'add1u' });
		expect(engineRule('greedy')).toEqual({ rule: 'greedy', completion: 'none' });
	});
});

describe('counting a round', () => {
	const projects: BallotProject[] = [
		{ id: 'p1', title: 'Skate park lights', cost: 60 },
		{ id: 'p2', title: 'Library games', cost: 50 },
		{ id: 'p3', title: 'Park benches', cost: 30 },
		{ id: 'p4', title: 'Nobody wanted this', cost: 10 }
	];
	const ballots = [
		...Array.from({ length: 5 }, () => ({ p1: 1 })),
		...Array.from({ length: 4 }, () => ({ p2: 1 })),
		...Array.from({ length: 3 }, () => ({ p3: 1 })),
		{}
	];
	it('greedy: the most votes first while the money lasts, with a sentence for each project', () => {
		const r = tallyRound({ budget: 100, kind: 'approval', projects, ballots }, 'greedy');
		expect(r.selected).toEqual(['p1', 'p3']);
		expect(r.voters).toBe(13);
		expect(r.used).toBe(90);
		expect(r.greedyDiffers).toBe(false);
		expect(r.rows.map((x) => [x.title, x.funded, x.score])).toEqual([
			['Skate park lights', true, 5],
			['Park benches', true, 3],
			['Library games', false, 4],
			['Nobody wanted this', false, 0]
		]);
		expect(r.rows[0].sentence).toBe('Funded: it got 5 votes, and its £60 cost still fitted in the money left');
		expect(r.rows[2].sentence).toBe('Not funded: there was not enough money left for its £50 cost when its turn came');
		expect(r.rows[3].sentence).toBe('Not funded: nobody voted for it');
	});
	it('equal shares: can differ from greedy, and says so', () => {
		// 13 voters share £100: p1's 5 supporters have 5 × 100/13 ≈ £38 between them, not £60.
		const r = tallyRound({ budget: 100, kind: 'approval', projects, ballots }, 'mes');
		expect(r.rows.find((x) => x.id === 'p1')?.funded).toBe(false);
		expect(r.rows.find((x) => x.id === 'p1')?.sentence).toMatch(/^Not funded: it would have cost each of its 5 supporters more than their fair share/);
		expect(r.greedyDiffers).toBe(true);
		expect(r.greedySelected).toEqual(['p1', 'p3']);
	});
	it('points ballots are counted by points', () => {
		const r = tallyRound(
			{ budget: 100, kind: 'cumulative', projects, ballots: [{ p1: 5, p2: 5 }, { p2: 10 }, { p3: 4, p1: 6 }] },
			'greedy'
		);
		expect(r.rows.find((x) => x.id === 'p2')).toMatchObject({ score: 15, supporters: 2, funded: true });
		expect(r.rows.find((x) => x.id === 'p2')?.sentence).toBe('Funded: it got 15 points, and its £50 cost still fitted in the money left');
	});
});

describe('sealed boxes as ballots', () => {
	const sum = (ballots: Record<string, number>[], id: string) => ballots.reduce((s, b) => s + (b[id] ?? 0), 0);
	it('keeps the number of ballots and each project count exactly', () => {
		const b = boxBallots({ ballots: 5, counts: { x: 3, y: 4, z: 0 } }, 'approval');
		expect(b).toHaveLength(5);
		expect(sum(b, 'x')).toBe(3);
		expect(sum(b, 'y')).toBe(4);
		expect(b.every((x) => Object.values(x).every((n) => n === 1))).toBe(true);
		// spread: nobody gets the same project twice, and the votes go round
		expect(b.filter((x) => x.x && x.y).length).toBe(2);
	});
	it('points go in lumps of at most the per-project limit', () => {
		const b = boxBallots({ ballots: 3, counts: { x: 11 } }, 'cumulative', 5);
		expect(sum(b, 'x')).toBe(11);
		expect(Math.max(...b.map((x) => x.x ?? 0))).toBe(5);
	});
	it('feeds the tally: greedy sees the box votes', () => {
		const projects: BallotProject[] = [
			{ id: 'p1', title: 'A', cost: 60 },
			{ id: 'p2', title: 'B', cost: 50 }
		];
		const r = tallyRound({ budget: 100, kind: 'approval', projects, ballots: [{ p1: 1 }, ...boxBallots({ ballots: 3, counts: { p2: 3 } }, 'approval')] }, 'greedy');
		expect(r.voters).toBe(4);
		expect(r.rows.find((x) => x.id === 'p2')).toMatchObject({ score: 3, funded: true });
	});
});
