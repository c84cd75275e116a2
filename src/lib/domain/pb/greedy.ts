/**
 * Greedy by score: projects with a positive total score (votes for approval ballots, points for
 * cumulative ballots), highest first, ties by pabutools' default (smallest project_id as a
 * string); each is funded if its cost still fits in what is left, otherwise skipped.
 * This is pabutools' `greedy_utilitarian_welfare` with satisfaction = score × cost. All money is
 * exact (scaled bigints).
 */

import type { Profile } from './profile';

export interface GreedyStep {
	project: number;
	/** Money left (scaled units) just before this project was considered. */
	left: bigint;
	funded: boolean;
}

export interface GreedyResult {
	/** Funded projects in the order they were funded (after the `initial` ones). */
	selected: number[];
	/** Every project considered, in order. */
	steps: GreedyStep[];
	/** Money left at the end (scaled units). */
	left: bigint;
}

/** Greedy on `budget` minus the cost of `initial` (already funded, e.g. by MES). */
export function greedy(profile: Profile, initial: readonly number[] = []): GreedyResult {
	const taken = new Uint8Array(profile.ids.length);
	let left = profile.budget;
	for (const p of initial) {
		taken[p] = 1;
		left -= profile.cost[p];
	}
	const order: number[] = [];
	for (let p = 0; p < profile.ids.length; p++) if (!taken[p] && profile.score[p] > 0) order.push(p);
	order.sort((a, b) => profile.score[b] - profile.score[a] || profile.rank[a] - profile.rank[b]);
	const selected: number[] = [];
	const steps: GreedyStep[] = [];
	for (const p of order) {
		const fits = profile.cost[p] <= left;
		steps.push({ project: p, left, funded: fits });
		if (fits) {
			selected.push(p);
			left -= profile.cost[p];
		}
	}
	return { selected, steps, left };
}
