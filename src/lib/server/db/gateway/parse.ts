/**
 * PostgREST's query-string and header grammar, restricted to the subset the gateway implements.
 * Everything here is pure: it turns the request into validated names and raw text values, and
 * refuses (PGRST100 for bad syntax, PGRST127 for valid-but-unsupported PostgREST features) rather
 * than guess. Names that reach SQL must pass `IDENT`; values never become SQL text.
 */
import { invalidPreferences, mediaTypeError, notImplemented, parseError } from './errors';

/** Unquoted-identifier shape; 63 bytes is Postgres' limit, beyond which it would silently truncate. */
const IDENT = /^[A-Za-z_][A-Za-z0-9_]{0,62}$/;
export const isIdent = (s: string) => IDENT.test(s);

export type CompareOp = 'eq' | 'neq' | 'gt' | 'gte' | 'lt' | 'lte';
export type Filter =
	| { column: string; negate: boolean; op: CompareOp | 'like' | 'ilike'; value: string }
	| { column: string; negate: boolean; op: 'in'; values: string[] }
	| { column: string; negate: boolean; op: 'is'; value: 'null' | 'true' | 'false' | 'unknown' };

export interface SelectItem {
	/** `*` or a column name */
	column: string;
	alias?: string;
}

export interface OrderTerm {
	column: string;
	desc: boolean;
	nulls?: 'first' | 'last';
}

export interface QueryParts {
	/** null means `*` */
	select: SelectItem[] | null;
	filters: Filter[];
	order: OrderTerm[];
	limit?: number;
	offset?: number;
	columns?: string[];
	onConflict?: string[];
	/** Plain `key=value` pairs: RPC arguments on GET/HEAD, an error anywhere else. */
	args: Map<string, string>;
}

const COMPARE: Record<string, CompareOp> = { eq: 'eq', neq: 'neq', gt: 'gt', gte: 'gte', lt: 'lt', lte: 'lte' };
/** PostgREST operators outside the subset: recognised so the answer is "not implemented", not "bad syntax". */
const UNSUPPORTED_OPS = new Set(['cs', 'cd', 'ov', 'sl', 'sr', 'nxr', 'nxl', 'adj', 'match', 'imatch', 'fts', 'plfts', 'phfts', 'wfts', 'isdistinct']);

/** Which values PostgREST reads as filters rather than RPC arguments (its `hasOperator`). */
function looksLikeFilter(value: string): boolean {
	const [head, second] = value.split('.');
	if (head === 'not' && second !== undefined) return true;
	if (head === 'is' || head === 'in') return true;
	const op = head.split('(')[0];
	return op in COMPARE || op === 'like' || op === 'ilike' || UNSUPPORTED_OPS.has(op);
}

export function parseQuery(params: URLSearchParams): QueryParts {
	const parts: QueryParts = { select: null, filters: [], order: [], args: new Map() };
	for (const [key, value] of params) {
		// PostgREST ignores parameters without a value (`?a` or `?a=`).
		if (value === '') continue;
		switch (key) {
			case 'select':
				parts.select = parseSelect(value);
				continue;
			case 'order':
				parts.order.push(...parseOrder(value));
				continue;
			case 'limit':
				parts.limit = parseCount('limit', value);
				continue;
			case 'offset':
				parts.offset = parseCount('offset', value);
				continue;
			case 'columns':
				parts.columns = parseColumnList('columns', value);
				continue;
			case 'on_conflict':
				parts.onConflict = parseColumnList('on_conflict', value);
				continue;
			case 'and':
			case 'or':
				throw notImplemented(`the '${key}' logic filter`);
		}
		const last = key.split('.').pop()!;
		if (key.includes('.') && ['order', 'limit', 'offset', 'and', 'or'].includes(last)) {
			throw notImplemented(`'${key}' (modifiers on embedded resources)`);
		}
		if (!looksLikeFilter(value) && !key.includes('.')) {
			if (!isIdent(key)) throw parseError('tree path', key, 'a column or argument name must be a plain identifier');
			parts.args.set(key, value);
			continue;
		}
		parts.filters.push(parseFilter(key, value));
	}
	return parts;
}

