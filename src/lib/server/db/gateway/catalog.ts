/**
 * The gateway's schema cache, like PostgREST's: which tables, views and functions the exposed
 * schema has, with column and argument types. Looked up on first use and kept for the life of the
 * gateway (the schema only changes at start-up, when migrations run before the gateway exists);
 * `clear()` is the equivalent of PostgREST's schema reload.
 *
 * Type names are built as `"schema"."typname"` rather than with `format_type`, whose output depends
 * on the search_path at lookup time.
 */
import type { Sql } from '../driver';

export interface Column {
	name: string;
	/** Fully qualified, quoted type name, safe to splice into SQL (it comes from pg_catalog). */
	type: string;
}

export interface TableInfo {
	name: string;
	columns: Map<string, Column>;
	primaryKey: string[];
}

export interface FunctionArg {
	name: string;
	type: string;
	hasDefault: boolean;
	variadic: boolean;
	/**
	 * json/jsonb take any JSON value as their text; arrays and composites (also behind a domain)
	 * need Postgres' JSON conversion; everything else parses from plain text.
	 */
	kind: 'json' | 'structured' | 'plain';
}

export type ReturnShape = 'void' | 'scalar' | 'composite' | 'unsupported';

export interface FunctionInfo {
	name: string;
	args: FunctionArg[];
	/** false when an input argument has no name, so it cannot be called with named arguments */
	callableByName: boolean;
	returns: ReturnShape;
	setof: boolean;
	volatility: 'immutable' | 'stable' | 'volatile';
	/** Columns of a composite result (a table's row type, OUT parameters or RETURNS TABLE). */
	columns: Map<string, Column>;
}

const TYPE_NAME = `quote_ident(tn.nspname) || '.' || quote_ident(t.typname)`;

const TABLE_SQL = `
select
  coalesce((
    select json_agg(json_build_object('name', a.attname, 'type', ${TYPE_NAME}) order by a.attnum)
    from pg_catalog.pg_attribute a
    join pg_catalog.pg_type t on t.oid = a.atttypid
    join pg_catalog.pg_namespace tn on tn.oid = t.typnamespace
    where a.attrelid = c.oid and a.attnum > 0 and not a.attisdropped
  ), '[]')::text as columns,
  coalesce((
    select json_agg(a.attname order by array_position(i.indkey::int2[], a.attnum))
    from pg_catalog.pg_index i
    join pg_catalog.pg_attribute a on a.attrelid = i.indrelid and a.attnum = any(i.indkey)
    where i.indrelid = c.oid and i.indisprimary
  ), '[]')::text as pk
from pg_catalog.pg_class c
join pg_catalog.pg_namespace n on n.oid = c.relnamespace
where n.nspname = $1 and c.relname = $2 and c.relkind in ('r', 'v', 'm', 'f', 'p')`;

const FUNCTION_SQL = `
select json_build_object(
  'setof', p.proretset,
  'volatility', p.provolatile::text,
  'ndefaults', p.pronargdefaults,
  'args', (
    select coalesce(json_agg(json_build_object(
      'name', coalesce(p.proargnames[u.i], ''),
      'mode', coalesce(p.proargmodes[u.i]::text, 'i'),
      'type', ${TYPE_NAME},
      'kind', case
        when t.oid in ('pg_catalog.json'::regtype, 'pg_catalog.jsonb'::regtype) then 'json'
        when coalesce(bt.typcategory, t.typcategory) in ('A', 'C') then 'structured'
        else 'plain' end) order by u.i), '[]')
    from unnest(coalesce(p.proallargtypes, p.proargtypes::oid[])) with ordinality as u(typ, i)
    join pg_catalog.pg_type t on t.oid = u.typ
    join pg_catalog.pg_namespace tn on tn.oid = t.typnamespace
    left join pg_catalog.pg_type bt on t.typtype = 'd' and bt.oid = t.typbasetype
  ),
  'rettype', quote_ident(rn.nspname) || '.' || quote_ident(rt.typname),
  'typtype', rt.typtype::text,
  'retcolumns', case when rt.typtype = 'c' then (
    select json_agg(json_build_object('name', a.attname, 'type', ${TYPE_NAME}) order by a.attnum)
    from pg_catalog.pg_attribute a
    join pg_catalog.pg_type t on t.oid = a.atttypid
    join pg_catalog.pg_namespace tn on tn.oid = t.typnamespace
    where a.attrelid = rt.typrelid and a.attnum > 0 and not a.attisdropped
  ) end
)::text as info
from pg_catalog.pg_proc p
join pg_catalog.pg_namespace n on n.oid = p.pronamespace
join pg_catalog.pg_type rt on rt.oid = p.prorettype
join pg_catalog.pg_namespace rn on rn.oid = rt.typnamespace
where n.nspname = $1 and p.proname = $2 and p.prokind = 'f'`;

