import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Driver } from './driver';

export const MIGRATIONS_DIR = resolve('supabase/migrations');

const MIGRATION_LOCK = 7242026;

export interface Migration {
	version: string;
	name: string;
	sql: string;
}

/** `supabase/migrations/<version>_<name>.sql`, in version order, as the Supabase CLI reads them. */
export function readMigrations(dir = MIGRATIONS_DIR): Migration[] {
	return readdirSync(dir)
		.filter((f) => /^\d+_.+\.sql$/.test(f))
		.sort()
		.map((f) => {
			const [, version, name] = /^(\d+)_(.+)\.sql$/.exec(f)!;
			return { version, name, sql: readFileSync(join(dir, f), 'utf8') };
		});
}

/**
 * Applies each migration that has not run yet, in order, once, each in its own transaction, and
 * records it in the table the Supabase CLI uses (`supabase_migrations.schema_migrations`), so a
 * database migrated here and one migrated by `supabase db push` agree on what has run.
 * An advisory lock keeps two processes starting together from racing.
 */
export async function migrate(db: Driver, dir = MIGRATIONS_DIR): Promise<string[]> {
	await db.transaction(async (tx) => {
		await tx.query(`select pg_advisory_xact_lock(${MIGRATION_LOCK})`);
		await tx.exec(`
			create schema if not exists supabase_migrations;
			create table if not exists supabase_migrations.schema_migrations (
				version text primary key, statements text[], name text
			);`);
	});
	const applied: string[] = [];
	for (const m of readMigrations(dir)) {
		const ran = await db.transaction(async (tx) => {
			await tx.query(`select pg_advisory_xact_lock(${MIGRATION_LOCK})`);
			const done = await tx.query(`select 1 from supabase_migrations.schema_migrations where version = $1`, [m.version]);
			if (done.rows.length) return false;
			await tx.exec(m.sql);
			await tx.query(
				`insert into supabase_migrations.schema_migrations (version, statements, name) values ($1, $2, $3)`,
				[m.version, [m.sql], m.name]
			);
			return true;
		});
		if (ran) applied.push(`${m.version}_${m.name}`);
	}
	return applied;
}
