import type { SupabaseClient } from '@supabase/supabase-js';
import { clear, exceeded, failureLocks, hit, LIMITS } from './rate-limit';
import { decoyHash, verifySecret } from './secrets';

export type StaffSignInResult =
	| { ok: true; accountId: string }
	| { ok: false; reason: 'wrong-details' | 'locked' | 'too-many-attempts' };

/**
 * Checks a staff email and password. The same answer for an unknown email and a wrong password,
 * and the same work (a decoy hash) so timing does not tell them apart either. Five failures lock
 * the email for the rest of the 15-minute window; an address is limited across all emails.
 */
export async function checkStaffPassword(
	service: SupabaseClient,
	email: string,
	password: string,
	ip: string
): Promise<StaffSignInResult> {
	const emailKey = email.trim().toLowerCase();
	if (!(await hit(service, `staff-signin:ip:${ip}`, LIMITS.staffSignInPerIp))) return { ok: false, reason: 'too-many-attempts' };
	const failures = `staff-fail:email:${emailKey}`;
	if (await exceeded(service, failures, LIMITS.staffFailuresPerEmail)) return { ok: false, reason: 'locked' };

	const { data, error } = await service.rpc('auth_staff_credentials', { p_email: emailKey }).maybeSingle();
	if (error) throw new Error(`staff sign-in: ${error.message}`);
	const row = data as { account_id: string; password_hash: string } | null;
	const valid = await verifySecret(row?.password_hash ?? (await decoyHash()), password);
	if (row && valid) {
		await clear(service, failures);
		return { ok: true, accountId: row.account_id };
	}
	const locked = await failureLocks(service, failures, LIMITS.staffFailuresPerEmail);
	return { ok: false, reason: locked ? 'locked' : 'wrong-details' };
}
