/**
 * Participatory budgeting, the young person's side of the rules (supabase/migrations/…_budgets.sql
 * holds the same rules as the law; the tally engine is in ./pb/). Pure: no I/O, safe in the browser,
 * so the live running total with JavaScript and the "Update my total" page without it say exactly
 * the same thing.
 *
 * - A ballot rule, said in plain words on the ballot (`ruleSentence`).
 * - A choice: project id → 1 (picked) for knapsack and k-approval, or points for points ballots.
 * - `ballotStatus`: the running total, what's left, and every problem, in words a 10-year-old gets.
 * - `whyItDoesNotFit`: for one project, why adding it breaks the rule ("This costs £9,500 but only
 *   £4,000 is left").
 * - `shuffleFor`: the projects in a random order for each voter, the same order every time for
 *   that voter (seeded with the voter and the round).
 * - zod schemas for every form at the edge.
 */
import { z } from 'zod';
import { t } from '$lib/i18n';
import { hasContactDetails } from './contact-details';
import { makeElection } from './pb/pabulib';
import { explain, tally, type ProjectResult, type Reason } from './pb/rules';

// ---------------------------------------------------------------------------------------------
// Money
// ---------------------------------------------------------------------------------------------

/** Budgets are whole pounds. "£20,000". */
export function formatPounds(pounds: number): string {
	const sign = pounds < 0 ? '-' : '';
	return `${sign}£${Math.abs(Math.round(pounds)).toLocaleString('en-GB')}`;
}

// ---------------------------------------------------------------------------------------------
// Ballot rules
// ---------------------------------------------------------------------------------------------

export const BALLOT_KINDS = ['knapsack', 'k_approval', 'points'] as const;
export type BallotKind = (typeof BALLOT_KINDS)[number];

export type BallotRule =
	/** Pick projects whose costs add up to at most `budget` (and at least `minPercent`% of it). */
	| { kind: 'knapsack'; budget: number; minPercent: number }
	/** Pick between `min` and `max` projects. */
	| { kind: 'k_approval'; min: number; max: number }
	/** Share `total` points, at most `maxPerProject` on one project. */
	| { kind: 'points'; total: number; maxPerProject: number };

export interface BallotProject {
	id: string;
	title: string;
	/** Whole pounds. */
	cost: number;
}

/** Project id → 1 when picked (knapsack, k-approval) or the points given (points). */
export type Choice = Record<string, number>;

/** The rule in one plain sentence, as the ballot says it. */
export function ruleSentence(rule: BallotRule): string {
	switch (rule.kind) {
		case 'knapsack':
			return rule.minPercent > 0
				? t('budgets.rules.knapsackMin', { budget: formatPounds(rule.budget), min: formatPounds(minSpend(rule)) })
				: t('budgets.rules.knapsack', { budget: formatPounds(rule.budget) });
		case 'k_approval':
			if (rule.min === rule.max) return rule.min === 1 ? t('budgets.rules.kExactlyOne') : t('budgets.rules.kExactly', { count: rule.min });
			if (rule.min <= 0) return t('budgets.rules.kUpTo', { max: rule.max });
			return t('budgets.rules.kBetween', { min: rule.min, max: rule.max });
		case 'points':
			return t('budgets.rules.points', { total: rule.total, max: rule.maxPerProject });
	}
}

/** Knapsack: the least they must spend (whole pounds, rounded up), 0 when there is no minimum. */
export function minSpend(rule: Extract<BallotRule, { kind: 'knapsack' }>): number {
	return rule.minPercent > 0 ? Math.ceil((rule.budget * rule.minPercent) / 100) : 0;
}

export type Problem =
	| { code: 'over_budget'; spent: number; budget: number }
	| { code: 'under_min'; spent: number; min: number }
	| { code: 'too_few'; count: number; min: number }
	| { code: 'too_many'; count: number; max: number }
	| { code: 'too_many_points'; used: number; total: number }
	| { code: 'too_many_on_one'; projectId: string; title: string; points: number; max: number }
	| { code: 'no_choice' }
	| { code: 'unknown_project' };

export interface BallotStatus {
	kind: BallotKind;
	/** Pounds spent (knapsack), projects picked (k-approval) or points used (points). */
	used: number;
	/** The limit those are measured against: budget, most projects, or points to share. */
	limit: number;
	/** limit − used; negative when over. */
	left: number;
	/** How many projects are picked (or have at least one point). */
	count: number;
	/** Pounds the picked projects cost, whatever the rule (shown on the check page). */
	cost: number;
	problems: Problem[];
	/** No problems: this ballot may be cast. */
	ok: boolean;
}

