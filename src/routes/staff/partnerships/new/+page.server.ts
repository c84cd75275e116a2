import { error, fail, redirect } from '@sveltejs/kit';
import { z } from 'zod';
import { t } from '$lib/i18n';
import { fieldErrors } from '$lib/domain/auth';
import { readForm, requireStaff } from '$lib/server/forms';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = ({ locals, url }) => {
	const user = requireStaff(locals, url);
	if (!user.isPlatformAdmin) error(403, t('newPartnership.notAllowed'));
};

const schema = z.object({
	name: z
		.string({ error: () => t('newPartnership.errors.name') })
		.trim()
		.min(2, { error: () => t('newPartnership.errors.name') })
		.max(120, { error: () => t('newPartnership.errors.nameLong') })
		.refine((s) => !/[<>]/.test(s), { error: () => t('staff.errors.noMarkup') }),
	slug: z
		.string({ error: () => t('newPartnership.errors.slug') })
		.trim()
		.toLowerCase()
		.regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, { error: () => t('newPartnership.errors.slug') })
		.min(2, { error: () => t('newPartnership.errors.slug') })
		.max(40, { error: () => t('newPartnership.errors.slug') })
});

export const actions: Actions = {
	default: async ({ request, locals, url }) => {
		const user = requireStaff(locals, url);
		if (!user.isPlatformAdmin) return fail(403, { errors: { name: t('newPartnership.notAllowed') }, values: {} as Record<string, string | undefined> });
		const values = await readForm(request, ['name', 'slug']);
		const parsed = schema.safeParse(values);
		if (!parsed.success) return fail(400, { errors: fieldErrors(parsed.error), values });
		const { error: e } = await locals.supabase.rpc('create_partnership', { p_slug: parsed.data.slug, p_name: parsed.data.name });
		if (e?.code === '23505') return fail(409, { errors: { slug: t('newPartnership.errors.slugTaken') }, values });
		if (e) return fail(e.code === '42501' ? 403 : 400, { errors: { name: t('newPartnership.notAllowed') }, values });
		redirect(303, `/p/${parsed.data.slug}`);
	}
};
