/**
 * The Method of Equal Shares (MES) with cost utilities, exactly as pabutools'
 * `method_of_equal_shares` computes it (and equalshares.net describes it), with the `add1`
 * completion (`voter_budget_increment=1`).
 *
 * The rule. Each voter starts with budget/n. A voter's utility for a project is its cost when they
 * approved it (approval ballots) or their points (cumulative ballots). At each step, for every
 * project not yet funded, ρ is the smallest number such that the supporters can pay its cost when
 * each pays min(their money left, ρ × their utility); the project with the smallest ρ is funded
 * and its supporters pay; ties go to the smallest project_id (as a string). It stops when no
 * project is affordable. `add1` reruns it from scratch with every voter's starting money raised by
 * 1 currency unit at a time, while the outcome stays within the budget and is not exhaustive, and
 * returns the last outcome within the budget.
 *
 * How it is fast. Identical ballots form one group. For a project, write π = ρ × utility per unit
 * of weight (the price per vote for approval ballots, per point for cumulative ones); then a
 * supporter with money β and weight w pays min(β, π·w). Voters are tracked in classes: a class is
 * the list of (funded project, weight) they have paid for, so everyone in a class has the same
 * money, and a project's supporters compress to a short list of (class, voters, weight). ρ only
 * grows during a run, so each project keeps a proven lower bound and is only re-evaluated when it
 * could beat the best so far (pabutools' own trick); a re-evaluation is the poor/rich iteration
 * (each iterate a proven lower bound) over that short list. Which class a voter is in depends
 * only on the order in which projects are funded, not on the money, and consecutive add1 runs
 * usually fund the same projects in the same order for a long way; so the class structure along
 * the previous run's order is kept, and a rerun only redoes arithmetic per class until its order
 * departs from the cached one (then the structure is rebuilt from that step on).
 *
 * Why it is exact. Every comparison that decides the outcome (affordable or not, which project
 * has the smallest ρ, who runs out of money) is made in floating point together with a rigorous
 * bound on its error, and is re-done in exact rational arithmetic (bigint) whenever the two sides
 * are closer than that bound; exact ties therefore always go through exact arithmetic and the
 * tie-breaking rule. The error bound stays tiny because the price π of every funded project is
 * computed exactly (bigint, one common denominator) and then rounded: each voter's money in
 * floating point is b0 − Σ round(π)·w, whose error grows by a few units in the last place per
 * funded project and never compounds. Voters are tracked in classes (the set of funded projects
 * they paid for, with weights), so the exact price needs only integer counts per class.
 */

import type { Profile } from './profile';
import { Rational, ratioToNumber } from './rational';

const U = 2 ** -53;
/** Relative slack used to certify an upper bound on a price (any small value works). */
const EPS = 1e-7;

const EVAL_UNAFFORDABLE = 0;
const EVAL_INTERVAL = 1;

/** What the rule knows about one project, for explanations. Money in currency units. */
export interface MesFacts {
	/** 1-based position in the order MES funded projects (0: not funded by MES itself). */
	round: number;
	/** Funded because it costs nothing and someone supported it. */
	free: boolean;
	/** When funded: ρ, and what each supporter who could afford it paid per vote/point. */
	rho?: number;
	pricePerVote?: number;
	/** When funded: how many supporters could not pay the full share and paid all they had. */
	paidAllTheyHad?: number;
	/** When not funded: the last known ρ before its supporters ran short (a lower bound). */
	lastRho?: number;
	/** When not funded: money its supporters had left between them when it stopped being affordable. */
	moneyLeft?: number;
	/** When not funded: after how many funded projects it stopped being affordable. */
	unaffordableAfter?: number;
}

export interface MesResult {
	/** Funded projects, free ones first, then in the order MES funded them. */
	selected: number[];
	/** The k of the returned run: each voter started with budget/n + k currency units. */
	increments: number;
	/** How many full MES runs were computed (k = 0, 1, …). */
	runs: number;
	facts: MesFacts[];
	/** Decisions that were too close for floating point and were made exactly (diagnostic). */
	exactDecisions: number;
}

interface RunOutcome {
	selected: number[];
	facts: MesFacts[];
}

export interface MesOptions {
	/** `add1` completion: raise every voter's starting money by 1 currency unit per rerun. */
	add1?: boolean;
}