/** Keeps only the entries that count: known projects, positive whole numbers. */
export function cleanChoice(projects: readonly BallotProject[], choice: Choice): Choice {
	const known = new Set(projects.map((p) => p.id));
	const out: Choice = {};
	for (const [id, n] of Object.entries(choice)) if (known.has(id) && Number.isInteger(n) && n > 0) out[id] = n;
	return out;
}

/**
 * The running total and what's left, and everything that stops the ballot being cast, in the
 * order the page lists them. Knapsack and k-approval read a picked project as picked whatever its
 * number; points ballots read the points.
 */
export function ballotStatus(rule: BallotRule, projects: readonly BallotProject[], choice: Choice): BallotStatus {
	const problems: Problem[] = [];
	if (Object.keys(choice).some((id) => !projects.some((p) => p.id === id))) problems.push({ code: 'unknown_project' });
	const picked = projects.filter((p) => (choice[p.id] ?? 0) > 0);
	const count = picked.length;
	const cost = picked.reduce((sum, p) => sum + p.cost, 0);
	let used: number;
	let limit: number;
	switch (rule.kind) {
		case 'knapsack': {
			used = cost;
			limit = rule.budget;
			if (count === 0) problems.push({ code: 'no_choice' });
			else if (cost > rule.budget) problems.push({ code: 'over_budget', spent: cost, budget: rule.budget });
			else if (cost < minSpend(rule)) problems.push({ code: 'under_min', spent: cost, min: minSpend(rule) });
			break;
		}
		case 'k_approval': {
			used = count;
			limit = rule.max;
			if (count === 0 && rule.min > 0) problems.push({ code: 'no_choice' });
			else if (count < rule.min) problems.push({ code: 'too_few', count, min: rule.min });
			if (count > rule.max) problems.push({ code: 'too_many', count, max: rule.max });
			break;
		}
		case 'points': {
			used = picked.reduce((sum, p) => sum + (choice[p.id] ?? 0), 0);
			limit = rule.total;
			if (used === 0) problems.push({ code: 'no_choice' });
			for (const p of picked) {
				const n = choice[p.id] ?? 0;
				if (n > rule.maxPerProject) problems.push({ code: 'too_many_on_one', projectId: p.id, title: p.title, points: n, max: rule.maxPerProject });
			}
			if (used > rule.total) problems.push({ code: 'too_many_points', used, total: rule.total });
			break;
		}
	}
	return { kind: rule.kind, used, limit, left: limit - used, count, cost, problems, ok: problems.length === 0 };
}

/**
 * Why this project does not fit with the other choices, or null when it does. For a picked
 * project it asks "would it fit without it?"; for one not picked, "would it fit if added?".
 * Points ballots: whether one more point fits in what is left.
 */
export function whyItDoesNotFit(rule: BallotRule, projects: readonly BallotProject[], choice: Choice, projectId: string): string | null {
	const project = projects.find((p) => p.id === projectId);
	if (!project) return null;
	const others = projects.filter((p) => p.id !== projectId && (choice[p.id] ?? 0) > 0);
	switch (rule.kind) {
		case 'knapsack': {
			const left = rule.budget - others.reduce((sum, p) => sum + p.cost, 0);
			if (project.cost <= left) return null;
			if (project.cost > rule.budget) return t('budgets.fit.overWholeBudget', { cost: formatPounds(project.cost), budget: formatPounds(rule.budget) });
			return t('budgets.fit.costsMoreThanLeft', { cost: formatPounds(project.cost), left: formatPounds(Math.max(0, left)) });
		}
		case 'k_approval':
			return others.length >= rule.max ? t('budgets.fit.tooManyPicked', { max: rule.max }) : null;
		case 'points': {
			const mine = choice[projectId] ?? 0;
			const othersPoints = others.reduce((sum, p) => sum + (choice[p.id] ?? 0), 0);
			if (mine > rule.maxPerProject) return t('budgets.fit.tooManyOnOne', { max: rule.maxPerProject });
			if (othersPoints + mine > rule.total) return t('budgets.fit.notEnoughPoints', { left: Math.max(0, rule.total - othersPoints) });
			return null;
		}
	}
}

