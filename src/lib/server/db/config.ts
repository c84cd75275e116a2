import { resolve } from 'node:path';

export type Transport = 'pglite' | 'postgres' | 'supabase';

export interface DatabaseConfig {
	transport: Transport;
	/** Where the embedded database and the generated JWT secret live. */
	dataDir: string;
	databaseUrl?: string;
	supabaseUrl?: string;
	supabaseAnonKey?: string;
	supabaseServiceKey?: string;
	jwtSecret?: string;
	/** Load supabase/seed.sql once, on first start. */
	seedDemo: boolean;
}

/**
 * Reads the transport from the environment: a Supabase project when PUBLIC_SUPABASE_URL is set,
 * plain PostgreSQL when DATABASE_URL is set, otherwise the embedded PGlite database.
 * SAYSO_DB=pglite|postgres|supabase overrides the guess (the end-to-end tests pin pglite even
 * when CI sets DATABASE_URL for the real-database tests).
 */
export function configFromEnv(env: NodeJS.ProcessEnv = process.env): DatabaseConfig {
	const forced = env.SAYSO_DB as Transport | undefined;
	if (forced && !['pglite', 'postgres', 'supabase'].includes(forced)) {
		throw new Error(`SAYSO_DB must be pglite, postgres or supabase (got "${forced}")`);
	}
	const transport: Transport =
		forced ?? (env.PUBLIC_SUPABASE_URL ? 'supabase' : env.DATABASE_URL ? 'postgres' : 'pglite');
	const config: DatabaseConfig = {
		transport,
		dataDir: resolve(env.SAYSO_DATA_DIR || '.sayso'),
		databaseUrl: env.DATABASE_URL,
		supabaseUrl: env.PUBLIC_SUPABASE_URL,
		supabaseAnonKey: env.PUBLIC_SUPABASE_ANON_KEY,
		supabaseServiceKey: env.SUPABASE_SERVICE_ROLE_KEY,
		jwtSecret: env.SUPABASE_JWT_SECRET,
		seedDemo: env.SAYSO_SEED ? env.SAYSO_SEED === 'demo' : transport === 'pglite'
	};
	if (transport === 'postgres' && !config.databaseUrl) throw new Error('SAYSO_DB=postgres needs DATABASE_URL');
	if (transport === 'supabase') {
		const missing = ['PUBLIC_SUPABASE_URL', 'PUBLIC_SUPABASE_ANON_KEY', 'SUPABASE_SERVICE_ROLE_KEY', 'SUPABASE_JWT_SECRET'].filter(
			(k) => !env[k]
		);
		if (missing.length) throw new Error(`A Supabase project needs ${missing.join(', ')}`);
	}
	return config;
}
