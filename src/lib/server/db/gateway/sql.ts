/**
 * Builds the one statement each request runs. Identifiers reaching this module were validated by
 * parse.ts (or come from pg_catalog) and are still quoted here; every value from the request is a
 * bind parameter. Postgres itself renders the JSON answer (`json_agg`), returned as text so neither
 * driver parses and re-serialises it.
 *
 * Filter values are sent as text and cast to the column's own type (`$1::text::pg_catalog.int4`),
 * so comparisons are numeric for numbers, chronological for timestamps, and so on, and the drivers
 * never have to guess a parameter's type.
 */
import type { Column, FunctionArg, FunctionInfo, TableInfo } from './catalog';
import type { Filter, OrderTerm, QueryParts, SelectItem } from './parse';

export const ident = (name: string) => `"${name.replaceAll('"', '""')}"`;

export class Params {
	readonly values: unknown[] = [];
	add(value: unknown): string {
		this.values.push(value);
		return `$${this.values.length}`;
	}
}

export interface Statement {
	text: string;
	params: unknown[];
}

/** Rows a read selects from: a table or view, or the materialised result of a function call. */
export interface Source {
	/** `with …` clause that must precede the statement, if any */
	prelude: string;
	from: string;
	/** quoted name qualifying column references, so Postgres names them in its own errors */
	qualifier: string;
	columns: Map<string, Column>;
	/** true for scalar functions: one column, `pgrst_scalar` */
	scalar: boolean;
}

/** How the JSON body is shaped; PostgREST's `asJsonF`/`asJsonSingleF`. */
export type BodyShape = 'array' | 'object' | 'scalar' | 'scalar-array' | 'none';

const COMPARE_SQL = { eq: '=', neq: '<>', gt: '>', gte: '>=', lt: '<', lte: '<=' } as const;

function bodyExpr(shape: BodyShape): string {
	switch (shape) {
		case 'array':
			return `coalesce(json_agg(_pgrst_t), '[]')::text`;
		case 'object':
			return `coalesce((json_agg(_pgrst_t)->0)::text, 'null')`;
		case 'scalar':
			return `coalesce((json_agg(_pgrst_t.pgrst_scalar)->0)::text, 'null')`;
		case 'scalar-array':
			return `coalesce(json_agg(_pgrst_t.pgrst_scalar), '[]')::text`;
		case 'none':
			return 'null::text';
	}
}

export function tableSource(schema: string, table: TableInfo): Source {
	return { prelude: '', from: `${ident(schema)}.${ident(table.name)}`, qualifier: ident(table.name), columns: table.columns, scalar: false };
}

/** Argument values as they arrived: JSON values from a POST body, or query-string text. */
export interface CallArgs {
	values: Record<string, unknown>;
	/** the given argument names, in the function's own order */
	names: string[];
	fromQueryString: boolean;
}

/**
 * The text Postgres parses for one argument, matching what PostgREST's `json_to_record` would
 * hand the function: strings as they are, other JSON values as their JSON text, and the whole
 * JSON value for json/jsonb arguments.
 */
function argText(value: unknown, kind: FunctionArg['kind'], fromQueryString: boolean): string | null {
	if (value === null || value === undefined) return null;
	if (fromQueryString || (typeof value === 'string' && kind !== 'json')) return String(value);
	return JSON.stringify(value);
}

/**
 * Named arguments for a call. Each is a text parameter cast to the argument's declared type, which
 * is cheap to plan; JSON arrays and objects meant for array or composite arguments go through one
 * `json_to_record` parameter instead, as in PostgREST, so Postgres does that conversion.
 */
function argumentsSql(fn: FunctionInfo, call: CallArgs, p: Params): { list: string; from: string } {
	const byName = new Map(fn.args.map((a) => [a.name, a]));
	const variadic = (n: string) => (byName.get(n)!.variadic ? 'variadic ' : '');
	const viaJson = !call.fromQueryString && call.names.some((n) => byName.get(n)!.kind === 'structured');
	if (!viaJson) {
		const list = call.names.map((n) => {
			const arg = byName.get(n)!;
			return `${variadic(n)}${ident(n)} => ${p.add(argText(call.values[n], arg.kind, call.fromQueryString))}::text::${arg.type}`;
		});
		return { list: list.join(', '), from: '' };
	}
	const json = JSON.stringify(Object.fromEntries(call.names.map((n) => [n, call.values[n]])));
	const defs = call.names.map((n) => `${ident(n)} ${byName.get(n)!.type}`).join(', ');
	return {
		list: call.names.map((n) => `${variadic(n)}${ident(n)} => pgrst_args.${ident(n)}`).join(', '),
		from: `json_to_record(${p.add(json)}::json) as pgrst_args(${defs})`
	};
}

