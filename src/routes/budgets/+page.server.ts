import { error } from '@sveltejs/kit';
import { z } from 'zod';
import { PHASES } from '$lib/domain/budgets';
import { requireYoungPerson } from '$lib/server/forms';
import type { PageServerLoad } from './$types';

/** The budget rounds a young person can take part in (row-level security picks them). */
export const load: PageServerLoad = async ({ locals }) => {
	requireYoungPerson(locals);
	const { data, error: e } = await locals.supabase
		.from('budget_rounds')
		.select('id, title, budget, phase, created_at')
		.order('created_at', { ascending: false });
	if (e) error(500, e.message);
	const rows = z.array(z.object({ id: z.uuid(), title: z.string(), budget: z.number(), phase: z.enum(PHASES) })).parse(data ?? []);
	return { rounds: rows };
};
