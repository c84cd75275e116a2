/**
 * The row-level-security matrix: for every table and every function in `public`, what each kind of
 * person may and may not do, proved through the real data path (supabase-js from `supabaseFor`,
 * over the embedded gateway, as `anon`/`authenticated`/`service_role` with a minted JWT) on the demo
 * data (supabase/seed.sql), on PGlite and, with DATABASE_URL, on PostgreSQL.
 *
 * The two grids below ARE the specification: each cell becomes one test. Change a rule in a
 * migration, change its cell here (and say why in the migration).
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { SupabaseClient } from '@supabase/supabase-js';
import { afterAll, afterEach, beforeAll, beforeEach, expect, it } from 'vitest';
import { attach } from './index';
import { serviceSupabase, supabaseFor } from './supabase';
import { describeTransports, openTestDatabase, type TestDatabase } from './test-databases';

// ---------------------------------------------------------------------------------------------
// Who (fixed ids from supabase/seed.sql)
// ---------------------------------------------------------------------------------------------

const NORTHBAY = '00000000-0000-4000-8000-000000000001';
const EASTMERE = '00000000-0000-4000-8000-000000000002';
const NORTHBAY_PANEL = 'b0000000-0000-4000-8000-000000000001';
const EASTMERE_PANEL = 'b0000000-0000-4000-8000-000000000002';
const staff = (n: number) => `a0000000-0000-4000-8000-00000000000${n}`;
const youngPerson = (n: number) => `c0000000-0000-4000-8000-0000000000${String(n).padStart(2, '0')}`;

const ACTORS = {
	anon: null,
	'member@northbay': youngPerson(1),
	'admin@northbay': staff(2),
	'commissioner@northbay': staff(3),
	'facilitator@northbay': staff(4),
	'safeguarding@northbay': staff(5),
	'platform-admin': staff(1),
	'admin@eastmere': staff(6), // partnership admin and facilitator of the second partnership
	service_role: 'service' // the server's own key (serviceSupabase): functions grid only
} as const;
type Actor = keyof typeof ACTORS;

// ---------------------------------------------------------------------------------------------
// The matrix
// ---------------------------------------------------------------------------------------------

/**
 * Tables. `select`: which rows the actor gets back — all | none | own (their own rows only) |
 * northbay | eastmere (that partnership's rows only). Writes aim at NORTHBAY's rows (so
 * admin@eastmere is the outsider): `yes` succeeds; `no` means an insert is refused with 42501
 * (HTTP 401 for anon, 403 when signed in) and an update or delete finds no row it may touch
 * (RLS hides it: HTTP 200, nothing returned, nothing changed).
 */
const TABLE_GRID = `
table          op      anon  member@northbay  admin@northbay  commissioner@northbay  facilitator@northbay  safeguarding@northbay  platform-admin  admin@eastmere
partnerships   select  all   all              all             all                    all                   all                    all             all
partnerships   insert  no    no               no              no                     no                    no                     no              no
partnerships   update  no    no               no              no                     no                    no                     no              no
partnerships   delete  no    no               no              no                     no                    no                     no              no
accounts       select  none  own              northbay        northbay               northbay              northbay               own             eastmere
accounts       insert  no    no               no              no                     no                    no                     no              no
accounts       update  no    no               no              no                     no                    no                     no              no
accounts       delete  no    no               no              no                     no                    no                     no              no
memberships    select  none  none             northbay        northbay               northbay              northbay               none            eastmere
memberships    insert  no    no               no              no                     no                    no                     no              no
memberships    update  no    no               no              no                     no                    no                     no              no
memberships    delete  no    no               no              no                     no                    no                     no              no
panels         select  none  own              northbay        northbay               northbay              northbay               none            eastmere
panels         insert  no    no               yes             no                     yes                   no                     no              no
panels         update  no    no               no              no                     no                    no                     no              no
panels         delete  no    no               no              no                     no                    no                     no              no
panel_members  select  none  own              northbay        northbay               northbay              northbay               none            eastmere
panel_members  insert  no    no               no              no                     no                    no                     no              no
panel_members  update  no    no               no              no                     no                    no                     no              no
panel_members  delete  no    no               no              no                     no                    no                     no              no
audit_events   select  none  none             northbay        none                   none                  northbay               none            eastmere
audit_events   insert  no    no               no              no                     no                    no                     no              no
audit_events   update  no    no               no              no                     no                    no                     no              no
audit_events   delete  no    no               no              no                     no                    no                     no              no
`;

/**
 * Functions (`supabase.rpc`), each called with arguments about Northbay. `ok` succeeds with the
 * right result; a SQLSTATE is the refusal: 42501 (HTTP 401 for anon, 403 otherwise) or PT404, the
 * functions' "that is not yours" (HTTP 404 through PostgREST's PTxyz convention).
 */
const FUNCTION_GRID = `
function                       anon   member@northbay  admin@northbay  commissioner@northbay  facilitator@northbay  safeguarding@northbay  platform-admin  admin@eastmere  service_role
create_partnership             42501  42501            42501           42501                  42501                 42501                  ok              42501           42501
set_staff_role                 42501  42501            ok              42501                  42501                 42501                  ok              42501           42501
reset_member_passphrase        42501  42501            ok              42501                  ok                    42501                  42501           42501           42501
leave_panel                    42501  ok               PT404           PT404                  PT404                 PT404                  PT404           PT404           PT404
my_sessions                    42501  ok               ok              ok                     ok                    ok                     ok              ok              ok
revoke_my_session              42501  ok               PT404           PT404                  PT404                 PT404                  PT404           PT404           PT404
normalise_join_code            ok     ok               ok              ok                     ok                    ok                     ok              ok              ok
auth_rate_limit_hit            42501  42501            42501           42501                  42501                 42501                  42501           42501           ok
auth_rate_limit_count          42501  42501            42501           42501                  42501                 42501                  42501           42501           ok
auth_rate_limit_clear          42501  42501            42501           42501                  42501                 42501                  42501           42501           ok
auth_staff_credentials         42501  42501            42501           42501                  42501                 42501                  42501           42501           ok
auth_create_staff              42501  42501            42501           42501                  42501                 42501                  42501           42501           ok
auth_panel_by_code             42501  42501            42501           42501                  42501                 42501                  42501           42501           ok
auth_join_panel                42501  42501            42501           42501                  42501                 42501                  42501           42501           ok
auth_young_person_credentials  42501  42501            42501           42501                  42501                 42501                  42501           42501           ok
auth_create_session            42501  42501            42501           42501                  42501                 42501                  42501           42501           ok
auth_session                   42501  42501            42501           42501                  42501                 42501                  42501           42501           ok
auth_end_session               42501  42501            42501           42501                  42501                 42501                  42501           42501           ok
`;

