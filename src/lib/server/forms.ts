import { fail, redirect, type ActionFailure } from '@sveltejs/kit';
import type { z } from 'zod';
import { fieldErrors } from '$lib/domain/auth';

/**
 * Reads the named text fields of a form post. A file, a missing field or anything over 10,000
 * characters becomes `undefined` or is cut, so zod sees only plain strings of sane size.
 */
export async function readForm(request: Request, names: readonly string[]): Promise<Record<string, string | undefined>> {
	let data: FormData;
	try {
		data = await request.formData();
	} catch {
		return {};
	}
	const out: Record<string, string | undefined> = {};
	for (const name of names) {
		const value = data.get(name);
		out[name] = typeof value === 'string' ? value.slice(0, 10_000) : undefined;
	}
	return out;
}

/**
 * Validates form values with a schema. On failure answers 400 with per-field messages and the
 * values to show again (never secrets: fields listed in `secret` are dropped).
 */
export function validate<S extends z.ZodType>(
	schema: S,
	values: Record<string, string | undefined>,
	secret: readonly string[] = []
): { ok: true; data: z.output<S> } | { ok: false; failure: ActionFailure<FormFailure> } {
	const parsed = schema.safeParse(values);
	if (parsed.success) return { ok: true, data: parsed.data };
	return { ok: false, failure: fail(400, { errors: fieldErrors(parsed.error), values: keepSafe(values, secret) }) };
}

/** What a form action answers when input is bad: a message per field and the values to show again. */
export interface FormFailure {
	errors: Record<string, string>;
	values: Record<string, string | undefined>;
}

export const keepSafe = (values: Record<string, string | undefined>, secret: readonly string[]): FormFailure['values'] =>
	Object.fromEntries(Object.entries(values).filter(([k]) => !secret.includes(k)));

/** Only same-site paths: `?next=https://evil.example` must not become an open redirect. */
export function safeNext(next: string | null | undefined, fallback: string): string {
	return next && /^\/(?![/\\])/.test(next) ? next : fallback;
}

export function requireStaff(locals: App.Locals, url: URL) {
	if (!locals.user) redirect(303, `/signin?next=${encodeURIComponent(url.pathname)}`);
	if (locals.user.kind !== 'staff') redirect(303, '/me');
	return locals.user;
}

export function requireYoungPerson(locals: App.Locals) {
	if (!locals.user) redirect(303, '/signin/young');
	if (locals.user.kind !== 'young_person') redirect(303, '/staff');
	return locals.user;
}

