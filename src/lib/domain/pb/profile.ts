/**
 * The compact, numeric form of an election that the rules work on.
 *
 * - Money is scaled to integers: every cost and the budget are whole multiples of 10^-d for the
 *   largest number of decimals d in the file, so `cost[p]` and `budget` are exact bigints in
 *   units of 10^-d (`unit` = 10^d is one currency unit).
 * - Identical ballots are merged into one group with a multiplicity (how MES treats them anyway).
 * - A voter's score for a project is 1 for an approval, or the points for cumulative ballots
 *   (scaled to integers when points have decimals; only the ratios between points matter).
 * - Projects are also ranked by pabutools' default tie-breaking: by `project_id` as a string,
 *   compared by Unicode code points (Python's string order).
 */

import type { PbElection } from './pabulib';
import { PabulibError } from './pabulib';
import { parseDecimal } from './rational';

export class UnsupportedBallotsError extends Error {
	constructor(readonly voteType: string, rule: string) {
		super(
			`${rule} is not supported for ${voteType} ballots: it needs approval or cumulative ballots ` +
				`(this file has vote_type "${voteType}")`
		);
		this.name = 'UnsupportedBallotsError';
	}
}

export interface Profile {
	kind: 'approval' | 'cumulative';
	/** Number of voters, empty ballots included (MES gives each budget / voters). */
	voters: number;
	/** Project ids in file order; every other per-project array is indexed the same way. */
	ids: string[];
	names: string[];
	/** Costs in units of 10^-decimals. */
	cost: bigint[];
	costF: Float64Array;
	budget: bigint;
	/** 10^decimals: one currency unit in scaled units (the add1 step). */
	unit: bigint;
	decimals: number;
	/** Tie-breaking rank: 0 for the project pabutools prefers in a tie. */
	rank: Int32Array;
	/** Total score (votes or points, scaled) and number of supporting voters. */
	score: Float64Array;
	supporters: Float64Array;
	/** Groups of identical non-empty ballots: multiplicity and their (project, weight) entries. */
	groups: number;
	gCount: Float64Array;
	gStart: Int32Array;
	gProject: Int32Array;
	gWeight: Int32Array;
	/** The same entries by project: supporting groups and their weights. */
	pStart: Int32Array;
	pGroup: Int32Array;
	pWeight: Int32Array;
	maxWeight: number;
}

/** Compares two strings by Unicode code points, as Python does. */
export function compareIds(a: string, b: string): number {
	const n = Math.min(a.length, b.length);
	for (let i = 0; i < n; i++) {
		const x = a.charCodeAt(i);
		const y = b.charCodeAt(i);
		if (x === y) continue;
		// Surrogates (0xD800-0xDFFF) encode code points above 0xFFFF: they sort after the BMP.
		const sx = x >= 0xd800 && x <= 0xdfff;
		const sy = y >= 0xd800 && y <= 0xdfff;
		if (sx !== sy) return sx ? 1 : -1;
		return x - y;
	}
	return a.length - b.length;
}

