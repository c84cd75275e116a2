import { formatDate, t, type MessageKey } from '$lib/i18n';

/**
 * "What's happening now" on a panel home: one calm list of things that need the panel or are
 * waiting on someone, each saying in ONE line what is being decided and by when (issue 3, item 3).
 *
 * Each feature adds its own kind: put it in `HappeningKind`, give it a "by when" wording in
 * `DUE_KEYS` (TypeScript insists), write a small `…Items()` builder below and call it from the
 * panel home's load. Open votes, consultations, live sessions and "we did" updates arrive in
 * later issues; today the list is made from recommendations still waiting for an answer.
 */
export type HappeningKind = 'recommendation' | 'vote';

export interface HappeningItem {
	kind: HappeningKind;
	/** The thing's own id: unique within its kind. */
	id: string;
	/** What it is about, e.g. the recommendation's title. */
	title: string;
	/** One line: what is being decided, or who must do what. */
	decides: string;
	/** ISO time it is due (closes, or must be answered); null if there is no date. */
	due: string | null;
	/** Where to read more or take part, when it has its own page. */
	href?: string;
}

const DUE_KEYS = {
	recommendation: 'panelHome.happening.due.recommendation',
	vote: 'panelHome.happening.due.vote'
} as const satisfies Record<HappeningKind, MessageKey>;

/** "answer due by 18 February 2027" (or the kind's own wording). */
export function dueLine(item: Pick<HappeningItem, 'kind' | 'due'>): string | null {
	return item.due ? t(DUE_KEYS[item.kind], { date: formatDate(item.due) }) : null;
}

/** The item's one line: "Your panel asked Tom Reed to do this – answer due by 18 February 2027". */
export function happeningLine(item: Pick<HappeningItem, 'kind' | 'decides' | 'due'>): string {
	const due = dueLine(item);
	return due ? t('panelHome.happening.line', { decides: item.decides, due }) : item.decides;
}

/** Soonest first; things with no date last. */
export function sortHappening(items: HappeningItem[]): HappeningItem[] {
	const at = (i: HappeningItem) => (i.due ? Date.parse(i.due) : Number.POSITIVE_INFINITY);
	return [...items].sort((a, b) => at(a) - at(b) || a.title.localeCompare(b.title));
}

export interface RecommendationForMember {
	id: string;
	title: string;
	commissioner: string;
	dueAt: string;
}

/**
 * Recommendations still waiting for a "we did" answer. The response side arrives with the
 * feedback-loop issue; until then every recommendation is waiting, so every one is listed.
 */
export function recommendationItems(recommendations: RecommendationForMember[]): HappeningItem[] {
	return recommendations.map((r) => ({
		kind: 'recommendation',
		id: r.id,
		title: r.title,
		decides: t('panelHome.happening.recommendation', { commissioner: r.commissioner }),
		due: r.dueAt,
		href: `#recommendation-${r.id}`
	}));
}

export interface OpenVote {
	id: string;
	title: string;
	budget: number;
	/** When voting closes, if the round says. */
	closesAt: string | null;
}

/** Budget rounds this panel can vote in right now: "Decide how £20,000 is spent – voting closes …". */
export function voteItems(votes: OpenVote[]): HappeningItem[] {
	return votes.map((v) => ({
		kind: 'vote',
		id: v.id,
		title: v.title,
		decides: t('panelHome.happening.vote', { amount: `£${v.budget.toLocaleString('en-GB')}` }),
		due: v.closesAt,
		href: `/budgets/${v.id}`
	}));
}
