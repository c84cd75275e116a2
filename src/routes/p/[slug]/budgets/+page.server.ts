import { error } from '@sveltejs/kit';
import { t } from '$lib/i18n';
import type { PageServerLoad } from './$types';

/** A partnership's published budget results (anyone: row-level security shows only published rounds to visitors). */
export const load: PageServerLoad = async ({ locals, params }) => {
	if (!/^[a-z0-9-]{2,40}$/.test(params.slug)) error(404, t('errors.notFoundTitle'));
	const p = await locals.supabase.from('partnerships').select('id, slug, name').eq('slug', params.slug).maybeSingle();
	if (p.error) error(500, p.error.message);
	if (!p.data) error(404, t('errors.notFoundTitle'));
	const [rounds, published] = await Promise.all([
		locals.supabase.from('budget_rounds').select('id, title').eq('partnership_id', p.data.id).order('created_at', { ascending: false }),
		locals.supabase.from('budget_results').select('round_id, published_at')
	]);
	if (rounds.error || published.error) error(500, 'Could not read results');
	const when = new Map((published.data ?? []).map((r) => [r.round_id as string, r.published_at as string]));
	return {
		partnership: { slug: p.data.slug as string, name: p.data.name as string },
		rounds: (rounds.data ?? []).filter((r) => when.has(r.id as string)).map((r) => ({ id: r.id as string, title: r.title as string, publishedAt: when.get(r.id as string)! }))
	};
};
