import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { configFromEnv, openDatabase } from '.';
import { serviceSupabase } from './supabase';

const dataDir = mkdtempSync(join(tmpdir(), 'sayso-persist-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

describe('the embedded database in a data folder', () => {
	it('is created, migrated and seeded on first start, and kept as it was on the second', async () => {
		const config = configFromEnv({ SAYSO_DATA_DIR: dataDir });
		expect(config).toMatchObject({ transport: 'pglite', seedDemo: true, dataDir });

		const first = await openDatabase(config);
		expect(first.applied.length).toBeGreaterThan(0);
		expect(first.seeded).toBe(true);
		const { error } = await serviceSupabase(first).from('partnerships').insert({ slug: 'kept-between-starts', name: 'Kept between starts' });
		expect(error).toBeNull();
		const secret = first.jwtSecret;
		await first.close();
		expect(statSync(join(dataDir, 'secrets.json')).mode & 0o077).toBe(0);

		const second = await openDatabase(config);
		expect(second.applied).toEqual([]);
		expect(second.seeded).toBe(false);
		expect(second.jwtSecret).toBe(secret);
		expect(JSON.parse(readFileSync(join(dataDir, 'secrets.json'), 'utf8')).jwtSecret).toBe(secret);
		const { data } = await serviceSupabase(second).from('partnerships').select('slug').order('slug');
		expect(data?.map((p) => p.slug)).toEqual(['eastmere', 'kept-between-starts', 'northbay']);
		await second.close();
	});
});

describe('choosing a transport', () => {
	it('defaults to the embedded database', () => {
		expect(configFromEnv({}).transport).toBe('pglite');
	});
	it('uses PostgreSQL when DATABASE_URL is set, without demo content unless asked', () => {
		expect(configFromEnv({ DATABASE_URL: 'postgres://x/y' })).toMatchObject({ transport: 'postgres', seedDemo: false });
		expect(configFromEnv({ DATABASE_URL: 'postgres://x/y', SAYSO_SEED: 'demo' }).seedDemo).toBe(true);
	});
	it('uses a Supabase project when its URL is set, and says what is missing', () => {
		expect(() => configFromEnv({ PUBLIC_SUPABASE_URL: 'https://x.supabase.co' })).toThrow(/PUBLIC_SUPABASE_ANON_KEY/);
		const full = { PUBLIC_SUPABASE_URL: 'https://x.supabase.co', PUBLIC_SUPABASE_ANON_KEY: 'a', SUPABASE_SERVICE_ROLE_KEY: 's', SUPABASE_JWT_SECRET: 'j' };
		expect(configFromEnv(full).transport).toBe('supabase');
	});
	it('refuses an unknown SAYSO_DB', () => {
		expect(() => configFromEnv({ SAYSO_DB: 'mysql' })).toThrow(/SAYSO_DB/);
	});
});