/** One problem as a sentence for the error summary and the total box. */
export function describeProblem(problem: Problem): string {
	switch (problem.code) {
		case 'over_budget':
			return t('budgets.problems.overBudget', { spent: formatPounds(problem.spent), budget: formatPounds(problem.budget), over: formatPounds(problem.spent - problem.budget) });
		case 'under_min':
			return t('budgets.problems.underMin', { min: formatPounds(problem.min), spent: formatPounds(problem.spent) });
		case 'too_few':
			return problem.min === 1 ? t('budgets.problems.tooFewOne') : t('budgets.problems.tooFew', { min: problem.min, count: problem.count });
		case 'too_many':
			return t('budgets.problems.tooMany', { max: problem.max, count: problem.count });
		case 'too_many_points':
			return t('budgets.problems.tooManyPoints', { total: problem.total, used: problem.used });
		case 'too_many_on_one':
			return t('budgets.problems.tooManyOnOne', { max: problem.max, title: problem.title });
		case 'no_choice':
			return t('budgets.problems.noChoice');
		case 'unknown_project':
			return t('budgets.problems.unknownProject');
	}
}

/** The running total line: "You have spent £16,000. £4,000 is left." */
export function totalLine(rule: BallotRule, status: BallotStatus): { used: string; left: string } {
	switch (rule.kind) {
		case 'knapsack':
			return {
				used: t('budgets.total.spent', { spent: formatPounds(status.used), budget: formatPounds(rule.budget) }),
				left: status.left >= 0 ? t('budgets.total.moneyLeft', { left: formatPounds(status.left) }) : t('budgets.total.moneyOver', { over: formatPounds(-status.left) })
			};
		case 'k_approval':
			return {
				used: status.used === 1 ? t('budgets.total.pickedOne') : t('budgets.total.picked', { count: status.used }),
				left:
					status.left > 0
						? status.left === 1
							? t('budgets.total.canPickOneMore')
							: t('budgets.total.canPickMore', { count: status.left })
						: status.left === 0
							? t('budgets.total.canPickNoMore')
							: t('budgets.total.pickedTooMany', { count: -status.left })
			};
		case 'points':
			return {
				used: status.used === 1 ? t('budgets.total.pointsUsedOne', { total: rule.total }) : t('budgets.total.pointsUsed', { used: status.used, total: rule.total }),
				left:
					status.left >= 0
						? status.left === 1
							? t('budgets.total.pointsLeftOne')
							: t('budgets.total.pointsLeft', { left: status.left })
						: t('budgets.total.pointsOver', { over: -status.left })
			};
	}
}

// ---------------------------------------------------------------------------------------------
// A random order per voter, the same every time for that voter
// ---------------------------------------------------------------------------------------------

/** FNV-1a, 32 bits: a small, well-spread hash of the seed text. */
function fnv1a(text: string): number {
	let h = 0x811c9dc5;
	for (let i = 0; i < text.length; i++) {
		h ^= text.charCodeAt(i);
		h = Math.imul(h, 0x01000193) >>> 0;
	}
	return h >>> 0;
}

/** mulberry32: a tiny seeded generator; enough to shuffle a ballot, not for secrets. */
function mulberry32(seed: number): () => number {
	let a = seed >>> 0;
	return () => {
		a = (a + 0x6d2b79f5) >>> 0;
		let x = Math.imul(a ^ (a >>> 15), 1 | a);
		x = (x + Math.imul(x ^ (x >>> 7), 61 | x)) ^ x;
		return ((x ^ (x >>> 14)) >>> 0) / 4294967296;
	};
}

/**
 * The items in a random order for this voter in this round: the same order on every visit (so
 * nothing jumps about when the page reloads), a different order for each voter (so no project
 * wins by being first). Independent of the order the items arrive in.
 */
export function shuffleFor<T extends { id: string }>(voterKey: string, roundId: string, items: readonly T[]): T[] {
	const out = [...items].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
	const next = mulberry32(fnv1a(`${voterKey}|${roundId}`));
	for (let i = out.length - 1; i > 0; i--) {
		const j = Math.floor(next() * (i + 1));
		[out[i], out[j]] = [out[j], out[i]];
	}
	return out;
}

// ---------------------------------------------------------------------------------------------
// Phases
// ---------------------------------------------------------------------------------------------

export const PHASES = ['ideas', 'review', 'voting', 'results', 'delivery'] as const;
export type Phase = (typeof PHASES)[number];

/** The phase after this one, or null at the end. Phases only move forward. */
export function nextPhase(phase: Phase): Phase | null {
	const i = PHASES.indexOf(phase);
	return i >= 0 && i < PHASES.length - 1 ? PHASES[i + 1] : null;
}

