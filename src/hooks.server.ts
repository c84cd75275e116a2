import type { Handle, HandleServerError, ServerInit } from '@sveltejs/kit';
import { readSession, SESSION_COOKIE } from '$lib/server/auth/sessions';
import { database } from '$lib/server/context';
import { serviceSupabase, supabaseFor } from '$lib/server/db/supabase';
import { attachLiveHub } from '$lib/server/live/hub';
import { t } from '$lib/i18n';

export const init: ServerInit = async () => {
	const db = await database();
	if (db.applied.length) console.log(`sayso: applied migrations ${db.applied.join(', ')}`);
	if (db.seeded) console.log('sayso: loaded demo content');
	// server.js (production) or the Vite plugin (dev) puts the socket.io server here.
	const io = (globalThis as { __saysoIo?: import('socket.io').Server }).__saysoIo;
	if (io) attachLiveHub(io, db);
};

const SECURITY_HEADERS: Record<string, string> = {
	'x-content-type-options': 'nosniff',
	'referrer-policy': 'strict-origin-when-cross-origin',
	'x-frame-options': 'DENY',
	// Children's Code: no geolocation, camera or microphone, ever.
	'permissions-policy': 'geolocation=(), camera=(), microphone=()',
	'cross-origin-opener-policy': 'same-origin'
};

export const handle: Handle = async ({ event, resolve }) => {
	const db = await database();
	event.locals.user = await readSession(serviceSupabase(db), event.cookies.get(SESSION_COOKIE));
	event.locals.supabase = supabaseFor(db, event.locals.user?.id ?? null);

	const response = await resolve(event);
	for (const [name, value] of Object.entries(SECURITY_HEADERS)) response.headers.set(name, value);
	if (!response.headers.has('content-security-policy')) {
		// Pages get SvelteKit's hashed CSP (svelte.config.js); everything else gets the strictest one.
		response.headers.set('content-security-policy', "default-src 'none'; frame-ancestors 'none'");
	}
	// Signed-in pages hold personal data: never keep them in a shared device's cache.
	if (event.locals.user) response.headers.set('cache-control', 'private, no-store');
	return response;
};

export const handleError: HandleServerError = ({ error, event, status }) => {
	// Log the route and the error, never the request body: it may hold a child's words or a passphrase.
	if (status >= 500) console.error(`sayso: ${event.request.method} ${event.route.id ?? event.url.pathname}:`, error);
	return { message: status === 404 ? t('errors.notFoundTitle') : t('errors.genericTitle') };
};
