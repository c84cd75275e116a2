import { SignJWT } from 'jose';

export type ApiRole = 'anon' | 'authenticated' | 'service_role';

/** Short-lived per-request token: long enough for one request's queries, useless soon after. */
export const ACCESS_TOKEN_SECONDS = 300;

/**
 * Mints an HS256 JWT the way Supabase Auth does (`sub`, `role`, `aud`, `exp`), signed with the
 * project's JWT secret. Real PostgREST and the embedded gateway both verify it; `auth.uid()`
 * reads `sub`.
 */
export async function mintJwt(
	secret: string,
	claims: { role: ApiRole; sub?: string; [claim: string]: unknown },
	ttlSeconds = ACCESS_TOKEN_SECONDS
): Promise<string> {
	const now = Math.floor(Date.now() / 1000);
	return new SignJWT({ aud: claims.role === 'authenticated' ? 'authenticated' : undefined, ...claims })
		.setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
		.setIssuer('sayso')
		.setIssuedAt(now)
		.setExpirationTime(now + ttlSeconds)
		.sign(new TextEncoder().encode(secret));
}