// ---------------------------------------------------------------------------------------------
// Form schemas (the edge): every message in plain words
// ---------------------------------------------------------------------------------------------

const TAG = /<\s*\/?\s*[a-z!?][^<>]*>/i;
export const uuid = (message: () => string) => z.string({ error: message }).pipe(z.uuid({ error: message }));

/**
 * A ballot as the form sends it: `project` checkboxes (knapsack, k-approval) or `points-<id>`
 * number boxes (points). Anything that is not a known project is refused, not ignored.
 */
export function parseBallotForm(
	rule: BallotRule,
	projects: readonly BallotProject[],
	form: { picked: unknown[]; points: Record<string, unknown> }
): { ok: true; choice: Choice } | { ok: false; errors: Record<string, string>; choice: Choice } {
	const known = new Set(projects.map((p) => p.id));
	const errors: Record<string, string> = {};
	const choice: Choice = {};
	if (rule.kind === 'points') {
		for (const p of projects) {
			const raw = form.points[p.id];
			if (raw === undefined || raw === null) continue;
			if (typeof raw !== 'string') {
				errors[`points-${p.id}`] = t('budgets.problems.pointsNumber', { title: p.title });
				continue;
			}
			const text = raw.trim();
			if (text === '') continue;
			if (!/^\d{1,4}$/.test(text)) {
				errors[`points-${p.id}`] = t('budgets.problems.pointsNumber', { title: p.title });
				continue;
			}
			const n = Number(text);
			if (n > 0) choice[p.id] = n;
		}
		if (form.picked.length) errors.ballot = t('budgets.problems.unknownProject');
	} else {
		for (const raw of form.picked) {
			if (typeof raw !== 'string' || !known.has(raw)) {
				errors.ballot = t('budgets.problems.unknownProject');
				continue;
			}
			choice[raw] = 1;
		}
		if (Object.keys(form.points).length) errors.ballot = t('budgets.problems.unknownProject');
	}
	return Object.keys(errors).length ? { ok: false, errors, choice } : { ok: true, choice };
}

/** Receipt codes: letters and numbers from the join-code alphabet, read aloud in groups. */
export const RECEIPT_ALPHABET = 'ABCDEFGHJKMNPQRSTVWXYZ23456789';
export const normaliseReceipt = (s: string) => s.replace(/[\s-]/g, '').toUpperCase();
/** "ABCD2345EF" → "ABCD-2345-EF". */
export const formatReceipt = (s: string) => normaliseReceipt(s).replace(/(.{4})(?=.)/g, '$1-');

export const receiptSchema = z.object({
	receipt: z
		.string({ error: () => t('budgets.receipt.errors.missing') })
		.max(60, { error: () => t('budgets.receipt.errors.invalid') })
		.transform(normaliseReceipt)
		.pipe(
			z
				.string()
				.min(1, { error: () => t('budgets.receipt.errors.missing') })
				.regex(/^[A-Z0-9]{6,32}$/, { error: () => t('budgets.receipt.errors.invalid') })
		)
});

/** Voting codes on the slips: same alphabet as join codes. */
export const normaliseVotingCode = (s: string) => s.replace(/[\s-]/g, '').toUpperCase();
export const formatVotingCode = (s: string) => normaliseVotingCode(s).replace(/(.{4})(?=.)/g, '$1-');
export const votingCodeSchema = z.object({
	code: z
		.string({ error: () => t('budgets.code.errors.missing') })
		.max(60, { error: () => t('budgets.code.errors.invalid') })
		.transform(normaliseVotingCode)
		.pipe(
			z
				.string()
				.min(1, { error: () => t('budgets.code.errors.missing') })
				.regex(/^[A-Z0-9]{6,32}$/, { error: () => t('budgets.code.errors.invalid') })
		)
});

const plainText = (missing: () => string, long: () => string, max: number, min = 1) =>
	z
		.string({ error: missing })
		.transform((s) => s.trim())
		.pipe(
			z
				.string()
				.min(min, { error: min > 1 ? long : missing })
				.max(max, { error: long })
				.refine((s) => !TAG.test(s), { error: () => t('budgets.errors.markup') })
		);

