import { error } from '@sveltejs/kit';
import { requireStaff } from '$lib/server/forms';
import { PHASES } from '$lib/domain/budgets';
import { RUNNERS } from './staff-budgets.server';
import type { PageServerLoad } from './$types';

/** Every budget round of the partnerships the person works in. */
export const load: PageServerLoad = async ({ locals, url }) => {
	const user = requireStaff(locals, url);
	const mine = await locals.supabase.from('memberships').select('partnership_id, role').eq('account_id', user.id);
	if (mine.error) error(500, mine.error.message);
	const ids = [...new Set((mine.data ?? []).map((m) => m.partnership_id as string))];
	if (!ids.length) return { partnerships: [], canCreate: false };
	const [partnerships, rounds] = await Promise.all([
		locals.supabase.from('partnerships').select('id, name').in('id', ids).order('name'),
		locals.supabase.from('budget_rounds').select('id, partnership_id, title, budget, phase, created_at').in('partnership_id', ids).order('created_at', { ascending: false })
	]);
	if (partnerships.error) error(500, partnerships.error.message);
	if (rounds.error) error(500, rounds.error.message);
	return {
		canCreate: (mine.data ?? []).some((m) => (RUNNERS as readonly string[]).includes(m.role as string)),
		partnerships: (partnerships.data ?? []).map((p) => ({
			id: p.id as string,
			name: p.name as string,
			rounds: (rounds.data ?? [])
				.filter((r) => r.partnership_id === p.id)
				.map((r) => ({ id: r.id as string, title: r.title as string, budget: r.budget as number, phase: r.phase as (typeof PHASES)[number] }))
		}))
	};
};
