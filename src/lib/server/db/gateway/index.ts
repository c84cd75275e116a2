/**
 * The embedded gateway: an in-process implementation of the part of PostgREST's HTTP interface
 * Sayso uses, given to supabase-js as its `global.fetch`, so no port is opened. Each request is
 * one transaction: verify the JWT, `set_config('role', …)` and `request.jwt.claims` as PostgREST
 * does, run ONE statement whose JSON answer Postgres builds, answer in PostgREST's format.
 *
 * Supported (everything else answers a PostgREST error, never a silently different result):
 *
 * Auth
 * - `Authorization: Bearer <jwt>`, else the `apikey` header; HS256 with the project secret, `exp`
 *   required and enforced (30 s skew, as PostgREST). Bad/expired → 401 PGRST301/PGRST303; no
 *   token at all → 401 PGRST302 (PostgREST would fall back to anon; Sayso always sends a key).
 *   `role` claim ∈ anon | authenticated | service_role (absent → anon), anything else → 401.
 * - Per request: `role`, `request.jwt.claims`, `request.method`, `request.path` and `search_path`
 *   (`<schema>, public, extensions`, as Supabase configures PostgREST) are set locally.
 *   GET/HEAD run in a read-only transaction, so writes there fail with 25006 → 405.
 *
 * Tables and views: `/rest/v1/<name>`
 * - GET/HEAD with `select=` (`*`, `col`, `alias:col`); filters `col=[not.]op.value` with op in
 *   eq neq gt gte lt lte, like ilike (`*` = `%`), in `(a,b,"c,d")`, is null|true|false|unknown,
 *   values cast to the column's type; repeated filters are ANDed;
 *   `order=col[.asc|.desc][.nullsfirst|.nullslast],…`; `limit`; `offset`.
 * - `Prefer: count=exact` (planned/estimated are answered exactly) → `Content-Range: 0-9/42`,
 *   206 for a partial page, 416 PGRST103 past the end; HEAD for the count alone.
 * - POST insert (object or array body, `columns=`), PATCH update and DELETE with the same filters;
 *   `Prefer: return=minimal` (the default: 201/204, no body, needs no SELECT privilege) or
 *   `return=representation` with `select=` (and `order=` sorting the returned rows);
 *   `Prefer: resolution=merge-duplicates|ignore-duplicates` upserts on `on_conflict=` or the
 *   primary key. A payload column the table lacks → 400 PGRST204.
 * - `Accept: application/vnd.pgrst.object+json` → one object, else 406 PGRST116 (and a write is
 *   rolled back). `maybeSingle()` needs nothing here: supabase-js checks the array itself.
 *
 * Functions: `/rest/v1/rpc/<fn>`
 * - POST with a JSON object of named arguments; GET/HEAD with arguments in the query string, in a
 *   read-only transaction. Overloads are resolved by argument names; arguments with defaults may
 *   be left out; no match → 404 PGRST202, several → 300 PGRST203. Scalar → the JSON value,
 *   one row → an object, setof → an array, void → 204. Results that are rows also take `select`,
 *   filters, `order`, `limit`, `offset` and `count`.
 *
 * Errors: Postgres errors keep `{code, message, details, hint}` with PostgREST's SQLSTATE → HTTP
 * table (42501 → 401 for anon, 403 otherwise; 23505/23503 → 409; P0001 → 400; `PTxyz` → xyz;
 * `raise sqlstate 'PGRST'` with JSON message/detail; anything unlisted → 400, as PostgREST);
 * gateway failures → 500 PGRSTX00 without internals; unknown table → 404 PGRST205; another
 * schema in `Accept-Profile`/`Content-Profile` → 406 PGRST106.
 *
 * Not supported (→ 400 PGRST127 "Feature not implemented" unless noted): embedded resources and
 * spreads, aggregates, casts and JSON paths in `select`/filters, `or=`/`and=`, the operators
 * cs cd ov sl sr nxr nxl adj match imatch fts plfts phfts wfts isdistinct and `(any)`/`(all)`
 * modifiers, limit/offset on writes, the `Range` request header, `Prefer: tx=rollback |
 * missing=default | return=headers-only | timezone | max-affected | params`, bulk RPC with an
 * array body, functions returning `record` without OUT parameters; CSV/GeoJSON/plan/stripped-nulls
 * (406 PGRST107); PUT, OPTIONS and other methods (405 PGRST117); the OpenAPI root (404 PGRST126).
 * Unknown `Prefer` tokens are ignored, as in PostgREST, unless `handling=strict` (400 PGRST122).
 * Also absent: the `request.headers`/`request.cookies` settings, the `response.headers`/
 * `response.status` settings, `Preference-Applied`/`Location` headers and fuzzy "Perhaps you
 * meant" hints. Every name must be a plain identifier (`[A-Za-z_][A-Za-z0-9_]*`).
 */