// ---------------------------------------------------------------------------------------------
// Reading the grids (a malformed grid fails at collection, before any database starts)
// ---------------------------------------------------------------------------------------------

const TABLES = ['partnerships', 'accounts', 'memberships', 'panels', 'panel_members', 'audit_events'] as const;
type Table = (typeof TABLES)[number];
const OPS = ['select', 'insert', 'update', 'delete'] as const;
type Op = (typeof OPS)[number];
type Scope = 'all' | 'none' | 'own' | 'northbay' | 'eastmere';
const SCOPES: Scope[] = ['all', 'none', 'own', 'northbay', 'eastmere'];

function readGrid(grid: string, keyColumns: number): { header: Actor[]; rows: { keys: string[]; cells: Map<Actor, string> }[] } {
	const lines = grid.trim().split('\n').map((l) => l.trim().split(/\s+/));
	const header = lines[0].slice(keyColumns) as Actor[];
	for (const a of header) if (!(a in ACTORS)) throw new Error(`grid: unknown actor ${a}`);
	const rows = lines.slice(1).map((cells) => {
		if (cells.length !== header.length + keyColumns) throw new Error(`grid: wrong number of cells in "${cells.join(' ')}"`);
		return { keys: cells.slice(0, keyColumns), cells: new Map(header.map((a, i) => [a, cells[keyColumns + i]])) };
	});
	return { header, rows };
}

const tableGrid = readGrid(TABLE_GRID, 2);
const TABLE_ACTORS = tableGrid.header;
const tableCell = new Map<string, string>();
for (const { keys, cells } of tableGrid.rows) {
	const [table, op] = keys as [Table, Op];
	if (!TABLES.includes(table) || !OPS.includes(op)) throw new Error(`table grid: unknown ${table} ${op}`);
	for (const [actor, cell] of cells) {
		const valid = op === 'select' ? (SCOPES as string[]).includes(cell) : cell === 'yes' || cell === 'no';
		if (!valid) throw new Error(`table grid: bad cell ${table} ${op} ${actor}: ${cell}`);
		tableCell.set(`${table} ${op} ${actor}`, cell);
	}
}
for (const t of TABLES) for (const op of OPS) if (!tableCell.has(`${t} ${op} anon`)) throw new Error(`table grid: missing ${t} ${op}`);

const functionGrid = readGrid(FUNCTION_GRID, 1);
const FUNCTION_ACTORS = functionGrid.header;
const functionCells = new Map(functionGrid.rows.map((r) => [r.keys[0], r.cells]));

// ---------------------------------------------------------------------------------------------
// What each select scope means, computed by the database owner (no RLS) from the live data
// ---------------------------------------------------------------------------------------------

const TABLE_SHAPE: Record<Table, { key: string[]; own?: string; partnership: string }> = {
	partnerships: { key: ['id'], partnership: 'id = $1' },
	accounts: {
		key: ['id'],
		own: 'id = $1',
		// its staff, and young people on its panels
		partnership: `id in (select account_id from public.memberships where partnership_id = $1)
			or id in (select pm.account_id from public.panel_members pm join public.panels p on p.id = pm.panel_id where p.partnership_id = $1)`
	},
	memberships: { key: ['partnership_id', 'account_id', 'role'], own: 'account_id = $1', partnership: 'partnership_id = $1' },
	panels: {
		key: ['id'],
		own: `id in (select panel_id from public.panel_members where account_id = $1 and status = 'active')`,
		partnership: 'partnership_id = $1'
	},
	panel_members: {
		key: ['panel_id', 'account_id'],
		own: 'account_id = $1',
		partnership: 'panel_id in (select id from public.panels where partnership_id = $1)'
	},
	audit_events: { key: ['id'], partnership: 'partnership_id = $1' }
};

// ---------------------------------------------------------------------------------------------
// The writes each table cell attempts, and how to tell whether they happened
// ---------------------------------------------------------------------------------------------

// Throwaway rows the write attempts create or aim at (never in the seed).
const X = (n: number) => `e0000000-0000-4000-8000-0000000000${String(n).padStart(2, '0')}`;
const SEED_NAME_OF_NORTHBAY = 'Northbay HeadStart — demo';

interface Ctx {
	t: TestDatabase;
	actor: Actor;
	/** the actor's account id, or null for anon */
	id: string | null;
	sql<T = Record<string, unknown>>(text: string, params?: unknown[]): Promise<T[]>;
}

type Response = { data: unknown; error: { code: string; message: string } | null; status: number };

interface WriteCase {
	/** Service-side set-up of the rows this attempt needs. */
	setup?: (c: Ctx) => Promise<void>;
	request: (sb: SupabaseClient, c: Ctx) => PromiseLike<Response>;
	/** A text that changes if and only if the write happened (read by the owner, no RLS). */
	state: (c: Ctx) => Promise<string>;
	/** What an allowed write must have returned. */
	check?: (rows: Record<string, unknown>[], c: Ctx) => void;
	/** Puts the database back (whether or not the write happened). */
	undo: (c: Ctx) => Promise<void>;
}

const one = async (c: Ctx, text: string, params: unknown[] = []) => JSON.stringify(await c.sql(text, params));

/** Snapshot/restore of one row, for updates: the row as JSON, and back. */
const rowState = (table: string, where: string, params: (c: Ctx) => unknown[]) => async (c: Ctx) =>
	one(c, `select to_jsonb(t) as row from ${table} t where ${where}`, params(c));

