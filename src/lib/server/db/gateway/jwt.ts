/**
 * Who is asking: the JWT from `Authorization: Bearer` (or, when that header is absent, the
 * `apikey` header, as Supabase's API gateway does), verified as PostgREST does it: HS256 with the
 * project's secret, `exp`/`nbf` checked with PostgREST's 30 s of clock skew.
 */
import { errors, jwtVerify, type JWTPayload } from 'jose';
import { GatewayError, jwtClaimsError, jwtDecodeError, jwtRequired } from './errors';

/** The only roles a request may switch to; anything else is refused before reaching SQL. */
export const ROLES = ['anon', 'authenticated', 'service_role'] as const;
export type Role = (typeof ROLES)[number];

export interface Identity {
	role: Role;
	/** The verified claims as JSON text, ready for `request.jwt.claims`. */
	claimsJson: string;
	/** Seconds since the epoch after which the token is no longer valid (Infinity if no `exp`). */
	exp: number;
}

const CLOCK_SKEW_S = 30;
const CACHE_MAX = 1000;

/**
 * Verifying an HMAC on every request is most of the gateway's own cost for small RPCs, and the same
 * short-lived token arrives many times. A verified token string always verifies the same way, so
 * only its expiry needs re-checking on a hit.
 */
export function createVerifier(secret: string) {
	const key = new TextEncoder().encode(secret);
	const cache = new Map<string, Identity>();

	async function verify(token: string): Promise<Identity> {
		const now = Date.now() / 1000;
		const hit = cache.get(token);
		if (hit) {
			if (now <= hit.exp + CLOCK_SKEW_S) return hit;
			cache.delete(token);
		}
		const identity = await verifyUncached(token, key);
		if (cache.size >= CACHE_MAX) cache.clear();
		cache.set(token, identity);
		return identity;
	}

	return {
		async identify(headers: Headers): Promise<Identity> {
			return verify(tokenFrom(headers));
		}
	};
}

function tokenFrom(headers: Headers): string {
	const auth = headers.get('authorization');
	if (auth !== null) {
		const m = /^Bearer\s*(.*)$/i.exec(auth.trim());
		if (m) {
			if (m[1].trim() === '') throw jwtDecodeError('Empty JWT is sent in Authorization header');
			return m[1].trim();
		}
	}
	const apikey = headers.get('apikey');
	if (apikey && apikey.trim()) return apikey.trim();
	// PostgREST would fall back to its anonymous role here; Sayso always sends a key, so a request
	// with none is a bug or a stranger, and is refused.
	throw jwtRequired();
}

async function verifyUncached(token: string, key: Uint8Array): Promise<Identity> {
	const parts = token.split('.').length;
	if (parts !== 3) throw jwtDecodeError(`Expected 3 parts in JWT; got ${parts}`);
	let payload: JWTPayload;
	try {
		({ payload } = await jwtVerify(token, key, {
			algorithms: ['HS256'],
			clockTolerance: CLOCK_SKEW_S,
			// Tokens without an expiry would live forever; Sayso mints every token with one.
			requiredClaims: ['exp']
		}));
	} catch (e) {
		throw mapJoseError(e);
	}
	const roleClaim = payload.role ?? 'anon';
	if (typeof roleClaim !== 'string' || !(ROLES as readonly string[]).includes(roleClaim)) {
		throw jwtClaimsError('Parsing claims failed', `The JWT 'role' claim must be one of ${ROLES.join(', ')}`);
	}
	return { role: roleClaim as Role, claimsJson: JSON.stringify(payload), exp: typeof payload.exp === 'number' ? payload.exp : Infinity };
}

function mapJoseError(e: unknown): GatewayError {
	if (e instanceof errors.JWTExpired) return jwtClaimsError('JWT expired');
	if (e instanceof errors.JWTClaimValidationFailed) {
		if (e.claim === 'nbf') return jwtClaimsError('JWT not yet valid');
		if (e.claim === 'iat') return jwtClaimsError('JWT issued at future');
		if (e.claim === 'exp') return jwtClaimsError("The JWT 'exp' claim must be a number", e.reason === 'missing' ? 'The JWT has no exp claim' : null);
		return jwtClaimsError('Parsing claims failed');
	}
	if (e instanceof errors.JOSEAlgNotAllowed || e instanceof errors.JOSENotSupported) {
		return jwtDecodeError('Wrong or unsupported encoding algorithm', 'Only HS256 is accepted');
	}
	if (e instanceof errors.JWSSignatureVerificationFailed) return jwtDecodeError('JWT cryptographic operation failed');
	if (e instanceof errors.JWTInvalid) return jwtClaimsError('Parsing claims failed');
	return jwtDecodeError("JWT couldn't be decoded");
}
