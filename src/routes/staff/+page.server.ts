import { error, fail } from '@sveltejs/kit';
import { z } from 'zod';
import { t } from '$lib/i18n';
import { fieldErrors } from '$lib/domain/auth';
import { PANEL_MANAGERS, STAFF_ROLES, type StaffRole } from '$lib/domain/roles';
import { readForm, requireStaff } from '$lib/server/forms';
import type { Actions, PageServerLoad } from './$types';

const must = <T>(r: { data: T | null; error: { message: string } | null }): T => {
	if (r.error) error(500, r.error.message);
	return r.data as T;
};

export const load: PageServerLoad = async ({ locals, url }) => {
	const user = requireStaff(locals, url);
	const db = locals.supabase;
	const mine = must(await db.from('memberships').select('partnership_id, role').eq('account_id', user.id));
	const partnershipIds = [...new Set(mine.map((m) => m.partnership_id as string))];
	if (!partnershipIds.length) return { partnerships: [] };

	const [partnerships, panels, members, roles] = await Promise.all([
		db.from('partnerships').select('id, slug, name').in('id', partnershipIds).order('name').then(must),
		db.from('panels').select('id, partnership_id, name, join_code, archived_at').in('partnership_id', partnershipIds).order('name').then(must),
		db.from('panel_members').select('panel_id, status').in('status', ['pending', 'active']).then(must),
		db.from('memberships').select('partnership_id, account_id, role').in('partnership_id', partnershipIds).then(must)
	]);
	const accountIds = [...new Set(roles.map((r) => r.account_id as string))];
	const accounts = must(await db.from('accounts').select('id, display_name').in('id', accountIds).order('display_name'));

	return {
		partnerships: partnerships.map((p) => {
			const myRoles = mine.filter((m) => m.partnership_id === p.id).map((m) => m.role as StaffRole);
			return {
				id: p.id as string,
				slug: p.slug as string,
				name: p.name as string,
				myRoles,
				isAdmin: myRoles.includes('partnership_admin'),
				canManagePanels: myRoles.some((r) => PANEL_MANAGERS.includes(r)),
				panels: panels
					.filter((x) => x.partnership_id === p.id)
					.map((x) => ({
						id: x.id as string,
						name: x.name as string,
						joinCode: x.join_code as string,
						archived: Boolean(x.archived_at),
						active: members.filter((m) => m.panel_id === x.id && m.status === 'active').length,
						pending: members.filter((m) => m.panel_id === x.id && m.status === 'pending').length
					})),
				people: accounts
					.map((a) => ({
						id: a.id as string,
						name: a.display_name as string,
						roles: roles.filter((r) => r.partnership_id === p.id && r.account_id === a.id).map((r) => r.role as StaffRole)
					}))
					.filter((a) => a.roles.length)
			};
		})
	};
};

const roleChange = z.object({
	partnership: z.uuid(),
	account: z.uuid({ error: () => t('staff.errors.person') }),
	role: z.enum(STAFF_ROLES, { error: () => t('staff.errors.role') }),
	granted: z.enum(['true', 'false'])
});

const newPanel = z.object({
	partnership: z.uuid(),
	name: z
		.string({ error: () => t('staff.errors.panelName') })
		.trim()
		.min(2, { error: () => t('staff.errors.panelName') })
		.max(120, { error: () => t('staff.errors.panelNameLong') })
		.refine((s) => !/[<>]/.test(s), { error: () => t('staff.errors.noMarkup') })
});

export const actions: Actions = {
	role: async ({ request, locals, url }) => {
		requireStaff(locals, url);
		const parsed = roleChange.safeParse(await readForm(request, ['partnership', 'account', 'role', 'granted']));
		if (!parsed.success) return fail(400, { roleErrors: fieldErrors(parsed.error) });
		const { partnership, account, role, granted } = parsed.data;
		const { error: e } = await locals.supabase.rpc('set_staff_role', {
			p_partnership: partnership,
			p_account: account,
			p_role: role,
			p_granted: granted === 'true'
		});
		if (e) return fail(e.code === '42501' ? 403 : 400, { roleErrors: { role: e.code === '42501' ? t('staff.errors.notAllowed') : e.message } });
		return { roleChanged: true };
	},
	panel: async ({ request, locals, url }) => {
		requireStaff(locals, url);
		const values = await readForm(request, ['partnership', 'name']);
		const parsed = newPanel.safeParse(values);
		if (!parsed.success) return fail(400, { panelErrors: fieldErrors(parsed.error), values });
		const { error: e } = await locals.supabase
			.from('panels')
			.insert({ partnership_id: parsed.data.partnership, name: parsed.data.name });
		if (e) return fail(e.code === '42501' ? 403 : 400, { panelErrors: { name: t('staff.errors.notAllowed') }, values });
		return { panelCreated: parsed.data.name };
	}
};
