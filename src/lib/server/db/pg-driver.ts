import pg from 'pg';
import type { Driver, Sql } from './driver';

// Keep timestamps, dates and bigints as Postgres prints them: the gateway returns JSON built by
// Postgres itself, and raw values must not drift into JS Date objects on this path only.
for (const oid of [1082, 1114, 1184, 20]) pg.types.setTypeParser(oid, (v: string) => v);

/** Plain PostgreSQL on a connection string (self-hosting, CI's real-database tests). */
export async function openPg(connectionString: string, max = 10): Promise<Driver> {
	const pool = new pg.Pool({ connectionString, max });
	// An idle connection dropped by the server (restart, failover) must not take the process down;
	// the pool replaces it on the next query.
	pool.on('error', (e) => console.error(`sayso: idle PostgreSQL connection lost: ${e.message}`));
	// Fail at start-up, not at the first request, when the server is not there.
	const probe = await pool.connect();
	probe.release();
	const wrap = (c: pg.Pool | pg.PoolClient): Sql => ({
		async query(text, params) {
			const r = await c.query(text, params as unknown[] | undefined);
			return { rows: r.rows, affectedRows: r.rowCount ?? undefined };
		},
		async exec(text) {
			await c.query(text);
		}
	});
	return {
		kind: 'pg',
		...wrap(pool),
		async transaction(fn) {
			const client = await pool.connect();
			try {
				await client.query('begin');
				const result = await fn(wrap(client));
				await client.query('commit');
				return result;
			} catch (e) {
				await client.query('rollback').catch(() => {});
				throw e;
			} finally {
				client.release();
			}
		},
		close: () => pool.end()
	};
}
