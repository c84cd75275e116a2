import { fail, redirect } from '@sveltejs/kit';
import { t } from '$lib/i18n';
import { londonToday, rotateCodeSchema } from '$lib/domain/panels';
import { requireStaff } from '$lib/server/forms';
import { dbFailure, isUuid, keepText, parse, readPanelForm } from '../../../panel-forms.server';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = () => ({ today: londonToday() });

/** The confirmation step is this page: it says the old code stops working before anything changes. */
export const actions: Actions = {
	default: async ({ request, locals, params, url }) => {
		requireStaff(locals, url);
		const values = await readPanelForm(request, ['expires']);
		// The form always sends the field, empty for "no expiry"; a post without it is not from the form.
		const parsed = parse(rotateCodeSchema(londonToday()), values);
		if (!parsed.ok) return fail(400, { errors: parsed.errors, values: keepText(values) });
		if (!isUuid(params.id)) return fail(404, { errors: { expires: t('panelStaff.errors.notFound') }, values: keepText(values) });
		const { error: e } = await locals.supabase.rpc('rotate_join_code', {
			p_panel: params.id,
			p_expires_at: parsed.data.expires?.toISOString() ?? null
		});
		if (e) return dbFailure(e, 'expires', { values: keepText(values) }, t('panelStaff.errors.expiryPast'));
		redirect(303, `/staff/panels/${params.id}/code?rotated=1`);
	}
};