/** Whole pounds typed by a person: "£4,000", "4000", "4,000" all mean 4000. */
export const pounds = (missing: () => string, invalid: () => string, { min = 0, max = 100_000_000 } = {}) =>
	z
		.string({ error: missing })
		.max(20, { error: invalid })
		.transform((s) => s.trim().replace(/^£/, '').replace(/,/g, '').trim())
		.pipe(
			z
				.string()
				.min(1, { error: missing })
				.regex(/^\d+$/, { error: invalid })
				.transform(Number)
				.pipe(z.number().int().min(min, { error: invalid }).max(max, { error: invalid }))
		);

/** A whole number typed in a box: "12". */
export const wholeCount = (message: () => string, min: number, max: number) => wholeNumber(message, message, min, max);

const wholeNumber = (missing: () => string, invalid: () => string, min: number, max: number) =>
	z
		.string({ error: missing })
		.max(12, { error: invalid })
		.transform((s) => s.trim())
		.pipe(
			z
				.string()
				.min(1, { error: missing })
				.regex(/^\d+$/, { error: invalid })
				.transform(Number)
				.pipe(z.number().int().min(min, { error: invalid }).max(max, { error: invalid }))
		);

export const PROPOSAL_TITLE_MAX = 120;
export const PROPOSAL_BODY_MAX = 2000;
export const PROPOSAL_CATEGORIES = ['sport', 'arts', 'environment', 'places', 'wellbeing', 'learning', 'other'] as const;
export type ProposalCategory = (typeof PROPOSAL_CATEGORIES)[number];

const noContact = (s: string) => !hasContactDetails(s);

/** A young person's idea for the budget. Contact details are refused kindly, before anything is sent. */
export const proposalSchema = z.object({
	title: z
		.string({ error: () => t('budgets.ideas.errors.titleMissing') })
		.transform((s) => s.trim().replace(/\s+/g, ' '))
		.pipe(
			z
				.string()
				.min(1, { error: () => t('budgets.ideas.errors.titleMissing') })
				.min(3, { error: () => t('budgets.ideas.errors.titleShort') })
				.max(PROPOSAL_TITLE_MAX, { error: () => t('budgets.ideas.errors.titleLong') })
				.refine((s) => !TAG.test(s), { error: () => t('budgets.errors.markup') })
				.refine(noContact, { error: () => t('contact.refused') })
		),
	body: z
		.string({ error: () => t('budgets.ideas.errors.bodyMissing') })
		.transform((s) => s.trim())
		.pipe(
			z
				.string()
				.min(1, { error: () => t('budgets.ideas.errors.bodyMissing') })
				.max(PROPOSAL_BODY_MAX, { error: () => t('budgets.ideas.errors.bodyLong') })
				.refine((s) => !TAG.test(s), { error: () => t('budgets.errors.markup') })
				.refine(noContact, { error: () => t('contact.refused') })
		),
	category: z.enum(PROPOSAL_CATEGORIES, { error: () => t('budgets.ideas.errors.category') }),
	cost: pounds(() => t('budgets.ideas.errors.costMissing'), () => t('budgets.ideas.errors.costInvalid'), { max: 10_000_000 })
});
export type ProposalInput = z.output<typeof proposalSchema>;

export const TALLY_RULES = ['mes_add1u', 'mes_add1', 'mes', 'greedy'] as const;
export type TallyRule = (typeof TALLY_RULES)[number];