function checkFieldName(name: string, what: string, whole: string): string {
	if (isIdent(name)) return name;
	if (name.includes('->')) throw notImplemented(`JSON paths ('${name}')`);
	if (name.includes('::')) throw notImplemented(`casts ('${name}')`);
	throw parseError(what, whole, `'${name}' is not a plain column name`);
}

export function parseFilter(key: string, raw: string): Filter {
	if (key.includes('.')) throw notImplemented(`filters on embedded resources ('${key}')`);
	const column = checkFieldName(key, 'tree path', key);
	let rest = raw;
	let negate = false;
	if (rest.startsWith('not.')) {
		negate = true;
		rest = rest.slice(4);
	}
	const dot = rest.indexOf('.');
	const op = dot < 0 ? rest : rest.slice(0, dot);
	const value = dot < 0 ? '' : rest.slice(dot + 1);
	if (dot < 0 && !(op in COMPARE) && op !== 'is' && op !== 'in' && op !== 'like' && op !== 'ilike') {
		throw parseError('filter', raw, `unknown single value operator ${op}`);
	}
	if (op in COMPARE) return { column, negate, op: COMPARE[op], value };
	if (op === 'like' || op === 'ilike') {
		// PostgREST lets `*` stand for `%` so patterns survive URL encoding untouched.
		return { column, negate, op, value: value.replaceAll('*', '%') };
	}
	if (op === 'is') {
		const v = value.toLowerCase();
		if (v === 'null' || v === 'true' || v === 'false' || v === 'unknown') return { column, negate, op, value: v };
		throw parseError('filter', raw, `is accepts null, true, false or unknown, not '${value}'`);
	}
	if (op === 'in') return { column, negate, op, values: parseList(raw, value) };
	if (UNSUPPORTED_OPS.has(op.split('(')[0]) || /^i?like\((any|all)\)$/.test(op) || /^(eq|neq|gt|gte|lt|lte)\((any|all)\)$/.test(op)) {
		throw notImplemented(`the '${op}' operator`);
	}
	throw parseError('filter', raw, `unknown single value operator ${op}`);
}

