import { error } from '@sveltejs/kit';
import { t } from '$lib/i18n';
import { isUuid, publishedResults } from '../../../../budgets/budgets.server';
import type { PageServerLoad } from './$types';

/** A round's published results, for anyone (no sign-in): what was funded, and why. */
export const load: PageServerLoad = async ({ locals, params }) => {
	if (!/^[a-z0-9-]{2,40}$/.test(params.slug) || !isUuid(params.round)) error(404, t('errors.notFoundTitle'));
	const [partnership, results] = await Promise.all([
		locals.supabase.from('partnerships').select('id, slug, name').eq('slug', params.slug).maybeSingle(),
		publishedResults(locals.supabase, params.round)
	]);
	if (partnership.error) error(500, partnership.error.message);
	// Another partnership's round, or one not yet published, does not exist here.
	if (!partnership.data || !results || results.round.partnershipId !== partnership.data.id) error(404, t('errors.notFoundTitle'));
	return { partnership: { slug: partnership.data.slug as string, name: partnership.data.name as string }, results };
};