/** Runs MES (optionally with the add1 completion) on a compiled profile. */
export function methodOfEqualShares(pf: Profile, options: MesOptions = {}): MesResult {
	const P = pf.ids.length;
	const free: number[] = [];
	const candidates: number[] = [];
	for (let p = 0; p < P; p++) {
		if (pf.supporters[p] <= 0) continue;
		if (pf.cost[p] === 0n) free.push(p);
		else candidates.push(p);
	}
	free.sort((a, b) => pf.rank[a] - pf.rank[b]);
	const isFree = new Uint8Array(P);
	for (const p of free) isFree[p] = 1;
	const baseFacts = (): MesFacts[] => Array.from({ length: P }, (_, p) => ({ round: 0, free: isFree[p] === 1 }));

	if (candidates.length === 0 || pf.voters === 0) {
		return { selected: free.slice(), increments: 0, runs: 0, facts: baseFacts(), exactDecisions: 0 };
	}

	const engine = new MesEngine(pf, candidates);
	// pabutools starts from the free projects as the "previous" outcome.
	let previous: RunOutcome = { selected: free.slice(), facts: baseFacts() };
	let runs = 0;
	for (let k = 0; ; k++) {
		const out = engine.run(k, baseFacts());
		runs++;
		const selected = [...free, ...out.selected];
		const outcome: RunOutcome = { selected, facts: out.facts };
		if (!options.add1) return finish(outcome, k);
		let total = 0n;
		const taken = new Uint8Array(P);
		for (const p of selected) {
			total += pf.cost[p];
			taken[p] = 1;
		}
		if (total > pf.budget) return finish(previous, k - 1);
		let exhaustive = true;
		for (const p of candidates) {
			if (!taken[p] && total + pf.cost[p] <= pf.budget) {
				exhaustive = false;
				break;
			}
		}
		if (exhaustive) return finish(outcome, k);
		previous = outcome;
	}

	function finish(o: RunOutcome, k: number): MesResult {
		return { selected: o.selected, increments: Math.max(0, k), runs, facts: o.facts, exactDecisions: engine.exactDecisions };
	}
}

/** The class of voters who have paid for nothing yet. */
const ROOT = 0;
/** Decisions for one (class, weight) entry of the project being funded. */
const GONE = 0; // already had no money
const PAYS_ALL = 1; // pays all it has (provably)
const PAYS_SHARE = 2; // pays π·w (provably)
const UNDECIDED = 3; // too close to call in floating point: decided exactly
/** Cap on cached view entries (about 12 bytes each) before the cache is emptied. */
const VIEW_CACHE_LIMIT = 4_000_000;

/** A project's supporters at some point of the funding order, by (class, weight). */
interface View {
	/** First state (number of projects funded) from which this view holds. */
	from: number;
	c: Int32Array;
	n: Float64Array;
	w: Int32Array | undefined;
}

/** How the supporters of the project funded at one step split: (class, weight) → child class. */
interface Step {
	c: Int32Array;
	w: Int32Array;
	n: Float64Array;
	child: Int32Array;
}

/**
 * One reusable MES machine per profile.
 *
 * Voters are tracked in classes: a class is the list of (funded project, weight) a voter has had
 * to pay for so far, so all its voters have the same money. Which class a voter is in depends
 * only on the funding order, not on the money; the money of each class is per run. The structure
 * along the last run's funding order (the class tree, how each funded project's supporters split,
 * each project's supporters by class, each group's class history) is kept, so the next add1 run,
 * which usually funds the same projects in the same order for a long way, only redoes arithmetic
 * per class until its order departs from the cached one.
 */
class MesEngine {
	readonly pf: Profile;
	readonly weighted: boolean;
	readonly candidates: number[];
	readonly kappa: Float64Array;
	readonly kappaExact: bigint[];
	readonly coSupport: Uint8Array | undefined;
	readonly wTotal: Float64Array;
	exactDecisions = 0;

	// --- Structure along the cached funding order (shared by reruns) ---
	pathSel: number[] = [];
	classFirst: number[] = [];
	steps: Step[] = [];
	/**
	 * Per group: its class history, hLen[g] (state, class) pairs stored interleaved in `hist`
	 * from 2·gStart[g] (a group changes class at most once per project on its ballot).
	 */
	readonly hist: Int32Array;
	readonly hLen: Int32Array;
	/** Per group: its latest (state, class) pair, the common case of a lookup, kept compact. */
	readonly gLast: Int32Array;
	/** Per supporter entry (aligned with pf.pGroup): the group's gStart and voter count. */
	readonly eBase: Int32Array;
	readonly eCount: Float64Array;
	readonly views: View[][];
	cachedEntries = 0;
	cParent: Int32Array;
	cStep: Int32Array;
	cW: Int32Array;
	nClasses = 1;

	// --- Per run ---
	/** Money of each voter in a class, in floating point (error ≤ delta). */
	cBudget: Float64Array;
	readonly active: Uint8Array;
	readonly fresh: Uint8Array;
	/** State at which each project's supporters last changed class. */
	readonly changedAt: Int32Array;
	readonly curView: Array<View | undefined>;
	/** Proven lower bound on ρ. */
	readonly lb: Float64Array;
	/** When fresh: proven intervals for ρ and for π = ρ·κ. */
	readonly rLo: Float64Array;
	readonly rHi: Float64Array;
	readonly piLo: Float64Array;
	readonly piHi: Float64Array;
	D = 1n;
	b0Num = 0n;
	piNum: bigint[] = [];
	selected: number[] = [];
	b0f = 0;
	delta = 0;
	facts: MesFacts[] = [];

