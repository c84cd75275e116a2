import { createClient, type SupabaseClient } from '@supabase/supabase-js';
import { ACCESS_TOKEN_SECONDS, mintJwt } from '../auth/jwt';
import type { Database } from './index';

/**
 * Live sessions use socket.io, never Supabase Realtime; on Node 20 (no built-in WebSocket)
 * supabase-js refuses to start without a transport, so it gets one that says so if ever used.
 */
class NoRealtime {
	constructor() {
		throw new Error('Sayso does not use Supabase Realtime on the server');
	}
}

const clientOptions = (db: Database) => ({
	auth: { persistSession: false, autoRefreshToken: false, detectSessionInUrl: false },
	global: db.fetch ? { fetch: db.fetch } : undefined,
	realtime: { transport: NoRealtime as never }
});

/**
 * The one way server code reaches data: a supabase-js client acting as the caller. `accountId`
 * null means an anonymous visitor (the anon key); otherwise a short-lived JWT for that account,
 * so row-level security sees exactly who is asking.
 */
export function supabaseFor(db: Database, accountId: string | null): SupabaseClient {
	if (!accountId) return createClient(db.url, db.anonKey, clientOptions(db));
	let token: { value: string; expires: number } | undefined;
	return createClient(db.url, db.anonKey, {
		...clientOptions(db),
		accessToken: async () => {
			// One token per client, re-minted only if a long request outlives it.
			if (!token || token.expires < Date.now() + 30_000) {
				token = { value: await mintJwt(db.jwtSecret, { role: 'authenticated', sub: accountId }), expires: Date.now() + ACCESS_TOKEN_SECONDS * 1000 };
			}
			return token.value;
		}
	});
}

/**
 * Service-role client: bypasses row-level security. Only named system work may use it: the auth
 * module (credentials and sessions), scheduled jobs and the demo seed.
 */
export function serviceSupabase(db: Database): SupabaseClient {
	return createClient(db.url, db.serviceKey, clientOptions(db));
}
