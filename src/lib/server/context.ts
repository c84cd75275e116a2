import { configFromEnv, openDatabase, type Database } from './db';

let opening: Promise<Database> | undefined;

/**
 * The process's one database handle, opened (bootstrapped, migrated, seeded) on first use. The
 * SvelteKit hooks and the live-session hub both come here, so they share one PGlite instance.
 */
export function database(): Promise<Database> {
	opening ??= openDatabase(configFromEnv()).catch((e) => {
		opening = undefined;
		throw e;
	});
	return opening;
}

/** Tests hand in their own database (an in-memory PGlite) before calling routes directly. */
export function useDatabaseForTests(db: Database): void {
	opening = Promise.resolve(db);
}