export function buildProfile(e: PbElection, rule = 'this rule'): Profile {
	const vt = e.voteType;
	if (vt !== 'approval' && vt !== 'choose-1' && vt !== 'cumulative') throw new UnsupportedBallotsError(vt, rule);
	const kind = vt === 'cumulative' ? 'cumulative' : 'approval';
	const P = e.projects.length;
	const ids = e.projects.map((p) => p.id);
	const nameCol = e.projectColumns.indexOf('name');
	const names = e.projects.map((p) => (nameCol === -1 ? '' : (p.cells[nameCol] ?? '')));

	// Money: scale every amount to the largest number of decimals.
	const amounts = [e.budget, ...e.projects.map((p) => p.cost)].map((t) => parseDecimal(t));
	const decimals = Math.max(0, ...amounts.map((a) => a.scale));
	const scale = (a: { units: bigint; scale: number }) => a.units * 10n ** BigInt(decimals - a.scale);
	const budget = scale(amounts[0]);
	const cost = amounts.slice(1).map(scale);
	const costF = Float64Array.from(cost, (c) => Number(c));

	const order = ids.map((_, i) => i).sort((a, b) => compareIds(ids[a], ids[b]));
	const rank = new Int32Array(P);
	order.forEach((p, r) => (rank[p] = r));

	const index = new Map<string, number>();
	ids.forEach((id, i) => index.set(id, i));

	// Points: scale decimals away (cumulative only).
	let pointScale = 1n;
	if (kind === 'cumulative') {
		let maxScale = 0;
		for (const v of e.votes) for (const pt of v.points ?? []) {
			const dot = pt.search(/[.,]/);
			if (dot !== -1) maxScale = Math.max(maxScale, pt.length - dot - 1);
		}
		pointScale = 10n ** BigInt(maxScale);
	}

	// Group identical ballots, by a numeric hash of their sorted (project, weight) entries.
	const head = new Map<number, number>();
	const next: number[] = [];
	const counts: number[] = [];
	const flatP: number[] = [];
	const flatW: number[] = [];
	const starts: number[] = [0];
	const scratchW = new Int32Array(P);
	const touched: number[] = [];
	let maxWeight = 1;
	for (const v of e.votes) {
		const vote = v.vote;
		if (vote.length === 0) continue; // empty ballot: counts as a voter only
		touched.length = 0;
		for (let i = 0; i < vote.length; i++) {
			const p = index.get(vote[i]);
			if (p === undefined) throw new PabulibError(v.line, `the vote names project "${vote[i]}", which is not in PROJECTS`);
			if (kind === 'cumulative') {
				const d = parseDecimal((v.points as string[])[i]);
				const scaled = d.units * (pointScale / 10n ** BigInt(d.scale));
				if (scaled < 0n || scaled > 2_000_000_000n) throw new PabulibError(v.line, 'points must be between 0 and 2,000,000,000');
				const w = Number(scaled);
				if (scratchW[p] === 0 && w > 0) touched.push(p);
				else if (scratchW[p] !== 0 && w === 0) touched.splice(touched.indexOf(p), 1);
				scratchW[p] = w; // a project listed twice keeps its last points, as in pabutools
			} else if (scratchW[p] === 0) {
				scratchW[p] = 1;
				touched.push(p);
			}
		}
		const L = touched.length;
		if (L === 0) continue; // only zero points: counts as a voter only
		if (L > 1) touched.sort((a, b) => a - b);
		let h = L;
		for (let i = 0; i < L; i++) {
			const p = touched[i];
			h = (Math.imul(h, 0x9e3779b1) ^ (p + 1)) | 0;
			h = (Math.imul(h, 0x85ebca6b) ^ scratchW[p]) | 0;
		}
		let g = head.get(h);
		for (; g !== undefined && g !== -1; g = next[g]) {
			const a = starts[g];
			if (starts[g + 1] - a !== L) continue;
			let same = true;
			for (let i = 0; i < L && same; i++) same = flatP[a + i] === touched[i] && flatW[a + i] === scratchW[touched[i]];
			if (same) break;
		}
		if (g !== undefined && g !== -1) counts[g]++;
		else {
			const id = counts.length;
			next.push(head.get(h) ?? -1);
			head.set(h, id);
			counts.push(1);
			for (let i = 0; i < L; i++) {
				const p = touched[i];
				flatP.push(p);
				flatW.push(scratchW[p]);
				if (scratchW[p] > maxWeight) maxWeight = scratchW[p];
			}
			starts.push(flatP.length);
		}
		for (let i = 0; i < L; i++) scratchW[touched[i]] = 0;
	}

	const G = counts.length;
	const gCount = Float64Array.from(counts);
	const gStart = Int32Array.from(starts);
	const gProject = Int32Array.from(flatP);
	const gWeight = Int32Array.from(flatW);
	const E = gProject.length;
	const pLen = new Int32Array(P);
	for (let k = 0; k < E; k++) pLen[gProject[k]]++;
	const pStart = new Int32Array(P + 1);
	for (let p = 0; p < P; p++) pStart[p + 1] = pStart[p] + pLen[p];
	const fill = pStart.slice(0, P);
	const pGroup = new Int32Array(E);
	const pWeight = new Int32Array(E);
	const score = new Float64Array(P);
	const supporters = new Float64Array(P);
	for (let g = 0; g < G; g++) {
		for (let k = gStart[g]; k < gStart[g + 1]; k++) {
			const p = gProject[k];
			const at = fill[p]++;
			pGroup[at] = g;
			pWeight[at] = gWeight[k];
			score[p] += gCount[g] * gWeight[k];
			supporters[p] += gCount[g];
		}
	}
	return {
		kind,
		voters: e.votes.length,
		ids,
		names,
		cost,
		costF,
		budget,
		unit: 10n ** BigInt(decimals),
		decimals,
		rank,
		score,
		supporters,
		groups: G,
		gCount,
		gStart,
		gProject,
		gWeight,
		pStart,
		pGroup,
		pWeight,
		maxWeight
	};
}
