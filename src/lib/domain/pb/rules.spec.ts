import { describe, expect, it } from 'vitest';
import { makeElection } from './pabulib';
import type { PbElection, VoteType } from './pabulib';
import { buildProfile, compareIds } from './profile';
import { Rational } from './rational';
import { explain, formatMoney, tally } from './rules';
import type { Completion, ProjectResult, RuleName } from './rules';

type Ballot = string[] | Record<string, number>;

/** A small election: costs by id, ballots as approval lists or {id: points}. */
function election(budget: number | string, costs: Record<string, number | string>, ballots: Ballot[], currency = 'GBP'): PbElection {
	const cumulative = ballots.some((b) => !Array.isArray(b));
	return makeElection({
		budget,
		voteType: cumulative ? 'cumulative' : 'approval',
		meta: { currency },
		projects: Object.entries(costs).map(([id, cost]) => ({ id, cost })),
		votes: ballots.map((b) =>
			Array.isArray(b) ? { vote: b } : { vote: Object.keys(b), points: Object.values(b) }
		)
	});
}

const run = (e: PbElection, rule: RuleName, completion: Completion = 'none') => tally(e, { rule, completion });
const ids = (e: PbElection, rule: RuleName, completion: Completion = 'none') => run(e, rule, completion).selected;
const times = <T>(n: number, x: T): T[] => Array.from({ length: n }, () => x);

describe('greedy', () => {
	it('funds the most-voted projects that still fit', () => {
		const e = election(100, { a: 60, b: 50, c: 30, d: 10 }, [...times(5, ['a']), ...times(4, ['b']), ...times(3, ['c']), ['d']]);
		// a (60) fits, b (50) does not fit in the 40 left, c (30) fits, d (10) fits.
		expect(ids(e, 'greedy')).toEqual(['a', 'c', 'd']);
		const r = run(e, 'greedy');
		expect(r.cost).toBe('100');
		expect(r.results.find((x) => x.id === 'b')).toMatchObject({ funded: false, reason: 'did_not_fit', moneyLeftAtTurn: 40 });
	});

	it('breaks ties by project_id compared as strings', () => {
		const e = election(10, { '9': 10, '10': 10, '100': 10 }, [['9', '10', '100']]);
		expect(ids(e, 'greedy')).toEqual(['10']); // "10" < "100" < "9"
	});

	it('uses points for cumulative ballots and skips projects nobody supported', () => {
		const e = election(100, { a: 50, b: 50, c: 10 }, [{ a: 1, b: 3 }, { a: 2 }, { b: 1 }]);
		expect(ids(e, 'greedy')).toEqual(['b', 'a']); // b has 4 points, a has 3; c has none
		expect(run(e, 'greedy').results.find((x) => x.id === 'c')?.reason).toBe('no_support');
	});
});

