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
import { describe } from 'vitest';
import type { Driver } from './driver';
import { attach, type Database } from './index';
import { openPgliteTestDriver, openPgTestDriver, type TestDriver } from './scratch-databases';

export type { TestDriver } from './scratch-databases';

export type TransportName = 'pglite' | 'postgres';

export interface TestTransport {
	name: TransportName;
	/** What a suite is titled: "PGlite" or "PostgreSQL". */
	label: string;
	/** Why this transport cannot run here, or null when it can. */
	skipReason: string | null;
	/** A fresh, empty database (nothing bootstrapped or migrated yet). */
	open(): Promise<TestDriver>;
}

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
