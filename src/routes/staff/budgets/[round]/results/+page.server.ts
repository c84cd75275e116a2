import { fail, redirect } from '@sveltejs/kit';
import { t } from '$lib/i18n';
import { countRound, partnershipSlug, publishedResults, publishPayload } from '../../../../budgets/budgets.server';
import { dbFailure, staffRound } from '../../staff-budgets.server';
import type { Actions, PageServerLoad } from './$types';

/**
 * Results: once voting has closed, the round's rule runs on its anonymous ballots (and greedy beside
 * it); staff check every project's votes, cost, outcome and reason, then publish. Published results
 * are read back from the database, exactly as the public page shows them.
 */
export const load: PageServerLoad = async ({ locals, parent, url }) => {
	const { round, isRunner } = await parent();
	const slug = await partnershipSlug(locals.supabase, round.partnershipId);
	const published = await publishedResults(locals.supabase, round.id);
	if (published) return { state: 'published' as const, published, slug, justPublished: url.searchParams.has('published') };
	if (round.phase !== 'results' || !isRunner) return { state: 'not-ready' as const, slug };
	const preview = await countRound(locals.supabase, round.id);
	return preview ? { state: 'preview' as const, preview, slug } : { state: 'not-ready' as const, slug };
};

export const actions: Actions = {
	publish: async ({ locals, params }) => {
		const { round, isRunner } = await staffRound(locals, params.round);
		if (!isRunner) return fail(403, { errors: { publish: t('budgets.staff.errors.notAllowed') } });
		const count = await countRound(locals.supabase, round.id);
		if (!count) return fail(409, { errors: { publish: t('budgets.staff.results.notClosed') } });
		const { error: e } = await locals.supabase.rpc('publish_results', { p_round: round.id, p_results: publishPayload(count) });
		if (e) return dbFailure(e, 'publish');
		redirect(303, `/staff/budgets/${round.id}/results?published=1`);
	}
};