describe('Method of Equal Shares', () => {
	it('shares the budget fairly between groups (where greedy does not)', () => {
		// 60 voters like a1, a2, a3; 40 like b1, b2. Each project costs 30 of 100.
		const ballots = [...times(60, ['a1', 'a2', 'a3']), ...times(40, ['b1', 'b2'])];
		const e = election(100, { a1: 30, a2: 30, a3: 30, b1: 30, b2: 30 }, ballots);
		expect(ids(e, 'greedy').sort()).toEqual(['a1', 'a2', 'a3']);
		// Each voter has 1: the 60 can pay for two (60 ≥ 2 × 30), the 40 for one.
		expect(ids(e, 'mes').sort()).toEqual(['a1', 'a2', 'b1']);
	});

	it('breaks exact ties by project_id as a string', () => {
		const e = election(30, { '9': 10, '10': 10 }, times(3, ['9', '10']));
		const r = run(e, 'mes');
		expect(r.selected).toEqual(['10', '9']);
		// Same ρ = 1/3 for both, reached through different floating-point arithmetic (0.7/3/0.7 and
		// 0.3/3/0.3): the exact comparison sees the tie, and "a" wins it.
		const f = election(3, { b: '0.3', a: '0.7' }, times(3, ['a', 'b']));
		expect(ids(f, 'mes')).toEqual(['a', 'b']);
	});

	it('decides exactly when floating point cannot', () => {
		// 10 voters with budget 1 have 1/10 each; y costs 1 and everyone supports it (each with a
		// different second choice, so no two ballots are alike). In floating point ten times 0.1 is
		// 0.9999999999999999 < 1 and y would look unaffordable; exactly, they can just pay for it.
		const zs = Array.from({ length: 10 }, (_, i) => `z${i}`);
		const e = election(1, Object.fromEntries([['y', 1], ...zs.map((z) => [z, '0.1'])]), zs.map((z) => ['y', z]));
		const r = run(e, 'mes');
		expect(r.selected).toEqual(['y']);
		expect(r.results.find((x) => x.id === 'z3')?.reason).toBe('supporters_ran_short');
		let sum = 0;
		for (let i = 0; i < 10; i++) sum += 0.1;
		expect(sum).toBeLessThan(1); // the trap this test is about
	});

	it('funds free projects that someone supported, and nothing nobody supported', () => {
		const e = election(10, { free: 0, nobody: 0, a: 10 }, [['free', 'a'], ['a']]);
		const r = run(e, 'mes');
		expect(r.selected).toEqual(['free', 'a']);
		expect(r.results.find((x) => x.id === 'free')?.reason).toBe('free');
		expect(r.results.find((x) => x.id === 'nobody')?.reason).toBe('no_support');
	});

	it('copes with no voters and empty ballots', () => {
		expect(ids(election(10, { a: 5 }, []), 'mes', 'add1u')).toEqual([]);
		expect(ids(election(10, { a: 5 }, [[], []]), 'mes', 'add1')).toEqual([]);
		expect(ids(election(10, { a: 5 }, [[], ['a']]), 'mes')).toEqual(['a']);
	});

	it('add1 raises everyone’s starting money until the outcome is exhaustive or would overspend', () => {
		// 10 voters, budget 100 (10 each). p (cost 60) is liked by 5: they have 50, too little.
		// With +2 each they have 60: p is funded; q (40, liked by the other 5) too. Total 100.
		const e = election(100, { p: 60, q: 40 }, [...times(5, ['p']), ...times(5, ['q'])]);
		expect(ids(e, 'mes')).toEqual(['q']);
		const r = run(e, 'mes', 'add1');
		// With 12 each, p and q both cost their supporters 1/5 of their cost: a tie, "p" first.
		expect(r.selected).toEqual(['p', 'q']);
		expect(r.increments).toBe(2);
		// add1 stops at the last outcome within the budget.
		const f = election(100, { p: 60, q: 41 }, [...times(5, ['p']), ...times(5, ['q'])]);
		expect(ids(f, 'mes', 'add1')).toEqual(['q']);
		// add1u then adds what still fits, by votes.
		const g = election(100, { p: 60, q: 41, r: 50 }, [...times(5, ['p']), ...times(5, ['q']), ['r', 'q']]);
		expect(ids(g, 'mes', 'add1u')).toEqual(['q', 'r']);
	});

	it('works with decimal budgets and costs exactly', () => {
		const e = election('1310641.1', { a: '655320.55', b: '655320.55', c: '0.01' }, [['a'], ['b'], ['c', 'a'], ['b']]);
		const r = run(e, 'mes', 'add1u');
		expect(r.cost).toBe('1310641.1');
		expect(r.budget).toBe('1310641.1');
	});
});