	// --- Scratch ---
	cStamp: Int32Array;
	cTo: Int32Array;
	cPoor: Float64Array;
	cPoorStamp: Int32Array;
	stamp = 0;
	readonly transMap = new Map<number, number>();
	readonly sB: Float64Array;
	readonly sN: Float64Array;
	readonly sW: Float64Array;
	readonly tmpC: Int32Array;
	readonly tmpN: Float64Array;
	readonly tmpW: Int32Array;
	readonly tmpChild: Int32Array;
	decision: Uint8Array;
	readonly mScratch: Float64Array;

	constructor(pf: Profile, candidates: number[]) {
		this.pf = pf;
		this.candidates = candidates;
		this.weighted = pf.kind === 'cumulative';
		const P = pf.ids.length;
		const G = pf.groups;
		const E = pf.pGroup.length;
		this.kappa = new Float64Array(P);
		this.kappaExact = [];
		for (let p = 0; p < P; p++) {
			this.kappa[p] = this.weighted ? 1 : pf.costF[p];
			this.kappaExact.push(this.weighted ? 1n : pf.cost[p]);
		}
		this.wTotal = new Float64Array(P);
		let maxLen = 1;
		for (let p = 0; p < P; p++) {
			this.wTotal[p] = pf.kind === 'approval' ? pf.supporters[p] : pf.score[p];
			maxLen = Math.max(maxLen, pf.pStart[p + 1] - pf.pStart[p]);
		}
		this.coSupport = buildCoSupport(pf);
		this.hist = new Int32Array(2 * E);
		this.hLen = new Int32Array(G);
		this.gLast = new Int32Array(2 * G); // (0, ROOT) for everyone
		this.eBase = new Int32Array(E);
		this.eCount = new Float64Array(E);
		for (let k = 0; k < E; k++) {
			const g = pf.pGroup[k];
			this.eBase[k] = pf.gStart[g];
			this.eCount[k] = pf.gCount[g];
		}
		this.views = Array.from({ length: P }, () => []);
		this.active = new Uint8Array(P);
		this.fresh = new Uint8Array(P);
		this.changedAt = new Int32Array(P);
		this.curView = new Array(P).fill(undefined);
		this.lb = new Float64Array(P);
		this.rLo = new Float64Array(P);
		this.rHi = new Float64Array(P);
		this.piLo = new Float64Array(P);
		this.piHi = new Float64Array(P);
		const cap = Math.max(64, G + 2);
		this.cParent = new Int32Array(cap);
		this.cStep = new Int32Array(cap);
		this.cW = new Int32Array(cap);
		this.cBudget = new Float64Array(cap);
		this.cStamp = new Int32Array(cap);
		this.cTo = new Int32Array(cap);
		this.cPoor = new Float64Array(cap);
		this.cPoorStamp = new Int32Array(cap);
		this.cParent[ROOT] = -1;
		this.sB = new Float64Array(maxLen);
		this.sN = new Float64Array(maxLen);
		this.sW = new Float64Array(maxLen);
		this.tmpC = new Int32Array(maxLen);
		this.tmpN = new Float64Array(maxLen);
		this.tmpW = new Int32Array(maxLen);
		this.tmpChild = new Int32Array(maxLen);
		this.decision = new Uint8Array(maxLen);
		this.mScratch = new Float64Array(P + 1);
	}

	run(k: number, facts: MesFacts[]): RunOutcome {
		const pf = this.pf;
		const n = BigInt(pf.voters);
		this.facts = facts;
		// Each voter starts with b0 = budget/n + k units, exactly: numerator over D = n.
		this.D = n;
		this.b0Num = pf.budget + BigInt(k) * pf.unit * n;
		this.b0f = ratioToNumber(this.b0Num, n);
		this.piNum = [];
		this.selected = [];
		this.cBudget[ROOT] = this.b0f;
		this.changedAt.fill(0);
		this.curView.fill(undefined);
		this.active.fill(0);
		this.fresh.fill(0);
		for (const p of this.candidates) {
			this.active[p] = 1;
			// F(π) ≤ π·W, so π ≥ cost/W: a proven lower bound on ρ to start from.
			this.lb[p] = (pf.costF[p] / (this.kappa[p] * this.wTotal[p])) * (1 - 8 * U);
		}
		let act = this.candidates.slice();
		const rank = pf.rank;
		const lb = this.lb;

		for (;;) {
			const t = this.selected.length;
			this.delta = 2 * U * this.b0f * (8 + t);
			act = act.filter((p) => this.active[p] === 1);
			if (act.length === 0) break;
			act.sort((a, b) => lb[a] - lb[b] || rank[a] - rank[b]);
			// Evaluate the cached order's choice for this step first: usually it is the winner.
			const h = this.pathSel[t];
			if (h !== undefined && this.active[h] && !this.fresh[h]) {
				if (this.evaluate(h) === EVAL_UNAFFORDABLE) this.active[h] = 0;
			}
			let bestHi = Infinity;
			const contenders: number[] = [];
			for (const p of act) {
				if (lb[p] > bestHi) break;
				if (!this.active[p]) continue;
				if (!this.fresh[p] && this.evaluate(p) === EVAL_UNAFFORDABLE) {
					this.active[p] = 0;
					continue;
				}
				if (this.rHi[p] < bestHi) bestHi = this.rHi[p];
				contenders.push(p);
			}
			let winner = -1;
			for (const p of contenders) {
				if (this.rLo[p] > bestHi) continue;
				if (winner === -1) winner = p;
				else {
					winner = this.resolveExactly(contenders.filter((q) => this.rLo[q] <= bestHi));
					break;
				}
			}
			if (winner === -1) break;
			this.charge(winner);
		}
		return { selected: this.selected.slice(), facts: this.facts };
	}

