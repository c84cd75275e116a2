/**
 * Bad input for every form in the foundation: empty, too long, the wrong type, script tags and SQL
 * fragments, one field at a time with the others valid. Each must answer 4xx with a message and
 * write nothing. Actions are called directly with a real database behind them.
 */
import { isActionFailure, isRedirect } from '@sveltejs/kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { attach, type Database } from '$lib/server/db';
import type { Driver } from '$lib/server/db/driver';
import { openPglite } from '$lib/server/db/pglite-driver';
import { supabaseFor } from '$lib/server/db/supabase';
import { useDatabaseForTests } from '$lib/server/context';
import type { SessionUser } from '$lib/server/auth/sessions';
import { fakeEvent, snapshotTables } from '$lib/server/testing/events';
import { actions as staffSignIn } from './signin/+page.server';
import { actions as youngSignIn } from './signin/young/+page.server';
import { actions as join } from './join/+page.server';
import { actions as dashboard } from './staff/+page.server';
import { actions as newPartnership } from './staff/partnerships/new/+page.server';
import { actions as panelAdmin } from './staff/panels/[id]/+page.server';
import { actions as sessions } from './staff/sessions/+page.server';

const NORTHBAY = '00000000-0000-4000-8000-000000000001';
const PANEL = 'b0000000-0000-4000-8000-000000000001';
const staff = (id: string, isPlatformAdmin = false): SessionUser => ({ id, sessionId: crypto.randomUUID(), kind: 'staff', displayName: 'x', isPlatformAdmin });
const ADMIN = staff('a0000000-0000-4000-8000-000000000002');
const FACILITATOR = staff('a0000000-0000-4000-8000-000000000004');
const PLATFORM = staff('a0000000-0000-4000-8000-000000000001', true);
const MEMBER: SessionUser = { id: 'c0000000-0000-4000-8000-000000000002', sessionId: crypto.randomUUID(), kind: 'young_person', displayName: 'Quiet Fox', isPlatformAdmin: false };

const BAD: Record<string, string | Blob> = {
	empty: '',
	'too long': 'x'.repeat(10_001),
	'wrong type': new Blob(['not text'], { type: 'application/octet-stream' }),
	'script tag': '<script>alert(1)</script>',
	'SQL fragment': "'); drop table public.accounts; --"
};

type Action = (event: never) => unknown;
interface FormCase {
	name: string;
	action: Action;
	user: SessionUser | null;
	valid: Record<string, string>;
	url?: string;
	params?: Record<string, string>;
	/**
	 * Free-text fields: SQL in them is just words, so it is accepted and stored verbatim (proving
	 * it was never run) rather than refused.
	 */
	freeText?: string[];
}

const FORMS: FormCase[] = [
	{ name: 'staff sign-in', action: staffSignIn.default as Action, user: null, valid: { email: 'admin@northbay.example', password: 'wrong-but-valid-shape' } },
	{ name: 'young sign-in', action: youngSignIn.default as Action, user: null, valid: { code: 'NRTH-BAY7', pseudonym: 'Blue Otter', passphrase: 'wrong words entirely' } },
	{ name: 'join: code', action: join.code as Action, user: null, valid: { code: 'NRTH-BAY7' } },
	{ name: 'join: about you', action: join.about as Action, user: null, valid: { code: 'NRTH-BAY7', ageBand: '10-12', pseudonym: 'Fresh Name' } },
	{ name: 'join: finish', action: join.finish as Action, user: null, valid: { code: 'NRTH-BAY7', ageBand: '10-12', pseudonym: 'Fresh Name', passphrase: 'otter maple kite river' }, freeText: ['passphrase'] },
	{ name: 'create panel', action: dashboard.panel as Action, user: FACILITATOR, valid: { partnership: NORTHBAY, name: 'A new panel' }, freeText: ['name'] },
	{ name: 'change role', action: dashboard.role as Action, user: ADMIN, valid: { partnership: NORTHBAY, account: FACILITATOR.id, role: 'commissioner', granted: 'true' } },
	{ name: 'create partnership', action: newPartnership.default as Action, user: PLATFORM, valid: { name: 'Southport HeadStart', slug: 'southport' }, freeText: ['name'] },
	{ name: 'reset passphrase', action: panelAdmin.reset as Action, user: FACILITATOR, valid: { member: MEMBER.id }, params: { id: PANEL } },
	{ name: 'revoke session', action: sessions.revoke as Action, user: ADMIN, valid: { session: crypto.randomUUID() } }
];

let driver: Driver;
let db: Database;

beforeAll(async () => {
	driver = await openPglite();
	db = await attach(driver, 'forms-secret-'.padEnd(48, 'x'), { transport: 'pglite', seedDemo: true });
	useDatabaseForTests(db);
});
afterAll(() => db.close());

