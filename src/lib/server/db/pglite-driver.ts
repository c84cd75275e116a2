import { PGlite } from '@electric-sql/pglite';
import type { Driver, Sql } from './driver';

/**
 * Embedded Postgres. `dataDir` undefined means in-memory (tests); otherwise the folder persists
 * between runs. PGlite has a single connection, so its own `transaction` serialises callers.
 */
export async function openPglite(dataDir?: string): Promise<Driver> {
	const db = await PGlite.create(dataDir ? { dataDir } : {});
	const wrap = (q: Pick<PGlite, 'query' | 'exec'>): Sql => ({
		async query(text, params) {
			const r = await q.query(text, params as unknown[] | undefined);
			return { rows: r.rows as never[], affectedRows: r.affectedRows };
		},
		async exec(text) {
			await q.exec(text);
		}
	});
	const base = wrap(db);
	return {
		kind: 'pglite',
		...base,
		transaction: (fn) => db.transaction((tx) => fn(wrap(tx))),
		close: () => db.close()
	};
}
