import type { SupabaseClient } from '@supabase/supabase-js';

export interface Limit {
	max: number;
	windowSeconds: number;
}

/** The limits in one place, so they can be read and reasoned about together. */
export const LIMITS = {
	/** every staff sign-in attempt from one address */
	staffSignInPerIp: { max: 30, windowSeconds: 900 },
	/** failed passwords for one email: then the account is locked for the rest of the window */
	staffFailuresPerEmail: { max: 5, windowSeconds: 900 },
	/** wrong join codes from one address (a class behind one school address joins with the right one) */
	badCodesPerIp: { max: 10, windowSeconds: 900 },
	/** all join/sign-in attempts from one address, right or wrong */
	youngAttemptsPerIp: { max: 200, windowSeconds: 900 },
	/** failed passphrases for one pseudonym on one panel */
	youngFailuresPerMember: { max: 5, windowSeconds: 900 },
	/** failed sign-ins against one panel code, whoever tries */
	youngFailuresPerCode: { max: 60, windowSeconds: 900 }
} satisfies Record<string, Limit>;

/** Counts a hit; true while the bucket is within its limit (this hit included). */
export async function hit(service: SupabaseClient, bucket: string, limit: Limit): Promise<boolean> {
	const { data, error } = await service.rpc('auth_rate_limit_hit', {
		p_bucket: bucket,
		p_max: limit.max,
		p_window_seconds: limit.windowSeconds
	});
	if (error) throw new Error(`rate limit: ${error.message}`);
	return data === true;
}

/**
 * Records a failure; true when this failure reached the limit, so the caller can say "locked"
 * now rather than on the next try.
 */
export async function failureLocks(service: SupabaseClient, bucket: string, limit: Limit): Promise<boolean> {
	return !(await hit(service, bucket, { ...limit, max: limit.max - 1 }));
}

/** True when the bucket has already reached its limit (without counting this look). */
export async function exceeded(service: SupabaseClient, bucket: string, limit: Limit): Promise<boolean> {
	const { data, error } = await service.rpc('auth_rate_limit_count', {
		p_bucket: bucket,
		p_window_seconds: limit.windowSeconds
	});
	if (error) throw new Error(`rate limit: ${error.message}`);
	return (data as number) >= limit.max;
}

export async function clear(service: SupabaseClient, bucket: string): Promise<void> {
	const { error } = await service.rpc('auth_rate_limit_clear', { p_bucket: bucket });
	if (error) throw new Error(`rate limit: ${error.message}`);
}
