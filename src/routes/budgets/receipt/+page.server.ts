import { fail } from '@sveltejs/kit';
import { z } from 'zod';
import { t } from '$lib/i18n';
import { receiptSchema } from '$lib/domain/budgets';
import { hit, type Limit } from '$lib/server/auth/rate-limit';
import { database } from '$lib/server/context';
import { serviceSupabase } from '$lib/server/db/supabase';
import { readForm, validate } from '$lib/server/forms';
import type { Actions, PageServerLoad } from './$types';

/** Anyone may check a receipt code (no sign-in): it says only whether a ballot was counted and when. */
const RECEIPT_CHECKS_PER_IP: Limit = { max: 60, windowSeconds: 900 };

export const load: PageServerLoad = ({ url }) => {
	const r = receiptSchema.safeParse({ receipt: url.searchParams.get('code') ?? '' });
	return { receipt: r.success ? r.data.receipt : '' };
};

const answer = z.array(z.object({ counted: z.boolean(), last_changed_at: z.string().nullable() }));

export const actions: Actions = {
	default: async ({ request, locals, getClientAddress }) => {
		const values = await readForm(request, ['receipt']);
		const result = validate(receiptSchema, values);
		if (!result.ok) return result.failure;
		if (!(await hit(serviceSupabase(await database()), `budget-receipt:${getClientAddress()}`, RECEIPT_CHECKS_PER_IP))) {
			return fail(429, { errors: { receipt: t('budgets.receipt.errors.tooMany') }, values });
		}
		const { data, error: e } = await locals.supabase.rpc('check_receipt', { p_code: result.data.receipt });
		if (e) return fail(400, { errors: { receipt: t('budgets.errors.failed') }, values });
		const row = answer.safeParse(data).data?.[0];
		if (!row?.counted || !row.last_changed_at) return { notFound: true, values };
		return { found: { at: row.last_changed_at }, values };
	}
};
