/**
 * Shared server pieces for the staff panel pages: reading form posts (with checkbox lists, and
 * files kept as files so zod refuses them instead of mistaking them for "left empty"), turning a
 * database error into the right 4xx, and knowing whether the signed-in person manages a panel.
 */
import { error, fail } from '@sveltejs/kit';
import { z } from 'zod';
import { t } from '$lib/i18n';
import { fieldErrors } from '$lib/domain/auth';
import { PANEL_MANAGERS } from '$lib/domain/roles';

export type FormValue = string | File | undefined;
export type FormValues = Record<string, FormValue | FormValue[]>;

const MAX_TEXT = 10_000;
const MAX_LIST = 50;

/**
 * The named fields of a form post. Text is cut at 10,000 characters; a file stays a File (zod
 * then says "not text"); `lists` are read with getAll (checkboxes), at most 50 values each.
 */
export async function readPanelForm(request: Request, names: readonly string[], lists: readonly string[] = []): Promise<FormValues> {
	let data: FormData;
	try {
		data = await request.formData();
	} catch {
		return {};
	}
	const one = (v: FormDataEntryValue | null): FormValue => (v === null ? undefined : typeof v === 'string' ? v.slice(0, MAX_TEXT) : v);
	const out: FormValues = {};
	for (const name of names) out[name] = one(data.get(name));
	for (const name of lists) out[name] = data.getAll(name).slice(0, MAX_LIST + 1).map(one);
	return out;
}

/** Values to show again in the form: text only, never files. */
export const keepText = (values: FormValues): Record<string, string | string[]> =>
	Object.fromEntries(
		Object.entries(values).flatMap(([k, v]): [string, string | string[]][] => {
			if (typeof v === 'string') return [[k, v]];
			if (Array.isArray(v)) return [[k, v.filter((x): x is string => typeof x === 'string')]];
			return [];
		})
	);

export type Parsed<T> = { ok: true; data: T } | { ok: false; errors: Record<string, string> };

export function parse<S extends z.ZodType>(schema: S, values: unknown): Parsed<z.output<S>> {
	const result = schema.safeParse(values);
	return result.success ? { ok: true, data: result.data } : { ok: false, errors: fieldErrors(result.error) };
}

interface DbError {
	code?: string;
	message?: string;
}

/**
 * A refused database call as a form failure. The SQL functions answer 42501 (not allowed),
 * 22023 or a check violation (a bad value), PT404 (no such thing) and PT409 (archived panel).
 */
export function dbFailure(e: DbError, field: string, extra: Record<string, unknown> = {}, badValue?: string) {
	const [status, message] = (() => {
		switch (e.code) {
			case '42501':
				return [403, t('panelStaff.errors.notAllowed')] as const;
			case 'PT404':
				return [404, t('panelStaff.errors.notFound')] as const;
			case 'PT409':
				return [409, t('panelStaff.errors.archived')] as const;
			case '23505':
				return [409, t('panelStaff.errors.rejected')] as const;
			default:
				return [400, badValue ?? t('panelStaff.errors.rejected')] as const;
		}
	})();
	return fail(status, { errors: { [field]: message }, ...extra });
}

export const isUuid = (s: string | undefined): s is string => z.uuid().safeParse(s).success;

/** 404 for anything that is not a panel id; never let a bad id reach the database. */
export function panelIdOr404(id: string | undefined): string {
	if (!isUuid(id)) error(404, t('errors.notFoundTitle'));
	return id;
}

/** Whether the person holds a role that manages panels in that partnership (read through RLS). */
export async function managesPartnership(supabase: App.Locals['supabase'], accountId: string, partnershipId: string): Promise<boolean> {
	const { data, error: e } = await supabase
		.from('memberships')
		.select('role')
		.eq('account_id', accountId)
		.eq('partnership_id', partnershipId)
		.in('role', [...PANEL_MANAGERS]);
	if (e) error(500, e.message);
	return (data ?? []).length > 0;
}

export interface PanelRow {
	id: string;
	partnership_id: string;
	name: string;
	purpose: string;
	join_code: string;
	join_code_expires_at: string | null;
	requires_approval: boolean;
	archived_at: string | null;
	created_at: string;
	audience_age_bands: string[];
	area: string;
	meeting_rhythm: string;
	can_change: string;
	cannot_change: string;
}

/**
 * The panel as the signed-in person sees it, for pages that only its managers use: 404 when row-
 * level security hides it (another partnership's panel does not exist for them), 403 when they
 * can see it but do not run panels (a commissioner, a safeguarding lead).
 */
export async function managedPanel(locals: App.Locals, id: string | undefined): Promise<PanelRow> {
	const panelId = panelIdOr404(id);
	const { data: panel, error: e } = await locals.supabase
		.from('panels')
		.select(
			'id, partnership_id, name, purpose, join_code, join_code_expires_at, requires_approval, archived_at, created_at, audience_age_bands, area, meeting_rhythm, can_change, cannot_change'
		)
		.eq('id', panelId)
		.maybeSingle();
	if (e) error(500, e.message);
	if (!panel) error(404, t('errors.notFoundTitle'));
	if (!locals.user || !(await managesPartnership(locals.supabase, locals.user.id, panel.partnership_id as string))) {
		error(403, t('panelStaff.errors.notAllowed'));
	}
	return panel as PanelRow;
}

/** Staff of the partnership who hold a role, with their names, sorted by name. */
export async function peopleWithRole(supabase: App.Locals['supabase'], partnershipId: string, role: 'facilitator' | 'commissioner') {
	const { data: rows, error: e1 } = await supabase.from('memberships').select('account_id').eq('partnership_id', partnershipId).eq('role', role);
	if (e1) error(500, e1.message);
	const ids = (rows ?? []).map((r) => r.account_id as string);
	if (!ids.length) return [];
	const { data: accounts, error: e2 } = await supabase.from('accounts').select('id, display_name').in('id', ids).order('display_name');
	if (e2) error(500, e2.message);
	return (accounts ?? []).map((a) => ({ id: a.id as string, name: a.display_name as string }));
}

/** Throws a SvelteKit 500 for a failed read: reads never depend on user input beyond ids. */
export function must<T>(r: { data: T | null; error: { message: string } | null }): T {
	if (r.error) error(500, r.error.message);
	return (r.data ?? []) as T;
}

export interface MemberRow {
	id: string;
	pseudonym: string;
	status: 'pending' | 'active';
	joinedAt: string;
	ageBand: string | undefined;
}

/** Pending and active members with their age bands: what a facilitator's member list shows. */
export async function panelMembers(supabase: App.Locals['supabase'], panelId: string): Promise<MemberRow[]> {
	const members = must(
		await supabase
			.from('panel_members')
			.select('account_id, pseudonym, status, joined_at')
			.eq('panel_id', panelId)
			.in('status', ['pending', 'active'])
			.order('pseudonym')
	);
	const ids = members.map((m) => m.account_id as string);
	const accounts = ids.length ? must(await supabase.from('accounts').select('id, age_band').in('id', ids)) : [];
	return members.map((m) => ({
		id: m.account_id as string,
		pseudonym: m.pseudonym as string,
		status: m.status as 'pending' | 'active',
		joinedAt: m.joined_at as string,
		ageBand: accounts.find((a) => a.id === m.account_id)?.age_band as string | undefined
	}));
}

