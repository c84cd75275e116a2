/**
 * Fair tallies for a participatory-budgeting round: greedy, or the Method of Equal Shares with a
 * completion (`none`, `add1`, `add1u`), matching pabutools v1.2 outcome for outcome. Pure and
 * deterministic: parsed data in, result out. `explain()` turns one project's result into a plain
 * sentence for the results page.
 */

import { greedy } from './greedy';
import { methodOfEqualShares } from './equal-shares';
import type { MesFacts } from './equal-shares';
import type { PbElection } from './pabulib';
import { buildProfile } from './profile';
import type { Profile } from './profile';
import { formatScaled } from './rational';

export type RuleName = 'greedy' | 'mes';
export type Completion = 'none' | 'add1' | 'add1u';

export const RULES: readonly RuleName[] = ['greedy', 'mes'];
export const COMPLETIONS: readonly Completion[] = ['none', 'add1', 'add1u'];

/** Why a project was or was not funded, as facts; `explain()` words them. */
export type Reason =
	/** greedy: it still fitted when its turn came (by votes/points). */
	| 'fitted'
	/** greedy: the money left when its turn came was less than its cost. */
	| 'did_not_fit'
	/** MES: its supporters could share the cost (each paying at most their fair share). */
	| 'shared'
	/** MES: its supporters did not have enough money left between them. */
	| 'supporters_ran_short'
	/** add1u: funded afterwards with money MES left unspent, because it fitted. */
	| 'fitted_leftover'
	/** add1u: MES could not fund it and it did not fit in the money left over either. */
	| 'no_money_left'
	/** costs nothing and someone supported it. */
	| 'free'
	/** nobody voted for it (or gave it points). */
	| 'no_support';

export interface ProjectResult {
	id: string;
	name: string;
	/** Exact cost as a decimal string, and as a number for display. */
	cost: string;
	costValue: number;
	funded: boolean;
	reason: Reason;
	/** Voters who approved it / gave it points. */
	supporters: number;
	/** Votes (approval) or points (cumulative). */
	score: number;
	kind: 'approval' | 'cumulative';
	/** Position in the order projects were funded (1 = first), when funded. */
	order?: number;
	/** MES: what each supporter who could afford it paid per vote (or per point), currency units. */
	share?: number;
	/** MES: supporters who paid everything they had left (less than the full share). */
	paidAllTheyHad?: number;
	/** MES, not funded: the effective vote count when it was passed over (1/ρ for approvals). */
	effectiveVotes?: number;
	/** MES, not funded: money its supporters had left between them (currency units). */
	supportersMoneyLeft?: number;
	/** greedy / completion: money left when its turn came (currency units). */
	moneyLeftAtTurn?: number;
	/** Currency code from the election's META (e.g. "GBP", "PLN"), if any. */
	currency?: string;
}

export interface TallyResult {
	rule: RuleName;
	completion: Completion;
	/** Funded project ids, in the order they were funded. */
	selected: string[];
	/** Exact total cost and budget (decimal strings). */
	cost: string;
	budget: string;
	voters: number;
	projects: number;
	currency?: string;
	/** MES: how many currency units were added to each voter's starting money (add1/add1u). */
	increments?: number;
	/** MES: how many full MES runs were computed. */
	runs?: number;
	/** Decisions made in exact arithmetic because floating point was too close (diagnostic). */
	exactDecisions?: number;
	results: ProjectResult[];
}

export class TallyError extends Error {
	constructor(message: string) {
		super(message);
		this.name = 'TallyError';
	}
}

export interface TallyOptions {
	rule: RuleName;
	completion?: Completion;
}

/** Runs a rule on a parsed election (throws `UnsupportedBallotsError` for ordinal/scoring ballots). */
export function tally(election: PbElection, options: TallyOptions): TallyResult {
	const rule = options.rule;
	const completion: Completion = options.completion ?? 'none';
	if (!RULES.includes(rule)) throw new TallyError(`unknown rule "${rule}" (use ${RULES.join(' or ')})`);
	if (!COMPLETIONS.includes(completion)) throw new TallyError(`unknown completion "${completion}" (use ${COMPLETIONS.join(', ')})`);
	const label = rule === 'mes' ? 'the Method of Equal Shares' : 'greedy';
	const profile = buildProfile(election, label);
	return tallyProfile(profile, rule, completion, election.meta.currency);
}

