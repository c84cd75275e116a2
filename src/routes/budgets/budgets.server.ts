/**
 * Server pieces shared by the budget pages (young people's /budgets/**, /vote, the staff pages and
 * the public results): reading the SQL functions' answers (supabase/migrations/…_budgets.sql) with
 * zod, reading ballot forms, and turning a ballot into the `p_choices` JSON the functions take.
 * Everything goes through the caller's supabase-js client, so row-level security decides.
 */
import { error } from '@sveltejs/kit';
import type { SupabaseClient } from '@supabase/supabase-js';
import { z } from 'zod';
import { t } from '$lib/i18n';
import { boxBallots, PHASES, shuffleFor, tallyRound, TALLY_RULES, type BallotRule, type Choice, type RoundResults } from '$lib/domain/budgets';

export const isUuid = (s: unknown): s is string => typeof s === 'string' && z.uuid().safeParse(s).success;

const int = z.number().int();
export const roundRowSchema = z.object({
	id: z.uuid(),
	title: z.string(),
	description: z.string(),
	budget: int,
	phase: z.enum(PHASES),
	ballot_rule: z.enum(['knapsack', 'k_approval', 'points']),
	min_percent: int.nullable(),
	min_projects: int.nullable(),
	max_projects: int.nullable(),
	points_total: int.nullable(),
	points_per_project: int.nullable()
});
export type RoundRow = z.output<typeof roundRowSchema>;

/** The round's ballot rule, from its columns (the table's check constraint guarantees they match). */
export function ruleOf(r: Pick<RoundRow, 'budget' | 'ballot_rule' | 'min_percent' | 'min_projects' | 'max_projects' | 'points_total' | 'points_per_project'>): BallotRule {
	switch (r.ballot_rule) {
		case 'knapsack':
			return { kind: 'knapsack', budget: r.budget, minPercent: r.min_percent ?? 0 };
		case 'k_approval':
			return { kind: 'k_approval', min: r.min_projects ?? 1, max: r.max_projects ?? 1 };
		case 'points':
			return { kind: 'points', total: r.points_total ?? 1, maxPerProject: r.points_per_project ?? 1 };
	}
}

const ballotViewSchema = z.object({
	round: roundRowSchema,
	projects: z.array(z.object({ id: z.uuid(), title: z.string(), description: z.string(), category: z.string(), cost: int })),
	can_vote: z.boolean().optional(),
	voted: z.boolean().optional(),
	used: z.boolean().optional()
});

export interface RoundForVoter {
	id: string;
	title: string;
	description: string;
	budget: number;
	phase: (typeof PHASES)[number];
	rule: BallotRule;
	votingClosesAt: string | null;
}

export interface BallotView {
	round: RoundForVoter;
	projects: { id: string; title: string; description: string; cost: number }[];
	canVote: boolean;
	voted: boolean;
	used: boolean;
}

/** A database answer we could not read is a bug, not bad input: 500. */
function parsed<T>(schema: z.ZodType<T>, data: unknown): T {
	const r = schema.safeParse(data);
	if (!r.success) error(500, 'Unexpected data from the database');
	return r.data;
}

/** When voting closes, if staff said (budget_round_phases.ends_at of the voting phase). */
export async function votingClosesAt(supabase: SupabaseClient, roundId: string): Promise<string | null> {
	const { data, error: e } = await supabase.from('budget_round_phases').select('ends_at').eq('round_id', roundId).eq('phase', 'voting').maybeSingle();
	if (e) error(500, e.message);
	return (data?.ends_at as string | null | undefined) ?? null;
}

/**
 * The ballot a voter sees (round_ballot, or code_ballot for a voting code), with the projects in
 * this voter's own random order: seeded with the voter (account id, or the code) and the round.
 * Returns null when the round does not exist for them (PT404).
 */
export async function ballotView(
	supabase: SupabaseClient,
	source: { round: string; voter: string } | { code: string }
): Promise<BallotView | null> {
	const { data, error: e } =
		'code' in source ? await supabase.rpc('code_ballot', { p_code: source.code }) : await supabase.rpc('round_ballot', { p_round: source.round });
	if (e) {
		if (e.code === 'PT404' || e.code === '42501' || e.code === '22P02') return null;
		error(500, e.message);
	}
	const view = parsed(ballotViewSchema, data);
	const seed = 'code' in source ? `code:${source.code}` : source.voter;
	return {
		round: {
			id: view.round.id,
			title: view.round.title,
			description: view.round.description,
			budget: view.round.budget,
			phase: view.round.phase,
			rule: ruleOf(view.round),
			votingClosesAt: null
		},
		projects: shuffleFor(seed, view.round.id, view.projects).map((p) => ({ id: p.id, title: p.title, description: p.description, cost: p.cost })),
		canVote: view.can_vote ?? false,
		voted: view.voted ?? false,
		used: view.used ?? false
	};
}