/** The staff form that creates a round. Parameters that belong to another ballot rule are ignored. */
export const roundSchema = z
	.object({
		partnership: uuid(() => t('budgets.staff.errors.partnership')),
		title: plainText(() => t('budgets.staff.errors.title'), () => t('budgets.staff.errors.titleLong'), 120, 3),
		description: plainText(() => t('budgets.staff.errors.description'), () => t('budgets.staff.errors.descriptionLong'), 4000),
		budget: pounds(() => t('budgets.staff.errors.budget'), () => t('budgets.staff.errors.budgetInvalid'), { min: 1 }),
		panels: z.array(uuid(() => t('budgets.staff.errors.panels'))).max(50, { error: () => t('budgets.staff.errors.panels') }),
		allowCodes: z.enum(['yes', 'no'], { error: () => t('budgets.staff.errors.allowCodes') }),
		ballot: z.enum(BALLOT_KINDS, { error: () => t('budgets.staff.errors.ballot') }),
		minPercent: z.string({ error: () => t('budgets.staff.errors.minPercent') }).max(12, { error: () => t('budgets.staff.errors.minPercent') }),
		minProjects: z.string({ error: () => t('budgets.staff.errors.minProjects') }).max(12, { error: () => t('budgets.staff.errors.minProjects') }),
		maxProjects: z.string({ error: () => t('budgets.staff.errors.maxProjects') }).max(12, { error: () => t('budgets.staff.errors.maxProjects') }),
		points: z.string({ error: () => t('budgets.staff.errors.points') }).max(12, { error: () => t('budgets.staff.errors.points') }),
		maxPoints: z.string({ error: () => t('budgets.staff.errors.maxPoints') }).max(12, { error: () => t('budgets.staff.errors.maxPoints') }),
		tally: z.enum(TALLY_RULES, { error: () => t('budgets.staff.errors.tally') })
	})
	.transform((v, ctx) => {
		const issue = (path: string, message: string) => {
			ctx.addIssue({ code: 'custom', path: [path], message });
			return z.NEVER;
		};
		const num = (path: string, raw: string, min: number, max: number, message: string) => {
			const parsed = wholeNumber(() => message, () => message, min, max).safeParse(raw);
			return parsed.success ? parsed.data : issue(path, message);
		};
		let rule: BallotRule;
		if (v.ballot === 'knapsack') {
			const minPercent = v.minPercent.trim() === '' ? 0 : num('minPercent', v.minPercent, 0, 100, t('budgets.staff.errors.minPercent'));
			rule = { kind: 'knapsack', budget: v.budget, minPercent };
		} else if (v.ballot === 'k_approval') {
			const min = num('minProjects', v.minProjects, 1, 100, t('budgets.staff.errors.minProjects'));
			const max = num('maxProjects', v.maxProjects, 1, 100, t('budgets.staff.errors.maxProjects'));
			if (typeof min === 'number' && typeof max === 'number' && min > max) return issue('maxProjects', t('budgets.staff.errors.minOverMax'));
			rule = { kind: 'k_approval', min, max };
		} else {
			const total = num('points', v.points, 1, 1000, t('budgets.staff.errors.points'));
			const maxPerProject = num('maxPoints', v.maxPoints, 1, 1000, t('budgets.staff.errors.maxPoints'));
			if (typeof total === 'number' && typeof maxPerProject === 'number' && maxPerProject > total) return issue('maxPoints', t('budgets.staff.errors.maxOverTotal'));
			rule = { kind: 'points', total, maxPerProject };
		}
		if (v.panels.length === 0 && v.allowCodes === 'no') return issue('panels', t('budgets.staff.errors.nobodyCanVote'));
		return {
			partnership: v.partnership,
			title: v.title,
			description: v.description,
			budget: v.budget,
			panels: [...new Set(v.panels)],
			allowCodes: v.allowCodes === 'yes',
			rule,
			tally: v.tally
		};
	});
export type RoundInput = z.output<typeof roundSchema>;

export const FEASIBILITY = ['feasible', 'not_feasible', 'needs_changes'] as const;
export type Feasibility = (typeof FEASIBILITY)[number];

/** A staff review: a costed estimate, and a reason that is always required when not feasible. */
export const reviewSchema = z
	.object({
		proposal: uuid(() => t('budgets.staff.errors.proposal')),
		feasibility: z.enum(FEASIBILITY, { error: () => t('budgets.staff.errors.feasibility') }),
		cost: pounds(() => t('budgets.staff.errors.cost'), () => t('budgets.staff.errors.costInvalid')),
		reason: z
			.string({ error: () => t('budgets.staff.errors.reason') })
			.max(2000, { error: () => t('budgets.staff.errors.reasonLong') })
			.transform((s) => s.trim())
			.refine((s) => !TAG.test(s), { error: () => t('budgets.errors.markup') })
	})
	.superRefine((v, ctx) => {
		if (v.feasibility !== 'feasible' && v.reason.length < 3) ctx.addIssue({ code: 'custom', path: ['reason'], message: t('budgets.staff.errors.reasonRequired') });
	});

export const PROPOSAL_REJECT_REASONS = ['contact_details', 'unkind', 'off_topic', 'duplicate', 'other'] as const;

export const moderateProposalSchema = z
	.object({
		proposal: uuid(() => t('budgets.staff.errors.proposal')),
		decision: z.enum(['approve', 'reject'], { error: () => t('budgets.staff.errors.decision') }),
		reason: z.preprocess((v) => (v === '' ? undefined : v), z.enum(PROPOSAL_REJECT_REASONS, { error: () => t('budgets.staff.errors.rejectReason') }).optional())
	})
	.superRefine((v, ctx) => {
		if (v.decision === 'reject' && !v.reason) ctx.addIssue({ code: 'custom', path: ['reason'], message: t('budgets.staff.errors.rejectReason') });
	});

