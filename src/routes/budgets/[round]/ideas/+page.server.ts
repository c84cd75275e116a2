import { error, fail, redirect } from '@sveltejs/kit';
import { z } from 'zod';
import { t } from '$lib/i18n';
import { FEASIBILITY, PHASES, proposalSchema } from '$lib/domain/budgets';
import { requireYoungPerson, readForm, validate } from '$lib/server/forms';
import { isUuid } from '../../budgets.server';
import type { Actions, PageServerLoad } from './$types';

/**
 * Ideas for a budget round: a young person shares one during the ideas phase (a grown-up checks it
 * before anyone else sees it; contact details are refused kindly), sees the approved ideas and
 * their own waiting ones, and after the review the feasibility and its reason (feedback they are owed).
 */

const proposalRow = z.object({
	id: z.uuid(),
	title: z.string(),
	description: z.string(),
	status: z.enum(['pending', 'approved', 'rejected']),
	merged_into: z.uuid().nullable(),
	submitted_by: z.uuid().nullable(),
	created_at: z.string()
});
const reviewRow = z.object({ proposal_id: z.uuid(), feasibility: z.enum(FEASIBILITY), estimated_cost: z.number().nullable(), reason: z.string().nullable(), shortlisted_at: z.string().nullable() });

export const load: PageServerLoad = async ({ locals, params, url }) => {
	const user = requireYoungPerson(locals);
	if (!isUuid(params.round)) error(404, t('budgets.round.notFound'));
	const round = await locals.supabase.from('budget_rounds').select('id, title, description, phase').eq('id', params.round).maybeSingle();
	if (round.error) error(500, round.error.message);
	if (!round.data) error(404, t('budgets.round.notFound'));
	const [proposals, reviews, credits] = await Promise.all([
		locals.supabase.from('budget_proposals').select('id, title, description, status, merged_into, submitted_by, created_at').eq('round_id', params.round).order('created_at'),
		locals.supabase.from('budget_proposal_reviews').select('proposal_id, feasibility, estimated_cost, reason, shortlisted_at'),
		locals.supabase.from('budget_proposal_authors').select('proposal_id').eq('account_id', user.id)
	]);
	if (proposals.error || reviews.error || credits.error) error(500, 'Could not read ideas');
	const rows = z.array(proposalRow).parse(proposals.data ?? []);
	const revs = z.array(reviewRow).parse(reviews.data ?? []);
	const mine = new Set([...rows.filter((r) => r.submitted_by === user.id).map((r) => r.id), ...(credits.data ?? []).map((c) => c.proposal_id as string)]);
	const view = (p: z.output<typeof proposalRow>) => {
		const r = revs.find((x) => x.proposal_id === p.id);
		return {
			id: p.id,
			title: p.title,
			description: p.description,
			status: p.merged_into ? ('merged' as const) : p.status,
			byYou: mine.has(p.id),
			review: r ? { feasibility: r.feasibility, cost: r.estimated_cost, reason: r.reason ?? '', shortlisted: r.shortlisted_at !== null } : null
		};
	};
	return {
		round: { id: round.data.id as string, title: round.data.title as string, phase: z.enum(PHASES).parse(round.data.phase) },
		shared: rows.filter((p) => p.status === 'approved' && !p.merged_into).map(view),
		mine: rows.filter((p) => mine.has(p.id)).map(view),
		sent: url.searchParams.has('sent')
	};
};

export const actions: Actions = {
	default: async ({ request, locals, params }) => {
		requireYoungPerson(locals);
		const values = await readForm(request, ['title', 'body', 'category', 'cost']);
		if (!isUuid(params.round)) return fail(404, { message: t('budgets.round.notFound'), values });
		const result = validate(proposalSchema, values);
		if (!result.ok) return result.failure;
		const { title, body, category, cost } = result.data;
		const { error: e } = await locals.supabase.rpc('submit_budget_proposal', {
			p_round: params.round,
			p_title: title,
			p_description: body,
			p_category: category,
			p_rough_cost: cost,
			p_on_behalf_of: null
		});
		if (e) {
			if (e.code === '22023') return fail(400, { errors: { body: t('contact.refused') }, values });
			if (e.code === 'PT409') return fail(409, { message: t('budgets.ideas.closed'), values });
			if (e.code === 'PT404' || e.code === '42501') return fail(404, { message: t('budgets.round.notFound'), values });
			return fail(400, { message: t('budgets.ideas.errors.failed'), values });
		}
		redirect(303, `/budgets/${params.round}/ideas?sent=1#your-ideas`);
	}
};