const myBallotSchema = z
	.object({
		channel: z.enum(['online', 'code', 'paper']),
		receipt_code: z.string(),
		cast_at: z.string(),
		changed_at: z.string(),
		choices: z.array(z.object({ project: z.uuid(), points: int }))
	})
	.nullable();

export interface MyBallot {
	channel: 'online' | 'code' | 'paper';
	receipt: string;
	castAt: string;
	changedAt: string;
	choice: Choice;
}

/** The signed-in voter's own ballot in this round, or null. */
export async function myBallot(supabase: SupabaseClient, roundId: string): Promise<MyBallot | null> {
	const { data, error: e } = await supabase.rpc('my_ballot', { p_round: roundId });
	if (e) error(500, e.message);
	const b = parsed(myBallotSchema, data ?? null);
	if (!b) return null;
	return {
		channel: b.channel,
		receipt: b.receipt_code,
		castAt: b.cast_at,
		changedAt: b.changed_at,
		choice: Object.fromEntries(b.choices.map((c) => [c.project, c.points]))
	};
}

/** The fields of a ballot form: `project` checkboxes, `points-<id>` boxes, and named extras. */
export interface BallotForm {
	picked: unknown[];
	points: Record<string, unknown>;
	extra: Record<string, string | undefined>;
	/** The form could not be read at all. */
	broken: boolean;
}

export async function readBallotForm(request: Request, extras: readonly string[] = []): Promise<BallotForm> {
	let data: FormData;
	try {
		data = await request.formData();
	} catch {
		return { picked: [], points: {}, extra: {}, broken: true };
	}
	const picked = data.getAll('project').slice(0, 201);
	const points: Record<string, unknown> = {};
	let n = 0;
	for (const [key, value] of data.entries()) {
		if (!key.startsWith('points-')) continue;
		if (++n > 201) break;
		points[key.slice('points-'.length)] = typeof value === 'string' ? value.slice(0, 20) : value;
	}
	const extra: Record<string, string | undefined> = {};
	for (const name of extras) {
		const v = data.get(name);
		extra[name] = typeof v === 'string' ? v.slice(0, 200) : undefined;
	}
	return { picked, points, extra, broken: false };
}

/**
 * A ballot form read without knowing the round (the fast path for "Confirm my vote": the SQL
 * function checks the rule and answers 22023 if it is broken). Null when the form is not a ballot.
 */
export function quickChoice(form: BallotForm): Choice | null {
	const choice: Choice = {};
	const hasPoints = Object.keys(form.points).length > 0;
	if (hasPoints && form.picked.length) return null;
	if (hasPoints) {
		for (const [id, raw] of Object.entries(form.points)) {
			if (!isUuid(id) || typeof raw !== 'string') return null;
			const text = raw.trim();
			if (text === '') continue;
			if (!/^\d{1,4}$/.test(text)) return null;
			if (Number(text) > 0) choice[id] = Number(text);
		}
	} else {
		for (const id of form.picked) {
			if (!isUuid(id) || choice[id]) return null;
			choice[id] = 1;
		}
	}
	return choice;
}

/** The `p_choices` JSON the ballot functions take: ids (approval rules) or {project, points}. */
export function choicesJson(kind: 'approval' | 'points', choice: Choice): unknown[] {
	return Object.entries(choice)
		.filter(([, n]) => n > 0)
		.map(([project, points]) => (kind === 'points' ? { project, points } : project));
}

/** Which partnership slug shows a round's published results (for the link from the ballot page). */
export async function partnershipSlug(supabase: SupabaseClient, partnershipId: string): Promise<string | null> {
	const { data, error: e } = await supabase.from('partnerships').select('slug').eq('id', partnershipId).maybeSingle();
	if (e) error(500, e.message);
	return (data?.slug as string | undefined) ?? null;
}

/** What the ballot functions' error codes mean to a voter. */
export function castFailureMessage(code: string | undefined): { status: number; message: string } {
	switch (code) {
		case 'PT404':
			return { status: 404, message: t('budgets.round.notFound') };
		case '42501':
			return { status: 403, message: t('budgets.errors.notEligible') };
		case 'PT409':
			return { status: 409, message: t('budgets.errors.closed') };
		default:
			return { status: 400, message: t('budgets.errors.failed') };
	}
}

// ---------------------------------------------------------------------------------------------
// Counting and results
// ---------------------------------------------------------------------------------------------

const tallyInputSchema = z.object({
	round: z.object({ id: z.uuid(), budget: int, ballot_rule: z.enum(['knapsack', 'k_approval', 'points']), tally_rule: z.enum(TALLY_RULES), points_per_project: int.nullable() }),
	projects: z.array(z.object({ id: z.uuid(), cost: int })),
	ballots: z.array(z.union([z.object({ approvals: z.array(z.uuid()) }), z.object({ points: z.record(z.string(), int) })])),
	paper_boxes: z.array(z.object({ ballots: int, counts: z.record(z.string(), int) }))
});