const WRITES: Record<Table, Record<Exclude<Op, 'select'>, WriteCase>> = {
	partnerships: {
		insert: {
			request: (sb) => sb.from('partnerships').insert({ id: X(1), slug: 'rls-insert', name: 'RLS insert' }).select(),
			state: (c) => one(c, `select count(*)::int as n from public.partnerships where id = $1`, [X(1)]),
			undo: (c) => c.sql(`delete from public.partnerships where id = $1`, [X(1)]).then(() => {})
		},
		update: {
			request: (sb) => sb.from('partnerships').update({ name: 'Renamed by the RLS test' }).eq('id', NORTHBAY).select(),
			state: rowState('public.partnerships', 'id = $1', () => [NORTHBAY]),
			undo: (c) => c.sql(`update public.partnerships set name = $2 where id = $1`, [NORTHBAY, SEED_NAME_OF_NORTHBAY]).then(() => {})
		},
		delete: {
			// A throwaway partnership run by Northbay's staff: even its own admin cannot delete it.
			setup: async (c) => {
				await c.sql(`insert into public.partnerships (id, slug, name) values ($1, 'rls-delete', 'RLS delete')`, [X(2)]);
				await c.sql(`insert into public.memberships (partnership_id, account_id, role)
					select $1, account_id, role from public.memberships where partnership_id = $2`, [X(2), NORTHBAY]);
			},
			request: (sb) => sb.from('partnerships').delete().eq('id', X(2)).select(),
			state: (c) => one(c, `select count(*)::int as n from public.partnerships where id = $1`, [X(2)]),
			undo: (c) => c.sql(`delete from public.partnerships where id = $1`, [X(2)]).then(() => {})
		}
	},
	accounts: {
		insert: {
			request: (sb) => sb.from('accounts').insert({ id: X(3), kind: 'staff', display_name: 'RLS Insert' }).select(),
			state: (c) => one(c, `select count(*)::int as n from public.accounts where id = $1`, [X(3)]),
			undo: (c) => c.sql(`delete from public.accounts where id = $1`, [X(3)]).then(() => {})
		},
		// Nobody may make themselves a platform admin (anon aims at the commissioner's account).
		update: {
			request: (sb, c) => sb.from('accounts').update({ is_platform_admin: true }).eq('id', c.id ?? staff(3)).select(),
			state: rowState('public.accounts', 'id = $1', (c) => [c.id ?? staff(3)]),
			undo: (c) =>
				c.sql(`update public.accounts set is_platform_admin = (id = $2) where id = $1`, [c.id ?? staff(3), staff(1)]).then(() => {})
		},
		delete: {
			setup: (c) => addYoungPerson(c, X(4), 'Rls Delete'),
			request: (sb) => sb.from('accounts').delete().eq('id', X(4)).select(),
			state: (c) => one(c, `select count(*)::int as n from public.accounts where id = $1`, [X(4)]),
			undo: (c) => c.sql(`delete from public.accounts where id = $1`, [X(4)]).then(() => {})
		}
	},
	memberships: {
		// Making the commissioner a partnership admin directly (roles change only through set_staff_role).
		insert: {
			request: (sb) => sb.from('memberships').insert({ partnership_id: NORTHBAY, account_id: staff(3), role: 'partnership_admin' }).select(),
			state: (c) => one(c, `select count(*)::int as n from public.memberships where partnership_id = $1 and account_id = $2 and role = 'partnership_admin'`, [NORTHBAY, staff(3)]),
			undo: (c) => c.sql(`delete from public.memberships where partnership_id = $1 and account_id = $2 and role = 'partnership_admin'`, [NORTHBAY, staff(3)]).then(() => {})
		},
		// Promoting the facilitator's membership to admin.
		update: {
			request: (sb) =>
				sb.from('memberships').update({ role: 'partnership_admin' }).match({ partnership_id: NORTHBAY, account_id: staff(4), role: 'facilitator' }).select(),
			state: (c) => one(c, `select role from public.memberships where partnership_id = $1 and account_id = $2 order by role`, [NORTHBAY, staff(4)]),
			undo: (c) => c.sql(`update public.memberships set role = 'facilitator' where partnership_id = $1 and account_id = $2`, [NORTHBAY, staff(4)]).then(() => {})
		},
		delete: {
			setup: (c) => c.sql(`insert into public.memberships (partnership_id, account_id, role) values ($1, $2, 'facilitator')`, [NORTHBAY, staff(3)]).then(() => {}),
			request: (sb) => sb.from('memberships').delete().match({ partnership_id: NORTHBAY, account_id: staff(3), role: 'facilitator' }).select(),
			state: (c) => one(c, `select count(*)::int as n from public.memberships where partnership_id = $1 and account_id = $2 and role = 'facilitator'`, [NORTHBAY, staff(3)]),
			undo: (c) => c.sql(`delete from public.memberships where partnership_id = $1 and account_id = $2 and role = 'facilitator'`, [NORTHBAY, staff(3)]).then(() => {})
		}
	},
	panels: {
		insert: {
			request: (sb) => sb.from('panels').insert({ id: X(5), partnership_id: NORTHBAY, name: 'RLS insert panel' }).select(),
			state: (c) => one(c, `select count(*)::int as n from public.panels where id = $1`, [X(5)]),
			check: (rows) => {
				expect(rows).toHaveLength(1);
				expect(rows[0]).toMatchObject({ id: X(5), partnership_id: NORTHBAY, name: 'RLS insert panel' });
				expect(rows[0].join_code).toMatch(/^[ABCDEFGHJKMNPQRSTVWXYZ2-9]{8}$/);
			},
			undo: (c) => c.sql(`delete from public.panels where id = $1`, [X(5)]).then(() => {})
		},
		update: {
			request: (sb, c) => sb.from('panels').update({ purpose: `Updated by ${c.actor}` }).eq('id', NORTHBAY_PANEL).select(),
			state: rowState('public.panels', 'id = $1', () => [NORTHBAY_PANEL]),
			check: (rows, c) => {
				expect(rows).toHaveLength(1);
				expect(rows[0]).toMatchObject({ id: NORTHBAY_PANEL, purpose: `Updated by ${c.actor}` });
			},
			undo: (c) => restoreRow(c, 'public.panels', 'id', NORTHBAY_PANEL)
		},
		delete: {
			setup: (c) => c.sql(`insert into public.panels (id, partnership_id, name) values ($1, $2, 'RLS delete panel')`, [X(6), NORTHBAY]).then(() => {}),
			request: (sb) => sb.from('panels').delete().eq('id', X(6)).select(),
			state: (c) => one(c, `select count(*)::int as n from public.panels where id = $1`, [X(6)]),
			undo: (c) => c.sql(`delete from public.panels where id = $1`, [X(6)]).then(() => {})
		}
	},
	panel_members: {
		// Adding someone to the panel directly (joining goes through auth_join_panel).
		insert: {
			setup: (c) => c.sql(`insert into public.accounts (id, kind, age_band) values ($1, 'young_person', '13-15')`, [X(7)]).then(() => {}),
			request: (sb) =>
				sb.from('panel_members').insert({ panel_id: NORTHBAY_PANEL, account_id: X(7), pseudonym: 'Rls Insert', privacy_notice_version: 'v1' }).select(),
			state: (c) => one(c, `select count(*)::int as n from public.panel_members where account_id = $1`, [X(7)]),
			undo: (c) => c.sql(`delete from public.accounts where id = $1`, [X(7)]).then(() => {})
		},
		// A facilitator puts a member back to pending (another member's row for the young person).
		update: {
			request: (sb) => sb.from('panel_members').update({ status: 'pending' }).match({ panel_id: NORTHBAY_PANEL, account_id: youngPerson(2) }).select(),
			state: rowState('public.panel_members', 'panel_id = $1 and account_id = $2', () => [NORTHBAY_PANEL, youngPerson(2)]),
			check: (rows) => {
				expect(rows).toHaveLength(1);
				expect(rows[0]).toMatchObject({ account_id: youngPerson(2), status: 'pending' });
			},
			undo: (c) =>
				c.sql(`update public.panel_members set status = 'active' where panel_id = $1 and account_id = $2`, [NORTHBAY_PANEL, youngPerson(2)]).then(() => {})
		},
		delete: {
			setup: (c) => addYoungPerson(c, X(8), 'Rls Remove'),
			request: (sb) => sb.from('panel_members').delete().match({ panel_id: NORTHBAY_PANEL, account_id: X(8) }).select(),
			state: (c) => one(c, `select count(*)::int as n from public.panel_members where account_id = $1`, [X(8)]),
			undo: (c) => c.sql(`delete from public.accounts where id = $1`, [X(8)]).then(() => {})
		}
	},
	audit_events: {
		insert: {
			request: (sb) => sb.from('audit_events').insert({ partnership_id: NORTHBAY, action: 'rls.forged' }).select(),
			state: (c) => one(c, `select count(*)::int as n from public.audit_events where action = 'rls.forged'`),
			undo: (c) => c.sql(`delete from public.audit_events where action = 'rls.forged'`).then(() => {})
		},
		// The audit log is append-only, even for the people who may read it.
		update: {
			request: (sb) => sb.from('audit_events').update({ action: 'rls.tampered' }).eq('action', 'fixture.northbay').select(),
			state: (c) => one(c, `select action from public.audit_events where partnership_id = $1 order by id`, [NORTHBAY]),
			undo: (c) => c.sql(`update public.audit_events set action = 'fixture.northbay' where action = 'rls.tampered'`).then(() => {})
		},
		delete: {
			request: (sb) => sb.from('audit_events').delete().eq('action', 'fixture.northbay').select(),
			state: (c) => one(c, `select count(*)::int as n from public.audit_events where action = 'fixture.northbay'`),
			// Should a delete ever get through, the fixture comes back exactly as it was (same id).
			undo: (c) =>
				c.sql(
					`insert into public.audit_events overriding system value
					 select * from jsonb_populate_record(null::public.audit_events, $1::jsonb) on conflict (id) do nothing`,
					[JSON.stringify(fixtures.northbayEvent)]
				).then(() => {})
		}
	}
};

