/**
 * PostgREST's error vocabulary: the `{code, message, details, hint}` body, the PGRSTxxx codes the
 * gateway raises itself, and PostgREST's table from SQLSTATE to HTTP status (PostgREST's
 * `Error.hs`, `mapSQLtoHTTP`), so supabase-js callers see the same error whichever transport runs.
 */
import { isPgError } from '../driver';

export interface ErrorBody {
	code: string;
	message: string;
	details: string | null;
	hint: string | null;
}

/** An error the gateway answers itself; thrown anywhere in a request and turned into a response. */
export class GatewayError extends Error {
	constructor(
		readonly status: number,
		readonly body: ErrorBody,
		readonly headers: Record<string, string> = {}
	) {
		super(body.message);
		this.name = 'GatewayError';
	}
}

const err = (status: number, code: string, message: string, details: string | null = null, hint: string | null = null, headers?: Record<string, string>) =>
	new GatewayError(status, { code, message, details, hint }, headers);

/** Malformed query string (PostgREST's parser errors). */
export const parseError = (what: string, value: string, details: string) =>
	err(400, 'PGRST100', `"failed to parse ${what} (${value})"`, details);

/**
 * Valid PostgREST syntax the gateway deliberately does not implement. PostgREST's own
 * "Feature not implemented" code, so the caller gets a clear 400 instead of a wrong answer.
 */
export const notImplemented = (feature: string) =>
	err(
		400,
		'PGRST127',
		'Feature not implemented',
		`Not supported by the embedded gateway: ${feature}. Use a view or a SQL function instead (see src/lib/server/db/gateway/index.ts).`
	);

export const invalidBody = (message: string) => err(400, 'PGRST102', message);

export const invalidRange = (details: string) => err(416, 'PGRST103', 'Requested range not satisfiable', details);

export const unacceptableSchema = (schema: string, exposed: string) =>
	err(406, 'PGRST106', `Invalid schema: ${schema}`, null, `Only the following schemas are exposed: ${exposed}`);

export const mediaTypeError = (accept: string) => err(406, 'PGRST107', `None of these media types are available: ${accept}`);

export const invalidRpcMethod = (method: string) => err(405, 'PGRST101', `Cannot use the ${method} method on RPC`);

export const singularityError = (rows: number) =>
	err(406, 'PGRST116', 'Cannot coerce the result to a single JSON object', `The result contains ${rows} rows`);

export const unsupportedMethod = (method: string) => err(405, 'PGRST117', `Unsupported HTTP method: ${method}`);

export const invalidPreferences = (prefs: string[]) =>
	err(400, 'PGRST122', 'Invalid preferences given with handling=strict', `Invalid preferences: ${prefs.join(', ')}`);

export const invalidPath = () => err(404, 'PGRST125', 'Invalid path specified in request URL');

export const openApiDisabled = () => err(404, 'PGRST126', 'Root endpoint metadata is disabled');

export const tableNotFound = (schema: string, table: string) =>
	err(404, 'PGRST205', `Could not find the table '${schema}.${table}' in the schema cache`);

export const columnNotFound = (table: string, column: string) =>
	err(400, 'PGRST204', `Could not find the '${column}' column of '${table}' in the schema cache`);

/** PGRST202 with PostgREST's exact wording, which differs for POST (JSON body) and GET. */
export function functionNotFound(schema: string, fn: string, argNames: string[], viaPost: boolean): GatewayError {
	const qualified = `${schema}.${fn}`;
	const names = [...argNames].sort();
	const inMessage = names.length ? `(${names.join(', ')})` : ' without parameters';
	const inDetails = names.length ? ` with parameter${names.length > 1 ? 's' : ''} ${names.join(', ')}` : ' without parameters';
	return err(
		404,
		'PGRST202',
		`Could not find the function ${qualified}${inMessage} in the schema cache`,
		`Searched for the function ${qualified}${inDetails}${viaPost ? ' or with a single unnamed json/jsonb parameter' : ''}, but no matches were found in the schema cache.`
	);
}

export const ambiguousFunction = (candidates: string[]) =>
	err(
		300,
		'PGRST203',
		`Could not choose the best candidate function between: ${candidates.join(', ')}`,
		null,
		'Try renaming the parameters or the function itself in the database so function overloading can be resolved'
	);