	// ---------------------------------------------------------------- structure

	/** Forgets the cached funding order from step t on. */
	private truncate(t: number): void {
		const pf = this.pf;
		const { hist, hLen, gLast } = this;
		for (let s = this.pathSel.length - 1; s >= t; s--) {
			const j = this.pathSel[s];
			for (let k = pf.pStart[j]; k < pf.pStart[j + 1]; k++) {
				const g = pf.pGroup[k];
				const len = --hLen[g];
				const at = 2 * (this.eBase[k] + len - 1);
				gLast[2 * g] = len > 0 ? hist[at] : 0;
				gLast[2 * g + 1] = len > 0 ? hist[at + 1] : ROOT;
			}
		}
		this.nClasses = this.classFirst[t];
		this.pathSel.length = t;
		this.classFirst.length = t;
		this.steps.length = t;
		for (let p = 0; p < this.views.length; p++) {
			const vs = this.views[p];
			while (vs.length && vs[vs.length - 1].from > t) this.cachedEntries -= (vs.pop() as View).c.length;
		}
	}

	/** Appends project j to the cached funding order: its supporters move to child classes. */
	private extend(j: number): void {
		const pf = this.pf;
		const t = this.pathSel.length;
		const s = pf.pStart[j];
		const e = pf.pStart[j + 1];
		if (this.nClasses + (e - s) + 2 > this.cParent.length) this.growClasses(this.nClasses + (e - s) + 2);
		this.classFirst.push(this.nClasses);
		const { hist, hLen, gLast, eBase, eCount, cStamp, cTo, tmpC, tmpN, tmpW, tmpChild } = this;
		const pGroup = pf.pGroup;
		const st = ++this.stamp;
		const map = this.transMap;
		map.clear();
		const maxW1 = pf.maxWeight + 1;
		let m = 0;
		for (let k = s; k < e; k++) {
			const g = pGroup[k];
			const len = hLen[g];
			const at = 2 * (eBase[k] + len);
			const c = gLast[2 * g + 1];
			let idx: number;
			if (!this.weighted) {
				if (cStamp[c] === st) idx = cTo[c];
				else {
					cStamp[c] = st;
					idx = cTo[c] = m++;
					tmpC[idx] = c;
					tmpW[idx] = 1;
					tmpN[idx] = 0;
					tmpChild[idx] = this.newClass(c, t, 1);
				}
			} else {
				const w = pf.pWeight[k];
				const key = c * maxW1 + w;
				const got = map.get(key);
				if (got !== undefined) idx = got;
				else {
					idx = m++;
					map.set(key, idx);
					tmpC[idx] = c;
					tmpW[idx] = w;
					tmpN[idx] = 0;
					tmpChild[idx] = this.newClass(c, t, w);
				}
			}
			tmpN[idx] += eCount[k];
			hist[at] = t + 1;
			hist[at + 1] = gLast[2 * g + 1] = tmpChild[idx];
			gLast[2 * g] = t + 1;
			hLen[g] = len + 1;
		}
		this.steps.push({ c: tmpC.slice(0, m), w: tmpW.slice(0, m), n: tmpN.slice(0, m), child: tmpChild.slice(0, m) });
		this.pathSel.push(j);
	}

	private newClass(parent: number, step: number, w: number): number {
		const c = this.nClasses++;
		this.cParent[c] = parent;
		this.cStep[c] = step;
		this.cW[c] = w;
		this.cStamp[c] = 0;
		this.cPoorStamp[c] = 0;
		return c;
	}

	/** Project p's supporters by (class, weight) in the current state (cached when possible). */
	private view(p: number): View {
		const from = this.changedAt[p];
		const cur = this.curView[p];
		if (cur !== undefined && cur.from === from) return cur;
		const vs = this.views[p];
		for (let i = vs.length - 1; i >= 0; i--) {
			if (vs[i].from === from) return (this.curView[p] = vs[i]);
			if (vs[i].from < from) break;
		}
		const v = this.gather(p, from);
		if (this.cachedEntries + v.c.length > VIEW_CACHE_LIMIT) {
			for (const list of this.views) list.length = 0;
			this.cachedEntries = 0;
		}
		// Keep versions sorted by `from`.
		let at = vs.length;
		while (at > 0 && vs[at - 1].from > from) at--;
		vs.splice(at, 0, v);
		this.cachedEntries += v.c.length;
		return (this.curView[p] = v);
	}