async function addYoungPerson(c: Ctx, id: string, pseudonym: string): Promise<void> {
	await c.sql(`insert into public.accounts (id, kind, age_band) values ($1, 'young_person', '13-15')`, [id]);
	await c.sql(`insert into public.panel_members (panel_id, account_id, pseudonym, privacy_notice_version) values ($1, $2, $3, 'v1')`, [
		NORTHBAY_PANEL,
		id,
		pseudonym
	]);
}

/** Puts back the row saved by the test's `before` snapshot. */
let savedRow: Record<string, unknown> | null = null;
async function restoreRow(c: Ctx, table: string, key: string, id: string): Promise<void> {
	if (!savedRow) return;
	const cols = Object.keys(savedRow).filter((k) => k !== key);
	await c.sql(
		`update ${table} t set ${cols.map((k) => `${k} = r.${k}`).join(', ')} from jsonb_populate_record(null::${table}, $1::jsonb) r where t.${key} = $2`,
		[JSON.stringify(savedRow), id]
	);
}

// ---------------------------------------------------------------------------------------------
// The calls each function cell makes
// ---------------------------------------------------------------------------------------------

/** Each signed-in actor has one live session (made in beforeAll); hashes are fixed per actor. */
const sessionHash = (accountId: string) => accountId.replace(/-/g, '').padEnd(64, '0');
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const ARGON = '$argon2id$v=19$m=19456,t=2,p=1$cmxzLXRlc3Q$cmxzLXRlc3QtaGFzaA';

interface FunctionCase {
	args: Record<string, unknown> | ((c: Ctx) => Record<string, unknown>);
	setup?: (c: Ctx) => Promise<void>;
	/** What a permitted call must return and do. */
	ok: (data: unknown, c: Ctx) => Promise<void> | void;
	undo?: (c: Ctx) => Promise<void>;
}

