/**
 * Conformance of the embedded gateway with PostgREST, driven through a real supabase-js client
 * exactly as the app uses it. Runs on in-memory PGlite always, and on PostgreSQL when DATABASE_URL
 * is set (a fresh database per run, dropped afterwards).
 */
import { readFileSync } from 'node:fs';
import { createClient, type SupabaseClient } from '@supabase/supabase-js';
import { SignJWT } from 'jose';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bootstrap } from './bootstrap';
import type { Driver } from './driver';
import { createGateway, type Gateway } from './gateway';
import { openPg } from './pg-driver';
import { openPglite } from './pglite-driver';

const FIXTURE = readFileSync(new URL('./gateway/conformance-fixture.sql', import.meta.url), 'utf8');
const SECRET = 'conformance-secret-conformance-secret-0123456789';
const BASE = 'http://sayso.internal';
const ALICE = '11111111-1111-4111-8111-111111111111';
const BOB = '22222222-2222-4222-8222-222222222222';
const DATABASE_URL = process.env.DATABASE_URL;

interface Transport {
	name: string;
	enabled: boolean;
	open(): Promise<{ driver: Driver; dispose(): Promise<void> }>;
}

/**
 * node-postgres' pool.end() resolves before its sockets are closed; dropping the database "with
 * (force)" at that moment would kill them and crash the process with an unhandled 'error'.
 */
async function dropWhenIdle(admin: pg.Client, name: string) {
	for (let i = 0; i < 100; i++) {
		const { rows } = await admin.query<{ n: number }>('select count(*)::int as n from pg_stat_activity where datname = $1', [name]);
		if (rows[0].n === 0) break;
		await new Promise((r) => setTimeout(r, 50));
	}
	await admin.query(`drop database if exists "${name}" with (force)`);
}

const transports: Transport[] = [
	{
		name: 'PGlite',
		enabled: true,
		async open() {
			const driver = await openPglite();
			return { driver, dispose: () => driver.close() };
		}
	},
	{
		name: 'PostgreSQL',
		enabled: Boolean(DATABASE_URL),
		async open() {
			const admin = new pg.Client({ connectionString: DATABASE_URL });
			await admin.connect();
			const name = `gateway_conformance_${Date.now()}_${Math.floor(Math.random() * 1e6)}`;
			await admin.query(`create database "${name}"`);
			const url = new URL(DATABASE_URL!);
			url.pathname = `/${name}`;
			const driver = await openPg(url.toString(), 4);
			return {
				driver,
				async dispose() {
					await driver.close();
					await dropWhenIdle(admin, name);
					await admin.end();
				}
			};
		}
	}
];

if (!DATABASE_URL) console.info('PostgreSQL conformance skipped: DATABASE_URL not set');

/** Roles are cluster-wide: another test file bootstrapping the same server at once may race us. */
async function bootstrapWithRetry(driver: Driver) {
	try {
		await bootstrap(driver);
	} catch {
		await bootstrap(driver);
	}
}

const key = new TextEncoder().encode(SECRET);
async function mint(claims: Record<string, unknown>, opts: { exp?: number | null; secret?: Uint8Array; alg?: string } = {}) {
	const jwt = new SignJWT(claims).setProtectedHeader({ alg: opts.alg ?? 'HS256' }).setIssuedAt();
	if (opts.exp !== null) jwt.setExpirationTime(opts.exp ?? Math.floor(Date.now() / 1000) + 3600);
	return jwt.sign(opts.secret ?? key);
}

/** supabase-js on Node 20 has no WebSocket; these clients never open realtime anyway. */
class NoRealtime {
	constructor() {
		throw new Error('realtime is not used by the gateway tests');
	}
}