import type { Driver } from '../driver';
import { Catalog, type FunctionInfo, type TableInfo } from './catalog';
import {
	ambiguousFunction,
	columnNotFound,
	functionNotFound,
	GatewayError,
	invalidBody,
	invalidPath,
	invalidRange,
	invalidRpcMethod,
	notImplemented,
	openApiDisabled,
	singularityError,
	tableNotFound,
	toGatewayError,
	unacceptableSchema,
	unsupportedMethod
} from './errors';
import { createVerifier, type Identity } from './jwt';
import { isIdent, parseAccept, parseFilter, parsePrefer, parseQuery, type QueryParts } from './parse';
import { contentRange, errorResponse, JSON_TYPE, OBJECT_TYPE, rangeStatus, respond } from './respond';
import {
	callSource,
	deleteStatement,
	ident,
	insertStatement,
	Params,
	readStatement,
	tableSource,
	singleValueCallStatement,
	updateStatement,
	type BodyShape,
	type CallArgs,
	type Statement
} from './sql';

export interface GatewayOptions {
	jwtSecret: string;
	/** The one exposed schema (PostgREST's `db-schemas`); default `public`. */
	schema?: string;
}

export interface Gateway {
	fetch: typeof fetch;
	/** Forget cached tables and functions, like PostgREST's schema reload. */
	reloadSchema(): void;
}

interface GatewayRequest {
	method: string;
	url: URL;
	/** the path after `/rest/v1`, as PostgREST sees it (`/items`, `/rpc/fn`) */
	path: string;
	headers: Headers;
	body: string | undefined;
}

interface ResultRow {
	n: number | string;
	total: number | string | null;
	body: string | null;
	inserted?: number | string;
}

const PREFIX = '/rest/v1';

// One statement sets everything PostgREST sets per request. `set_config('role', …)` is what
// PostgREST itself runs; the role value is a bind parameter from a fixed allow-list.
const SETUP =
	`select set_config('role', $1, true), set_config('request.jwt.claims', $2, true), ` +
	`set_config('request.method', $3, true), set_config('request.path', $4, true), set_config('search_path', $5, true)`;
const SETUP_READ_ONLY = `${SETUP}, set_config('transaction_read_only', 'on', true)`;

