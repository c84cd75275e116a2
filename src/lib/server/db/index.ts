import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { mintJwt } from '../auth/jwt';
import { BOOTSTRAP_SQL } from './bootstrap';
import type { DatabaseConfig, Transport } from './config';
import type { Driver } from './driver';
import { createGateway } from './gateway';
import { migrate, MIGRATIONS_DIR } from './migrate';
import { openPg } from './pg-driver';
import { openPglite } from './pglite-driver';
import { loadOrCreateJwtSecret } from './secrets';

export { configFromEnv } from './config';
export type { DatabaseConfig, Transport } from './config';

/** What the rest of the server needs to make supabase-js clients; no driver leaks out. */
export interface Database {
	transport: Transport;
	/** Base URL supabase-js talks to: the project's, or a name only the in-process gateway answers. */
	url: string;
	anonKey: string;
	serviceKey: string;
	jwtSecret: string;
	/** The embedded gateway's fetch; undefined when talking to a real Supabase project. */
	fetch?: typeof fetch;
	/** Migrations applied by this start-up, and whether demo content was loaded now. */
	applied: string[];
	seeded: boolean;
	close(): Promise<void>;
}

export const EMBEDDED_URL = 'http://sayso.embedded';
export const SEED_FILE = resolve('supabase/seed.sql');
const YEAR = 365 * 24 * 3600;

export async function openDatabase(config: DatabaseConfig): Promise<Database> {
	if (config.transport === 'supabase') {
		// The hosted project owns its schema (`supabase db push`) and its demo data (`supabase db reset`).
		return {
			transport: 'supabase',
			url: config.supabaseUrl!,
			anonKey: config.supabaseAnonKey!,
			serviceKey: config.supabaseServiceKey!,
			jwtSecret: config.jwtSecret!,
			applied: [],
			seeded: false,
			close: async () => {}
		};
	}
	const jwtSecret = config.jwtSecret ?? loadOrCreateJwtSecret(config.dataDir);
	let driver: Driver;
	if (config.transport === 'postgres') {
		driver = await openPg(config.databaseUrl!);
	} else {
		const pgdata = join(config.dataDir, 'pgdata');
		mkdirSync(pgdata, { recursive: true });
		driver = await openPglite(pgdata);
	}
	return attach(driver, jwtSecret, { transport: config.transport, seedDemo: config.seedDemo });
}

/**
 * Prepares a driver (bootstrap, migrations, optional demo seed) and puts the gateway in front of
 * it. Tests call this with an in-memory PGlite or a throwaway PostgreSQL database.
 */
export async function attach(
	driver: Driver,
	jwtSecret: string,
	options: { transport: Transport; seedDemo: boolean; migrationsDir?: string }
): Promise<Database> {
	await driver.transaction(async (tx) => {
		// Two servers starting together must not race creating roles.
		await tx.query('select pg_advisory_xact_lock(7242025)');
		await tx.exec(BOOTSTRAP_SQL);
	});
	const applied = await migrate(driver, options.migrationsDir ?? MIGRATIONS_DIR);
	const seeded = options.seedDemo ? await seedOnce(driver) : false;
	const gateway = createGateway(driver, { jwtSecret });
	return {
		transport: options.transport,
		url: EMBEDDED_URL,
		anonKey: await mintJwt(jwtSecret, { role: 'anon' }, 10 * YEAR),
		serviceKey: await mintJwt(jwtSecret, { role: 'service_role' }, 10 * YEAR),
		jwtSecret,
		fetch: gateway.fetch,
		applied,
		seeded,
		close: () => driver.close()
	};
}

/** Loads supabase/seed.sql the first time only, so a restart never duplicates or resets data. */
async function seedOnce(driver: Driver): Promise<boolean> {
	if (!existsSync(SEED_FILE)) return false;
	return driver.transaction(async (tx) => {
		await tx.query('select pg_advisory_xact_lock(7242027)');
		await tx.exec(`create table if not exists supabase_migrations.sayso_seed (name text primary key, applied_at timestamptz not null default now())`);
		const done = await tx.query(`select 1 from supabase_migrations.sayso_seed where name = 'seed.sql'`);
		if (done.rows.length) return false;
		await tx.exec(readFileSync(SEED_FILE, 'utf8'));
		await tx.query(`insert into supabase_migrations.sayso_seed (name) values ('seed.sql')`);
		return true;
	});
}