/** `(a,b,"c,d","e\"f")`: PostgREST's list syntax, double quotes protect `,` `(` `)`. */
function parseList(raw: string, list: string): string[] {
	if (!list.startsWith('(') || !list.endsWith(')')) throw parseError('filter', raw, 'in expects a list like (a,b,c)');
	const body = list.slice(1, -1);
	const out: string[] = [];
	let i = 0;
	if (body === '') return out;
	while (i <= body.length) {
		if (body[i] === '"') {
			let v = '';
			i++;
			while (i < body.length && body[i] !== '"') {
				if (body[i] === '\\' && i + 1 < body.length) i++;
				v += body[i++];
			}
			if (body[i] !== '"') throw parseError('filter', raw, 'unterminated quoted value');
			i++;
			out.push(v);
		} else {
			let end = body.indexOf(',', i);
			if (end < 0) end = body.length;
			const v = body.slice(i, end);
			if (/[()"]/.test(v)) throw parseError('filter', raw, 'quote values containing ( ) or "');
			out.push(v);
			i = end;
		}
		if (i === body.length) break;
		if (body[i] !== ',') throw parseError('filter', raw, 'expected , between list values');
		i++;
		if (i === body.length) throw parseError('filter', raw, 'empty value at the end of the list');
	}
	return out;
}

/** Splits on commas that are outside parentheses and double quotes. */
function splitTop(s: string): string[] {
	const out: string[] = [];
	let depth = 0;
	let quoted = false;
	let start = 0;
	for (let i = 0; i < s.length; i++) {
		const c = s[i];
		if (c === '"') quoted = !quoted;
		else if (!quoted && c === '(') depth++;
		else if (!quoted && c === ')') depth--;
		else if (!quoted && depth === 0 && c === ',') {
			out.push(s.slice(start, i));
			start = i + 1;
		}
	}
	out.push(s.slice(start));
	return out;
}

export function parseSelect(value: string): SelectItem[] | null {
	const items: SelectItem[] = [];
	for (const rawItem of splitTop(value)) {
		const item = rawItem.trim();
		if (item === '*') {
			items.push({ column: '*' });
			continue;
		}
		if (item.includes('(')) throw notImplemented(`embedded resources and aggregates ('${item}')`);
		if (item.startsWith('...')) throw notImplemented(`spread embeds ('${item}')`);
		const colon = item.indexOf(':');
		const hasAlias = colon > 0 && item[colon + 1] !== ':';
		const alias = hasAlias ? item.slice(0, colon) : undefined;
		const column = hasAlias ? item.slice(colon + 1) : item;
		if (alias !== undefined && !isIdent(alias)) throw parseError('select parameter', value, `'${alias}' is not a plain alias`);
		items.push({ column: checkFieldName(column, 'select parameter', value), alias });
	}
	return items.length === 1 && items[0].column === '*' && !items[0].alias ? null : items;
}

export function parseOrder(value: string): OrderTerm[] {
	return value.split(',').map((term) => {
		const [column, ...mods] = term.split('.');
		const checked = checkFieldName(column, 'order', value);
		const out: OrderTerm = { column: checked, desc: false };
		let seenDir = false;
		let seenNulls = false;
		for (const m of mods) {
			if ((m === 'asc' || m === 'desc') && !seenDir && !seenNulls) {
				out.desc = m === 'desc';
				seenDir = true;
			} else if ((m === 'nullsfirst' || m === 'nullslast') && !seenNulls) {
				out.nulls = m === 'nullsfirst' ? 'first' : 'last';
				seenNulls = true;
			} else throw parseError('order', value, `unexpected '${m}' in order term '${term}'`);
		}
		return out;
	});
}

function parseCount(what: string, value: string): number {
	if (!/^\d{1,15}$/.test(value)) throw parseError(`${what} parameter`, value, `${what} must be a non-negative integer`);
	return Number(value);
}

/** `a,b` or `"a","b"` (supabase-js quotes them). */
function parseColumnList(what: string, value: string): string[] {
	return value.split(',').map((c) => {
		const name = c.trim().replace(/^"(.*)"$/, '$1');
		if (!isIdent(name)) throw parseError(`${what} parameter`, value, `'${name}' is not a plain column name`);
		return name;
	});
}

export interface Preferences {
	return: 'minimal' | 'representation';
	count: boolean;
	resolution?: 'merge' | 'ignore';
}

/**
 * `Prefer` as PostgREST reads it. Known preferences outside the subset are refused; unknown ones
 * are ignored like PostgREST does, unless `handling=strict` asks for them to be rejected.
 */
export function parsePrefer(header: string | null): Preferences {
	const prefs: Preferences = { return: 'minimal', count: false };
	if (!header) return prefs;
	const invalid: string[] = [];
	let strict = false;
	for (const raw of header.split(',')) {
		const token = raw.trim();
		if (!token) continue;
		const [k, v = ''] = token.split('=').map((s) => s.trim());
		switch (`${k}=${v}`) {
			case 'return=minimal':
				prefs.return = 'minimal';
				continue;
			case 'return=representation':
				prefs.return = 'representation';
				continue;
			case 'count=exact':
			case 'count=planned': // an exact count is a correct answer to both estimates
			case 'count=estimated':
				prefs.count = true;
				continue;
			case 'resolution=merge-duplicates':
				prefs.resolution = 'merge';
				continue;
			case 'resolution=ignore-duplicates':
				prefs.resolution = 'ignore';
				continue;
			case 'missing=null':
			case 'tx=commit':
			case 'handling=lenient':
				continue;
			case 'handling=strict':
				strict = true;
				continue;
		}
		if (['return', 'missing', 'tx', 'timezone', 'max-affected', 'params'].includes(k)) throw notImplemented(`Prefer: ${token}`);
		invalid.push(token);
	}
	if (strict && invalid.length) throw invalidPreferences(invalid);
	return prefs;
}

/** Content negotiation: a JSON array (default) or PostgREST's single-object media type. */
export function parseAccept(header: string | null): 'array' | 'object' {
	if (!header || !header.trim()) return 'array';
	for (const part of header.split(',')) {
		const [type, ...params] = part.split(';').map((s) => s.trim().toLowerCase());
		const plain = params.every((p) => p.startsWith('q='));
		if (!plain) continue;
		if (type === 'application/vnd.pgrst.object+json' || type === 'application/vnd.pgrst.object') return 'object';
		if (type === 'application/json' || type === '*/*' || type === 'application/*') return 'array';
	}
	throw mediaTypeError(header);
}
