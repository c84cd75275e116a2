import { error, fail } from '@sveltejs/kit';
import { z } from 'zod';
import { t } from '$lib/i18n';
import { suggestPassphrase } from '$lib/domain/passphrase';
import { hashSecret } from '$lib/server/auth/secrets';
import { readForm, requireStaff } from '$lib/server/forms';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, params, url }) => {
	requireStaff(locals, url);
	if (!z.uuid().safeParse(params.id).success) error(404, 'Page not found');
	const { data: panel, error: e1 } = await locals.supabase
		.from('panels')
		.select('id, name, join_code, partnership_id')
		.eq('id', params.id)
		.maybeSingle();
	if (e1) error(500, e1.message);
	// Row-level security hides other partnerships' panels: to this person they do not exist.
	if (!panel) error(404, 'Page not found');
	const { data: members, error: e2 } = await locals.supabase
		.from('panel_members')
		.select('account_id, pseudonym, status, joined_at')
		.eq('panel_id', params.id)
		.in('status', ['pending', 'active'])
		.order('pseudonym');
	if (e2) error(500, e2.message);
	const ids = (members ?? []).map((m) => m.account_id as string);
	const { data: accounts, error: e3 } = ids.length
		? await locals.supabase.from('accounts').select('id, age_band').in('id', ids)
		: { data: [], error: null };
	if (e3) error(500, e3.message);
	return {
		panel: { id: panel.id as string, name: panel.name as string },
		members: (members ?? []).map((m) => ({
			id: m.account_id as string,
			pseudonym: m.pseudonym as string,
			status: m.status as string,
			joinedAt: m.joined_at as string,
			ageBand: (accounts ?? []).find((a) => a.id === m.account_id)?.age_band as string | undefined
		}))
	};
};

export const actions: Actions = {
	reset: async ({ request, locals, params, url }) => {
		requireStaff(locals, url);
		const parsed = z.object({ member: z.uuid() }).safeParse(await readForm(request, ['member']));
		if (!parsed.success || !z.uuid().safeParse(params.id).success) return fail(400, { resetError: t('panelAdmin.resetFailed') });
		const passphrase = suggestPassphrase();
		const { error: e } = await locals.supabase.rpc('reset_member_passphrase', {
			p_panel: params.id,
			p_account: parsed.data.member,
			p_passphrase_hash: await hashSecret(passphrase)
		});
		if (e) return fail(e.code === '42501' ? 403 : 400, { resetError: t('panelAdmin.resetFailed') });
		// Shown once, on this response only: it is never stored in a readable form.
		return { reset: { member: parsed.data.member, passphrase } };
	}
};