export function createGateway(driver: Driver, options: GatewayOptions): Gateway {
	const schema = options.schema ?? 'public';
	if (!isIdent(schema)) throw new Error(`gateway: schema must be a plain identifier, got ${JSON.stringify(schema)}`);
	if (!options.jwtSecret) throw new Error('gateway: jwtSecret is required');
	const catalog = new Catalog(driver, schema);
	const verifier = createVerifier(options.jwtSecret);
	const searchPath = [...new Set([schema, 'public', 'extensions'])].map(ident).join(', ');

	async function execute(req: GatewayRequest, who: Identity, readOnly: boolean, stmt: Statement, check?: (row: ResultRow) => void) {
		return driver.transaction(async (tx) => {
			await tx.query(readOnly ? SETUP_READ_ONLY : SETUP, [who.role, who.claimsJson, req.method, req.path, searchPath]);
			const { rows } = await tx.query<ResultRow>(stmt.text, stmt.params);
			// Throwing here (e.g. a single object was asked for and the write touched 3 rows) rolls back.
			check?.(rows[0]);
			return rows[0];
		});
	}

	const singleCheck = (single: boolean) => (row: ResultRow) => {
		if (single && Number(row.n) !== 1) throw singularityError(Number(row.n));
	};

	function pageResponse(req: GatewayRequest, q: QueryParts, row: ResultRow, single: boolean): Response {
		const n = Number(row.n);
		const total = row.total === null || row.total === undefined ? null : Number(row.total);
		const lower = q.offset ?? 0;
		const status = rangeStatus(lower, n, total);
		if (status === 416) throw invalidRange(`An offset of ${lower} was requested, but there are only ${total} rows.`);
		const headers = { 'Content-Range': contentRange(lower, lower + n - 1, total), 'Content-Type': single ? OBJECT_TYPE : JSON_TYPE };
		return respond(status, req.method === 'HEAD' ? null : row.body, headers);
	}

	async function handleTable(req: GatewayRequest, who: Identity, name: string): Promise<Response> {
		if (!['GET', 'HEAD', 'POST', 'PATCH', 'DELETE'].includes(req.method)) throw unsupportedMethod(req.method);
		const q = parseQuery(req.url.searchParams);
		// A `key=value` without an operator is an RPC argument; on a table it is a malformed filter.
		for (const [k, v] of q.args) parseFilter(k, v);
		const prefs = parsePrefer(req.headers.get('prefer'));
		const single = parseAccept(req.headers.get('accept')) === 'object';
		const table = isIdent(name) ? await catalog.table(name) : null;
		if (!table) throw tableNotFound(schema, name);
		const p = new Params();
		const shape: BodyShape = req.method === 'HEAD' ? 'none' : single ? 'object' : 'array';

		if (req.method === 'GET' || req.method === 'HEAD') {
			const stmt = readStatement(tableSource(schema, table), q, { count: prefs.count, shape }, p);
			const row = await execute(req, who, true, stmt, singleCheck(single));
			return pageResponse(req, q, row, single);
		}

		const representation = prefs.return === 'representation';
		const mutationHeaders = (n: number, lower: number, upper: number) => ({
			'Content-Range': contentRange(lower, upper, prefs.count ? n : null),
			...(representation ? { 'Content-Type': single ? OBJECT_TYPE : JSON_TYPE } : {})
		});
		const body = (row: ResultRow) => (representation ? row.body : null);

		if (req.method === 'POST') {
			if (q.filters.length || q.limit !== undefined || q.offset !== undefined) {
				throw notImplemented('filters, limit and offset on inserts');
			}
			const { rowsJson, columns } = insertPayload(req, q, table);
			const stmt = insertStatement(schema, table, rowsJson, columns, q, { representation, shape, resolution: prefs.resolution }, p);
			const row = await execute(req, who, false, stmt, singleCheck(single));
			const n = Number(row.n);
			const status = prefs.resolution === 'merge' && row.inserted !== undefined && Number(row.inserted) === 0 ? 200 : 201;
			return respond(status, body(row), mutationHeaders(n, 1, 0));
		}

		// PostgREST's "limited" updates and deletes; `order` alone only sorts the returned rows.
		if (q.limit !== undefined || q.offset !== undefined) throw notImplemented('limit and offset on updates and deletes');
		if (req.method === 'PATCH') {
			const patch = jsonBody(req);
			if (!isPlainObject(patch)) throw invalidBody('The PATCH body must be a JSON object');
			const columns = checkColumns(table, Object.keys(patch));
			if (!columns.length) {
				// Nothing to change: PostgREST answers without touching any row.
				if (single) throw singularityError(0);
				return respond(representation ? 200 : 204, representation ? '[]' : null, mutationHeaders(0, 0, -1));
			}
			const stmt = updateStatement(schema, table, req.body!, columns, q, { representation, shape }, p);
			const row = await execute(req, who, false, stmt, singleCheck(single));
			const n = Number(row.n);
			return respond(representation ? 200 : 204, body(row), mutationHeaders(n, 0, n - 1));
		}
		const stmt = deleteStatement(schema, table, q, { representation, shape }, p);
		const row = await execute(req, who, false, stmt, singleCheck(single));
		return respond(representation ? 200 : 204, body(row), mutationHeaders(Number(row.n), 1, 0));
	}

	async function handleRpc(req: GatewayRequest, who: Identity, name: string): Promise<Response> {
		if (!['GET', 'HEAD', 'POST'].includes(req.method)) throw invalidRpcMethod(req.method);
		const viaPost = req.method === 'POST';
		const q = parseQuery(req.url.searchParams);
		const prefs = parsePrefer(req.headers.get('prefer'));
		const single = parseAccept(req.headers.get('accept')) === 'object';
		if (q.columns || q.onConflict) throw notImplemented('columns and on_conflict on /rpc');
		let args: Record<string, unknown>;
		if (viaPost) {
			for (const [k, v] of q.args) parseFilter(k, v);
			args = rpcBody(req);
		} else args = Object.fromEntries(q.args);
		const keys = Object.keys(args);
		if (!isIdent(name)) throw functionNotFound(schema, name, keys, viaPost);
		const fn = pickFunction(name, await catalog.functionsNamed(name), keys, viaPost);
		if (fn.returns === 'unsupported') throw notImplemented(`calling ${schema}.${name}, whose return type has no fixed columns`);
		const rows = fn.returns === 'composite';
		if (!rows && (q.filters.length || q.order.length || q.select)) {
			throw notImplemented('select, filters and order on the result of a function that does not return rows');
		}
		// Arguments in the function's own order; keys were checked to be argument names.
		const call: CallArgs = { values: args, names: fn.args.filter((a) => Object.hasOwn(args, a.name)).map((a) => a.name), fromQueryString: !viaPost };
		const p = new Params();

		if (fn.returns === 'void') {
			await execute(req, who, !viaPost, singleValueCallStatement(schema, fn, call, p));
			return respond(204, null, { 'Content-Range': contentRange(0, 0, prefs.count ? 1 : null) });
		}
		let stmt: Statement;
		if (!rows && !fn.setof && !prefs.count && q.limit === undefined && q.offset === undefined) {
			stmt = singleValueCallStatement(schema, fn, call, p);
		} else {
			let shape: BodyShape;
			if (req.method === 'HEAD') shape = 'none';
			else if (rows) shape = fn.setof && !single ? 'array' : 'object';
			else shape = fn.setof && !single ? 'scalar-array' : 'scalar';
			stmt = readStatement(callSource(schema, fn, call, p), q, { count: prefs.count, shape }, p);
		}
		const row = await execute(req, who, !viaPost, stmt, singleCheck(single));
		return pageResponse(req, q, row, single);
	}

	function pickFunction(name: string, overloads: FunctionInfo[], keys: string[], viaPost: boolean): FunctionInfo {
		const given = new Set(keys);
		const matches = overloads.filter(
			(f) => f.callableByName && keys.every((k) => f.args.some((a) => a.name === k)) && f.args.every((a) => a.hasDefault || given.has(a.name))
		);
		// Among several candidates, the one taking exactly the given arguments wins.
		const exact = matches.length > 1 ? matches.filter((f) => f.args.length === keys.length) : matches;
		if (exact.length === 1) return exact[0];
		if (!matches.length) throw functionNotFound(schema, name, keys, viaPost);
		throw ambiguousFunction(matches.map((f) => `${schema}.${f.name}(${f.args.map((a) => `${a.name} => ${a.type}`).join(', ')})`));
	}

	function insertPayload(req: GatewayRequest, q: QueryParts, table: TableInfo): { rowsJson: string; columns: string[] } {
		const payload = jsonBody(req);
		const rows = Array.isArray(payload) ? payload : [payload];
		if (!rows.every(isPlainObject)) throw invalidBody('The body must be a JSON object or an array of objects');
		let columns = q.columns;
		if (!columns) {
			columns = rows.length ? Object.keys(rows[0]) : [];
			const same = (r: Record<string, unknown>) => {
				const k = Object.keys(r);
				return k.length === columns!.length && k.every((c) => columns!.includes(c));
			};
			if (!rows.every(same)) throw invalidBody('All object keys must match');
		}
		checkColumns(table, columns);
		return { rowsJson: Array.isArray(payload) ? req.body! : `[${req.body}]`, columns };
	}

	function checkColumns(table: TableInfo, columns: string[]): string[] {
		for (const c of columns) if (!table.columns.has(c)) throw columnNotFound(table.name, c);
		return columns;
	}

	async function handle(input: RequestInfo | URL, init?: RequestInit): Promise<Response> {
		let head = false;
		let authed = false;
		try {
			const req = await readRequest(input, init);
			head = req.method === 'HEAD';
			const route = routeOf(req.url.pathname);
			const profile = req.headers.get(req.method === 'GET' || head ? 'accept-profile' : 'content-profile');
			if (profile !== null && profile !== schema) throw unacceptableSchema(profile, schema);
			if (req.headers.has('range')) throw notImplemented('the Range request header (use limit and offset)');
			const who = await verifier.identify(req.headers);
			authed = who.role !== 'anon';
			return route.rpc ? await handleRpc(req, who, route.name) : await handleTable(req, who, route.name);
		} catch (e) {
			return errorResponse(toGatewayError(e, authed), head);
		}
	}

	return {
		fetch: handle as typeof fetch,
		reloadSchema: () => catalog.clear()
	};
}

