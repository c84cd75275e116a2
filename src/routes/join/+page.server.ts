import { fail, redirect } from '@sveltejs/kit';
import { z } from 'zod';
import { t } from '$lib/i18n';
import { privacyNoticeFor } from '$lib/domain/privacy';
import { ageBandSchema, fieldErrors, formatJoinCode, joinCodeSchema, joinDetailsSchema, pseudonymSchema } from '$lib/domain/auth';
import { suggestPassphrase } from '$lib/domain/passphrase';
import { cookieSecure, startSession } from '$lib/server/auth/sessions';
import { findPanelByCode, joinPanel, type PanelForCode } from '$lib/server/auth/young-people';
import { database } from '$lib/server/context';
import { serviceSupabase } from '$lib/server/db/supabase';
import { readForm, validate } from '$lib/server/forms';
import type { Actions, PageServerLoad } from './$types';

/**
 * Joining is three short steps (GOV.UK "one thing per page"), each a plain form post so it works
 * without JavaScript: the code → your age group and made-up name → the privacy notice for your
 * age and a suggested passphrase. Earlier answers ride along in hidden fields and are checked
 * again at every step; nothing is stored until the last one.
 */

export const load: PageServerLoad = ({ url, locals }) => {
	if (locals.user) redirect(303, locals.user.kind === 'staff' ? '/staff' : '/me');
	// A QR code links to /join?code=…: fill it in, but let the person press the button.
	const code = joinCodeSchema.safeParse(url.searchParams.get('code') ?? '');
	return { code: code.success ? formatJoinCode(code.data) : '' };
};

const REASONS = {
	'unknown-code': () => t('join.errors.codeUnknown'),
	'too-many-attempts': () => t('join.errors.tooManyAttempts')
};

type Step = { step: 'about' | 'finish'; panel: PanelForCode; values: Record<string, string>; errors?: Record<string, string>; suggestion?: string };

async function panelFor(code: string, ip: string) {
	const service = serviceSupabase(await database());
	return { service, lookup: await findPanelByCode(service, code, ip) };
}

export const actions: Actions = {
	code: async ({ request, getClientAddress }) => {
		const values = await readForm(request, ['code']);
		const result = validate(z.object({ code: joinCodeSchema }), values);
		if (!result.ok) return result.failure;
		const { lookup } = await panelFor(result.data.code, getClientAddress());
		if (!lookup.ok) {
			return fail(lookup.reason === 'unknown-code' ? 400 : 429, { errors: { code: REASONS[lookup.reason]() }, values });
		}
		return { step: 'about', panel: lookup.panel, values: { code: formatJoinCode(result.data.code) } } satisfies Step;
	},

	about: async ({ request, getClientAddress }) => {
		const values = await readForm(request, ['code', 'ageBand', 'pseudonym']);
		const code = joinCodeSchema.safeParse(values.code);
		if (!code.success) return fail(400, { errors: { code: t('join.errors.codeInvalid') }, values: {} });
		const { lookup } = await panelFor(code.data, getClientAddress());
		if (!lookup.ok) return fail(lookup.reason === 'unknown-code' ? 400 : 429, { errors: { code: REASONS[lookup.reason]() }, values: {} });

		const about = z.object({ ageBand: ageBandSchema, pseudonym: pseudonymSchema }).safeParse(values);
		const kept = { code: formatJoinCode(code.data), ageBand: values.ageBand ?? '', pseudonym: values.pseudonym ?? '' };
		if (!about.success) {
			return fail(400, { step: 'about', panel: lookup.panel, values: kept, errors: fieldErrors(about.error) } satisfies Step);
		}
		return {
			step: 'finish',
			panel: lookup.panel,
			values: { ...kept, pseudonym: about.data.pseudonym },
			suggestion: suggestPassphrase()
		} satisfies Step;
	},

	finish: async ({ request, cookies, url, getClientAddress }) => {
		const values = await readForm(request, ['code', 'ageBand', 'pseudonym', 'passphrase']);
		const result = joinDetailsSchema.safeParse(values);
		const { service, lookup } = await panelFor(joinCodeSchema.safeParse(values.code).data ?? '', getClientAddress());
		if (!lookup.ok) return fail(lookup.reason === 'unknown-code' ? 400 : 429, { errors: { code: REASONS[lookup.reason]() }, values: {} });
		const kept = { code: values.code ?? '', ageBand: values.ageBand ?? '', pseudonym: values.pseudonym ?? '' };
		if (!result.success) {
			const errors = fieldErrors(result.error);
			// A problem with the name or age group belongs on the step that asked for them.
			const step = errors.pseudonym || errors.ageBand ? 'about' : 'finish';
			return fail(400, { step, panel: lookup.panel, values: kept, errors, suggestion: suggestPassphrase() } satisfies Step);
		}
		const d = result.data;
		const joined = await joinPanel(service, {
			code: d.code,
			pseudonym: d.pseudonym,
			ageBand: d.ageBand,
			passphrase: d.passphrase,
			privacyNoticeVersion: privacyNoticeFor(d.ageBand).version
		});
		if (!joined.ok) {
			if (joined.reason === 'unknown-code') return fail(400, { errors: { code: REASONS['unknown-code']() }, values: {} });
			const taken = joined.reason === 'pseudonym-taken';
			return fail(taken ? 409 : 400, {
				step: 'about',
				panel: lookup.panel,
				values: kept,
				errors: { pseudonym: taken ? t('join.errors.pseudonymTaken') : t('join.errors.pseudonymCharacters') }
			} satisfies Step);
		}
		await startSession(service, cookies, { id: joined.accountId, kind: 'young_person' }, request.headers.get('user-agent') ?? '', cookieSecure(url));
		redirect(303, lookup.panel.requiresApproval ? '/me?joined=pending' : '/me?joined=1');
	}
};