	/** Builds project p's view from the group class histories, at the current state. */
	private gather(p: number, from: number): View {
		const pf = this.pf;
		const t = this.selected.length;
		const { hist, hLen, gLast, eBase, eCount, cStamp, cTo, tmpC, tmpN, tmpW } = this;
		const pGroup = pf.pGroup;
		const s = pf.pStart[p];
		const e = pf.pStart[p + 1];
		const st = ++this.stamp;
		const weighted = this.weighted;
		const map = this.transMap;
		map.clear();
		const maxW1 = pf.maxWeight + 1;
		let m = 0;
		for (let k = s; k < e; k++) {
			const g2 = 2 * pGroup[k];
			let c: number;
			if (gLast[g2] <= t) c = gLast[g2 + 1];
			else {
				// Changed after the current state (later on the cached order): look back.
				const base2 = 2 * eBase[k];
				let h = base2 + 2 * (hLen[g2 >> 1] - 2);
				while (h >= base2 && hist[h] > t) h -= 2;
				c = h >= base2 ? hist[h + 1] : ROOT;
			}
			if (!weighted) {
				if (cStamp[c] === st) tmpN[cTo[c]] += eCount[k];
				else {
					cStamp[c] = st;
					cTo[c] = m;
					tmpC[m] = c;
					tmpN[m] = eCount[k];
					m++;
				}
			} else {
				const w = pf.pWeight[k];
				const key = c * maxW1 + w;
				const got = map.get(key);
				if (got !== undefined) tmpN[got] += eCount[k];
				else {
					map.set(key, m);
					tmpC[m] = c;
					tmpW[m] = w;
					tmpN[m] = eCount[k];
					m++;
				}
			}
		}
		return { from, c: tmpC.slice(0, m), n: tmpN.slice(0, m), w: weighted ? tmpW.slice(0, m) : undefined };
	}

	// ---------------------------------------------------------------- evaluation

	/**
	 * Re-evaluates project p: EVAL_UNAFFORDABLE (proven) or EVAL_INTERVAL (rLo/rHi now hold a
	 * proven interval for ρ). Solving fully gives a tight lower bound that keeps p out of the
	 * next steps' work until it could win.
	 */
	evaluate(p: number): number {
		const pf = this.pf;
		const v = this.view(p);
		const cb = this.cBudget;
		const vc = v.c;
		const vn = v.n;
		const vw = v.w;
		const { sB, sN, sW } = this;
		const c = pf.costF[p];
		const kap = this.kappa[p];
		const delta = this.delta;
		let cert = this.lb[p] * kap * (1 - 4 * U);
		if (!(cert > 0)) cert = 0;
		let x = cert;

		// Pass 1 over the view: skip classes with no money, copy the rest for the next passes.
		let A = 0;
		let W = 0;
		let Nal = 0;
		let Ps = 0;
		let Ns = 0;
		let Ws = 0;
		let Wfar = 0;
		let far = x * (1 + EPS) + delta;
		let m = 0;
		const len = vc.length;
		if (vw === undefined) {
			for (let i = 0; i < len; i++) {
				// Branch-free: classes with no money (b = 0) add nothing and are not kept.
				const b = cb[vc[i]];
				const nn = b > 0 ? vn[i] : 0;
				sB[m] = b;
				sN[m] = nn;
				m += nn > 0 ? 1 : 0;
				A += nn * b;
				Nal += nn;
				const poor = b < x ? nn : 0;
				Ps += poor * b;
				Ns += poor;
				Wfar += b >= far ? nn : 0;
			}
			W = Nal;
			Ws = Ns;
		} else {
			for (let i = 0; i < len; i++) {
				const b = cb[vc[i]];
				const nn = b > 0 ? vn[i] : 0;
				const w = vw[i];
				sB[m] = b;
				sN[m] = nn;
				sW[m] = w;
				m += nn > 0 ? 1 : 0;
				A += nn * b;
				Nal += nn;
				W += nn * w;
				const poor = b < x * w ? nn : 0;
				Ps += poor * b;
				Ns += poor;
				Ws += poor * w;
				Wfar += b >= far * w ? nn * w : 0;
			}
		}
		const errA = Nal * delta + (m + 2) * U * A + 2 * U * c;
		if (A + errA < c || (A - errA < c && !this.exactAffordable(p))) {
			const f = this.facts[p];
			f.moneyLeft = A / Number(pf.unit);
			f.lastRho = this.lb[p];
			f.unaffordableAfter = this.selected.length;
			return EVAL_UNAFFORDABLE;
		}

		// Poor/rich iteration: every iterate (cost − money of the "poor")/(weight of the "rich")
		// is a lower bound on π, whichever set is called poor; stop when it no longer grows.
		for (;;) {
			const Wr = W - Ws;
			if (Wr <= 0) return this.fallback(p, cert, x);
			const npi = (c - Ps) / Wr;
			const epi = (Ns * delta + (m + 3) * U * (c + Ps)) / Wr + 4 * U * npi;
			if (npi - epi > cert) cert = npi - epi;
			if (npi <= x) {
				// Upper bound: F(x) ≥ F̃(x) − err, and F grows at least at rate Wfar on [x, x(1+ε)].
				const Fx = Ps + x * Wr;
				const errFx = Nal * delta + (m + 3) * U * (Fx + c);
				const deficit = c - (Fx - errFx);
				let hi: number;
				if (deficit <= 0) hi = x;
				else if (Wfar > 0 && deficit / Wfar <= x * EPS * 0.5) hi = (x + deficit / Wfar) * (1 + 4 * U);
				else return this.fallback(p, cert, x);
				return this.setInterval(p, cert, hi);
			}
			x = npi;
			far = x * (1 + EPS) + delta;
			Ps = 0;
			Ns = 0;
			Ws = 0;
			Wfar = 0;
			if (vw === undefined) {
				for (let i = 0; i < m; i++) {
					const b = sB[i];
					const poor = b < x ? sN[i] : 0;
					Ps += poor * b;
					Ns += poor;
					Wfar += b >= far ? sN[i] : 0;
				}
				Ws = Ns;
			} else {
				for (let i = 0; i < m; i++) {
					const b = sB[i];
					const w = sW[i];
					const poor = b < x * w ? sN[i] : 0;
					Ps += poor * b;
					Ns += poor;
					Ws += poor * w;
					Wfar += b >= far * w ? sN[i] * w : 0;
				}
			}
		}
	}