const FUNCTIONS: Record<string, FunctionCase> = {
	create_partnership: {
		args: { p_slug: 'rls-created', p_name: 'RLS created' },
		ok: async (data, c) => {
			expect(data).toMatch(UUID);
			expect(await c.sql(`select slug, name from public.partnerships where id = $1`, [data])).toEqual([{ slug: 'rls-created', name: 'RLS created' }]);
		},
		undo: (c) => c.sql(`delete from public.partnerships where slug = 'rls-created'`).then(() => {})
	},
	set_staff_role: {
		args: { p_partnership: NORTHBAY, p_account: staff(3), p_role: 'facilitator', p_granted: true },
		ok: async (data, c) => {
			expect(data).toBeNull();
			expect(await c.sql(`select role from public.memberships where partnership_id = $1 and account_id = $2 order by role`, [NORTHBAY, staff(3)])).toEqual([
				{ role: 'commissioner' },
				{ role: 'facilitator' }
			]);
		},
		undo: (c) => c.sql(`delete from public.memberships where partnership_id = $1 and account_id = $2 and role = 'facilitator'`, [NORTHBAY, staff(3)]).then(() => {})
	},
	reset_member_passphrase: {
		args: { p_panel: NORTHBAY_PANEL, p_account: youngPerson(2), p_passphrase_hash: ARGON },
		setup: async (c) => {
			savedRow = (await c.sql<{ row: Record<string, unknown> }>(`select to_jsonb(t) as row from private.young_person_credentials t where account_id = $1`, [youngPerson(2)]))[0].row;
		},
		ok: async (data, c) => {
			expect(data).toBeNull();
			expect(await c.sql(`select passphrase_hash from private.young_person_credentials where account_id = $1`, [youngPerson(2)])).toEqual([{ passphrase_hash: ARGON }]);
			expect(await c.sql(`select actor_id from public.audit_events where action = 'member.passphrase_reset' and subject_id = $1`, [youngPerson(2)])).toEqual([{ actor_id: c.id }]);
		},
		undo: (c) => restoreRow(c, 'private.young_person_credentials', 'account_id', youngPerson(2))
	},
	leave_panel: {
		args: { p_panel: NORTHBAY_PANEL },
		ok: async (data, c) => {
			expect(data).toBeNull();
			expect(await c.sql(`select status from public.panel_members where panel_id = $1 and account_id = $2`, [NORTHBAY_PANEL, c.id])).toEqual([{ status: 'left' }]);
		},
		undo: (c) =>
			c.sql(`update public.panel_members set status = 'active', left_at = null where panel_id = $1 and account_id = $2`, [NORTHBAY_PANEL, youngPerson(1)]).then(() => {})
	},
	my_sessions: {
		args: {},
		ok: async (data, c) => {
			const mine = c.actor === 'service_role' ? [] : await c.sql<{ id: string }>(`select id from private.sessions where account_id = $1`, [c.id]);
			expect((data as { id: string }[]).map((s) => s.id)).toEqual(mine.map((s) => s.id));
			if (c.actor !== 'service_role') expect(mine).toHaveLength(1);
		}
	},
	revoke_my_session: {
		// Everyone tries to end the member's session: only the member may.
		args: () => ({ p_session: sessionIds.get(youngPerson(1)) }),
		ok: async (data, c) => {
			expect(data).toBeNull();
			expect(await c.sql(`select revoked_at is not null as revoked from private.sessions where id = $1`, [sessionIds.get(youngPerson(1))])).toEqual([{ revoked: true }]);
		},
		undo: (c) => c.sql(`update private.sessions set revoked_at = null where id = $1`, [sessionIds.get(youngPerson(1))]).then(() => {})
	},
	normalise_join_code: {
		args: { p_code: ' nrth-bay 7' },
		ok: (data) => expect(data).toBe('NRTHBAY7')
	},
	auth_rate_limit_hit: {
		args: { p_bucket: 'rls-test', p_max: 5, p_window_seconds: 60 },
		ok: async (data, c) => {
			expect(data).toBe(true);
			expect(await c.sql(`select hits from private.rate_limits where bucket = 'rls-test'`)).toEqual([{ hits: 1 }]);
		},
		undo: (c) => c.sql(`delete from private.rate_limits where bucket = 'rls-test'`).then(() => {})
	},
	auth_rate_limit_count: {
		args: { p_bucket: 'rls-test', p_window_seconds: 60 },
		setup: (c) => c.sql(`select public.auth_rate_limit_hit('rls-test', 5, 60)`).then(() => {}),
		ok: (data) => expect(data).toBe(1),
		undo: (c) => c.sql(`delete from private.rate_limits where bucket = 'rls-test'`).then(() => {})
	},
	auth_rate_limit_clear: {
		args: { p_bucket: 'rls-test' },
		setup: (c) => c.sql(`select public.auth_rate_limit_hit('rls-test', 5, 60)`).then(() => {}),
		ok: async (data, c) => {
			expect(data).toBeNull();
			expect(await c.sql(`select * from private.rate_limits where bucket = 'rls-test'`)).toEqual([]);
		},
		undo: (c) => c.sql(`delete from private.rate_limits where bucket = 'rls-test'`).then(() => {})
	},
	auth_staff_credentials: {
		args: { p_email: ' Admin@Northbay.example ' },
		ok: (data) => {
			expect(data).toHaveLength(1);
			expect((data as Record<string, string>[])[0]).toMatchObject({ account_id: staff(2) });
			expect((data as Record<string, string>[])[0].password_hash).toMatch(/^\$argon2id\$/);
		}
	},
	auth_create_staff: {
		args: { p_email: 'RLS-new@northbay.example', p_name: ' Rosa Lee ', p_password_hash: ARGON },
		ok: async (data, c) => {
			expect(data).toMatch(UUID);
			expect(await c.sql(`select a.kind, a.display_name, c.email from public.accounts a join private.staff_credentials c on c.account_id = a.id where a.id = $1`, [data])).toEqual([
				{ kind: 'staff', display_name: 'Rosa Lee', email: 'rls-new@northbay.example' }
			]);
		},
		undo: (c) => c.sql(`delete from public.accounts where id in (select account_id from private.staff_credentials where email = 'rls-new@northbay.example')`).then(() => {})
	},
	auth_panel_by_code: {
		args: { p_code: 'nrth-bay7' },
		ok: (data) => expect(data).toEqual([{ panel_id: NORTHBAY_PANEL, panel_name: 'Northbay Youth Voice', partnership_name: SEED_NAME_OF_NORTHBAY, requires_approval: false }])
	},
	auth_join_panel: {
		args: { p_code: 'NRTH-BAY7', p_pseudonym: 'Rls Joiner', p_age_band: '13-15', p_passphrase_hash: ARGON, p_privacy_notice_version: 'v1' },
		ok: async (data, c) => {
			expect(data).toMatch(UUID);
			expect(await c.sql(`select panel_id, status from public.panel_members where account_id = $1`, [data])).toEqual([{ panel_id: NORTHBAY_PANEL, status: 'active' }]);
		},
		undo: (c) => c.sql(`delete from public.accounts where id in (select account_id from public.panel_members where pseudonym = 'Rls Joiner')`).then(() => {})
	},
	auth_young_person_credentials: {
		args: { p_code: 'nrthbay7', p_pseudonym: 'blue otter' },
		ok: (data) => {
			expect(data).toHaveLength(1);
			expect((data as Record<string, string>[])[0]).toMatchObject({ account_id: youngPerson(1) });
		}
	},
	auth_create_session: {
		args: { p_account: youngPerson(1), p_token_hash: 'f'.repeat(64), p_user_agent: 'rls-matrix', p_idle_seconds: 3600, p_absolute_seconds: 86400 },
		ok: async (data, c) => {
			expect(data).toMatch(UUID);
			expect(await c.sql(`select account_id, user_agent from private.sessions where id = $1`, [data])).toEqual([{ account_id: youngPerson(1), user_agent: 'rls-matrix' }]);
		},
		undo: (c) => c.sql(`delete from private.sessions where token_hash = $1`, ['f'.repeat(64)]).then(() => {})
	},
	auth_session: {
		args: { p_token_hash: sessionHash(youngPerson(1)) },
		ok: (data) =>
			expect(data).toEqual([
				{ session_id: sessionIds.get(youngPerson(1)), account_id: youngPerson(1), kind: 'young_person', display_name: 'Blue Otter', is_platform_admin: false }
			])
	},
	auth_end_session: {
		args: { p_token_hash: 'e'.repeat(64) },
		setup: (c) =>
			c.sql(`insert into private.sessions (token_hash, account_id, idle_timeout, expires_at) values ($1, $2, '1 hour', now() + interval '1 day')`, [
				'e'.repeat(64),
				youngPerson(1)
			]).then(() => {}),
		ok: async (data, c) => {
			expect(data).toBeNull();
			expect(await c.sql(`select revoked_at is not null as revoked from private.sessions where token_hash = $1`, ['e'.repeat(64)])).toEqual([{ revoked: true }]);
		},
		undo: (c) => c.sql(`delete from private.sessions where token_hash = $1`, ['e'.repeat(64)]).then(() => {})
	}
};

