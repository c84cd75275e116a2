/**
 * Test helper: the database transports every database test runs against.
 *
 * - `pglite`: always, an in-memory PGlite (a fresh WASM Postgres per `open()`).
 * - `postgres`: when `DATABASE_URL` is set, a FRESH database with a random name, created through
 *   an admin connection to DATABASE_URL and dropped by `dispose()`. The API roles (anon,
 *   authenticated, service_role) are cluster-wide and the bootstrap is idempotent, so test files
 *   running in parallel share them safely (their first creation is serialised here).
 *   Without DATABASE_URL the PostgreSQL suites still appear, as skipped, titled
 *   "PostgreSQL: skipped because DATABASE_URL is not set".
 *
 * Usage (one database per transport per file, shared by the file's tests):
 *
 *     describeTransports('row-level security', (transport) => {
 *       let t: TestDatabase;
 *       beforeAll(async () => { t = await openTestDatabase(transport, { seedDemo: true }); });
 *       afterAll(() => t?.dispose());
 *       it('…', async () => { const sb = supabaseFor(t.db, null); … });
 *     });
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { describe } from 'vitest';
import { BOOTSTRAP_SQL } from './bootstrap';
import type { Driver } from './driver';
import { attach, type Database } from './index';
import { openPg } from './pg-driver';
import { openPglite } from './pglite-driver';

export type TransportName = 'pglite' | 'postgres';

/** A driver on a throwaway database: `dispose()` closes it and, on PostgreSQL, drops the database. */
export interface TestDriver extends Driver {
	/** PostgreSQL only: the random database's name and URL. */
	readonly database?: { name: string; url: string };
	dispose(): Promise<void>;
}

export interface TestTransport {
	name: TransportName;
	/** What a suite is titled: "PGlite" or "PostgreSQL". */
	label: string;
	/** Why this transport cannot run here, or null when it can. */
	skipReason: string | null;
	/** A fresh, empty database (nothing bootstrapped or migrated yet). */
	open(): Promise<TestDriver>;
}

/** Databases this helper creates are named `sayso_test_<unix seconds>_<random>`. */
const DB_PREFIX = 'sayso_test_';
/** Leftovers from crashed runs older than this are swept when a new one is created. */
const STALE_SECONDS = 6 * 3600;
/** Serialises role creation across test files sharing one cluster (advisory locks are per database). */
const ROLES_LOCK = 7242028;

export function testTransports(env: NodeJS.ProcessEnv = process.env): TestTransport[] {
	const url = env.DATABASE_URL || undefined;
	return [
		{ name: 'pglite', label: 'PGlite', skipReason: null, open: openPgliteTestDriver },
		{
			name: 'postgres',
			label: 'PostgreSQL',
			skipReason: url ? null : 'PostgreSQL: skipped because DATABASE_URL is not set',
			open: () => {
				if (!url) throw new Error('PostgreSQL test database requested without DATABASE_URL');
				return openPgTestDriver(url);
			}
		}
	];
}

/**
 * One `describe` per transport, skipped (with the reason as its title) where the transport is not
 * available. The body must only register tests and hooks: open databases in `beforeAll`.
 */
export function describeTransports(title: string, body: (transport: TestTransport) => void, env: NodeJS.ProcessEnv = process.env): void {
	for (const transport of testTransports(env)) {
		const suiteTitle = transport.skipReason ?? `${title} on ${transport.label}`;
		describe.skipIf(transport.skipReason !== null)(suiteTitle, () => body(transport));
	}
}

async function openPgliteTestDriver(): Promise<TestDriver> {
	const driver = await openPglite();
	let disposed = false;
	return {
		...driver,
		dispose: async () => {
			if (disposed) return;
			disposed = true;
			await driver.close();
		}
	};
}

const quoteIdent = (s: string) => `"${s.replace(/"/g, '""')}"`;

function databaseUrl(adminUrl: string, name: string): string {
	const u = new URL(adminUrl);
	u.pathname = `/${encodeURIComponent(name)}`;
	return u.toString();
}

async function withAdmin<T>(adminUrl: string, fn: (c: pg.Client) => Promise<T>): Promise<T> {
	const client = new pg.Client({ connectionString: adminUrl });
	await client.connect();
	try {
		return await fn(client);
	} finally {
		await client.end().catch(() => {});
	}
}

