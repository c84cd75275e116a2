import type { Cookies } from '@sveltejs/kit';
import type { SupabaseClient } from '@supabase/supabase-js';
import { hashToken, newSessionToken } from './secrets';

export const SESSION_COOKIE = 'sayso_session';

export type AccountKind = 'staff' | 'young_person';

/** Young people often share devices: shorter sessions for them. */
export const SESSION_LIFETIMES: Record<AccountKind, { idleSeconds: number; absoluteSeconds: number }> = {
	young_person: { idleSeconds: 2 * 3600, absoluteSeconds: 12 * 3600 },
	staff: { idleSeconds: 8 * 3600, absoluteSeconds: 7 * 24 * 3600 }
};

export interface SessionUser {
	id: string;
	sessionId: string;
	kind: AccountKind;
	displayName: string;
	isPlatformAdmin: boolean;
}

export async function startSession(
	service: SupabaseClient,
	cookies: Cookies,
	account: { id: string; kind: AccountKind },
	userAgent: string,
	secure: boolean
): Promise<void> {
	const { token, tokenHash } = newSessionToken();
	const life = SESSION_LIFETIMES[account.kind];
	const { error } = await service.rpc('auth_create_session', {
		p_account: account.id,
		p_token_hash: tokenHash,
		p_user_agent: userAgent.slice(0, 300),
		p_idle_seconds: life.idleSeconds,
		p_absolute_seconds: life.absoluteSeconds
	});
	if (error) throw new Error(`could not start session: ${error.message}`);
	cookies.set(SESSION_COOKIE, token, {
		path: '/',
		httpOnly: true,
		sameSite: 'lax',
		secure,
		maxAge: life.absoluteSeconds
	});
}

export async function readSession(service: SupabaseClient, token: string | undefined): Promise<SessionUser | null> {
	if (!token || token.length > 100) return null;
	const { data, error } = await service.rpc('auth_session', { p_token_hash: hashToken(token) }).maybeSingle();
	if (error) throw new Error(`could not read session: ${error.message}`);
	if (!data) return null;
	const row = data as { session_id: string; account_id: string; kind: AccountKind; display_name: string | null; is_platform_admin: boolean };
	return {
		id: row.account_id,
		sessionId: row.session_id,
		kind: row.kind,
		displayName: row.display_name ?? '',
		isPlatformAdmin: row.is_platform_admin
	};
}

export async function endSession(service: SupabaseClient, cookies: Cookies): Promise<void> {
	const token = cookies.get(SESSION_COOKIE);
	if (token) {
		const { error } = await service.rpc('auth_end_session', { p_token_hash: hashToken(token) });
		if (error) throw new Error(`could not end session: ${error.message}`);
	}
	cookies.delete(SESSION_COOKIE, { path: '/' });
}

/** Secure cookies everywhere except plain-http localhost, where browsers would drop them. */
export const cookieSecure = (url: URL) => url.protocol === 'https:' || !['localhost', '127.0.0.1', '[::1]'].includes(url.hostname);
