import type { Cookies, RequestEvent } from '@sveltejs/kit';
import type { Sql } from '../db/driver';

/** A cookie jar good enough for actions under test: what they set can be read back. */
export function fakeCookies(initial: Record<string, string> = {}): Cookies & { jar: Map<string, string> } {
	const jar = new Map(Object.entries(initial));
	return {
		jar,
		get: (name) => jar.get(name),
		getAll: () => [...jar].map(([name, value]) => ({ name, value })),
		set: (name, value) => void jar.set(name, value),
		delete: (name) => void jar.delete(name),
		serialize: (name, value) => `${name}=${value}`
	};
}

export interface FakeEventOptions {
	url?: string;
	/** Form fields; an array posts the same name several times (checkboxes). */
	form?: Record<string, string | Blob | (string | Blob)[]>;
	locals?: Partial<App.Locals>;
	params?: Record<string, string>;
	ip?: string;
	cookies?: ReturnType<typeof fakeCookies>;
}

/** A RequestEvent for calling a `load` or a form action directly, as SvelteKit would. */
export function fakeEvent(options: FakeEventOptions = {}) {
	const url = new URL(options.url ?? 'http://localhost/');
	const body = new FormData();
	for (const [k, v] of Object.entries(options.form ?? {})) for (const item of Array.isArray(v) ? v : [v]) body.append(k, item);
	const cookies = options.cookies ?? fakeCookies();
	return {
		url,
		request: new Request(url, { method: options.form ? 'POST' : 'GET', body: options.form ? body : undefined }),
		cookies,
		params: options.params ?? {},
		locals: { user: null, ...options.locals } as App.Locals,
		getClientAddress: () => options.ip ?? '203.0.113.7',
		setHeaders: () => {},
		route: { id: null },
		isDataRequest: false,
		isSubRequest: false,
		fetch
	} as unknown as RequestEvent & { cookies: ReturnType<typeof fakeCookies> };
}

/**
 * Every row of the given tables as one comparable string: "nothing written" is then
 * `expect(await snapshotTables(driver, TABLES)).toBe(before)`.
 */
export async function snapshotTables(sql: Sql, tables: readonly string[]): Promise<string> {
	const out: Record<string, unknown> = {};
	for (const table of tables) {
		out[table] = (await sql.query(`select coalesce(json_agg(x order by x::text), '[]') as rows from ${table} x`)).rows[0];
	}
	return JSON.stringify(out);
}
