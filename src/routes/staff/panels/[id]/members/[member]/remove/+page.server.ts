import { error, fail, redirect } from '@sveltejs/kit';
import { t } from '$lib/i18n';
import { memberSchema } from '$lib/domain/panels';
import { requireStaff } from '$lib/server/forms';
import { dbFailure, isUuid, parse, readPanelForm } from '../../../../panel-forms.server';
import type { Actions, PageServerLoad } from './$types';

/** "Are you sure?" before a member is removed (GOV.UK confirmation step). */
export const load: PageServerLoad = async ({ locals, params, parent }) => {
	const { panel } = await parent();
	if (panel.archived) redirect(303, `/staff/panels/${panel.id}`);
	if (!isUuid(params.member)) error(404, t('errors.notFoundTitle'));
	const { data: member, error: e } = await locals.supabase
		.from('panel_members')
		.select('account_id, pseudonym')
		.eq('panel_id', panel.id)
		.eq('account_id', params.member)
		.in('status', ['pending', 'active'])
		.maybeSingle();
	if (e) error(500, e.message);
	if (!member) error(404, t('errors.notFoundTitle'));
	return { member: { id: member.account_id as string, pseudonym: member.pseudonym as string } };
};

export const actions: Actions = {
	default: async ({ request, locals, params, url }) => {
		requireStaff(locals, url);
		const parsed = parse(memberSchema, await readPanelForm(request, ['member']));
		if (!parsed.ok) return fail(400, { errors: parsed.errors });
		if (!isUuid(params.id) || parsed.data.member !== params.member) {
			return fail(400, { errors: { member: t('panelStaff.errors.member') } });
		}
		const { error: e } = await locals.supabase.rpc('set_member_status', { p_panel: params.id, p_account: parsed.data.member, p_status: 'removed' });
		if (e) return dbFailure(e, 'member');
		redirect(303, `/staff/panels/${params.id}?removed=${parsed.data.member}`);
	}
};
