import { fail } from '@sveltejs/kit';
import { z } from 'zod';
import { t } from '$lib/i18n';
import { memberSchema } from '$lib/domain/panels';
import { suggestPassphrase } from '$lib/domain/passphrase';
import { hashSecret } from '$lib/server/auth/secrets';
import { readForm, requireStaff } from '$lib/server/forms';
import { dbFailure, isUuid, must, panelMembers, parse, readPanelForm } from '../panel-forms.server';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, params, parent, url }) => {
	const { panel } = await parent();
	// After the "are you sure?" page: say who was removed (the id comes back, never the name).
	const removedId = url.searchParams.get('removed') ?? undefined;
	const removed = isUuid(removedId)
		? ((
				await locals.supabase.from('panel_members').select('pseudonym').eq('panel_id', panel.id).eq('account_id', removedId).eq('status', 'removed').maybeSingle()
			).data?.pseudonym as string | undefined)
		: undefined;
	const [members, recommendations, meetings] = await Promise.all([
		panelMembers(locals.supabase, panel.id),
		locals.supabase.from('recommendations').select('id').eq('panel_id', params.id).then(must),
		locals.supabase.from('meetings').select('id, starts_at').eq('panel_id', params.id).order('starts_at').then(must)
	]);
	const now = Date.now();
	const next = meetings.find((m) => new Date(m.starts_at as string).getTime() >= now);
	return {
		members,
		counts: { recommendations: recommendations.length, meetings: meetings.length },
		nextMeeting: (next?.starts_at as string | undefined) ?? null,
		removed: removed ?? null
	};
};

/** Admit a pending member or turn them down (or remove an active one): set_member_status. */
async function setStatus(request: Request, locals: App.Locals, panelId: string | undefined, status: 'active' | 'removed') {
	const values = await readPanelForm(request, ['member']);
	const parsed = parse(memberSchema, values);
	if (!parsed.ok) return { failure: fail(400, { errors: { 'members-title': Object.values(parsed.errors)[0] } }) };
	if (!isUuid(panelId)) return { failure: fail(404, { errors: { 'members-title': t('panelStaff.errors.notFound') } }) };
	// The name, for the message: read before the change, while the member is still listed.
	const { data: row } = await locals.supabase
		.from('panel_members')
		.select('pseudonym')
		.eq('panel_id', panelId)
		.eq('account_id', parsed.data.member)
		.maybeSingle();
	const { error: e } = await locals.supabase.rpc('set_member_status', { p_panel: panelId, p_account: parsed.data.member, p_status: status });
	if (e) return { failure: dbFailure(e, 'members-title') };
	return { name: (row?.pseudonym as string | undefined) ?? '' };
}

export const actions: Actions = {
	reset: async ({ request, locals, params, url }) => {
		requireStaff(locals, url);
		const parsed = z.object({ member: z.uuid() }).safeParse(await readForm(request, ['member']));
		if (!parsed.success || !isUuid(params.id)) return fail(400, { resetError: t('panelStaff.members.resetFailed') });
		const passphrase = suggestPassphrase();
		const { error: e } = await locals.supabase.rpc('reset_member_passphrase', {
			p_panel: params.id,
			p_account: parsed.data.member,
			p_passphrase_hash: await hashSecret(passphrase)
		});
		if (e) return fail(e.code === '42501' ? 403 : 400, { resetError: t('panelStaff.members.resetFailed') });
		// Shown once, on this response only: it is never stored in a readable form.
		return { reset: { member: parsed.data.member, passphrase } };
	},

	admit: async ({ request, locals, params, url }) => {
		requireStaff(locals, url);
		const r = await setStatus(request, locals, params.id, 'active');
		return r.failure ?? { admitted: r.name };
	},

	turnDown: async ({ request, locals, params, url }) => {
		requireStaff(locals, url);
		const r = await setStatus(request, locals, params.id, 'removed');
		return r.failure ?? { turnedDown: r.name };
	}
};

