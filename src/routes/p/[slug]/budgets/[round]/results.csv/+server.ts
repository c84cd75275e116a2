import { error } from '@sveltejs/kit';
import { stringify } from 'csv-stringify/sync';
import { t } from '$lib/i18n';
import { csvSafe } from '$lib/domain/panels';
import { isUuid, publishedResults } from '../../../../../budgets/budgets.server';
import type { RequestHandler } from './$types';

/** Published results as CSV (open data: anyone may download them, like the page). */
export const GET: RequestHandler = async ({ locals, params }) => {
	if (!isUuid(params.round)) error(404, t('errors.notFoundTitle'));
	const r = await publishedResults(locals.supabase, params.round);
	const p = await locals.supabase.from('partnerships').select('id').eq('slug', params.slug).maybeSingle();
	if (!r || !p.data || p.data.id !== r.round.partnershipId) error(404, t('errors.notFoundTitle'));
	const rows = [
		[t('budgets.results.project'), r.kind === 'cumulative' ? t('budgets.results.points') : t('budgets.results.votes'), t('budgets.results.cost'), t('budgets.results.outcome'), t('budgets.results.why'), t('budgets.results.greedyColumn')],
		...r.rows.map((row) => [
			row.title,
			String(row.score),
			String(row.cost),
			row.funded ? t('budgets.results.funded') : t('budgets.results.notFunded'),
			row.sentence,
			r.greedyDiffers ? (r.greedySelected.includes(row.id) ? t('budgets.results.funded') : t('budgets.results.notFunded')) : ''
		])
	].map((row) => row.map(csvSafe));
	return new Response(stringify(rows, { record_delimiter: 'windows' }), {
		headers: {
			'content-type': 'text/csv; charset=utf-8',
			'content-disposition': `attachment; filename="budget-results-${r.round.id}.csv"`,
			'x-content-type-options': 'nosniff'
		}
	});
};