// JWT errors (PGRST3xx). PostgREST adds a WWW-Authenticate header describing the failure.
const bearer = (message: string) => ({ 'WWW-Authenticate': `Bearer error="invalid_token", error_description=${JSON.stringify(message)}` });
export const jwtDecodeError = (message: string, details: string | null = null) => err(401, 'PGRST301', message, details, null, bearer(message));
export const jwtRequired = () => err(401, 'PGRST302', 'Anonymous access is disabled', null, null, { 'WWW-Authenticate': 'Bearer' });
export const jwtClaimsError = (message: string, details: string | null = null) => err(401, 'PGRST303', message, details, null, bearer(message));

/** PostgREST's SQLSTATE → HTTP table. `authed` is false for the anon role (42501 → 401). */
export function statusForSqlState(code: string, message: string, authed: boolean): number {
	switch (code) {
		case '23503':
		case '23505':
			return 409;
		case '25006':
			return 405;
		case '21000':
			return message.endsWith('requires a WHERE clause') ? 400 : 500;
		case '22023':
			return message.startsWith('role') && message.endsWith('does not exist') ? 401 : 400;
		case '53400':
			return 500;
		case '57P01':
			return 503;
		case 'P0001':
			return 400;
		case '42883':
			return message.startsWith('function xmlagg(') ? 406 : 404;
		case '42P01':
			return 404;
		case '42P17':
			return 500;
		case '42501':
			return authed ? 403 : 401;
	}
	const prefix = code.slice(0, 2);
	switch (prefix) {
		case '08':
		case '53':
			return 503;
		case '0L':
		case '0P':
		case '28':
			return 403;
		case '09':
		case '25':
		case '2D':
		case '38':
		case '39':
		case '3B':
		case '40':
		case '54':
		case '55':
		case '57':
		case '58':
		case 'F0':
		case 'HV':
		case 'P0':
		case 'XX':
			return 500;
		case 'PT': {
			// `raise sqlstate 'PT403'` lets a function choose its HTTP status, as in PostgREST.
			const status = Number(code.slice(2));
			return Number.isInteger(status) && status >= 100 && status <= 599 ? status : 500;
		}
	}
	return 400;
}

const SQLSTATE = /^[0-9A-Z]{5}$/;

/**
 * Turns anything thrown while serving a request into PostgREST's answer. Postgres errors keep
 * their own fields; anything else is a 500 that says nothing about the internals.
 */
export function toGatewayError(e: unknown, authed: boolean): GatewayError {
	if (e instanceof GatewayError) return e;
	if (isPgError(e) && e.code && SQLSTATE.test(e.code)) {
		if (e.code === 'PGRST') return fromRaisePgrst(e.message, e.detail);
		const message = e.message;
		const status = statusForSqlState(e.code, message, authed);
		const headers: Record<string, string> = status === 401 ? { 'WWW-Authenticate': 'Bearer' } : {};
		return new GatewayError(status, { code: e.code, message, details: e.detail ?? null, hint: e.hint ?? null }, headers);
	}
	if (isPgError(e) && e.code && /^E[A-Z]+$/.test(e.code)) {
		// Node socket errors from node-postgres (ECONNREFUSED, ECONNRESET…): the database is away.
		return err(503, 'PGRST000', 'Database connection error. Retrying the connection.');
	}
	console.error('[gateway] internal error:', e instanceof Error ? `${e.name}: ${e.message}` : String(e));
	return err(500, 'PGRSTX00', 'Internal server error');
}

/**
 * `raise sqlstate 'PGRST' using message = '{"code":…,"message":…}', detail = '{"status":…,"headers":{…}}'`:
 * PostgREST's way for a function to control the whole error response.
 */
function fromRaisePgrst(message: string, detail: string | undefined): GatewayError {
	try {
		const m = JSON.parse(message) as Partial<ErrorBody>;
		const d = JSON.parse(detail ?? '') as { status?: number; headers?: Record<string, string> };
		if (typeof m.code !== 'string' || typeof m.message !== 'string' || typeof d.status !== 'number') throw new Error('shape');
		return new GatewayError(d.status, { code: m.code, message: m.message, details: m.details ?? null, hint: m.hint ?? null }, d.headers ?? {});
	} catch {
		return err(500, 'PGRST121', 'Could not parse JSON in the "RAISE SQLSTATE \'PGRST\'" error', `Invalid JSON value for MESSAGE: '${message}'`);
	}
}
