import { en } from './en';

export { PRIVACY_NOTICE_VERSIONS, type PrivacyNoticeAudience } from './privacy-versions';

export const locale = 'en-GB';
/** We store UTC and always show UK time, whatever the reader's device says. */
export const timeZone = 'Europe/London';

type Dict = typeof en;
type Join<P extends string, K extends string> = P extends '' ? K : `${P}.${K}`;

/** Dotted paths to every leaf of type `Leaf`, e.g. `'home.title'`. */
type KeysOf<T, Leaf, P extends string = ''> = {
	[K in keyof T & string]: T[K] extends Leaf
		? Join<P, K>
		: T[K] extends readonly unknown[] | string
			? never
			: KeysOf<T[K], Leaf, Join<P, K>>;
}[keyof T & string];

type At<T, K extends string> = K extends `${infer Head}.${infer Rest}`
	? Head extends keyof T
		? At<T[Head], Rest>
		: never
	: K extends keyof T
		? T[K]
		: never;

type PlaceholdersIn<S> = S extends `${string}{${infer Name}}${infer Rest}`
	? Name | PlaceholdersIn<Rest>
	: never;

export type MessageKey = KeysOf<Dict, string>;
export type ListKey = KeysOf<Dict, readonly string[]>;
export type ParamValue = string | number;
/** Names of the `{placeholders}` in a message, so a forgotten one is a type error. */
export type MessageParams<K extends MessageKey> = PlaceholdersIn<At<Dict, K>>;

function lookup(key: string): unknown {
	let node: unknown = en;
	for (const part of key.split('.')) {
		if (node === null || typeof node !== 'object') return undefined;
		node = (node as Record<string, unknown>)[part];
	}
	return node;
}

/**
 * Fills `{name}` placeholders. A placeholder with no value stays as it is, so a
 * mistake shows on the page (and in tests) instead of silently vanishing.
 */
export function interpolate(template: string, params?: Partial<Record<string, ParamValue>>): string {
	return template.replace(/\{(\w+)\}/g, (whole, name: string) => {
		const value = params?.[name];
		return value === undefined ? whole : String(value);
	});
}

/**
 * Parameters `t` takes for key K. When K is not a known key, TypeScript falls
 * back to the whole MessageKey union; answering "params optional" then makes
 * the error point at the bad key instead of at the argument count.
 */
type ArgsFor<K extends MessageKey> = MessageKey extends K
	? [params?: Record<string, ParamValue>]
	: [MessageParams<K>] extends [never]
		? []
		: [params: Record<MessageParams<K>, ParamValue>];

export function t<K extends MessageKey>(key: K, ...args: ArgsFor<K>): string {
	const message = lookup(key);
	// Only reachable by casting around the types; show the key rather than crash.
	if (typeof message !== 'string') return key;
	return interpolate(message, args[0]);
}

/** A list of messages (bullet points, paragraphs). */
export function tList(key: ListKey): readonly string[] {
	const list = lookup(key);
	return Array.isArray(list) ? (list as readonly string[]) : [];
}

const dateFormat = new Intl.DateTimeFormat(locale, {
	timeZone,
	day: 'numeric',
	month: 'long',
	year: 'numeric'
});
const dateTimeFormat = new Intl.DateTimeFormat(locale, {
	timeZone,
	dateStyle: 'long',
	timeStyle: 'short'
});

function format(formatter: Intl.DateTimeFormat, value: string | Date): string {
	const date = value instanceof Date ? value : new Date(value);
	// A bad date from the database should not take the whole page down.
	if (Number.isNaN(date.getTime())) return String(value);
	return formatter.format(date);
}

/** "25 November 2026", in UK time. */
export function formatDate(value: string | Date): string {
	return format(dateFormat, value);
}

/** "1 July 2026 at 13:00", in UK time (BST or GMT as the date requires). */
export function formatDateTime(value: string | Date): string {
	return format(dateTimeFormat, value);
}
