import { error } from '@sveltejs/kit';
import { z } from 'zod';
import { requireYoungPerson } from '$lib/server/forms';
import type { PageServerLoad } from './$types';

/**
 * A young person's start page: their panels, each linking to its panel home, and a membership
 * still waiting for approval shown calmly. my_panels() gives the panel's name even while they
 * wait (row-level security on panels would hide it).
 */

const membershipSchema = z.object({
	panel_id: z.uuid(),
	panel_name: z.string(),
	pseudonym: z.string(),
	status: z.enum(['pending', 'active']),
	archived: z.boolean()
});

export const load = (async ({ locals, url }) => {
	requireYoungPerson(locals);
	const { data, error: e } = await locals.supabase.rpc('my_panels');
	if (e) error(500, e.message);
	const parsed = z.array(membershipSchema).safeParse(data ?? []);
	if (!parsed.success) error(500, 'Unexpected data from the database');
	return {
		joined: url.searchParams.get('joined'),
		left: url.searchParams.get('left') === '1',
		memberships: parsed.data.map((m) => ({
			panelId: m.panel_id,
			panelName: m.panel_name,
			pseudonym: m.pseudonym,
			status: m.status,
			archived: m.archived
		}))
	};
}) satisfies PageServerLoad;
