import { error, json } from '@sveltejs/kit';
import { t } from '$lib/i18n';
import { isUuid, publishedResults } from '../../../../../budgets/budgets.server';
import type { RequestHandler } from './$types';

/** Published results as JSON (open data). */
export const GET: RequestHandler = async ({ locals, params }) => {
	if (!isUuid(params.round)) error(404, t('errors.notFoundTitle'));
	const r = await publishedResults(locals.supabase, params.round);
	const p = await locals.supabase.from('partnerships').select('id').eq('slug', params.slug).maybeSingle();
	if (!r || !p.data || p.data.id !== r.round.partnershipId) error(404, t('errors.notFoundTitle'));
	return json(
		{
			round: { id: r.round.id, title: r.round.title, description: r.round.description, budget: r.round.budget, currency: 'GBP' },
			published_at: r.publishedAt,
			rule: r.rule,
			voters: r.voters,
			budget_used: r.used,
			projects: r.rows.map((row) => ({
				id: row.id,
				title: row.title,
				[r.kind === 'cumulative' ? 'points' : 'votes']: row.score,
				cost: row.cost,
				funded: row.funded,
				reason: row.sentence,
				...(r.greedyDiffers ? { greedy_funded: r.greedySelected.includes(row.id) } : {})
			})),
			not_feasible: r.notFeasible
		},
		{ headers: { 'content-disposition': `attachment; filename="budget-results-${r.round.id}.json"` } }
	);
};
