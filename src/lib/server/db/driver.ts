/**
 * The one place that knows how to talk to a Postgres: PGlite (embedded, WASM) or node-postgres
 * (a real server on DATABASE_URL). Everything above this layer (the gateway, the migrator, the
 * bootstrap) speaks only `Driver`, so both transports run the very same SQL.
 */
export interface QueryResult<T> {
	rows: T[];
	/** rows touched by insert/update/delete, when the driver reports it */
	affectedRows?: number;
}

export interface Sql {
	query<T = Record<string, unknown>>(text: string, params?: unknown[]): Promise<QueryResult<T>>;
	/** Runs one or more statements without parameters (migrations, bootstrap). */
	exec(text: string): Promise<void>;
}

export interface Driver extends Sql {
	readonly kind: 'pglite' | 'pg';
	/** Runs `fn` in one transaction on one connection; rolls back if it throws. */
	transaction<T>(fn: (tx: Sql) => Promise<T>): Promise<T>;
	close(): Promise<void>;
}

/** A Postgres error as both drivers report it (SQLSTATE code plus the server's fields). */
export interface PgError extends Error {
	code?: string;
	detail?: string;
	hint?: string;
}

export function isPgError(e: unknown): e is PgError {
	return e instanceof Error && typeof (e as PgError).code === 'string';
}
