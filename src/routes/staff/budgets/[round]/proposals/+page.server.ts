import { fail } from '@sveltejs/kit';
import { z } from 'zod';
import { t } from '$lib/i18n';
import { FEASIBILITY, groupProposalSchema, mergeSchema, moderateProposalSchema, reviewSchema, shortlistSchema } from '$lib/domain/budgets';
import { keepText, parse, readPanelForm } from '../../../panels/panel-forms.server';
import { dbFailure, must, staffRound } from '../../staff-budgets.server';
import type { Actions, PageServerLoad } from './$types';

/**
 * Proposals: moderate young people's ideas (pre-moderated), add a group's idea, review each
 * (feasibility, a costed estimate, and a reason that is required when it cannot be done), merge
 * duplicates (both authors credited), and choose the shortlist that goes on the ballot.
 */

const proposalRow = z.object({
	id: z.uuid(),
	title: z.string(),
	description: z.string(),
	category: z.string(),
	rough_cost: z.number().nullable(),
	status: z.enum(['pending', 'approved', 'rejected']),
	reject_reason: z.string().nullable(),
	merged_into: z.uuid().nullable(),
	on_behalf_of: z.string().nullable(),
	created_at: z.string()
});
const reviewRow = z.object({
	proposal_id: z.uuid(),
	feasibility: z.enum(FEASIBILITY),
	estimated_cost: z.number().nullable(),
	reason: z.string().nullable(),
	shortlisted_at: z.string().nullable()
});

export const load: PageServerLoad = async ({ locals, parent }) => {
	const { round } = await parent();
	const [proposals, reviews, authors] = await Promise.all([
		locals.supabase.from('budget_proposals').select('id, title, description, category, rough_cost, status, reject_reason, merged_into, on_behalf_of, created_at').eq('round_id', round.id).order('created_at'),
		locals.supabase.from('budget_proposal_reviews').select('proposal_id, feasibility, estimated_cost, reason, shortlisted_at'),
		locals.supabase.from('budget_proposal_authors').select('proposal_id, account_id')
	]);
	const rows = z.array(proposalRow).parse(must(proposals));
	const ids = new Set(rows.map((r) => r.id));
	const revs = z.array(reviewRow).parse(must(reviews)).filter((r) => ids.has(r.proposal_id));
	const credits = must(authors).filter((a) => ids.has(a.proposal_id as string));
	const accountIds = [...new Set(credits.map((a) => a.account_id as string))];
	const names = accountIds.length
		? must(await locals.supabase.from('panel_members').select('account_id, pseudonym').in('account_id', accountIds))
		: [];
	const nameOf = (id: string) => (names.find((n) => n.account_id === id)?.pseudonym as string | undefined) ?? '';
	return {
		proposals: rows.map((p) => {
			const review = revs.find((r) => r.proposal_id === p.id) ?? null;
			return {
				...p,
				authors: credits.filter((a) => a.proposal_id === p.id).map((a) => nameOf(a.account_id as string)).filter(Boolean),
				mergedTitle: p.merged_into ? (rows.find((x) => x.id === p.merged_into)?.title ?? '') : null,
				review: review && { feasibility: review.feasibility, cost: review.estimated_cost, reason: review.reason ?? '', shortlisted: review.shortlisted_at !== null }
			};
		})
	};
};

/** Errors for one proposal's form carry its id, so the summary links to the right box. */
const forProposal = (errors: Record<string, string>, id: string | undefined) =>
	Object.fromEntries(Object.entries(errors).map(([k, v]) => [k === 'proposal' || !id ? k : `${k}-${id}`, v]));

const idOf = (v: unknown) => (typeof v === 'string' && z.uuid().safeParse(v).success ? v : undefined);

export const actions: Actions = {
	moderate: async ({ request, locals, params }) => {
		const values = await readPanelForm(request, ['proposal', 'decision', 'reason']);
		const parsed = parse(moderateProposalSchema, values);
		if (!parsed.ok) return fail(400, { errors: forProposal(parsed.errors, idOf(values.proposal)) });
		await staffRound(locals, params.round);
		const { proposal, decision, reason } = parsed.data;
		const { error: e } = await locals.supabase.rpc('moderate_budget_proposal', { p_proposal: proposal, p_approve: decision === 'approve', p_reason: decision === 'reject' ? reason : null });
		if (e) return dbFailure(e, `reason-${proposal}`);
		return { done: t('budgets.staff.proposals.moderated') };
	},

	review: async ({ request, locals, params }) => {
		const values = await readPanelForm(request, ['proposal', 'feasibility', 'cost', 'reason']);
		const parsed = parse(reviewSchema, values);
		if (!parsed.ok) return fail(400, { errors: forProposal(parsed.errors, idOf(values.proposal)), values: keepText(values) });
		await staffRound(locals, params.round);
		const { proposal, feasibility, cost, reason } = parsed.data;
		const { error: e } = await locals.supabase.rpc('review_budget_proposal', { p_proposal: proposal, p_feasibility: feasibility, p_estimated_cost: cost, p_reason: reason || null });
		if (e) return dbFailure(e, `feasibility-${proposal}`, { values: keepText(values) });
		return { done: t('budgets.staff.proposals.reviewed') };
	},

	shortlist: async ({ request, locals, params }) => {
		const values = await readPanelForm(request, ['proposal', 'shortlisted']);
		const parsed = parse(shortlistSchema, values);
		if (!parsed.ok) return fail(400, { errors: forProposal(parsed.errors, idOf(values.proposal)) });
		await staffRound(locals, params.round);
		const { error: e } = await locals.supabase.rpc('shortlist_budget_proposal', { p_proposal: parsed.data.proposal, p_shortlisted: parsed.data.shortlisted === 'true' });
		if (e) return dbFailure(e, `shortlist-${parsed.data.proposal}`);
		return { done: t('budgets.staff.proposals.shortlistDone') };
	},

	merge: async ({ request, locals, params }) => {
		const values = await readPanelForm(request, ['keep', 'merge']);
		const parsed = parse(mergeSchema, values);
		if (!parsed.ok) return fail(400, { errors: parsed.errors });
		await staffRound(locals, params.round);
		const { error: e } = await locals.supabase.rpc('merge_budget_proposals', { p_proposal: parsed.data.merge, p_into: parsed.data.keep });
		if (e) return dbFailure(e, 'merge');
		return { done: t('budgets.staff.proposals.merged2') };
	},

	add: async ({ request, locals, params }) => {
		const values = await readPanelForm(request, ['title', 'body', 'category', 'cost', 'group']);
		const parsed = parse(groupProposalSchema, values);
		const errors = parsed.ok ? {} : Object.fromEntries(Object.entries(parsed.errors).map(([k, v]) => [`new-${k}`, v]));
		if (!parsed.ok) return fail(400, { errors, values: keepText(values) });
		const { round } = await staffRound(locals, params.round);
		const { title, body, category, cost, group } = parsed.data;
		const { error: e } = await locals.supabase.rpc('submit_budget_proposal', { p_round: round.id, p_title: title, p_description: body, p_category: category, p_rough_cost: cost, p_on_behalf_of: group });
		if (e) return dbFailure(e, 'new-title', { values: keepText(values) });
		return { done: t('budgets.staff.proposals.added') };
	}
};