	private setInterval(p: number, lo: number, hi: number): number {
		const kap = this.kappa[p];
		this.piLo[p] = lo;
		this.piHi[p] = hi;
		this.rLo[p] = (lo / kap) * (1 - 4 * U);
		this.rHi[p] = (hi / kap) * (1 + 4 * U);
		if (this.rLo[p] > this.lb[p]) this.lb[p] = this.rLo[p];
		this.fresh[p] = 1;
		return EVAL_INTERVAL;
	}

	/** Floating point could not bracket π tightly: compute it exactly and use that. */
	private fallback(p: number, lo: number, guess: number): number {
		this.exactDecisions++;
		const sol = this.exactSolve(p, lo, guess * (1 + 1e-6) + this.delta);
		const v = ratioToNumber(sol.X, this.D * sol.Wr);
		return this.setInterval(p, v * (1 - 4 * U), v * (1 + 4 * U));
	}

	// ---------------------------------------------------------------- exact arithmetic

	/** Exact: do p's supporters still have at least its cost between them? */
	private exactAffordable(p: number): boolean {
		this.exactDecisions++;
		const v = this.view(p);
		const st = ++this.stamp;
		const touched: number[] = [];
		let N = 0;
		for (let i = 0; i < v.c.length; i++) {
			const c = v.c[i];
			if (this.cBudget[c] <= 0) continue;
			N += v.n[i];
			if (this.cPoorStamp[c] !== st) {
				this.cPoorStamp[c] = st;
				this.cPoor[c] = 0;
				touched.push(c);
			}
			this.cPoor[c] += v.n[i];
		}
		const money = BigInt(N) * this.b0Num - this.paidBy(touched);
		return money >= this.pf.cost[p] * this.D;
	}

	/** Σ over the given classes of (voters counted in cPoor) × (what each paid), exactly, over D. */
	private paidBy(classes: number[]): bigint {
		const M = this.mScratch;
		const T = this.selected.length;
		M.fill(0, 0, T);
		for (const c0 of classes) {
			const m = this.cPoor[c0];
			for (let c = c0; c > ROOT; c = this.cParent[c]) M[this.cStep[c]] += m * this.cW[c];
		}
		let sum = 0n;
		for (let i = 0; i < T; i++) if (M[i] !== 0) sum += BigInt(M[i]) * this.piNum[i];
		return sum;
	}

	/** Exact money of one voter of a class (one that still has money), over D. */
	private classMoney(c0: number): bigint {
		let v = this.b0Num;
		for (let c = c0; c > ROOT; c = this.cParent[c]) v -= BigInt(this.cW[c]) * this.piNum[this.cStep[c]];
		return v;
	}