const TABLES = ['public.partnerships', 'public.accounts', 'public.memberships', 'public.panels', 'public.panel_members', 'public.audit_events',
	'private.staff_credentials', 'private.young_person_credentials', 'private.sessions'];

/** Every row of every table that a form could write, as one comparable value. */
const snapshot = () => snapshotTables(driver, TABLES);

let ipCounter = 0;
async function submit(c: FormCase, form: Record<string, string | Blob>) {
	const event = fakeEvent({
		url: c.url ?? 'http://localhost/form',
		form,
		params: c.params,
		ip: `198.51.${Math.floor(ipCounter / 250)}.${ipCounter++ % 250}`,
		locals: { user: c.user, supabase: supabaseFor(db, c.user?.id ?? null) }
	});
	try {
		return await c.action(event as never);
	} catch (e) {
		if (isRedirect(e)) return { redirectedTo: e.location };
		throw e;
	}
}

describe.each(FORMS)('$name', (c) => {
	const cases = Object.keys(c.valid)
		.flatMap((field) => Object.entries(BAD).map(([label, value]) => ({ field, label, value })))
		.filter(({ field, label }) => !(label === 'SQL fragment' && c.freeText?.includes(field)));
	it.each(cases)('$field: $label → 4xx with a message, nothing written', async ({ field, value }) => {
		const before = await snapshot();
		const result = await submit(c, { ...c.valid, [field]: value });
		expect(isActionFailure(result), `expected a failure, got ${JSON.stringify(result)}`).toBe(true);
		if (!isActionFailure(result)) return;
		expect(result.status).toBeGreaterThanOrEqual(400);
		expect(result.status).toBeLessThan(500);
		const data = result.data as unknown as Record<string, unknown>;
		const messages = JSON.stringify([data.errors, data.message, data.resetError, data.roleErrors, data.panelErrors].filter(Boolean));
		expect(messages).toMatch(/[A-Za-z]{3,}/);
		expect(messages).not.toContain('<script>');
		expect(await snapshot()).toBe(before);
	});

	if (c.freeText) it('SQL in free text is stored as words, never run', async () => {
		const fragment = BAD['SQL fragment'] as string;
		const result = await submit(c, { ...c.valid, [c.freeText![0]]: fragment });
		expect(isActionFailure(result)).toBe(false);
		expect(await driver.query(`select 1 from public.accounts limit 1`)).toMatchObject({ rows: [{ '?column?': 1 }] });
		if (c.name !== 'join: finish') {
			const table = c.name === 'create panel' ? 'public.panels' : 'public.partnerships';
			expect((await driver.query(`select count(*)::int as n from ${table} where name = $1`, [fragment])).rows[0]).toEqual({ n: 1 });
		}
	});

	it('a missing form body is a 4xx too', async () => {
		const before = await snapshot();
		const result = await submit(c, {});
		expect(isActionFailure(result) && result.status >= 400 && result.status < 500).toBe(true);
		expect(await snapshot()).toBe(before);
	});
});

describe('the same forms with good input do their job', () => {
	it('staff sign-in with the demo password redirects to the dashboard and sets a cookie', async () => {
		const event = fakeEvent({ url: 'http://localhost/signin', form: { email: 'facilitator@northbay.example', password: 'northbay-demo-2026' }, locals: { user: null } });
		await expect(staffSignIn.default(event as never)).rejects.toMatchObject({ status: 303, location: '/staff' });
		expect(event.cookies.jar.get('sayso_session')).toMatch(/^[A-Za-z0-9_-]{43}$/);
	});

	it('sign-in never redirects off-site', async () => {
		const event = fakeEvent({ url: 'http://localhost/signin?next=//evil.example', form: { email: 'facilitator@northbay.example', password: 'northbay-demo-2026' }, locals: { user: null } });
		await expect(staffSignIn.default(event as never)).rejects.toMatchObject({ location: '/staff' });
	});

	it('a facilitator creates a panel with a fresh join code', async () => {
		const result = await submit(FORMS[5], { partnership: NORTHBAY, name: 'Kids Board' });
		expect(result).toEqual({ panelCreated: 'Kids Board' });
		const row = (await driver.query<{ join_code: string }>(`select join_code from public.panels where name = 'Kids Board'`)).rows[0];
		expect(row.join_code).toMatch(/^[ABCDEFGHJKMNPQRSTVWXYZ2-9]{8}$/);
	});

	it('a commissioner may not create a panel', async () => {
		const commissioner = staff('a0000000-0000-4000-8000-000000000003');
		const result = await submit({ ...FORMS[5], user: commissioner }, { partnership: NORTHBAY, name: 'Not allowed' });
		expect(isActionFailure(result) && result.status).toBe(403);
	});
});
