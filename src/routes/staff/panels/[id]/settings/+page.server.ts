import { fail } from '@sveltejs/kit';
import { t } from '$lib/i18n';
import { panelSettingsSchema } from '$lib/domain/panels';
import { requireStaff } from '$lib/server/forms';
import { dbFailure, isUuid, keepText, must, parse, peopleWithRole, readPanelForm } from '../../panel-forms.server';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, parent }) => {
	const { panel } = await parent();
	const [facilitators, commissioners, staff] = await Promise.all([
		peopleWithRole(locals.supabase, panel.partnership_id, 'facilitator'),
		peopleWithRole(locals.supabase, panel.partnership_id, 'commissioner'),
		locals.supabase.from('panel_staff').select('account_id, role').eq('panel_id', panel.id).then(must)
	]);
	return {
		facilitators,
		commissioners,
		chosen: {
			facilitators: staff.filter((s) => s.role === 'facilitator').map((s) => s.account_id as string),
			commissioners: staff.filter((s) => s.role === 'commissioner').map((s) => s.account_id as string)
		}
	};
};

const TEXT_FIELDS = ['name', 'purpose', 'area', 'meetingRhythm', 'canChange', 'cannotChange', 'requiresApproval'] as const;
const LISTS = ['audience', 'facilitators', 'commissioners'] as const;

export const actions: Actions = {
	save: async ({ request, locals, params, url }) => {
		requireStaff(locals, url);
		const values = await readPanelForm(request, TEXT_FIELDS, LISTS);
		const parsed = parse(panelSettingsSchema, values);
		if (!parsed.ok) return fail(400, { errors: parsed.errors, values: keepText(values) });
		if (!isUuid(params.id)) return fail(404, { errors: { name: t('panelStaff.errors.notFound') }, values: keepText(values) });
		const panelId = params.id;
		const s = parsed.data;

		const { data: panel } = await locals.supabase.from('panels').select('id, partnership_id').eq('id', panelId).maybeSingle();
		if (!panel) return fail(404, { errors: { name: t('panelStaff.errors.notFound') }, values: keepText(values) });
		// Only people holding the role may be chosen: check them all before changing anything.
		const [facilitators, commissioners, current] = await Promise.all([
			peopleWithRole(locals.supabase, panel.partnership_id as string, 'facilitator'),
			peopleWithRole(locals.supabase, panel.partnership_id as string, 'commissioner'),
			locals.supabase.from('panel_staff').select('account_id, role').eq('panel_id', panelId).then(must)
		]);
		const errors: Record<string, string> = {};
		if (s.facilitators.some((id) => !facilitators.some((p) => p.id === id))) errors[facilitators.length ? 'facilitators' : 'name'] = t('panelStaff.errors.notFacilitator');
		if (s.commissioners.some((id) => !commissioners.some((p) => p.id === id))) errors[commissioners.length ? 'commissioners' : 'name'] = t('panelStaff.errors.notCommissioner');
		if (Object.keys(errors).length) return fail(400, { errors, values: keepText(values) });

		const { error: e } = await locals.supabase.rpc('update_panel', {
			p_panel: panelId,
			p_name: s.name,
			p_purpose: s.purpose,
			p_audience_age_bands: s.audience,
			p_area: s.area,
			p_meeting_rhythm: s.meetingRhythm,
			p_can_change: s.canChange,
			p_cannot_change: s.cannotChange,
			p_requires_approval: s.requiresApproval === 'yes'
		});
		if (e) return dbFailure(e, 'name', { values: keepText(values) });

		const changes: { account: string; role: 'facilitator' | 'commissioner'; on: boolean }[] = [];
		for (const role of ['facilitator', 'commissioner'] as const) {
			const want = new Set(role === 'facilitator' ? s.facilitators : s.commissioners);
			const have = new Set(current.filter((c) => c.role === role).map((c) => c.account_id as string));
			for (const id of want) if (!have.has(id)) changes.push({ account: id, role, on: true });
			for (const id of have) if (!want.has(id)) changes.push({ account: id, role, on: false });
		}
		for (const c of changes) {
			const { error: e2 } = await locals.supabase.rpc('set_panel_staff', { p_panel: panelId, p_account: c.account, p_role: c.role, p_on: c.on });
			if (e2) return dbFailure(e2, c.role === 'facilitator' ? 'facilitators' : 'commissioners', { values: keepText(values) });
		}
		return { saved: true };
	}
};
