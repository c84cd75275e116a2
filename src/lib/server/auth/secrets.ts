import { hash, verify } from '@node-rs/argon2';
import { createHash, randomBytes } from 'node:crypto';

// @node-rs/argon2's Algorithm is a const enum, which isolated-module builds cannot inline.
const ARGON2ID = 2;

/** argon2id with the library's defaults (19 MiB, 2 passes: OWASP's recommended minimum). */
export const hashSecret = (secret: string) => hash(secret, { algorithm: ARGON2ID });

export async function verifySecret(storedHash: string, secret: string): Promise<boolean> {
	try {
		return await verify(storedHash, secret);
	} catch {
		return false;
	}
}

/** A hash to verify against when the account does not exist, so timing does not reveal it. */
let decoy: Promise<string> | undefined;
export const decoyHash = () => (decoy ??= hashSecret(randomBytes(16).toString('hex')));

/** 32 random bytes for the cookie; only the SHA-256 is stored. */
export function newSessionToken(): { token: string; tokenHash: string } {
	const token = randomBytes(32).toString('base64url');
	return { token, tokenHash: hashToken(token) };
}

export const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');