/** Same as `tally` on an already compiled profile (lets callers reuse one profile for many rules). */
export function tallyProfile(profile: Profile, rule: RuleName, completion: Completion, currency?: string): TallyResult {
	const P = profile.ids.length;
	const unit = Number(profile.unit);
	const money = (v: bigint) => formatScaled(v, profile.decimals);
	const results: ProjectResult[] = profile.ids.map((id, p) => ({
		id,
		name: profile.names[p],
		cost: money(profile.cost[p]),
		costValue: Number(profile.cost[p]) / unit,
		funded: false,
		reason: 'no_support' as Reason,
		supporters: profile.supporters[p],
		score: profile.kind === 'approval' ? profile.supporters[p] : profile.score[p],
		kind: profile.kind,
		...(currency ? { currency } : {})
	}));

	let selected: number[];
	const extra: Partial<TallyResult> = {};
	if (rule === 'greedy') {
		if (completion !== 'none') throw new TallyError('completions apply to the Method of Equal Shares only (use --completion none with greedy)');
		const g = greedy(profile);
		selected = g.selected;
		g.selected.forEach((p, i) => (results[p].order = i + 1));
		for (const step of g.steps) {
			const r = results[step.project];
			r.funded = step.funded;
			r.reason = step.funded ? (profile.cost[step.project] === 0n ? 'free' : 'fitted') : 'did_not_fit';
			r.moneyLeftAtTurn = Number(step.left) / unit;
		}
	} else {
		const mes = methodOfEqualShares(profile, { add1: completion !== 'none' });
		selected = mes.selected.slice();
		extra.increments = mes.increments;
		extra.runs = mes.runs;
		extra.exactDecisions = mes.exactDecisions;
		mes.selected.forEach((p, i) => {
			const r = results[p];
			const f: MesFacts = mes.facts[p];
			r.funded = true;
			r.order = i + 1;
			r.reason = f.free ? 'free' : 'shared';
			if (f.pricePerVote !== undefined) r.share = f.pricePerVote;
			if (f.paidAllTheyHad !== undefined) r.paidAllTheyHad = f.paidAllTheyHad;
		});
		for (let p = 0; p < P; p++) {
			const r = results[p];
			if (r.funded || profile.supporters[p] <= 0) continue;
			const f = mes.facts[p];
			r.reason = 'supporters_ran_short';
			if (f.moneyLeft !== undefined) r.supportersMoneyLeft = f.moneyLeft;
			if (f.lastRho !== undefined && f.lastRho > 0) r.effectiveVotes = 1 / f.lastRho;
		}
		if (completion === 'add1u') {
			const g = greedy(profile, selected);
			for (const step of g.steps) {
				const r = results[step.project];
				r.moneyLeftAtTurn = Number(step.left) / unit;
				if (step.funded) {
					r.funded = true;
					r.reason = 'fitted_leftover';
					selected.push(step.project);
					r.order = selected.length;
				} else if (r.reason === 'supporters_ran_short') r.reason = 'no_money_left';
			}
		}
	}

	let total = 0n;
	for (const p of selected) total += profile.cost[p];
	return {
		rule,
		completion,
		selected: selected.map((p) => profile.ids[p]),
		cost: money(total),
		budget: money(profile.budget),
		voters: profile.voters,
		projects: P,
		...(currency ? { currency } : {}),
		...extra,
		results
	};
}

const SYMBOLS: Record<string, string> = { GBP: '£', EUR: '€', USD: '$', PLN: 'zł', CHF: 'CHF', JPY: '¥', INR: '₹' };

/** "£4,000", "4,000 zł", "CHF 60,000": whole amounts without decimals, else two decimals. */
export function formatMoney(amount: number, currency?: string): string {
	const whole = Math.abs(amount - Math.round(amount)) < 0.005;
	const text = (whole ? Math.round(amount) : amount).toLocaleString('en-GB', {
		minimumFractionDigits: whole ? 0 : 2,
		maximumFractionDigits: whole ? 0 : 2
	});
	const code = (currency ?? '').toUpperCase();
	const sym = SYMBOLS[code];
	if (code === 'PLN') return `${text} zł`;
	if (sym && sym.length === 1) return `${sym}${text}`;
	if (code) return `${code} ${text}`;
	return text;
}

function people(n: number, one: string, many: string): string {
	return `${n.toLocaleString('en-GB')} ${n === 1 ? one : many}`;
}

/**
 * One plain sentence (for a 10-year-old) on why a project was or was not funded, e.g.
 * "Funded: 212 voters supported it and they could share its £4,000 cost".
 */
export function explain(r: ProjectResult, currency = r.currency): string {
	const cost = formatMoney(r.costValue, currency);
	const who = r.kind === 'approval' ? people(r.supporters, 'voter', 'voters') : people(r.supporters, 'voter', 'voters');
	const votes =
		r.kind === 'approval' ? people(r.score, 'vote', 'votes') : people(r.score, 'point', 'points');
	switch (r.reason) {
		case 'free':
			return `Funded: it costs nothing and ${who} wanted it`;
		case 'fitted':
			return `Funded: it got ${votes}, and its ${cost} cost still fitted in the money left`;
		case 'shared':
			return r.supporters === 1
				? `Funded: 1 voter supported it and could pay its ${cost} cost from their fair share`
				: `Funded: ${who} supported it and they could share its ${cost} cost`;
		case 'fitted_leftover':
			return `Funded: after the fair shares were spent, there was still enough money left for its ${cost} cost`;
		case 'did_not_fit':
			return `Not funded: there was not enough money left for its ${cost} cost when its turn came`;
		case 'supporters_ran_short':
			return r.supporters === 1
				? `Not funded: it would have cost its only supporter more than their fair share`
				: `Not funded: it would have cost each of its ${people(r.supporters, 'supporter', 'supporters')} more than their fair share`;
		case 'no_money_left':
			return `Not funded: there was not enough money left`;
		case 'no_support':
			return `Not funded: nobody voted for it`;
	}
}
