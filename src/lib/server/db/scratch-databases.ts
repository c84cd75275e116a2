/**
 * Throwaway databases for tests and benchmarks (no test-runner imports here, so `bench/` can use
 * it too): an in-memory PGlite, or a fresh PostgreSQL database with a random name next to
 * DATABASE_URL, dropped again by `dispose()`.
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { BOOTSTRAP_SQL } from './bootstrap';
import type { Driver } from './driver';
import { openPg } from './pg-driver';
import { openPglite } from './pglite-driver';

/** A driver on a throwaway database: `dispose()` closes it and, on PostgreSQL, drops the database. */
export interface TestDriver extends Driver {
	/** PostgreSQL only: the random database's name and URL. */
	readonly database?: { name: string; url: string };
	dispose(): Promise<void>;
}

/** Databases this helper creates are named `sayso_test_<unix seconds>_<random>`. */
const DB_PREFIX = 'sayso_test_';
/** Leftovers from crashed runs older than this are swept when a new one is created. */
const STALE_SECONDS = 6 * 3600;
/** Serialises role creation across test files sharing one cluster (advisory locks are per database). */
const ROLES_LOCK = 7242028;

export async function openPgliteTestDriver(): Promise<TestDriver> {
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

export async function openPgTestDriver(adminUrl: string, poolSize = 4): Promise<TestDriver> {
	const name = `${DB_PREFIX}${Math.floor(Date.now() / 1000)}_${randomBytes(5).toString('hex')}`;
	const url = databaseUrl(adminUrl, name);
	await withAdmin(adminUrl, async (admin) => {
		await sweepStaleDatabases(admin);
		await admin.query(`create database ${quoteIdent(name)}`);
	});
	let driver: Driver;
	try {
		driver = await openPg(url, poolSize);
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