/** A function's rows as a read source, materialised so the call runs once for rows and count. */
export function callSource(schema: string, fn: FunctionInfo, call: CallArgs, p: Params): Source {
	const alias = ident(fn.name);
	const { list, from } = argumentsSql(fn, call, p);
	const invocation = `${ident(schema)}.${alias}(${list}) as ${alias}${fn.returns === 'composite' ? '' : '(pgrst_scalar)'}`;
	return {
		prelude: `with pgrst_source as materialized (select ${alias}.* from ${from ? `${from} cross join lateral ` : ''}${invocation}) `,
		from: `pgrst_source as ${alias}`,
		qualifier: alias,
		columns: fn.columns,
		scalar: fn.returns !== 'composite'
	};
}

/**
 * The common case, a function returning one value (or nothing), without paging or counting:
 * called in the select list, the lightest statement Postgres can plan.
 */
export function singleValueCallStatement(schema: string, fn: FunctionInfo, call: CallArgs, p: Params): Statement {
	const { list, from } = argumentsSql(fn, call, p);
	const invocation = `${ident(schema)}.${ident(fn.name)}(${list})`;
	// A void result is still selected, so Postgres cannot skip calling the function.
	const body = fn.returns === 'void' ? `null::text as body, ${invocation} as pgrst_void` : `coalesce(to_json(${invocation})::text, 'null') as body`;
	return { text: `select 1 as n, null::int8 as total, ${body}${from ? ` from ${from}` : ''}`, params: p.values };
}

function columnRef(src: Source, column: string): string {
	return `${src.qualifier}.${ident(column)}`;
}

/** Unknown columns get `text`: Postgres then reports the missing column itself (42703). */
function typeOf(src: Source, column: string): string {
	return src.columns.get(column)?.type ?? 'pg_catalog.text';
}

function filterSql(src: Source, f: Filter, p: Params): string {
	const col = columnRef(src, f.column);
	let expr: string;
	switch (f.op) {
		case 'like':
		case 'ilike':
			expr = `${col} ${f.op} ${p.add(f.value)}::text`;
			break;
		case 'is':
			expr = `${col} is ${f.value}`;
			break;
		case 'in': {
			const type = typeOf(src, f.column);
			expr = f.values.length ? `${col} in (${f.values.map((v) => `${p.add(v)}::text::${type}`).join(', ')})` : 'false';
			break;
		}
		default:
			expr = `${col} ${COMPARE_SQL[f.op]} ${p.add(f.value)}::text::${typeOf(src, f.column)}`;
	}
	return f.negate ? `not (${expr})` : expr;
}

export function whereSql(src: Source, filters: Filter[], p: Params): string {
	return filters.length ? ` where ${filters.map((f) => filterSql(src, f, p)).join(' and ')}` : '';
}

function orderSql(src: Source, order: OrderTerm[]): string {
	if (!order.length) return '';
	const terms = order.map((o) => `${columnRef(src, o.column)} ${o.desc ? 'desc' : 'asc'}${o.nulls ? ` nulls ${o.nulls}` : ''}`);
	return ` order by ${terms.join(', ')}`;
}

function selectList(src: Source, select: SelectItem[] | null, allColumns?: string[]): string {
	if (src.scalar) return `${src.qualifier}.pgrst_scalar`;
	const star = () => (allColumns ? allColumns.map((c) => columnRef(src, c)).join(', ') : `${src.qualifier}.*`);
	if (!select) return star();
	return select
		.map((s) => (s.column === '*' ? star() : `${columnRef(src, s.column)}${s.alias ? ` as ${ident(s.alias)}` : ''}`))
		.join(', ');
}

