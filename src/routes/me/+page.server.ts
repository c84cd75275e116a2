import { error, fail } from '@sveltejs/kit';
import { z } from 'zod';
import { t } from '$lib/i18n';
import { requireYoungPerson } from '$lib/server/forms';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, url }) => {
	const user = requireYoungPerson(locals);
	const { data: memberships, error: e1 } = await locals.supabase
		.from('panel_members')
		.select('panel_id, pseudonym, status')
		.eq('account_id', user.id)
		.in('status', ['pending', 'active']);
	if (e1) error(500, e1.message);
	const ids = (memberships ?? []).map((m) => m.panel_id as string);
	// Pending members cannot read the panel yet (row-level security), so those show without details.
	const { data: panels, error: e2 } = ids.length
		? await locals.supabase.from('panels').select('id, name, purpose').in('id', ids).order('name')
		: { data: [], error: null };
	if (e2) error(500, e2.message);
	return {
		joined: url.searchParams.get('joined'),
		memberships: (memberships ?? []).map((m) => ({
			panelId: m.panel_id as string,
			pseudonym: m.pseudonym as string,
			status: m.status as 'active' | 'pending',
			panel: (panels ?? []).find((p) => p.id === m.panel_id) as { name: string; purpose: string } | undefined
		}))
	};
};

export const actions: Actions = {
	leave: async ({ request, locals }) => {
		requireYoungPerson(locals);
		const parsed = z.object({ panel: z.uuid() }).safeParse(Object.fromEntries(await request.formData()));
		if (!parsed.success) return fail(400, { message: t('me.leaveFailed') });
		const { error: e } = await locals.supabase.rpc('leave_panel', { p_panel: parsed.data.panel });
		if (e) return fail(400, { message: t('me.leaveFailed') });
		return { left: true };
	}
};