for (const transport of transports) {
	const title = transport.enabled ? `gateway conformance on ${transport.name}` : `${transport.name} conformance skipped: DATABASE_URL not set`;
	describe.skipIf(!transport.enabled)(title, () => {
		let dispose: () => Promise<void>;
		let gw: Gateway;
		let anonKey: string;
		let anon: SupabaseClient;
		let alice: SupabaseClient;
		let bob: SupabaseClient;
		let service: SupabaseClient;
		const tokens: Record<string, string> = {};

		const client = (token: string) =>
			createClient(BASE, anonKey, {
				global: { fetch: gw.fetch },
				accessToken: async () => token,
				auth: { persistSession: false, autoRefreshToken: false },
				realtime: { transport: NoRealtime as never }
			});

		/** Straight to the gateway, for what supabase-js cannot express or to read headers. */
		const raw = (path: string, init: RequestInit & { token?: string | null } = {}) => {
			const headers = new Headers(init.headers);
			const token = init.token === undefined ? tokens.alice : init.token;
			if (token !== null && !headers.has('authorization')) headers.set('Authorization', `Bearer ${token}`);
			return gw.fetch(`${BASE}/rest/v1${path}`, { ...init, headers });
		};

		const ids = (rows: { id: number }[] | null) => (rows ?? []).map((r) => r.id);

		beforeAll(async () => {
			const opened = await transport.open();
			dispose = opened.dispose;
			await bootstrapWithRetry(opened.driver);
			await opened.driver.exec(FIXTURE);
			gw = createGateway(opened.driver, { jwtSecret: SECRET });
			anonKey = await mint({ role: 'anon' });
			tokens.alice = await mint({ role: 'authenticated', sub: ALICE });
			tokens.bob = await mint({ role: 'authenticated', sub: BOB });
			tokens.service = await mint({ role: 'service_role' });
			anon = client(anonKey);
			alice = client(tokens.alice);
			bob = client(tokens.bob);
			service = client(tokens.service);
		});

		afterAll(async () => {
			await dispose?.();
		});

		describe('select', () => {
			it('returns only the listed columns', async () => {
				const { data, error, status } = await anon.from('items').select('id,name').eq('id', 1);
				expect(error).toBeNull();
				expect(status).toBe(200);
				expect(data).toEqual([{ id: 1, name: 'Apple' }]);
			});

			it('returns every column for *', async () => {
				const { data } = await anon.from('items').select('*').eq('id', 2);
				expect(data).toEqual([
					{ id: 2, name: 'banana', qty: 10, price: 0.25, tag: 'fruit', ref: '00000000-0000-4000-8000-000000000002', happened_at: '2026-01-02T10:00:00+00:00', active: false }
				]);
			});

			it('renames columns with alias:column', async () => {
				const { data } = await anon.from('items').select('key:id,label:name').eq('id', 3);
				expect(data).toEqual([{ key: 3, label: 'Carrot' }]);
			});

			it('answers JSON with charset and a Content-Range', async () => {
				const res = await raw('/items?select=id&order=id');
				expect(res.status).toBe(200);
				expect(res.headers.get('content-type')).toBe('application/json; charset=utf-8');
				expect(res.headers.get('content-range')).toBe('0-4/*');
				expect(await res.json()).toEqual([{ id: 1 }, { id: 2 }, { id: 3 }, { id: 4 }, { id: 5 }]);
			});
		});

		describe('filters', () => {
			it('eq on an integer and on a uuid', async () => {
				expect(ids((await anon.from('items').select('id').eq('qty', 100)).data)).toEqual([3]);
				expect(ids((await anon.from('items').select('id').eq('ref', '00000000-0000-4000-8000-000000000004')).data)).toEqual([4]);
			});

			it('neq leaves out the value (and nulls, as SQL does)', async () => {
				expect(ids((await anon.from('items').select('id').neq('tag', 'fruit').order('id')).data)).toEqual([3, 4]);
			});

			it('gt/gte/lt/lte compare integers as numbers, not text', async () => {
				expect(ids((await anon.from('items').select('id').gt('qty', 9).order('id')).data)).toEqual([2, 3]);
				expect(ids((await anon.from('items').select('id').gte('qty', 10).order('id')).data)).toEqual([2, 3]);
				expect(ids((await anon.from('items').select('id').lt('qty', 10).order('id')).data)).toEqual([1, 5]);
				expect(ids((await anon.from('items').select('id').lte('qty', 9).order('id')).data)).toEqual([1, 5]);
			});

			it('gt compares numerics by value', async () => {
				expect(ids((await anon.from('items').select('id').gt('price', 1).order('id')).data)).toEqual([4, 5]);
			});

			it('gt/lt on timestamps are chronological and respect offsets', async () => {
				expect(ids((await anon.from('items').select('id').gt('happened_at', '2026-01-01T12:00:00Z').order('id')).data)).toEqual([2, 3]);
				expect(ids((await anon.from('items').select('id').lt('happened_at', '2026-01-01T00:00:00Z')).data)).toEqual([5]);
				// 10:30+01:00 is 09:30Z, before item 1's 10:00Z.
				expect(ids((await anon.from('items').select('id').gt('happened_at', '2026-01-01T10:30:00+01:00').order('id')).data)).toEqual([1, 2, 3]);
			});

			it('in on text, including a quoted value with a comma', async () => {
				expect(ids((await anon.from('items').select('id').in('tag', ['c,d', 'veg']).order('id')).data)).toEqual([3, 4]);
			});

			it('in on integers, and an empty list matches nothing', async () => {
				expect(ids((await anon.from('items').select('id').in('id', [1, 3, 5]).order('id')).data)).toEqual([1, 3, 5]);
				expect((await anon.from('items').select('id').in('id', [])).data).toEqual([]);
			});

			it('is null / true / false / unknown', async () => {
				expect(ids((await anon.from('items').select('id').is('qty', null)).data)).toEqual([4]);
				expect(ids((await anon.from('items').select('id').is('active', true).order('id')).data)).toEqual([1, 4]);
				expect(ids((await anon.from('items').select('id').is('active', false).order('id')).data)).toEqual([2, 5]);
				expect(await (await raw('/items?select=id&active=is.unknown')).json()).toEqual([{ id: 3 }]);
			});

			it('like uses * as the wildcard and is case-sensitive', async () => {
				expect(ids((await anon.from('items').select('id').like('name', '*an*')).data)).toEqual([2]);
			});

			it('ilike is case-insensitive', async () => {
				expect(ids((await anon.from('items').select('id').ilike('name', '*A*').order('id')).data)).toEqual([1, 2, 3, 4]);
			});

			it('not. negates eq, in and is', async () => {
				expect(ids((await anon.from('items').select('id').not('tag', 'eq', 'fruit').order('id')).data)).toEqual([3, 4]);
				expect(ids((await anon.from('items').select('id').not('id', 'in', '(1,2,3)').order('id')).data)).toEqual([4, 5]);
				expect(ids((await anon.from('items').select('id').not('active', 'is', null).order('id')).data)).toEqual([1, 2, 4, 5]);
			});

			it('several filters are ANDed, including two on one column', async () => {
				expect(ids((await anon.from('items').select('id').gt('id', 1).lt('id', 4).eq('tag', 'fruit')).data)).toEqual([2]);
			});

			it('a value that does not fit the column type is 400 22P02', async () => {
				const { error, status } = await anon.from('items').select('id').eq('id', 'abc');
				expect(status).toBe(400);
				expect(error?.code).toBe('22P02');
			});
		});

		describe('order, limit, offset', () => {
			it('orders by several columns with directions and nulls placement', async () => {
				const { data } = await anon.from('items').select('id').order('tag', { ascending: true, nullsFirst: true }).order('id', { ascending: false });
				expect(ids(data)).toEqual([5, 4, 2, 1, 3]);
			});

			it('nullslast and the default (nulls first) for descending order', async () => {
				expect(ids((await anon.from('items').select('id').order('qty', { ascending: false, nullsFirst: false })).data)).toEqual([3, 2, 1, 5, 4]);
				expect(ids((await anon.from('items').select('id').order('qty', { ascending: false })).data)).toEqual([4, 3, 2, 1, 5]);
			});

			it('limit and range (offset + limit)', async () => {
				expect(ids((await anon.from('items').select('id').order('id').limit(2)).data)).toEqual([1, 2]);
				expect(ids((await anon.from('items').select('id').order('id').range(1, 2)).data)).toEqual([2, 3]);
				expect(await (await raw('/items?select=id&order=id&offset=3')).json()).toEqual([{ id: 4 }, { id: 5 }]);
			});
		});

		describe('count', () => {
			it('count=exact gives the total and a partial page is 206', async () => {
				const { data, count, status } = await anon.from('items').select('id', { count: 'exact' }).order('id').range(0, 1);
				expect(ids(data)).toEqual([1, 2]);
				expect(count).toBe(5);
				expect(status).toBe(206);
				const res = await raw('/items?select=id&tag=eq.fruit', { headers: { Prefer: 'count=exact' } });
				expect(res.status).toBe(200);
				expect(res.headers.get('content-range')).toBe('0-1/2');
			});

			it('count of an empty result is */0', async () => {
				const { data, count } = await anon.from('items').select('id', { count: 'exact' }).eq('id', 999);
				expect(data).toEqual([]);
				expect(count).toBe(0);
				const res = await raw('/items?id=eq.999', { headers: { Prefer: 'count=exact' } });
				expect(res.headers.get('content-range')).toBe('*/0');
			});

			it('head: true answers the count without a body', async () => {
				const { data, count, status } = await anon.from('items').select('*', { count: 'exact', head: true }).eq('tag', 'fruit');
				expect(status).toBe(200);
				expect(data).toBeNull();
				expect(count).toBe(2);
				const res = await raw('/items', { method: 'HEAD', headers: { Prefer: 'count=exact' } });
				expect(res.headers.get('content-range')).toBe('0-4/5');
				expect(await res.text()).toBe('');
			});

			it('an offset past the end with count=exact is 416 PGRST103', async () => {
				const res = await raw('/items?offset=10', { headers: { Prefer: 'count=exact' } });
				expect(res.status).toBe(416);
				expect(await res.json()).toMatchObject({ code: 'PGRST103', details: 'An offset of 10 was requested, but there are only 5 rows.' });
			});
		});

		describe('single object', () => {
			it('single() returns the one row as an object', async () => {
				const { data, error } = await anon.from('items').select('id,name').eq('id', 1).single();
				expect(error).toBeNull();
				expect(data).toEqual({ id: 1, name: 'Apple' });
				const res = await raw('/items?id=eq.1&select=id', { headers: { Accept: 'application/vnd.pgrst.object+json' } });
				expect(res.headers.get('content-type')).toBe('application/vnd.pgrst.object+json; charset=utf-8');
			});

			it('single() with no row is 406 PGRST116', async () => {
				const { data, error, status } = await anon.from('items').select('id').eq('id', 999).single();
				expect(status).toBe(406);
				expect(data).toBeNull();
				expect(error).toMatchObject({ code: 'PGRST116', message: 'Cannot coerce the result to a single JSON object', details: 'The result contains 0 rows' });
			});

			it('single() with several rows is 406 PGRST116', async () => {
				const { error, status } = await anon.from('items').select('id').eq('tag', 'fruit').single();
				expect(status).toBe(406);
				expect(error).toMatchObject({ code: 'PGRST116', details: 'The result contains 2 rows' });
			});

			it('maybeSingle(): null for none, the object for one, an error for many', async () => {
				const none = await anon.from('items').select('id').eq('id', 999).maybeSingle();
				expect(none.error).toBeNull();
				expect(none.data).toBeNull();
				const one = await anon.from('items').select('id').eq('id', 5).maybeSingle();
				expect(one.data).toEqual({ id: 5 });
				const many = await anon.from('items').select('id').eq('tag', 'fruit').maybeSingle();
				expect(many.error?.code).toBe('PGRST116');
			});
		});

		describe('insert', () => {
			it('returns the row with defaults applied when asked (return=representation)', async () => {
				const { data, error, status } = await alice.from('notes').insert({ title: 'rep', score: 5 }).select('title,score,owner').single();
				expect(error).toBeNull();
				expect(status).toBe(201);
				expect(data).toEqual({ title: 'rep', score: 5, owner: ALICE });
			});

			it('return=minimal answers 201 without a body', async () => {
				const res = await raw('/notes', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ title: 'minimal' }) });
				expect(res.status).toBe(201);
				expect(await res.text()).toBe('');
				const { data } = await alice.from('notes').select('title').eq('title', 'minimal');
				expect(data).toEqual([{ title: 'minimal' }]);
			});

			it('inserts an array, taking columns from the columns= list', async () => {
				const { data, status } = await alice
					.from('notes')
					.insert([{ title: 'bulk-1', score: 1 }, { title: 'bulk-2' }])
					.select('title,score');
				expect(status).toBe(201);
				expect(data).toEqual([
					{ title: 'bulk-1', score: 1 },
					{ title: 'bulk-2', score: null }
				]);
			});

			it('return=minimal needs no SELECT policy; representation does', async () => {
				const minimal = await anon.from('suggestions').insert({ body: 'more benches' });
				expect(minimal.status).toBe(201);
				expect(minimal.error).toBeNull();
				const rep = await anon.from('suggestions').insert({ body: 'and bins' }).select();
				expect(rep.status).toBe(401);
				expect(rep.error?.code).toBe('42501');
			});

			it('a payload column the table lacks is 400 PGRST204', async () => {
				const { error, status } = await alice.from('notes').insert({ title: 'x', colour: 'red' } as never);
				expect(status).toBe(400);
				expect(error).toMatchObject({ code: 'PGRST204', message: "Could not find the 'colour' column of 'notes' in the schema cache" });
			});

			it('upsert merges on a unique column (resolution=merge-duplicates)', async () => {
				const first = await alice.from('notes').upsert({ slug: 'up-1', title: 'v1' }, { onConflict: 'slug' }).select('slug,title');
				expect(first.status).toBe(201);
				expect(first.data).toEqual([{ slug: 'up-1', title: 'v1' }]);
				const second = await alice.from('notes').upsert({ slug: 'up-1', title: 'v2' }, { onConflict: 'slug' }).select('slug,title');
				expect(second.status).toBe(200);
				expect(second.data).toEqual([{ slug: 'up-1', title: 'v2' }]);
				const ignored = await alice.from('notes').upsert({ slug: 'up-1', title: 'v3' }, { onConflict: 'slug', ignoreDuplicates: true }).select('title');
				expect(ignored.data).toEqual([]);
				expect((await alice.from('notes').select('title').eq('slug', 'up-1')).data).toEqual([{ title: 'v2' }]);
			});
		});

		describe('update', () => {
			it('updates the filtered rows and returns them', async () => {
				await alice.from('notes').insert([{ title: 'upd-a' }, { title: 'upd-b' }]);
				const { data, status } = await alice.from('notes').update({ score: 42 }).like('title', 'upd-*').select('title,score').order('title');
				expect(status).toBe(200);
				expect(data).toEqual([
					{ title: 'upd-a', score: 42 },
					{ title: 'upd-b', score: 42 }
				]);
			});

			it('return=minimal answers 204', async () => {
				await alice.from('notes').insert({ title: 'upd-min' });
				const { data, status, error } = await alice.from('notes').update({ score: 7 }).eq('title', 'upd-min');
				expect(error).toBeNull();
				expect(status).toBe(204);
				expect(data).toBeNull();
				expect((await alice.from('notes').select('score').eq('title', 'upd-min')).data).toEqual([{ score: 7 }]);
			});

			it('single() on an update touching several rows is 406 and changes nothing', async () => {
				await alice.from('notes').insert([{ title: 'sgl-1', score: 1 }, { title: 'sgl-2', score: 1 }]);
				const { status, error } = await alice.from('notes').update({ score: 99 }).like('title', 'sgl-*').select().single();
				expect(status).toBe(406);
				expect(error?.code).toBe('PGRST116');
				expect((await alice.from('notes').select('score').like('title', 'sgl-*')).data).toEqual([{ score: 1 }, { score: 1 }]);
			});
		});

		describe('delete', () => {
			it('deletes the filtered rows and returns them', async () => {
				await alice.from('notes').insert({ title: 'del-rep' });
				const { data, status } = await alice.from('notes').delete().eq('title', 'del-rep').select('title');
				expect(status).toBe(200);
				expect(data).toEqual([{ title: 'del-rep' }]);
				expect((await alice.from('notes').select('id').eq('title', 'del-rep')).data).toEqual([]);
			});

			it('return=minimal answers 204 and count=exact reports the rows', async () => {
				await alice.from('notes').insert([{ title: 'del-min' }, { title: 'del-min' }]);
				const { status, count } = await alice.from('notes').delete({ count: 'exact' }).eq('title', 'del-min');
				expect(status).toBe(204);
				expect(count).toBe(2);
			});
		});

		describe('row-level security', () => {
			it('a select returns only the caller’s own rows', async () => {
				await alice.from('notes').insert({ title: 'alice-only' });
				await bob.from('notes').insert({ title: 'bob-only' });
				const mine = await alice.from('notes').select('title,owner').in('title', ['alice-only', 'bob-only']);
				expect(mine.data).toEqual([{ title: 'alice-only', owner: ALICE }]);
				const his = await bob.from('notes').select('title,owner').in('title', ['alice-only', 'bob-only']);
				expect(his.data).toEqual([{ title: 'bob-only', owner: BOB }]);
				expect((await anon.from('notes').select('id')).data).toEqual([]);
			});

			it('an insert by anon is 401 42501', async () => {
				const { status, error } = await anon.from('notes').insert({ title: 'anon' });
				expect(status).toBe(401);
				expect(error).toMatchObject({ code: '42501', message: 'new row violates row-level security policy for table "notes"' });
			});

			it('an authenticated insert violating the policy is 403 42501', async () => {
				const { status, error } = await alice.from('notes').insert({ title: 'forged', owner: BOB });
				expect(status).toBe(403);
				expect(error?.code).toBe('42501');
			});

			it('an update of someone else’s row touches nothing', async () => {
				await bob.from('notes').insert({ title: 'bob-keep', score: 3 });
				const { data, status } = await alice.from('notes').update({ score: 0 }).eq('title', 'bob-keep').select();
				expect(status).toBe(200);
				expect(data).toEqual([]);
				expect((await bob.from('notes').select('score').eq('title', 'bob-keep')).data).toEqual([{ score: 3 }]);
			});

			it('the service role bypasses row-level security', async () => {
				const { data } = await service.from('notes').select('owner').in('title', ['alice-only', 'bob-only']).order('title');
				expect(data).toEqual([{ owner: ALICE }, { owner: BOB }]);
			});
		});

		describe('constraints', () => {
			it('a unique violation is 409 23505', async () => {
				await alice.from('notes').insert({ title: 'u', slug: 'dup' });
				const { status, error } = await alice.from('notes').insert({ title: 'u', slug: 'dup' });
				expect(status).toBe(409);
				expect(error?.code).toBe('23505');
				expect(error?.message).toContain('notes_slug_key');
			});

			it('a check violation is 400 23514', async () => {
				const { status, error } = await alice.from('notes').insert({ title: 'c', score: 101 });
				expect(status).toBe(400);
				expect(error?.code).toBe('23514');
				expect(error?.message).toContain('notes_score_range');
			});

			it('a missing required value is 400 23502', async () => {
				const { status, error } = await alice.from('notes').insert({ score: 1 });
				expect(status).toBe(400);
				expect(error?.code).toBe('23502');
			});
		});

		describe('rpc', () => {
			it('a scalar function with named arguments returns the JSON value', async () => {
				const { data, status } = await anon.rpc('add_them', { b: 2, a: 40 });
				expect(status).toBe(200);
				expect(data).toBe(42);
			});

			it('GET for a stable function, with a default argument left out', async () => {
				expect((await anon.rpc('greet', {}, { get: true })).data).toBe('hello world');
				expect((await anon.rpc('greet', { name: 'Sam' }, { get: true })).data).toBe('hello Sam');
			});

			it('a setof function returns an array, with select, filters, order and limit on it', async () => {
				const all = await anon.rpc('items_tagged', { t: 'fruit' });
				expect(ids(all.data as { id: number }[])).toEqual([1, 2]);
				const shaped = await anon.rpc('items_tagged', { t: 'fruit' }).select('id,name').gt('id', 1).order('id', { ascending: false }).limit(1);
				expect(shaped.data).toEqual([{ id: 2, name: 'banana' }]);
			});

			it('a setof scalar function returns an array of values', async () => {
				expect((await anon.rpc('small_numbers')).data).toEqual([1, 2, 3]);
			});

			it('a function returning one row returns an object', async () => {
				expect((await anon.rpc('item_by_id', { p_id: 3 }).select('id,name')).data).toEqual({ id: 3, name: 'Carrot' });
			});

			it('a RETURNS TABLE function runs as the caller (RLS applies)', async () => {
				await bob.from('notes').insert({ title: 'bob-table', score: 50 });
				const { data } = await bob.rpc('my_notes').gte('score', 50);
				expect(data).toEqual([expect.objectContaining({ title: 'bob-table', score: 50 })]);
			});

			it('a void function answers 204 with no data', async () => {
				const { data, status, error } = await alice.rpc('add_note', { note_title: 'from-rpc' });
				expect(error).toBeNull();
				expect(status).toBe(204);
				expect(data).toBeNull();
				expect((await alice.from('notes').select('owner').eq('title', 'from-rpc')).data).toEqual([{ owner: ALICE }]);
			});

			it('GET on a function that writes fails read-only (405 25006) and writes nothing', async () => {
				const { status, error } = await alice.rpc('bump', {}, { get: true });
				expect(status).toBe(405);
				expect(error?.code).toBe('25006');
				expect((await service.from('counters').select('value').eq('name', 'hits')).data).toEqual([{ value: 0 }]);
				expect((await alice.rpc('bump')).data).toBe(1);
			});

			it('the function sees the claims, role, method and path', async () => {
				expect((await alice.rpc('whoami')).data).toEqual({ uid: ALICE, role: 'authenticated', claim_role: 'authenticated', method: 'POST', path: '/rpc/whoami' });
				expect((await anon.rpc('whoami', {}, { get: true })).data).toEqual({ uid: null, role: 'anon', claim_role: 'anon', method: 'GET', path: '/rpc/whoami' });
			});

			it('arrays, json and variadic arguments arrive typed', async () => {
				expect((await anon.rpc('echo_array', { vals: [3, 1, 2] })).data).toEqual([3, 1, 2]);
				expect((await anon.rpc('echo_array', { vals: [3, 1] }, { get: true })).data).toEqual([3, 1]);
				expect((await anon.rpc('echo_json', { doc: { a: [1, { b: null }] } })).data).toEqual({ a: [1, { b: null }] });
				expect((await anon.rpc('sum_all', { nums: [1, 2, 3] })).data).toBe(6);
			});

			it('overloads are chosen by argument names', async () => {
				expect((await anon.rpc('pick', { a: 1 })).data).toBe('a');
				expect((await anon.rpc('pick', { b: 'x' })).data).toBe('b');
			});

			it('an unknown function is 404 PGRST202', async () => {
				const { status, error } = await anon.rpc('no_such_fn', { x: 1 });
				expect(status).toBe(404);
				expect(error).toEqual({
					code: 'PGRST202',
					message: 'Could not find the function public.no_such_fn(x) in the schema cache',
					details: 'Searched for the function public.no_such_fn with parameter x or with a single unnamed json/jsonb parameter, but no matches were found in the schema cache.',
					hint: null
				});
			});

			it('wrong argument names are 404 PGRST202', async () => {
				const { status, error } = await anon.rpc('add_them', { a: 1, c: 2 });
				expect(status).toBe(404);
				expect(error?.code).toBe('PGRST202');
				expect(error?.message).toBe('Could not find the function public.add_them(a, c) in the schema cache');
				const missing = await anon.rpc('add_them', { a: 1 });
				expect(missing.error?.message).toBe('Could not find the function public.add_them(a) in the schema cache');
			});

			it('raise exception in a security definer function is 400 P0001 with its fields', async () => {
				const { status, error } = await alice.rpc('refuse', { reason: 'closed' });
				expect(status).toBe(400);
				expect(error).toEqual({ code: 'P0001', message: 'refused: closed', details: 'rule R1', hint: 'ask a facilitator' });
			});

			it('SQLSTATE PTxyz chooses the HTTP status', async () => {
				const { status, error } = await anon.rpc('teapot');
				expect(status).toBe(418);
				expect(error).toMatchObject({ code: 'PT418', message: 'I am a teapot' });
			});
		});

		describe('schema errors', () => {
			it('an unknown table is 404 PGRST205', async () => {
				const { status, error } = await anon.from('nope').select();
				expect(status).toBe(404);
				expect(error).toEqual({ code: 'PGRST205', message: "Could not find the table 'public.nope' in the schema cache", details: null, hint: null });
			});

			it('an unknown column in select is 400 42703', async () => {
				const { status, error } = await anon.from('items').select('id,colour');
				expect(status).toBe(400);
				expect(error?.code).toBe('42703');
				expect(error?.message).toBe('column items.colour does not exist');
			});

			it('an unknown column in a filter or order is 400 42703', async () => {
				expect((await anon.from('items').select('id').eq('colour', 'red')).error?.code).toBe('42703');
				expect((await anon.from('items').select('id').order('colour')).error?.code).toBe('42703');
			});

			it('another schema in Accept-Profile is 406 PGRST106', async () => {
				const { status, error } = await anon.schema('private').from('items').select();
				expect(status).toBe(406);
				expect(error).toMatchObject({ code: 'PGRST106', message: 'Invalid schema: private' });
			});
		});

		describe('authentication', () => {
			it('a token signed with another secret is 401 PGRST301', async () => {
				const forged = await mint({ role: 'service_role' }, { secret: new TextEncoder().encode('not-the-secret-not-the-secret-000') });
				const { status, error } = await client(forged).from('items').select('id');
				expect(status).toBe(401);
				expect(error).toMatchObject({ code: 'PGRST301', message: 'JWT cryptographic operation failed' });
			});

			it('an expired token is 401 PGRST303', async () => {
				const expired = await mint({ role: 'authenticated', sub: ALICE }, { exp: Math.floor(Date.now() / 1000) - 3600 });
				const res = await raw('/items', { token: expired });
				expect(res.status).toBe(401);
				expect(await res.json()).toMatchObject({ code: 'PGRST303', message: 'JWT expired' });
				expect(res.headers.get('www-authenticate')).toContain('invalid_token');
			});

			it('a token without exp is refused', async () => {
				const forever = await mint({ role: 'authenticated', sub: ALICE }, { exp: null });
				expect((await raw('/items', { token: forever })).status).toBe(401);
			});

			it('a malformed token or another algorithm is 401 PGRST301', async () => {
				expect(await (await raw('/items', { token: 'abc' })).json()).toMatchObject({ code: 'PGRST301', message: 'Expected 3 parts in JWT; got 1' });
				const hs512 = await mint({ role: 'anon' }, { alg: 'HS512' });
				expect(await (await raw('/items', { token: hs512 })).json()).toMatchObject({ code: 'PGRST301', message: 'Wrong or unsupported encoding algorithm' });
			});

			it('a role outside anon/authenticated/service_role is 401', async () => {
				const superuser = await mint({ role: 'postgres' });
				const { status, error } = await client(superuser).from('items').select('id');
				expect(status).toBe(401);
				expect(error?.code).toBe('PGRST303');
			});

			it('no token at all is 401 PGRST302', async () => {
				const res = await raw('/items', { token: null });
				expect(res.status).toBe(401);
				expect(await res.json()).toMatchObject({ code: 'PGRST302' });
			});

			it('the apikey header is used when there is no Authorization header', async () => {
				const res = await raw('/rpc/whoami', { token: null, method: 'POST', headers: { apikey: tokens.bob, 'Content-Type': 'application/json' }, body: '{}' });
				expect(res.status).toBe(200);
				expect(await res.json()).toMatchObject({ uid: BOB });
			});
		});

		describe('outside the subset', () => {
			it('embedded resources are 400 PGRST127', async () => {
				const { status, error } = await anon.from('items').select('id, notes(id)');
				expect(status).toBe(400);
				expect(error).toMatchObject({ code: 'PGRST127', message: 'Feature not implemented' });
			});

			it('or= is 400 PGRST127', async () => {
				const { status, error } = await anon.from('items').select('id').or('id.eq.1,id.eq.2');
				expect(status).toBe(400);
				expect(error?.code).toBe('PGRST127');
			});

			it('an unsupported operator is 400 PGRST127, an unknown one 400 PGRST100', async () => {
				const fts = await anon.from('items').select('id').textSearch('name', 'apple');
				expect(fts.status).toBe(400);
				expect(fts.error?.code).toBe('PGRST127');
				const unknown = await raw('/items?id=foo.1');
				expect(unknown.status).toBe(400);
				expect(await unknown.json()).toMatchObject({ code: 'PGRST100', details: 'unknown single value operator foo' });
				expect((await raw('/items?id=5')).status).toBe(400);
			});

			it('Prefer: tx=rollback is 400 PGRST127', async () => {
				const { status, error } = await alice.from('notes').insert({ title: 'rb' }).rollback();
				expect(status).toBe(400);
				expect(error?.code).toBe('PGRST127');
				expect((await alice.from('notes').select('id').eq('title', 'rb')).data).toEqual([]);
			});

			it('a Range request header is 400 PGRST127, not silently ignored', async () => {
				const res = await raw('/items', { headers: { Range: '0-1' } });
				expect(res.status).toBe(400);
				expect(await res.json()).toMatchObject({ code: 'PGRST127' });
			});

			it('unknown Prefer tokens are ignored, unless handling=strict (400 PGRST122)', async () => {
				expect((await raw('/items?select=id&id=eq.1', { headers: { Prefer: 'frobnicate=yes' } })).status).toBe(200);
				const strict = await raw('/items?select=id', { headers: { Prefer: 'handling=strict, frobnicate=yes' } });
				expect(strict.status).toBe(400);
				expect(await strict.json()).toMatchObject({ code: 'PGRST122', details: 'Invalid preferences: frobnicate=yes' });
			});

			it('CSV is 406 PGRST107', async () => {
				const { status, error } = await anon.from('items').select('id').csv();
				expect(status).toBe(406);
				expect(error?.code).toBe('PGRST107');
			});

			it('other methods and paths are refused with PostgREST codes', async () => {
				const put = await raw('/items?id=eq.1', { method: 'PUT', headers: { 'Content-Type': 'application/json' }, body: '{"id":1}' });
				expect(put.status).toBe(405);
				expect(await put.json()).toMatchObject({ code: 'PGRST117', message: 'Unsupported HTTP method: PUT' });
				const rpcDelete = await raw('/rpc/add_them', { method: 'DELETE' });
				expect(rpcDelete.status).toBe(405);
				expect(await rpcDelete.json()).toMatchObject({ code: 'PGRST101' });
				const elsewhere = await gw.fetch(`${BASE}/auth/v1/user`, { headers: { Authorization: `Bearer ${tokens.alice}` } });
				expect(elsewhere.status).toBe(404);
				expect(await elsewhere.json()).toMatchObject({ code: 'PGRST125' });
				const root = await raw('/');
				expect(root.status).toBe(404);
				expect(await root.json()).toMatchObject({ code: 'PGRST126' });
			});
		});

		describe('SQL injection', () => {
			const itemsStillThere = async () => expect((await service.from('items').select('*', { count: 'exact', head: true })).count).toBe(5);

			it('through select, order and filter names: refused as bad syntax', async () => {
				const sel = await raw(`/items?select=${encodeURIComponent('id,name"); drop table items; --')}`);
				expect(sel.status).toBe(400);
				expect(await sel.json()).toMatchObject({ code: 'PGRST100' });
				const ord = await anon.from('items').select('id').order('id; drop table items');
				expect(ord.status).toBe(400);
				const key = await raw(`/items?${encodeURIComponent('id" = 1 or "1')}=eq.1`);
				expect(key.status).toBe(400);
				await itemsStillThere();
			});

			it('through values: always data, never SQL', async () => {
				expect((await anon.from('items').select('id').eq('name', "x' or '1'='1")).data).toEqual([]);
				expect((await anon.from('items').select('id').eq('id', '1 or 1=1')).error?.code).toBe('22P02');
				expect((await anon.from('items').select('id').in('name', ["Apple') or ('1'='1"])).data).toEqual([]);
				expect((await anon.from('items').select('id').like('name', "%'; drop table items; --")).data).toEqual([]);
				expect((await anon.rpc('greet', { name: "'); drop table items; --" })).data).toBe("hello '); drop table items; --");
				await itemsStillThere();
			});

			it('through table, function and argument names: not found', async () => {
				expect((await anon.from('items; drop table items').select()).error?.code).toBe('PGRST205');
				expect((await anon.rpc('add_them(1,2); drop table items; --')).error?.code).toBe('PGRST202');
				expect((await anon.rpc('add_them', { 'a => 1); drop table items; --': 1, b: 2 })).error?.code).toBe('PGRST202');
				await itemsStillThere();
			});

			it('through payload keys and claims: refused', async () => {
				const col = await alice.from('notes').insert({ 'title") values (\'x\'); drop table notes; --': 'x' } as never);
				expect(col.error?.code).toBe('PGRST204');
				const role = await mint({ role: "authenticated'; reset role; --" });
				expect((await raw('/items', { token: role })).status).toBe(401);
				expect((await service.from('notes').select('id', { count: 'exact', head: true })).status).toBe(200);
				await itemsStillThere();
			});
		});
	});
}