async function openPgTestDriver(adminUrl: string): Promise<TestDriver> {
	const name = `${DB_PREFIX}${Math.floor(Date.now() / 1000)}_${randomBytes(5).toString('hex')}`;
	const url = databaseUrl(adminUrl, name);
	await withAdmin(adminUrl, async (admin) => {
		await sweepStaleDatabases(admin);
		await admin.query(`create database ${quoteIdent(name)}`);
	});
	let driver: Driver;
	try {
		driver = await openPg(url, 4);
		await ensureClusterRoles(adminUrl, driver);
	} catch (e) {
		await dropDatabase(adminUrl, name).catch(() => {});
		throw e;
	}
	let disposed = false;
	return {
		...driver,
		database: { name, url },
		dispose: async () => {
			if (disposed) return;
			disposed = true;
			await driver.close().catch(() => {});
			await dropDatabase(adminUrl, name);
		}
	};
}

/**
 * The roles are cluster-wide, and bootstrap's `if not exists … create role` can race between two
 * test files creating them at the same moment on different databases (the bootstrap's advisory
 * lock is per database). Run the bootstrap once here while holding a lock in the shared admin
 * database, so `attach()` later finds the roles already there.
 */
async function ensureClusterRoles(adminUrl: string, driver: Driver): Promise<void> {
	await withAdmin(adminUrl, async (admin) => {
		await admin.query('select pg_advisory_lock($1)', [ROLES_LOCK]);
		try {
			await driver.exec(BOOTSTRAP_SQL);
		} finally {
			await admin.query('select pg_advisory_unlock($1)', [ROLES_LOCK]);
		}
	});
}

async function dropDatabase(adminUrl: string, name: string): Promise<void> {
	await withAdmin(adminUrl, async (admin) => {
		const version = Number((await admin.query<{ v: string }>(`select current_setting('server_version_num') as v`)).rows[0].v);
		// WITH (FORCE) (PostgreSQL 13+) ends connections a failed test may have left behind.
		await admin.query(`drop database if exists ${quoteIdent(name)}${version >= 130000 ? ' with (force)' : ''}`);
	});
}

/** Drops `sayso_test_*` databases that a crashed run left behind hours ago. Best effort. */
async function sweepStaleDatabases(admin: pg.Client): Promise<void> {
	const { rows } = await admin.query<{ datname: string }>(`select datname from pg_database where datname like 'sayso\\_test\\_%'`);
	const now = Date.now() / 1000;
	for (const { datname } of rows) {
		const created = Number(/^sayso_test_(\d+)_/.exec(datname)?.[1]);
		if (created && now - created > STALE_SECONDS) {
			await admin.query(`drop database if exists ${quoteIdent(datname)}`).catch(() => {});
		}
	}
}

/**
 * supabase-js (its realtime client) insists on a WebSocket constructor when a client is created,
 * and Node 20 has none without --experimental-websocket. Database tests never open realtime, so
 * they get a constructor that says so loudly if anything ever tries. Installed by
 * `openTestDatabase`; a no-op where WebSocket exists (Node 22+).
 */
export function installWebSocketStub(): void {
	const g = globalThis as { WebSocket?: unknown };
	if (typeof g.WebSocket !== 'undefined') return;
	g.WebSocket = class NoWebSocketInTests {
		constructor() {
			throw new Error('WebSocket is not available in database tests (Node 20): realtime is not part of the data path under test');
		}
	};
}

export interface TestDatabase {
	transport: TestTransport;
	/** What server code gets: url, keys and the embedded gateway's fetch, for supabaseFor(). */
	db: Database;
	/** The database underneath, for setting up or inspecting state directly (bypasses RLS). */
	driver: TestDriver;
	dispose(): Promise<void>;
}

/**
 * A fresh database on `transport`, bootstrapped and migrated (and seeded with supabase/seed.sql
 * when `seedDemo`), behind the embedded gateway, with a random JWT secret.
 */
export async function openTestDatabase(
	transport: TestTransport,
	options: { seedDemo: boolean; migrationsDir?: string }
): Promise<TestDatabase> {
	installWebSocketStub();
	const driver = await transport.open();
	try {
		const db = await attach(driver, randomBytes(32).toString('hex'), {
			transport: transport.name,
			seedDemo: options.seedDemo,
			migrationsDir: options.migrationsDir
		});
		return { transport, db, driver, dispose: () => driver.dispose() };
	} catch (e) {
		await driver.dispose().catch(() => {});
		throw e;
	}
}