/** Staff adding an idea that came from a group (a class, a paper form): shared at once. */
export const groupProposalSchema = z.object({
	title: proposalSchema.shape.title,
	body: proposalSchema.shape.body,
	category: proposalSchema.shape.category,
	cost: proposalSchema.shape.cost,
	group: plainText(() => t('budgets.staff.errors.group'), () => t('budgets.staff.errors.groupLong'), 120, 2)
});

export const mergeSchema = z
	.object({
		keep: uuid(() => t('budgets.staff.errors.mergeKeep')),
		merge: uuid(() => t('budgets.staff.errors.mergeFrom'))
	})
	.refine((v) => v.keep !== v.merge, { path: ['merge'], error: () => t('budgets.staff.errors.mergeSame') });

export const shortlistSchema = z.object({
	proposal: uuid(() => t('budgets.staff.errors.proposal')),
	shortlisted: z.enum(['true', 'false'], { error: () => t('budgets.staff.errors.decision') })
});

export const codesSchema = z.object({
	count: wholeNumber(() => t('budgets.staff.errors.codeCount'), () => t('budgets.staff.errors.codeCount'), 1, 500),
	label: z
		.string({ error: () => t('budgets.staff.errors.codeLabel') })
		.max(80, { error: () => t('budgets.staff.errors.codeLabel') })
		.transform((s) => s.trim())
		.refine((s) => !TAG.test(s), { error: () => t('budgets.errors.markup') })
});

/** Where and when a paper ballot (or a sealed box) was filled in: the facilitator is the signed-in person. */
export const paperWhereSchema = z.object({
	place: plainText(() => t('budgets.staff.errors.place'), () => t('budgets.staff.errors.placeLong'), 200, 2),
	date: z
		.string({ error: () => t('budgets.staff.errors.date') })
		.max(10, { error: () => t('budgets.staff.errors.date') })
		.regex(/^\d{4}-\d{2}-\d{2}$/, { error: () => t('budgets.staff.errors.date') })
		.refine((s) => !Number.isNaN(Date.parse(`${s}T12:00:00Z`)) && new Date(`${s}T12:00:00Z`).toISOString().startsWith(s), { error: () => t('budgets.staff.errors.date') })
});

/** Optional: the member or the voting code the paper ballot stands for, so they cannot also vote online. */
export const paperVoterSchema = z.object({
	member: z.union([z.literal(''), uuid(() => t('budgets.staff.errors.member'))], { error: () => t('budgets.staff.errors.member') }),
	voterCode: z
		.string({ error: () => t('budgets.staff.errors.voterCode') })
		.max(60, { error: () => t('budgets.staff.errors.voterCode') })
		.transform(normaliseVotingCode)
		.refine((s) => s === '' || /^[A-Z0-9]{6,32}$/.test(s), { error: () => t('budgets.staff.errors.voterCode') })
});

/** A sealed box's count for one project: a whole number of votes (or points). */
export const boxCount = (title: string) =>
	wholeNumber(() => t('budgets.staff.errors.boxCount', { title }), () => t('budgets.staff.errors.boxCount', { title }), 0, 1_000_000);

export const phaseSchema = z.object({
	to: z.enum(PHASES, { error: () => t('budgets.staff.errors.phase') })
});

/** A tally rule as the engine names it. */
export function engineRule(rule: TallyRule): { rule: 'greedy' | 'mes'; completion: 'none' | 'add1' | 'add1u' } {
	switch (rule) {
		case 'greedy':
			return { rule: 'greedy', completion: 'none' };
		case 'mes':
			return { rule: 'mes', completion: 'none' };
		case 'mes_add1':
			return { rule: 'mes', completion: 'add1' };
		case 'mes_add1u':
			return { rule: 'mes', completion: 'add1u' };
	}
}

// ---------------------------------------------------------------------------------------------
// Counting: a round's ballots through the tally engine (./pb), with one sentence per project
// ---------------------------------------------------------------------------------------------

export interface TallyInput {
	/** Whole pounds. */
	budget: number;
	/** approval for knapsack and k-approval ballots, cumulative for points. */
	kind: 'approval' | 'cumulative';
	projects: readonly BallotProject[];
	/** One entry per ballot (project id → 1, or points); an empty ballot still counts as a voter. */
	ballots: readonly Choice[];
}

