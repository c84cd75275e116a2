import { fail, redirect } from '@sveltejs/kit';
import { t } from '$lib/i18n';
import { staffSignInSchema } from '$lib/domain/auth';
import { cookieSecure, startSession } from '$lib/server/auth/sessions';
import { checkStaffPassword } from '$lib/server/auth/staff';
import { database } from '$lib/server/context';
import { serviceSupabase } from '$lib/server/db/supabase';
import { readForm, safeNext, validate } from '$lib/server/forms';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = ({ locals, url }) => {
	if (locals.user?.kind === 'staff') redirect(303, safeNext(url.searchParams.get('next'), '/staff'));
};

const REASONS = {
	'wrong-details': () => t('signin.errors.wrongDetails'),
	locked: () => t('signin.errors.locked'),
	'too-many-attempts': () => t('signin.errors.tooManyAttempts')
};

export const actions: Actions = {
	default: async ({ request, cookies, url, getClientAddress }) => {
		const values = await readForm(request, ['email', 'password']);
		const result = validate(staffSignInSchema, values, ['password']);
		if (!result.ok) return result.failure;

		const service = serviceSupabase(await database());
		const check = await checkStaffPassword(service, result.data.email, result.data.password, getClientAddress());
		if (!check.ok) {
			return fail(check.reason === 'wrong-details' ? 400 : 429, {
				errors: { email: REASONS[check.reason]() },
				values: { email: result.data.email }
			});
		}
		await startSession(service, cookies, { id: check.accountId, kind: 'staff' }, request.headers.get('user-agent') ?? '', cookieSecure(url));
		redirect(303, safeNext(url.searchParams.get('next'), '/staff'));
	}
};
