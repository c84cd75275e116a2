import { fail, redirect } from '@sveltejs/kit';
import { t } from '$lib/i18n';
import { formatJoinCode, youngSignInSchema } from '$lib/domain/auth';
import { cookieSecure, startSession } from '$lib/server/auth/sessions';
import { checkYoungPerson } from '$lib/server/auth/young-people';
import { database } from '$lib/server/context';
import { serviceSupabase } from '$lib/server/db/supabase';
import { readForm, validate } from '$lib/server/forms';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = ({ locals }) => {
	if (locals.user?.kind === 'young_person') redirect(303, '/me');
};

const REASONS = {
	'wrong-details': () => t('signin.errors.youngWrongDetails'),
	locked: () => t('signin.errors.youngLocked'),
	'too-many-attempts': () => t('signin.errors.tooManyAttempts')
};

export const actions: Actions = {
	default: async ({ request, cookies, url, getClientAddress }) => {
		const values = await readForm(request, ['code', 'pseudonym', 'passphrase']);
		const result = validate(youngSignInSchema, values, ['passphrase']);
		if (!result.ok) return result.failure;

		const service = serviceSupabase(await database());
		const check = await checkYoungPerson(service, result.data, getClientAddress());
		if (!check.ok) {
			return fail(check.reason === 'wrong-details' ? 400 : 429, {
				errors: { pseudonym: REASONS[check.reason]() },
				values: { code: formatJoinCode(result.data.code), pseudonym: result.data.pseudonym }
			});
		}
		await startSession(service, cookies, { id: check.accountId, kind: 'young_person' }, request.headers.get('user-agent') ?? '', cookieSecure(url));
		redirect(303, '/me');
	}
};