describe('against a direct transcription of pabutools (exact fractions), on random small elections', () => {
	/** pabutools' MES, voter by voter, in exact arithmetic. Returns selected ids in order. */
	function referenceMes(e: PbElection, add1: boolean): string[] {
		const cumulative = e.voteType === 'cumulative';
		const cost = new Map(e.projects.map((p) => [p.id, Rational.parseDecimal(p.cost)]));
		const budget = Rational.parseDecimal(e.budget);
		const n = e.votes.length;
		const util = e.votes.map((v) => {
			const m = new Map<string, Rational>();
			v.vote.forEach((id, i) => {
				const u = cumulative ? Rational.parseDecimal((v.points as string[])[i]) : (cost.get(id) as Rational);
				if (cumulative) m.set(id, u);
				else if (!m.has(id)) m.set(id, u);
			});
			for (const [id, u] of [...m]) if (u.sign() <= 0 && cumulative) m.delete(id);
			return m;
		});
		const supported = (id: string) => util.some((m) => m.has(id));
		const free = e.projects.filter((p) => supported(p.id) && (cost.get(p.id) as Rational).sign() === 0).map((p) => p.id);
		const cands = e.projects.filter((p) => supported(p.id) && (cost.get(p.id) as Rational).sign() > 0).map((p) => p.id);
		if (n === 0 || cands.length === 0) return free.sort(compareIds);
		const once = (b0: Rational): string[] => {
			const b = Array.from({ length: n }, () => b0);
			const remaining = new Set(cands);
			const sel = free.slice().sort(compareIds);
			for (;;) {
				let best: string | undefined;
				let bestRho: Rational | undefined;
				for (const p of [...remaining].sort(compareIds)) {
					const c = cost.get(p) as Rational;
					const sup = [...Array(n).keys()].filter((i) => util[i].has(p));
					const avail = sup.reduce((s, i) => s.add(b[i]), Rational.ZERO);
					if (avail.lt(c)) {
						remaining.delete(p);
						continue;
					}
					sup.sort((i, j) => b[i].div(util[i].get(p) as Rational).cmp(b[j].div(util[j].get(p) as Rational)));
					let contrib = Rational.ZERO;
					let denom = sup.reduce((s, i) => s.add(util[i].get(p) as Rational), Rational.ZERO);
					let rho: Rational | undefined;
					for (const i of sup) {
						const u = util[i].get(p) as Rational;
						const f = c.sub(contrib).div(denom);
						if (f.mul(u).le(b[i])) {
							rho = f;
							break;
						}
						contrib = contrib.add(b[i]);
						denom = denom.sub(u);
					}
					if (rho && (!bestRho || rho.lt(bestRho))) {
						best = p;
						bestRho = rho;
					}
				}
				if (!best || !bestRho) return sel;
				sel.push(best);
				remaining.delete(best);
				for (let i = 0; i < n; i++) {
					const u = util[i].get(best);
					if (!u) continue;
					const pay = bestRho.mul(u);
					b[i] = pay.lt(b[i]) ? b[i].sub(pay) : Rational.ZERO;
				}
			}
		};
		let b0 = budget.div(Rational.of(n));
		const total = (s: string[]) => s.reduce((a, p) => a.add(cost.get(p) as Rational), Rational.ZERO);
		let previous = free.slice().sort(compareIds);
		for (;;) {
			const out = once(b0);
			if (!add1) return out;
			const t = total(out);
			if (budget.lt(t)) return previous;
			if (!cands.some((p) => !out.includes(p) && t.add(cost.get(p) as Rational).le(budget))) return out;
			previous = out;
			b0 = b0.add(Rational.ONE);
		}
	}

	function randomElection(seed: number, big = false): PbElection {
		let s = seed;
		const rnd = (k: number) => {
			s = (s * 1103515245 + 12345) % 2 ** 31;
			return Math.floor((s / 2 ** 31) * k);
		};
		const voteType: VoteType = rnd(3) === 0 ? 'cumulative' : 'approval';
		const P = big ? 6 + rnd(5) : 2 + rnd(5);
		const names = ['a', 'b', '10', '9', 'c2', 'C', 'zz', 'x1', 'x10', 'x2', 'Z'];
		// Few distinct costs and a small budget: lots of exact ties and near-ties.
		const costs = [0, 1, 2, 3, 5, 6, 7.5, 10, 12, '3.3', '0.7'];
		const projects = Array.from({ length: P }, (_, i) => ({ id: names[i], cost: costs[rnd(big ? 11 : 9)] }));
		const n = big ? 10 + rnd(30) : rnd(9);
		const votes = Array.from({ length: n }, () => {
			const vote = projects.filter(() => rnd(big ? 3 : 2) === 0).map((p) => p.id);
			return voteType === 'cumulative' ? { vote, points: vote.map(() => 1 + rnd(3)) } : { vote };
		});
		const budget = [5, 10, 12, 15, 20, 7.5, 25.5, '33.3'][rnd(big ? 8 : 7)];
		return makeElection({ budget, voteType, projects, votes });
	}

	it('gives the same outcome as the reference on 400 random elections, with and without add1', () => {
		let checked = 0;
		for (let seed = 1; seed <= 400; seed++) {
			const e = randomElection(seed);
			for (const add1 of [false, true]) {
				const want = referenceMes(e, add1);
				const got = tally(e, { rule: 'mes', completion: add1 ? 'add1' : 'none' }).selected;
				expect(got, `seed ${seed}${add1 ? ' add1' : ''}`).toEqual(want);
				checked++;
			}
		}
		expect(checked).toBe(800);
	});

	it('and on 60 larger ones (10 to 40 voters, 6 to 10 projects, decimal money)', () => {
		for (let seed = 1; seed <= 60; seed++) {
			const e = randomElection(seed * 7919, true);
			for (const add1 of [false, true]) {
				const want = referenceMes(e, add1);
				const got = tally(e, { rule: 'mes', completion: add1 ? 'add1' : 'none' }).selected;
				expect(got, `big seed ${seed}${add1 ? ' add1' : ''}`).toEqual(want);
			}
		}
	});
});