	/**
	 * The exact price π of a project once its supporters are classified: those proven poor (money
	 * below lo·w) pay all they have, those proven rich (money above hi·w) pay π·w, and the few in
	 * between have exact money. π is the max over the ways of splitting the in-between ones in
	 * order of money/w: every candidate is a lower bound on π (whoever is called poor) and the
	 * true split is one of them, so the max is exact, provided hi ≥ π (checked by the callers).
	 * Returns π = X/(D·Wr).
	 */
	private priceFrom(
		p: number,
		Ns: number,
		Ws: number,
		Wal: number,
		poorClasses: number[],
		amb: Array<{ money: bigint; w: bigint; n: bigint }>
	): { X: bigint; Wr: bigint } {
		let poorMoney = BigInt(Ns) * this.b0Num - this.paidBy(poorClasses);
		if (amb.length) this.exactDecisions++;
		amb.sort((a, b) => {
			const l = a.money * b.w;
			const r = b.money * a.w;
			return l < r ? -1 : l > r ? 1 : 0;
		});
		const costD = this.pf.cost[p] * this.D;
		let bestX = -1n;
		let bestWr = 1n;
		let wPoor = BigInt(Ws);
		const wAll = BigInt(Wal);
		for (let m = 0; m <= amb.length; m++) {
			if (m > 0) {
				const it = amb[m - 1];
				poorMoney += it.n * it.money;
				wPoor += it.n * it.w;
			}
			const Wr = wAll - wPoor;
			if (Wr <= 0n) break;
			const X = costD - poorMoney;
			if (bestX < 0n || X * bestWr > bestX * Wr) {
				bestX = X;
				bestWr = Wr;
			}
		}
		if (bestX < 0n) throw new Error('MES: no price for an affordable project (internal error)');
		return { X: bestX, Wr: bestWr };
	}

	/** π ≤ hi, exactly? */
	private belowHi(sol: { X: bigint; Wr: bigint }, hi: number): boolean {
		if (hi === Infinity) return true;
		const h = Rational.fromNumber(hi);
		return sol.X * h.den <= h.num * this.D * sol.Wr;
	}

	/** Exact π for project p (read-only), from a proven lower bound lo and a guess hi. */
	exactSolve(p: number, lo: number, hi: number): { X: bigint; Wr: bigint } {
		const v = this.view(p);
		const delta = this.delta;
		for (;;) {
			const st = ++this.stamp;
			const poorClasses: number[] = [];
			const amb: Array<{ money: bigint; w: bigint; n: bigint }> = [];
			let Ns = 0;
			let Ws = 0;
			let Wal = 0;
			const loT = lo * (1 - 4 * U);
			const hiT = hi * (1 + 4 * U);
			for (let i = 0; i < v.c.length; i++) {
				const c = v.c[i];
				const b = this.cBudget[c];
				if (b <= 0) continue;
				const w = v.w === undefined ? 1 : v.w[i];
				const nn = v.n[i];
				Wal += nn * w;
				if (b + delta < loT * w) {
					if (this.cPoorStamp[c] !== st) {
						this.cPoorStamp[c] = st;
						this.cPoor[c] = 0;
						poorClasses.push(c);
					}
					this.cPoor[c] += nn;
					Ns += nn;
					Ws += nn * w;
				} else if (!(b - delta > hiT * w)) amb.push({ money: this.classMoney(c), w: BigInt(w), n: BigInt(nn) });
			}
			const sol = this.priceFrom(p, Ns, Ws, Wal, poorClasses, amb);
			if (this.belowHi(sol, hi)) return sol;
			hi = Infinity; // the guess was too low: classify again without an upper bound
		}
	}

	/** Several projects may share the smallest ρ: compare them exactly; ties → smallest id. */
	private resolveExactly(live: number[]): number {
		this.exactDecisions++;
		let best = -1;
		let bX = 0n;
		let bDen = 1n;
		for (const p of live) {
			const sol = this.exactSolve(p, this.piLo[p], this.piHi[p]);
			const v = ratioToNumber(sol.X, this.D * sol.Wr);
			this.setInterval(p, v * (1 - 4 * U), v * (1 + 4 * U));
			// ρ = X / (D·Wr·κ); D is common: compare X·(Wr'·κ') with X'·(Wr·κ).
			const den = sol.Wr * this.kappaExact[p];
			const l = sol.X * bDen;
			const r = bX * den;
			if (best === -1 || l < r || (l === r && this.pf.rank[p] < this.pf.rank[best])) {
				best = p;
				bX = sol.X;
				bDen = den;
			}
		}
		return best;
	}

	// ---------------------------------------------------------------- funding

