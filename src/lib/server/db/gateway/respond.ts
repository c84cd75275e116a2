/** Building the HTTP answers, with PostgREST's headers and status rules. */
import type { GatewayError } from './errors';

export const JSON_TYPE = 'application/json; charset=utf-8';
export const OBJECT_TYPE = 'application/vnd.pgrst.object+json; charset=utf-8';

const STATUS_TEXT: Record<number, string> = {
	200: 'OK',
	201: 'Created',
	204: 'No Content',
	206: 'Partial Content',
	300: 'Multiple Choices',
	400: 'Bad Request',
	401: 'Unauthorized',
	403: 'Forbidden',
	404: 'Not Found',
	405: 'Method Not Allowed',
	406: 'Not Acceptable',
	409: 'Conflict',
	415: 'Unsupported Media Type',
	416: 'Range Not Satisfiable',
	500: 'Internal Server Error',
	503: 'Service Unavailable'
};

export function respond(status: number, body: string | null, headers: Record<string, string>): Response {
	// A 204 or a HEAD answer must not carry a body; Response enforces the first.
	return new Response(status === 204 ? null : body, { status, statusText: STATUS_TEXT[status] ?? '', headers });
}

export function errorResponse(e: GatewayError, head = false): Response {
	const { code, details, hint, message } = e.body;
	return respond(e.status, head ? null : JSON.stringify({ code, details, hint, message }), { 'Content-Type': JSON_TYPE, ...e.headers });
}

/** PostgREST's `Content-Range`: `lower-upper/total`, `*` for an empty page or an unknown total. */
export function contentRange(lower: number, upper: number, total: number | null): string {
	const range = total !== 0 && lower <= upper ? `${lower}-${upper}` : '*';
	return `${range}/${total ?? '*'}`;
}

/** 206 when an exact count shows the page is not everything; 416 when the offset is past the end. */
export function rangeStatus(lower: number, pageRows: number, total: number | null): 200 | 206 | 416 {
	if (total === null) return 200;
	if (lower > total) return 416;
	return pageRows < total ? 206 : 200;
}
