import { error } from '@sveltejs/kit';
import { t } from '$lib/i18n';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, params }) => {
	if (!/^[a-z0-9-]{2,40}$/.test(params.slug)) error(404, t('errors.notFoundTitle'));
	const { data, error: e } = await locals.supabase
		.from('partnerships')
		.select('id, slug, name')
		.eq('slug', params.slug)
		.maybeSingle();
	if (e) error(500, e.message);
	if (!data) error(404, t('errors.notFoundTitle'));
	return { partnership: data as { id: string; slug: string; name: string } };
};