/** Fixture rows made in beforeAll (by the database owner). */
const sessionIds = new Map<string, string>();
const fixtures: { northbayEvent?: Record<string, unknown> } = {};

// ---------------------------------------------------------------------------------------------
// The tests
// ---------------------------------------------------------------------------------------------

const refusal = (actor: Actor) => (actor === 'anon' ? 401 : 403);

/** The functions the platform migration creates in `public` (what the function grid must cover). */
const PLATFORM_FUNCTIONS = [
	...new Set(
		[...readFileSync(resolve('supabase/migrations/20261125000100_platform.sql'), 'utf8').matchAll(/create\s+(?:or\s+replace\s+)?function\s+public\.(\w+)/gi)].map(
			(m) => m[1]
		)
	)
].sort();

describeTransports('row-level-security matrix', (transport) => {
	let t: TestDatabase;
	const clients = new Map<Actor, SupabaseClient>();
	let auditBaseline = 0;
	let fingerprint = '';

	const ctx = (actor: Actor): Ctx => ({
		t,
		actor,
		id: actor === 'service_role' ? null : ACTORS[actor],
		sql: async (text, params) => (await t.driver.query(text, params)).rows as never
	});

	/** Every row of every table we touch (public and private), to prove the matrix leaves no trace. */
	const databaseFingerprint = async () =>
		(
			await t.driver.query<{ f: string }>(`select string_agg(x, ' ' order by x) as f from (
				select 'partnerships:' || md5(coalesce(string_agg(t::text, ',' order by t::text), '')) as x from public.partnerships t
				union all select 'accounts:' || md5(coalesce(string_agg(t::text, ',' order by t::text), '')) from public.accounts t
				union all select 'memberships:' || md5(coalesce(string_agg(t::text, ',' order by t::text), '')) from public.memberships t
				union all select 'panels:' || md5(coalesce(string_agg(t::text, ',' order by t::text), '')) from public.panels t
				union all select 'panel_members:' || md5(coalesce(string_agg(t::text, ',' order by t::text), '')) from public.panel_members t
				union all select 'audit_events:' || md5(coalesce(string_agg(t::text, ',' order by t::text), '')) from public.audit_events t
				union all select 'staff_credentials:' || md5(coalesce(string_agg(t::text, ',' order by t::text), '')) from private.staff_credentials t
				union all select 'young_person_credentials:' || md5(coalesce(string_agg(t::text, ',' order by t::text), '')) from private.young_person_credentials t
				-- (last_seen_at slides when auth_session reads a session: not a change the matrix makes)
				union all select 'sessions:' || md5(coalesce(string_agg((t.id, t.token_hash, t.account_id, t.expires_at, t.revoked_at)::text, ',' order by t.id), '')) from private.sessions t
				union all select 'rate_limits:' || md5(coalesce(string_agg(t::text, ',' order by t::text), '')) from private.rate_limits t
			) s`)
		).rows[0].f;

	beforeAll(async () => {
		t = await openTestDatabase(transport, { seedDemo: true });
		for (const actor of Object.keys(ACTORS) as Actor[]) {
			clients.set(actor, actor === 'service_role' ? serviceSupabase(t.db) : supabaseFor(t.db, ACTORS[actor]));
		}
		// Fixtures the seed lacks: an audit event per partnership plus a platform-level one, and a
		// live session for every signed-in actor.
		await t.driver.query(`insert into public.audit_events (partnership_id, action) values ($1, 'fixture.northbay'), ($2, 'fixture.eastmere'), (null, 'fixture.platform')`, [
			NORTHBAY,
			EASTMERE
		]);
		fixtures.northbayEvent = (
			await t.driver.query<{ row: Record<string, unknown> }>(`select to_jsonb(e) as row from public.audit_events e where action = 'fixture.northbay'`)
		).rows[0].row;
		for (const [actor, id] of Object.entries(ACTORS)) {
			if (!id || actor === 'service_role') continue;
			const { rows } = await t.driver.query<{ id: string }>(
				`insert into private.sessions (token_hash, account_id, idle_timeout, expires_at) values ($1, $2, '12 hours', now() + interval '30 days') returning id`,
				[sessionHash(id), id]
			);
			sessionIds.set(id, rows[0].id);
		}
		fingerprint = await databaseFingerprint();
	});
	afterAll(() => t?.dispose());

	beforeEach(async () => {
		savedRow = null;
		const { rows } = await t.driver.query<{ n: number | string }>(`select coalesce(max(id), 0) as n from public.audit_events`);
		auditBaseline = Number(rows[0].n);
	});
	// Whatever a write did (allowed, or wrongly allowed), the audit trail it left goes.
	afterEach(async () => {
		await t.driver.query(`delete from public.audit_events where id > $1`, [auditBaseline]);
	});

	// ----- tables ---------------------------------------------------------------------------
	for (const table of TABLES) {
		const shape = TABLE_SHAPE[table];
		for (const actor of TABLE_ACTORS) {
			const scope = tableCell.get(`${table} select ${actor}`) as Scope;
			const title = {
				all: `${actor} may select all ${table}`,
				none: `${actor} sees no ${table}`,
				own: `${actor} sees only their own ${table}`,
				northbay: `${actor} sees northbay's ${table} only`,
				eastmere: `${actor} sees eastmere's ${table} only (nothing of northbay)`
			}[scope];
			it(title, async () => {
				const c = ctx(actor);
				const where = {
					all: 'true',
					none: 'false',
					own: shape.own ?? 'false',
					northbay: shape.partnership,
					eastmere: shape.partnership
				}[scope];
				const param = scope === 'own' ? [c.id] : scope === 'northbay' ? [NORTHBAY] : scope === 'eastmere' ? [EASTMERE] : [];
				const keyExpr = shape.key.map((k) => `${k}::text`).join(` || '/' || `);
				const expected = (await c.sql<{ k: string }>(`select ${keyExpr} as k from public.${table} where ${where} order by 1`, param)).map((r) => r.k);
				if (scope !== 'none') expect(expected.length, 'the expectation itself must not be empty').toBeGreaterThan(0);

				const { data, error, status } = await clients.get(actor)!.from(table).select(shape.key.join(','));
				expect(error).toBeNull();
				expect(status).toBe(200);
				const got = (data as unknown as Record<string, unknown>[]).map((r) => shape.key.map((k) => String(r[k])).join('/')).sort();
				expect(got).toEqual([...expected].sort());
			});
		}
		for (const op of ['insert', 'update', 'delete'] as const) {
			const attempt = WRITES[table][op];
			for (const actor of TABLE_ACTORS) {
				const allowed = tableCell.get(`${table} ${op} ${actor}`) === 'yes';
				it(`${actor} ${allowed ? 'may' : 'may not'} ${op} ${table}`, async () => {
					const c = ctx(actor);
					try {
						await attempt.setup?.(c);
						const before = await attempt.state(c);
						if (op === 'update') savedRow = JSON.parse(before)[0]?.row ?? null;
						const res = await attempt.request(clients.get(actor)!, c);
						const after = await attempt.state(c);
						if (allowed) {
							expect(res.error).toBeNull();
							expect(res.status).toBe(op === 'insert' ? 201 : 200);
							attempt.check?.(res.data as Record<string, unknown>[], c);
							expect(after).not.toEqual(before);
						} else if (op === 'insert' || res.error) {
							// refused outright: no privilege (e.g. anon has no update grant on panel_members) or a policy
							expect(res.error?.code).toBe('42501');
							expect(res.status).toBe(refusal(actor));
							expect(after).toEqual(before);
						} else {
							// RLS hides the row from this writer: nothing matched, nothing changed.
							expect(res.error).toBeNull();
							expect(res.data).toEqual([]);
							expect(after).toEqual(before);
						}
					} finally {
						await attempt.undo(c);
					}
				});
			}
		}
	}

	// ----- functions ------------------------------------------------------------------------
	for (const [fn, cells] of functionCells) {
		const call = FUNCTIONS[fn];
		for (const actor of FUNCTION_ACTORS) {
			const cell = cells.get(actor)!;
			const verb = cell === 'ok' ? 'may' : 'may not';
			it(`${actor} ${verb} execute ${fn}${cell === 'ok' ? '' : ` (${cell})`}`, async () => {
				if (!call) throw new Error(`no call defined for ${fn}`);
				const c = ctx(actor);
				try {
					await call.setup?.(c);
					const args = typeof call.args === 'function' ? call.args(c) : call.args;
					const { data, error, status } = await clients.get(actor)!.rpc(fn, args);
					if (cell === 'ok') {
						expect(error).toBeNull();
						await call.ok(data, c);
					} else {
						expect(error?.code).toBe(cell);
						expect(status).toBe(cell === '42501' ? refusal(actor) : 404);
					}
				} finally {
					await call.undo?.(c);
				}
			});
		}
	}

	// This grid is the platform's; each later feature's functions have their own spec (youth
	// panels: rls-panels.spec.ts), so the grid covers exactly what the platform migration creates.
	it('the function grid covers every function the platform migration creates in public, and nothing else', async () => {
		const { rows } = await t.driver.query<{ proname: string }>(
			`select distinct p.proname from pg_proc p join pg_namespace n on n.oid = p.pronamespace where n.nspname = 'public' order by 1`
		);
		expect(PLATFORM_FUNCTIONS.length).toBeGreaterThan(10);
		expect(rows.map((r) => r.proname)).toEqual(expect.arrayContaining(PLATFORM_FUNCTIONS));
		expect([...functionCells.keys()].sort()).toEqual(PLATFORM_FUNCTIONS);
		expect(Object.keys(FUNCTIONS).sort()).toEqual(PLATFORM_FUNCTIONS);
	});

	// ----- named cases around the grid --------------------------------------------------------
	it('admin@eastmere finds nothing of northbay even when asking for it by id', async () => {
		const sb = clients.get('admin@eastmere')!;
		expect((await sb.from('accounts').select('id').in('id', [youngPerson(1), staff(2)])).data).toEqual([]);
		expect((await sb.from('panels').select('id, join_code').eq('id', NORTHBAY_PANEL)).data).toEqual([]);
		expect((await sb.from('panel_members').select('pseudonym').eq('panel_id', NORTHBAY_PANEL)).data).toEqual([]);
		expect((await sb.from('memberships').select('role').eq('partnership_id', NORTHBAY)).data).toEqual([]);
		expect((await sb.from('audit_events').select('id').eq('partnership_id', NORTHBAY)).data).toEqual([]);
	});

	it('admin@eastmere may insert panels in eastmere (the refusals above are about tenancy)', async () => {
		const sb = clients.get('admin@eastmere')!;
		const c = ctx('admin@eastmere');
		try {
			const ins = await sb.from('panels').insert({ id: X(9), partnership_id: EASTMERE, name: 'Eastmere extra' }).select('id, partnership_id');
			expect(ins.error).toBeNull();
			expect(ins.data).toEqual([{ id: X(9), partnership_id: EASTMERE }]);
		} finally {
			await c.sql(`delete from public.panels where id = $1`, [X(9)]);
		}
	});

	it('facilitator@northbay may not move a northbay panel into eastmere', async () => {
		const { error, data } = await clients.get('facilitator@northbay')!.from('panels').update({ partnership_id: EASTMERE }).eq('id', NORTHBAY_PANEL).select();
		// no update policy: the row is invisible to an update, so nothing matches and nothing changes
		expect(error).toBeNull();
		expect(data).toEqual([]);
		expect(await ctx('anon').sql(`select partnership_id from public.panels where id = $1`, [NORTHBAY_PANEL])).toEqual([{ partnership_id: NORTHBAY }]);
	});

	it('member@northbay may not change their own panel membership row (pseudonym or status)', async () => {
		const sb = clients.get('member@northbay')!;
		const c = ctx('member@northbay');
		const before = await one(c, `select to_jsonb(t) from public.panel_members t where account_id = $1`, [c.id]);
		const res = await sb.from('panel_members').update({ pseudonym: 'Renamed Otter', status: 'active' }).eq('account_id', c.id!).select();
		// Hidden by RLS (no row matched) or refused outright by a column privilege: either way, no change.
		if (res.error) expect(res.error.code).toBe('42501');
		else expect(res.data).toEqual([]);
		expect(await one(c, `select to_jsonb(t) from public.panel_members t where account_id = $1`, [c.id])).toEqual(before);
	});

	it('member@northbay no longer sees the panel once they have left it', async () => {
		const sb = clients.get('member@northbay')!;
		try {
			expect((await sb.rpc('leave_panel', { p_panel: NORTHBAY_PANEL })).error).toBeNull();
			expect((await sb.from('panels').select('id')).data).toEqual([]);
			expect((await sb.from('panel_members').select('status')).data).toEqual([{ status: 'left' }]);
		} finally {
			await ctx('anon').sql(`update public.panel_members set status = 'active', left_at = null where account_id = $1`, [youngPerson(1)]);
		}
	});

	it('facilitator@northbay may not reset the passphrase of an eastmere member; admin@eastmere may', async () => {
		const c = ctx('admin@eastmere');
		const saved = await c.sql(`select passphrase_hash from private.young_person_credentials where account_id = $1`, [youngPerson(13)]);
		try {
			const args = { p_panel: EASTMERE_PANEL, p_account: youngPerson(13), p_passphrase_hash: ARGON };
			const refused = await clients.get('facilitator@northbay')!.rpc('reset_member_passphrase', args);
			expect(refused.error?.code).toBe('42501');
			expect(refused.status).toBe(403);
			expect(await c.sql(`select passphrase_hash from private.young_person_credentials where account_id = $1`, [youngPerson(13)])).toEqual(saved);
			expect((await clients.get('admin@eastmere')!.rpc('reset_member_passphrase', args)).error).toBeNull();
			expect(await c.sql(`select passphrase_hash from private.young_person_credentials where account_id = $1`, [youngPerson(13)])).toEqual([{ passphrase_hash: ARGON }]);
		} finally {
			await c.sql(`update private.young_person_credentials set passphrase_hash = $2, reset_at = null where account_id = $1`, [youngPerson(13), saved[0].passphrase_hash]);
		}
	});

	it('admin@northbay may not change roles in eastmere, nor admin@eastmere in northbay', async () => {
		const a = await clients.get('admin@northbay')!.rpc('set_staff_role', { p_partnership: EASTMERE, p_account: staff(2), p_role: 'partnership_admin', p_granted: true });
		expect(a.error?.code).toBe('42501');
		const b = await clients.get('admin@eastmere')!.rpc('set_staff_role', { p_partnership: NORTHBAY, p_account: staff(6), p_role: 'partnership_admin', p_granted: true });
		expect(b.error?.code).toBe('42501');
		expect(await ctx('anon').sql(`select count(*)::int as n from public.memberships where (partnership_id, account_id) in (($1::uuid, $2::uuid), ($3::uuid, $4::uuid))`, [EASTMERE, staff(2), NORTHBAY, staff(6)])).toEqual([{ n: 0 }]);
	});

	it('a pending member does not see the panel until admitted', async () => {
		const c = ctx('member@northbay');
		try {
			await c.sql(`update public.panel_members set status = 'pending' where account_id = $1`, [c.id]);
			expect((await clients.get('member@northbay')!.from('panels').select('id')).data).toEqual([]);
			expect((await clients.get('member@northbay')!.from('panel_members').select('status')).data).toEqual([{ status: 'pending' }]);
		} finally {
			await c.sql(`update public.panel_members set status = 'active' where account_id = $1`, [c.id]);
		}
	});

	// Staff may change a membership's status only: never whose membership it is (that would put a
	// child on a panel without consent and show their account to its staff).
	it('facilitator@northbay may not re-point a membership at an eastmere young person', async () => {
		const c = ctx('facilitator@northbay');
		const sb = clients.get('facilitator@northbay')!;
		const row = { panel_id: NORTHBAY_PANEL, account_id: youngPerson(2) };
		try {
			await sb.from('panel_members').update({ account_id: youngPerson(13) }).match(row).select();
			expect(await c.sql(`select account_id from public.panel_members where panel_id = $1 and pseudonym = 'Quiet Fox'`, [NORTHBAY_PANEL])).toEqual([
				{ account_id: youngPerson(2) }
			]);
			expect((await sb.from('accounts').select('id').eq('id', youngPerson(13))).data).toEqual([]);
		} finally {
			await c.sql(`update public.panel_members set account_id = $2 where panel_id = $1 and pseudonym = 'Quiet Fox'`, [NORTHBAY_PANEL, youngPerson(2)]);
		}
	});

	// ... nor the record of which privacy notice the young person was shown.
	it('facilitator@northbay may not rewrite the privacy notice a member agreed to', async () => {
		const c = ctx('facilitator@northbay');
		const row = { panel_id: NORTHBAY_PANEL, account_id: youngPerson(2) };
		const before = await one(c, `select privacy_notice_version, joined_at from public.panel_members where panel_id = $1 and account_id = $2`, [NORTHBAY_PANEL, youngPerson(2)]);
		const agreed = JSON.parse(before)[0].privacy_notice_version as string;
		try {
			await clients.get('facilitator@northbay')!.from('panel_members').update({ privacy_notice_version: '2099-01-01.forged' }).match(row).select();
			expect(await one(c, `select privacy_notice_version, joined_at from public.panel_members where panel_id = $1 and account_id = $2`, [NORTHBAY_PANEL, youngPerson(2)])).toEqual(before);
		} finally {
			await c.sql(`update public.panel_members set privacy_notice_version = $3 where panel_id = $1 and account_id = $2`, [NORTHBAY_PANEL, youngPerson(2), agreed]);
		}
	});

	it('the matrix left the database exactly as it found it', async () => {
		expect(await databaseFingerprint()).toBe(fingerprint);
	});
});

