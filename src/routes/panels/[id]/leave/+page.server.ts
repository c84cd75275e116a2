import { error, fail, redirect } from '@sveltejs/kit';
import type { SupabaseClient } from '@supabase/supabase-js';
import { z } from 'zod';
import { t } from '$lib/i18n';
import { readForm, requireYoungPerson } from '$lib/server/forms';
import type { Actions, PageServerLoad } from './$types';

/**
 * Leaving a panel, GOV.UK style: a page that says what will happen, then two equal buttons. Works
 * for a member still waiting for approval too (they may have joined the wrong panel), so the
 * membership comes from my_panels(), which knows the panel's name even then.
 */

const membershipSchema = z.object({
	panel_id: z.uuid(),
	panel_name: z.string(),
	status: z.enum(['pending', 'active'])
});

async function myMembership(supabase: SupabaseClient, panelId: string) {
	if (!z.uuid().safeParse(panelId).success) return null;
	const { data, error: e } = await supabase.rpc('my_panels');
	if (e) error(500, e.message);
	const parsed = z.array(membershipSchema).safeParse(data ?? []);
	if (!parsed.success) error(500, 'Unexpected data from the database');
	return parsed.data.find((m) => m.panel_id === panelId) ?? null;
}

export const load = (async ({ locals, params }) => {
	requireYoungPerson(locals);
	const membership = await myMembership(locals.supabase, params.id);
	if (!membership) error(404, t('panelHome.home.notFound'));
	return { panel: { id: membership.panel_id, name: membership.panel_name, pending: membership.status === 'pending' } };
}) satisfies PageServerLoad;

const answerSchema = z.object({
	answer: z.enum(['leave', 'stay'], { error: () => t('panelHome.leave.errors.choose') })
});

export const actions: Actions = {
	default: async ({ request, locals, params }) => {
		requireYoungPerson(locals);
		const values = await readForm(request, ['answer']);
		const membership = await myMembership(locals.supabase, params.id);
		if (!membership) return fail(404, { message: t('panelHome.home.notFound') });
		const parsed = answerSchema.safeParse(values);
		if (!parsed.success) return fail(400, { errors: { answer: t('panelHome.leave.errors.choose') } });
		if (parsed.data.answer === 'stay') redirect(303, membership.status === 'active' ? `/panels/${membership.panel_id}` : '/me');
		const { error: e } = await locals.supabase.rpc('leave_panel', { p_panel: membership.panel_id });
		if (e) return fail(e.code === 'PT404' ? 404 : 400, { message: t('panelHome.leave.errors.failed') });
		redirect(303, '/me?left=1');
	}
};