/**
 * Counts a closed round: round_tally_input (anonymous ballots, sealed-box counts) through the
 * tally engine with the round's rule, plus greedy for the side-by-side. Null before voting closes.
 */
export async function countRound(supabase: SupabaseClient, roundId: string): Promise<RoundResults | null> {
	const { data, error: e } = await supabase.rpc('round_tally_input', { p_round: roundId });
	if (e) {
		if (e.code === 'PT409') return null;
		error(e.code === '42501' ? 403 : e.code === 'PT404' ? 404 : 500, e.message);
	}
	const input = parsed(tallyInputSchema, data);
	const titles = await supabase.from('budget_proposals').select('id, title').eq('round_id', roundId);
	if (titles.error) error(500, titles.error.message);
	const titleOf = new Map((titles.data ?? []).map((p) => [p.id as string, p.title as string]));
	const kind = input.round.ballot_rule === 'points' ? 'cumulative' : 'approval';
	const ballots: Choice[] = input.ballots.map((b) =>
		'approvals' in b ? Object.fromEntries(b.approvals.map((id) => [id, 1])) : { ...b.points }
	);
	for (const box of input.paper_boxes) ballots.push(...boxBallots(box, kind, input.round.points_per_project ?? 1));
	return tallyRound(
		{
			budget: input.round.budget,
			kind,
			projects: input.projects.map((p) => ({ id: p.id, title: titleOf.get(p.id) ?? p.id, cost: p.cost })),
			ballots
		},
		input.round.tally_rule
	);
}

/** What publish_results takes, from a count. */
export function publishPayload(r: RoundResults) {
	return {
		rule: r.rule,
		voters: r.voters,
		budget_used: r.used,
		greedy: r.greedyDiffers ? { budget_used: r.greedyUsed } : null,
		projects: r.rows.map((row) => ({
			id: row.id,
			votes: row.score,
			cost: row.cost,
			funded: row.funded,
			reason: row.sentence,
			...(r.greedyDiffers ? { greedy_funded: row.greedyFunded } : {})
		}))
	};
}

const publishedSchema = z.object({
	round: z.object({ id: z.uuid(), partnership_id: z.uuid(), title: z.string(), description: z.string(), budget: int, ballot_rule: z.enum(['knapsack', 'k_approval', 'points']), tally_rule: z.enum(TALLY_RULES), phase: z.enum(PHASES) }),
	published_at: z.string(),
	rule: z.enum(TALLY_RULES),
	voters: int,
	budget_used: int,
	greedy: z.object({ budget_used: int }).nullable(),
	projects: z.array(z.object({ id: z.uuid(), title: z.string(), cost: int, votes: int, funded: z.boolean(), greedy_funded: z.boolean().nullable(), reason: z.string() })),
	not_feasible: z.array(z.object({ title: z.string(), reason: z.string().nullable() }))
});

export interface PublishedResults {
	round: { id: string; partnershipId: string; title: string; description: string; budget: number; phase: (typeof PHASES)[number] };
	publishedAt: string;
	rule: (typeof TALLY_RULES)[number];
	kind: 'approval' | 'cumulative';
	voters: number;
	used: number;
	rows: { id: string; title: string; cost: number; score: number; funded: boolean; sentence: string }[];
	greedyDiffers: boolean;
	greedySelected: string[];
	notFeasible: { title: string; reason: string }[];
}

/** A round's published results (round_results: anyone may read them), or null when not published. */
export async function publishedResults(supabase: SupabaseClient, roundId: string): Promise<PublishedResults | null> {
	const { data, error: e } = await supabase.rpc('round_results', { p_round: roundId });
	if (e) {
		if (e.code === 'PT404' || e.code === '22P02') return null;
		error(500, e.message);
	}
	const r = parsed(publishedSchema, data);
	// Funded first (in the order the engine had them is not stored: by votes), then the rest.
	const rows = [...r.projects].sort((a, b) => Number(b.funded) - Number(a.funded) || b.votes - a.votes);
	return {
		round: { id: r.round.id, partnershipId: r.round.partnership_id, title: r.round.title, description: r.round.description, budget: r.round.budget, phase: r.round.phase },
		publishedAt: r.published_at,
		rule: r.rule,
		kind: r.round.ballot_rule === 'points' ? 'cumulative' : 'approval',
		voters: r.voters,
		used: r.budget_used,
		rows: rows.map((p) => ({ id: p.id, title: p.title, cost: p.cost, score: p.votes, funded: p.funded, sentence: p.reason })),
		greedyDiffers: r.greedy !== null,
		greedySelected: r.greedy ? r.projects.filter((p) => p.greedy_funded).map((p) => p.id) : [],
		notFeasible: r.not_feasible.map((n) => ({ title: n.title, reason: n.reason ?? '' }))
	};
}