/**
 * Embedded mode runs the bootstrap and the migrator at every start-up. A restart must not reopen
 * what the migrations closed. Own database: re-attaching changes grants for good.
 */
describeTransports('privileges after a restart', (transport) => {
	let t: TestDatabase;
	beforeAll(async () => {
		t = await openTestDatabase(transport, { seedDemo: true });
	});
	afterAll(() => t?.dispose());

	const authFunctions = () =>
		t.driver
			.query<{ proname: string }>(`select proname from pg_proc p join pg_namespace n on n.oid = p.pronamespace where n.nspname = 'public' and proname like 'auth\\_%' order by 1`)
			.then((r) => r.rows.map((f) => f.proname));
	const executableBy = async (role: string) =>
		(
			await t.driver.query<{ proname: string }>(
				`select proname from pg_proc p join pg_namespace n on n.oid = p.pronamespace
				 where n.nspname = 'public' and proname like 'auth\\_%' and has_function_privilege($1, p.oid, 'execute') order by 1`,
				[role]
			)
		).rows.map((f) => f.proname);

	it('on first start only service_role may execute the auth_* functions', async () => {
		expect(await authFunctions()).toHaveLength(11);
		expect(await executableBy('anon')).toEqual([]);
		expect(await executableBy('authenticated')).toEqual([]);
		expect(await executableBy('service_role')).toEqual(await authFunctions());
	});

	// The bootstrap runs at every start: it must set default privileges only, never re-grant
	// "all on all routines", which would reopen the auth_* functions the migration closed.
	it('after a restart anon still may not call auth_staff_credentials', async () => {
		await attach(t.driver, t.db.jwtSecret, { transport: transport.name, seedDemo: true });
		const anon = supabaseFor(t.db, null);
		const { data, error, status } = await anon.rpc('auth_staff_credentials', { p_email: 'admin@northbay.example' });
		expect(data).toBeNull();
		expect(error?.code).toBe('42501');
		expect(status).toBe(401);
		expect(await executableBy('anon')).toEqual([]);
		expect(await executableBy('authenticated')).toEqual([]);
	});
});