describe('explanations', () => {
	const e = election(
		10000,
		{ skate: 4000, park: 3000, free: 0, lonely: 100, none: 50 },
		[...times(212, ['skate']), ...times(31, ['park']), ['free'], ['lonely']]
	);
	const r = run(e, 'mes');
	const by = (id: string) => r.results.find((x) => x.id === id) as ProjectResult;

	it('says why in one plain sentence', () => {
		expect(explain(by('skate'))).toBe('Funded: 212 voters supported it and they could share its £4,000 cost');
		expect(explain(by('park'))).toBe('Not funded: it would have cost each of its 31 supporters more than their fair share');
		expect(explain(by('free'))).toBe('Funded: it costs nothing and 1 voter wanted it');
		expect(explain(by('lonely'))).toBe('Not funded: it would have cost its only supporter more than their fair share');
		expect(explain(by('none'))).toBe('Not funded: nobody voted for it');
		expect(by('park')).toMatchObject({ funded: false, supporters: 31, reason: 'supporters_ran_short' });
		expect(by('park').effectiveVotes).toBeGreaterThan(0);
		expect(by('skate')).toMatchObject({ funded: true, order: 2, share: 4000 / 212 });
	});

	it('explains greedy and the add1u completion too', () => {
		const g = run(election(100, { a: 60, b: 50 }, [['a'], ['a'], ['b']], 'EUR'), 'greedy');
		expect(g.results.map((x) => explain(x))).toEqual([
			'Funded: it got 2 votes, and its €60 cost still fitted in the money left',
			'Not funded: there was not enough money left for its €50 cost when its turn came'
		]);
		const u = run(election(100, { p: 60, q: 41, r: 50 }, [...times(5, ['p']), ...times(5, ['q']), ['r', 'q']], 'PLN'), 'mes', 'add1u');
		const says = Object.fromEntries(u.results.map((x) => [x.id, explain(x)]));
		expect(says.r).toBe('Funded: after the fair shares were spent, there was still enough money left for its 50 zł cost');
		expect(says.p).toBe('Not funded: there was not enough money left');
		const pts = run(election(10, { a: 10 }, [{ a: 3 }, { a: 1 }]), 'greedy');
		expect(explain(pts.results[0])).toBe('Funded: it got 4 points, and its £10 cost still fitted in the money left');
	});

	it('formats money for the election’s currency', () => {
		expect(formatMoney(4000, 'GBP')).toBe('£4,000');
		expect(formatMoney(1310641.1, 'EUR')).toBe('€1,310,641.10');
		expect(formatMoney(60000, 'CHF')).toBe('CHF 60,000');
		expect(formatMoney(12.5, 'USD')).toBe('$12.50');
		expect(formatMoney(5, 'PLN')).toBe('5 zł');
		expect(formatMoney(5)).toBe('5');
		expect(formatMoney(7, 'XYZ')).toBe('XYZ 7');
	});
});

describe('profiles', () => {
	it('group identical ballots and rank ids like Python strings', () => {
		const e = election(10, { b: 1, a: 1, '\u{1F600}': 1, '\uFF21': 1 }, [['a', 'b'], ['b', 'a'], ['a']]);
		const p = buildProfile(e);
		expect(p.groups).toBe(2);
		expect([...p.gCount].sort()).toEqual([1, 2]);
		// Code point order: "a" < "b" < U+FF21 < U+1F600 (UTF-16 order would put the emoji first).
		expect([...p.rank]).toEqual([1, 0, 3, 2]);
		expect(compareIds('\u{1F600}', '\uFF21')).toBeGreaterThan(0);
	});
});