interface RawFunction {
	setof: boolean;
	volatility: 'i' | 's' | 'v';
	ndefaults: number;
	args: { name: string; mode: string; type: string; kind: FunctionArg['kind'] }[];
	rettype: string;
	typtype: string;
	retcolumns: Column[] | null;
}

const VOLATILITY = { i: 'immutable', s: 'stable', v: 'volatile' } as const;

function toFunctionInfo(name: string, raw: RawFunction): FunctionInfo {
	const inputs = raw.args.filter((a) => a.mode === 'i' || a.mode === 'b' || a.mode === 'v');
	const outputs = raw.args.filter((a) => a.mode === 'o' || a.mode === 'b' || a.mode === 't');
	const firstDefault = inputs.length - raw.ndefaults;
	const args = inputs.map((a, i) => ({ name: a.name, type: a.type, kind: a.kind, hasDefault: i >= firstDefault, variadic: a.mode === 'v' }));
	let returns: ReturnShape;
	let columns: Column[] = [];
	if (raw.rettype === 'pg_catalog.void') returns = 'void';
	else if (raw.typtype === 'c') {
		returns = 'composite';
		columns = raw.retcolumns ?? [];
	} else if (raw.rettype === 'pg_catalog.record' && outputs.length) {
		returns = 'composite';
		columns = outputs.map((a) => ({ name: a.name, type: a.type }));
	} else if (raw.typtype === 'p') returns = 'unsupported'; // record without OUT params, polymorphic, trigger…
	else returns = 'scalar';
	return {
		name,
		args,
		callableByName: args.every((a) => a.name !== ''),
		returns,
		setof: raw.setof,
		volatility: VOLATILITY[raw.volatility],
		columns: new Map(columns.map((c) => [c.name, c]))
	};
}

export class Catalog {
	private tables = new Map<string, Promise<TableInfo | null>>();
	private functions = new Map<string, Promise<FunctionInfo[]>>();

	constructor(
		private readonly db: Sql,
		readonly schema: string
	) {}

	/** null when the schema has no such table or view. Misses are not cached: a table may appear later. */
	table(name: string): Promise<TableInfo | null> {
		let hit = this.tables.get(name);
		if (!hit) {
			hit = this.loadTable(name);
			this.tables.set(name, hit);
			hit.then(
				(t) => t === null && this.tables.delete(name),
				() => this.tables.delete(name)
			);
		}
		return hit;
	}

	/** Every overload of `name` in the schema ([] when there is none). */
	functionsNamed(name: string): Promise<FunctionInfo[]> {
		let hit = this.functions.get(name);
		if (!hit) {
			hit = this.loadFunctions(name);
			this.functions.set(name, hit);
			hit.then(
				(fs) => fs.length === 0 && this.functions.delete(name),
				() => this.functions.delete(name)
			);
		}
		return hit;
	}

	clear(): void {
		this.tables.clear();
		this.functions.clear();
	}

	private async loadTable(name: string): Promise<TableInfo | null> {
		const { rows } = await this.db.query<{ columns: string; pk: string }>(TABLE_SQL, [this.schema, name]);
		if (!rows.length) return null;
		const columns = JSON.parse(rows[0].columns) as Column[];
		return { name, columns: new Map(columns.map((c) => [c.name, c])), primaryKey: JSON.parse(rows[0].pk) as string[] };
	}

	private async loadFunctions(name: string): Promise<FunctionInfo[]> {
		const { rows } = await this.db.query<{ info: string }>(FUNCTION_SQL, [this.schema, name]);
		return rows.map((r) => toFunctionInfo(name, JSON.parse(r.info) as RawFunction));
	}
}
