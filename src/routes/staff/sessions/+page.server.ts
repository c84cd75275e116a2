import { error, fail } from '@sveltejs/kit';
import { z } from 'zod';
import { t } from '$lib/i18n';
import { readForm, requireStaff } from '$lib/server/forms';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, url }) => {
	const user = requireStaff(locals, url);
	const { data, error: e } = await locals.supabase.rpc('my_sessions');
	if (e) error(500, e.message);
	return {
		sessions: (data as { id: string; created_at: string; last_seen_at: string; expires_at: string; user_agent: string }[]).map((s) => ({
			...s,
			current: s.id === user.sessionId
		}))
	};
};

export const actions: Actions = {
	revoke: async ({ request, locals, url }) => {
		requireStaff(locals, url);
		const parsed = z.object({ session: z.uuid() }).safeParse(await readForm(request, ['session']));
		if (!parsed.success) return fail(400, { message: t('sessions.revokeFailed') });
		const { error: e } = await locals.supabase.rpc('revoke_my_session', { p_session: parsed.data.session });
		if (e) return fail(404, { message: t('sessions.revokeFailed') });
		return { revoked: true };
	}
};