	/**
	 * Funds project j. Its supporters, by (class, weight), are each classified once (pays all it
	 * has / pays π·w / too close to call, then decided exactly); the exact price follows from
	 * integer counts per class; each child class gets its money.
	 */
	private charge(j: number): void {
		const pf = this.pf;
		const t = this.selected.length;
		if (this.pathSel.length > t && this.pathSel[t] !== j) this.truncate(t);
		if (this.pathSel.length === t) this.extend(j);
		const step = this.steps[t];
		const m = step.c.length;
		if (this.decision.length < m) this.decision = new Uint8Array(m);
		const decision = this.decision;
		const cb = this.cBudget;
		const cPoor = this.cPoor;
		const cPoorStamp = this.cPoorStamp;
		const st = ++this.stamp;
		const loT = this.piLo[j] * (1 - 4 * U);
		const hi = this.piHi[j];
		const hiT = hi * (1 + 4 * U);
		const delta = this.delta;
		const poorClasses: number[] = [];
		const amb: Array<{ money: bigint; w: bigint; n: bigint }> = [];
		const ambAt: number[] = [];
		let Ns = 0;
		let Ws = 0;
		let Wal = 0;
		for (let i = 0; i < m; i++) {
			const c = step.c[i];
			const b = cb[c];
			if (b <= 0) {
				decision[i] = GONE;
				continue;
			}
			const w = step.w[i];
			const nn = step.n[i];
			Wal += nn * w;
			if (b + delta < loT * w) {
				decision[i] = PAYS_ALL;
				if (cPoorStamp[c] !== st) {
					cPoorStamp[c] = st;
					cPoor[c] = 0;
					poorClasses.push(c);
				}
				cPoor[c] += nn;
				Ns += nn;
				Ws += nn * w;
			} else if (b - delta > hiT * w) decision[i] = PAYS_SHARE;
			else {
				decision[i] = UNDECIDED;
				amb.push({ money: this.classMoney(c), w: BigInt(w), n: BigInt(nn) });
				ambAt.push(i);
			}
		}
		const money = amb.map((a) => a.money);
		const sol = this.priceFrom(j, Ns, Ws, Wal, poorClasses, amb);
		if (!this.belowHi(sol, hi)) {
			// Cannot happen when hi is proven; nothing has changed yet, so redo from the exact price.
			this.exactDecisions++;
			const exact = this.exactSolve(j, this.piLo[j], Infinity);
			const v = ratioToNumber(exact.X, this.D * exact.Wr);
			this.setInterval(j, v * (1 - 4 * U), v * (1 + 4 * U));
			return this.charge(j);
		}
		const { X, Wr } = sol;
		const DWr = this.D * Wr;
		// Rounded exact price: the error of a class's money grows additively, never compounds.
		const piF = ratioToNumber(X, DWr);
		let paidAll = Ns;
		for (let i = 0; i < m; i++) {
			const d = decision[i];
			const child = step.child[i];
			if (d === PAYS_SHARE) cb[child] = cb[step.c[i]] - piF * step.w[i];
			else if (d !== UNDECIDED) cb[child] = 0;
		}
		for (let a = 0; a < ambAt.length; a++) {
			const i = ambAt[a];
			const w = BigInt(step.w[i]);
			const left = money[a] * Wr - X * w; // (money − π·w)·D·Wr
			if (left > 0n) cb[step.child[i]] = ratioToNumber(left, DWr);
			else {
				cb[step.child[i]] = 0;
				paidAll += step.n[i];
			}
		}

		// Exact bookkeeping: π_t = X/(D·Wr) = (X/g)/(D·f) with g = gcd(X, Wr), f = Wr/g.
		const g = gcdSmall(Number(X % Wr), Number(Wr));
		const f = Wr / BigInt(g);
		if (f !== 1n) {
			this.D *= f;
			this.b0Num *= f;
			for (let i = 0; i < t; i++) this.piNum[i] *= f;
		}
		this.piNum.push(X / BigInt(g));
		this.selected.push(j);
		this.active[j] = 0;
		this.fresh[j] = 0;
		const fj = this.facts[j];
		fj.round = t + 1;
		fj.rho = piF / this.kappa[j];
		fj.pricePerVote = piF / Number(pf.unit);
		fj.paidAllTheyHad = paidAll;
		// Projects sharing supporters with j: their supporters changed class.
		const P = pf.ids.length;
		const co = this.coSupport;
		for (const q of this.candidates) {
			if (co === undefined || co[j * P + q]) {
				this.fresh[q] = 0;
				this.changedAt[q] = t + 1;
			}
		}
	}

	private growClasses(min: number): void {
		let size = this.cParent.length;
		while (size < min) size *= 2;
		const grow = <T extends Int32Array | Float64Array>(a: T): T => {
			const b = new (a.constructor as { new (n: number): T })(size);
			b.set(a);
			return b;
		};
		this.cParent = grow(this.cParent);
		this.cStep = grow(this.cStep);
		this.cW = grow(this.cW);
		this.cBudget = grow(this.cBudget);
		this.cStamp = grow(this.cStamp);
		this.cTo = grow(this.cTo);
		this.cPoor = grow(this.cPoor);
		this.cPoorStamp = grow(this.cPoorStamp);
	}
}

function gcdSmall(a: number, b: number): number {
	while (b) {
		const t = a % b;
		a = b;
		b = t;
	}
	return a;
}

/** P×P matrix: do projects p and q have a supporter in common? Undefined when too costly. */
function buildCoSupport(pf: Profile): Uint8Array | undefined {
	const P = pf.ids.length;
	let work = 0;
	for (let g = 0; g < pf.groups; g++) {
		const l = pf.gStart[g + 1] - pf.gStart[g];
		work += l * l;
	}
	if (work > 20_000_000 || P > 4000) return undefined;
	const m = new Uint8Array(P * P);
	const gp = pf.gProject;
	for (let g = 0; g < pf.groups; g++) {
		const a = pf.gStart[g];
		const b = pf.gStart[g + 1];
		for (let i = a; i < b; i++) {
			const row = gp[i] * P;
			for (let k = i; k < b; k++) {
				const q = gp[k];
				m[row + q] = 1;
				m[q * P + gp[i]] = 1;
			}
		}
	}
	return m;
}