export interface ResultRow {
	id: string;
	title: string;
	cost: number;
	/** Votes (approval) or points (cumulative). */
	score: number;
	supporters: number;
	funded: boolean;
	reason: Reason;
	/** One plain sentence: why it was or was not funded. */
	sentence: string;
	/** Funded under the simple "most votes first" count too? */
	greedyFunded: boolean;
}

export interface RoundResults {
	rule: TallyRule;
	kind: 'approval' | 'cumulative';
	voters: number;
	budget: number;
	used: number;
	/** In funding order, then the rest by score. */
	rows: ResultRow[];
	/** Ids funded by the round's rule and by greedy: shown side by side when they differ. */
	selected: string[];
	greedySelected: string[];
	greedyDiffers: boolean;
	greedyUsed: number;
}

/** Runs the round's rule (and greedy, for the side-by-side) on its ballots. Deterministic. */
export function tallyRound(input: TallyInput, rule: TallyRule): RoundResults {
	const votes = input.ballots.map((b, i) => {
		const entries = Object.entries(b).filter(([id, n]) => n > 0 && input.projects.some((p) => p.id === id));
		return input.kind === 'cumulative'
			? { voterId: String(i + 1), vote: entries.map(([id]) => id), points: entries.map(([, n]) => n) }
			: { voterId: String(i + 1), vote: entries.map(([id]) => id) };
	});
	const election = makeElection({
		budget: input.budget,
		voteType: input.kind,
		meta: { currency: 'GBP' },
		projects: input.projects.map((p) => ({ id: p.id, cost: p.cost })),
		votes
	});
	const { rule: name, completion } = engineRule(rule);
	const main = tally(election, { rule: name, completion });
	const simple = name === 'greedy' ? main : tally(election, { rule: 'greedy', completion: 'none' });
	const greedySet = new Set(simple.selected);
	const title = new Map(input.projects.map((p) => [p.id, p.title]));
	const cost = new Map(input.projects.map((p) => [p.id, p.cost]));
	const rows: ResultRow[] = main.results.map((r: ProjectResult) => ({
		id: r.id,
		title: title.get(r.id) ?? r.id,
		cost: cost.get(r.id) ?? r.costValue,
		score: r.score,
		supporters: r.supporters,
		funded: r.funded,
		reason: r.reason,
		sentence: explain(r, 'GBP'),
		greedyFunded: greedySet.has(r.id)
	}));
	const order = new Map(main.selected.map((id, i) => [id, i]));
	rows.sort((a, b) => {
		const oa = order.get(a.id);
		const ob = order.get(b.id);
		if (oa !== undefined && ob !== undefined) return oa - ob;
		if (oa !== undefined) return -1;
		if (ob !== undefined) return 1;
		return b.score - a.score || a.title.localeCompare(b.title, 'en-GB');
	});
	const sum = (ids: string[]) => ids.reduce((s, id) => s + (cost.get(id) ?? 0), 0);
	const same = main.selected.length === simple.selected.length && main.selected.every((id) => greedySet.has(id));
	return {
		rule,
		kind: input.kind,
		voters: main.voters,
		budget: input.budget,
		used: sum(main.selected),
		rows,
		selected: main.selected,
		greedySelected: simple.selected,
		greedyDiffers: !same,
		greedyUsed: sum(simple.selected)
	};
}

/**
 * A sealed box's per-project counts as ballots the tally can use. The box says how many ballots
 * it held and how many votes (or points) each project got, but not who voted for what together;
 * these ballots reproduce both numbers exactly (so greedy is exact) and spread the votes round
 * the ballots in turn (an assumption Equal Shares has to make about the overlaps).
 */
export function boxBallots(box: { ballots: number; counts: Record<string, number> }, kind: 'approval' | 'cumulative', maxPerProject = 1): Choice[] {
	const out: Choice[] = Array.from({ length: Math.max(0, box.ballots) }, () => ({}));
	if (!out.length) return out;
	let next = 0;
	for (const id of Object.keys(box.counts).sort()) {
		let left = Math.max(0, Math.floor(box.counts[id]));
		const per = kind === 'cumulative' ? Math.max(1, maxPerProject) : 1;
		for (let i = 0; i < out.length && left > 0; i++) {
			const give = Math.min(per, left);
			out[(next + i) % out.length][id] = give;
			left -= give;
		}
		next = (next + Math.ceil(Math.max(0, box.counts[id]) / per)) % out.length;
	}
	return out;
}