/** Result columns: `total` (count=exact, else null), `n` (rows in this page), `body` (JSON text). */
export function readStatement(src: Source, q: QueryParts, opts: { count: boolean; shape: BodyShape }, p: Params): Statement {
	const where = whereSql(src, q.filters, p);
	const total = opts.count ? `(select count(*) from ${src.from}${where})` : 'null::int8';
	const page = `${q.limit !== undefined ? ` limit ${q.limit}` : ''}${q.offset ? ` offset ${q.offset}` : ''}`;
	const text =
		`${src.prelude}select ${total} as total, count(*) as n, ${bodyExpr(opts.shape)} as body ` +
		`from (select ${selectList(src, q.select)} from ${src.from}${where}${orderSql(src, q.order)}${page}) _pgrst_t`;
	return { text, params: p.values };
}

/**
 * Wraps a data-modifying statement: with `return=minimal` it returns only `1` per row, so no SELECT
 * privilege or policy is needed (as in PostgREST); otherwise the rows, shaped by `select=`.
 */
function mutationStatement(
	table: TableInfo,
	mutation: (returning: string) => string,
	q: QueryParts,
	opts: { representation: boolean; shape: BodyShape; countInserted?: boolean }
): string {
	if (!opts.representation) return `with pgrst_mut as (${mutation('1')}) select count(*) as n, null::text as body from pgrst_mut`;
	const src: Source = { prelude: '', from: 'pgrst_mut', qualifier: ident(table.name), columns: table.columns, scalar: false };
	const returning = opts.countInserted ? `*, (xmax = 0) as pgrst_inserted_` : '*';
	const inserted = opts.countInserted ? `, (select count(*) from pgrst_mut where pgrst_inserted_) as inserted` : '';
	// Listing the table's columns (rather than `*`) keeps the helper column out of the answer.
	const list = selectList(src, q.select, opts.countInserted ? [...table.columns.keys()] : undefined);
	return (
		`with pgrst_mut as (${mutation(returning)}) select count(*) as n, ${bodyExpr(opts.shape)} as body${inserted} ` +
		`from (select ${list} from pgrst_mut as ${src.qualifier}${orderSql(src, q.order)}) _pgrst_t`
	);
}

export function insertStatement(
	schema: string,
	table: TableInfo,
	rowsJson: string,
	columns: string[],
	q: QueryParts,
	opts: { representation: boolean; shape: BodyShape; resolution?: 'merge' | 'ignore' },
	p: Params
): Statement {
	const target = `${ident(schema)}.${ident(table.name)}`;
	const cols = columns.map(ident).join(', ');
	const conflictCols = q.onConflict ?? table.primaryKey;
	let onConflict = '';
	if (opts.resolution && conflictCols.length) {
		const merge = opts.resolution === 'merge' && columns.length;
		onConflict =
			` on conflict (${conflictCols.map(ident).join(', ')}) ` +
			(merge ? `do update set ${columns.map((c) => `${ident(c)} = excluded.${ident(c)}`).join(', ')}` : 'do nothing');
	}
	const source = `json_populate_recordset(null::${target}, ${p.add(rowsJson)}::json)`;
	const insert = (returning: string) =>
		`insert into ${target}${columns.length ? ` (${cols})` : ''} select ${cols} from ${source}${onConflict} returning ${returning}`;
	const countInserted = opts.resolution === 'merge' && opts.representation && onConflict !== '';
	return { text: mutationStatement(table, insert, q, { ...opts, countInserted }), params: p.values };
}

export function updateStatement(
	schema: string,
	table: TableInfo,
	patchJson: string,
	columns: string[],
	q: QueryParts,
	opts: { representation: boolean; shape: BodyShape },
	p: Params
): Statement {
	const target = `${ident(schema)}.${ident(table.name)}`;
	const cols = columns.map(ident).join(', ');
	const patch = p.add(patchJson);
	const where = whereSql(tableSource(schema, table), q.filters, p);
	const update = (returning: string) =>
		`update ${target} set (${cols}) = (select ${cols} from json_populate_record(null::${target}, ${patch}::json))${where} returning ${returning}`;
	return { text: mutationStatement(table, update, q, opts), params: p.values };
}

export function deleteStatement(
	schema: string,
	table: TableInfo,
	q: QueryParts,
	opts: { representation: boolean; shape: BodyShape },
	p: Params
): Statement {
	const target = `${ident(schema)}.${ident(table.name)}`;
	const where = whereSql(tableSource(schema, table), q.filters, p);
	const del = (returning: string) => `delete from ${target}${where} returning ${returning}`;
	return { text: mutationStatement(table, del, q, opts), params: p.values };
}
