import { fail, redirect } from '@sveltejs/kit';
import { t } from '$lib/i18n';
import { requireStaff } from '$lib/server/forms';
import { dbFailure, isUuid } from '../../panel-forms.server';
import type { Actions } from './$types';

export const actions: Actions = {
	default: async ({ locals, params, url }) => {
		requireStaff(locals, url);
		if (!isUuid(params.id)) return fail(404, { errors: { confirm: t('panelStaff.errors.notFound') } });
		const { error: e } = await locals.supabase.rpc('archive_panel', { p_panel: params.id });
		if (e) return dbFailure(e, 'confirm');
		redirect(303, `/staff/panels/${params.id}?archived=1`);
	}
};