function routeOf(pathname: string): { rpc: boolean; name: string } {
	if (pathname === PREFIX || pathname === `${PREFIX}/`) throw openApiDisabled();
	if (!pathname.startsWith(`${PREFIX}/`)) throw invalidPath();
	let segments: string[];
	try {
		segments = pathname.slice(PREFIX.length + 1).split('/').map(decodeURIComponent);
	} catch {
		throw invalidPath();
	}
	if (segments.length === 1 && segments[0] !== '') return { rpc: false, name: segments[0] };
	if (segments.length === 2 && segments[0] === 'rpc' && segments[1] !== '') return { rpc: true, name: segments[1] };
	throw invalidPath();
}

async function readRequest(input: RequestInfo | URL, init?: RequestInit): Promise<GatewayRequest> {
	const fromRequest = input instanceof Request ? input : undefined;
	const url = new URL(fromRequest ? fromRequest.url : String(input));
	const method = (init?.method ?? fromRequest?.method ?? 'GET').toUpperCase();
	// supabase-js hands over a fresh Headers object per request; copying it again is wasted work.
	const given = init?.headers ?? fromRequest?.headers;
	const headers = given instanceof Headers ? given : new Headers(given);
	let body: string | undefined;
	if (init?.body !== undefined && init.body !== null) body = typeof init.body === 'string' ? init.body : await new Response(init.body).text();
	else if (fromRequest?.body) body = await fromRequest.text();
	const path = url.pathname.startsWith(PREFIX) ? url.pathname.slice(PREFIX.length) || '/' : url.pathname;
	return { method, url, path, headers, body };
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
	return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function jsonBody(req: GatewayRequest): unknown {
	const type = req.headers.get('content-type');
	if (type && type.split(';')[0].trim().toLowerCase() !== 'application/json') {
		throw new GatewayError(415, { code: 'PGRST107', message: `None of these media types are available: ${type}`, details: null, hint: null });
	}
	try {
		return JSON.parse(req.body ?? '');
	} catch {
		throw invalidBody('Empty or invalid json');
	}
}

/** An RPC body: a JSON object of named arguments; no body at all means no arguments. */
function rpcBody(req: GatewayRequest): Record<string, unknown> {
	if (req.body === undefined || req.body.trim() === '') return {};
	const args = jsonBody(req);
	if (Array.isArray(args)) throw notImplemented('calling a function with a JSON array body (bulk calls)');
	if (!isPlainObject(args)) throw invalidBody('Empty or invalid json');
	return args;
}
