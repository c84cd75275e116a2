import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SupabaseClient } from '@supabase/supabase-js';
import { attach, type Database } from '../db';
import type { Driver } from '../db/driver';
import { openPglite } from '../db/pglite-driver';
import { serviceSupabase, supabaseFor } from '../db/supabase';
import { fakeCookies } from '../testing/events';
import { hashToken } from './secrets';
import { endSession, readSession, SESSION_COOKIE, startSession } from './sessions';
import { checkStaffPassword } from './staff';
import { checkYoungPerson, findPanelByCode, joinPanel } from './young-people';

const PASSWORD = 'northbay-demo-2026';
const FACILITATOR = 'a0000000-0000-4000-8000-000000000004';
const COMMISSIONER = 'a0000000-0000-4000-8000-000000000003';
const EASTMERE_ADMIN = 'a0000000-0000-4000-8000-000000000006';
const NORTHBAY_PANEL = 'b0000000-0000-4000-8000-000000000001';

let driver: Driver;
let db: Database;
let service: SupabaseClient;

beforeAll(async () => {
	driver = await openPglite();
	db = await attach(driver, 'test-secret-'.padEnd(48, 'x'), { transport: 'pglite', seedDemo: true });
	service = serviceSupabase(db);
});
afterAll(() => db.close());

const count = async (sql: string, params: unknown[] = []) =>
	Number((await driver.query<{ n: number }>(`select count(*)::int as n from ${sql}`, params)).rows[0].n);

describe('staff sign-in', () => {
	it('accepts the right password, case-insensitively on the email', async () => {
		const r = await checkStaffPassword(service, 'Admin@Northbay.example', PASSWORD, '10.0.0.1');
		expect(r).toEqual({ ok: true, accountId: 'a0000000-0000-4000-8000-000000000002' });
	});

	it('gives the same answer for a wrong password and an unknown email', async () => {
		expect(await checkStaffPassword(service, 'admin@northbay.example', 'wrong', '10.0.0.2')).toEqual({ ok: false, reason: 'wrong-details' });
		expect(await checkStaffPassword(service, 'nobody@northbay.example', PASSWORD, '10.0.0.2')).toEqual({ ok: false, reason: 'wrong-details' });
	});

	it('locks an email after five failures, even for the right password, from any address', async () => {
		const email = 'commissioner@northbay.example';
		for (let i = 0; i < 4; i++) expect((await checkStaffPassword(service, email, 'nope', `10.1.0.${i}`)).ok).toBe(false);
		expect(await checkStaffPassword(service, email, 'nope', '10.1.0.9')).toEqual({ ok: false, reason: 'locked' });
		expect(await checkStaffPassword(service, email, PASSWORD, '10.1.0.10')).toEqual({ ok: false, reason: 'locked' });
	});

	it('limits attempts per address across emails', async () => {
		const ip = '10.2.0.1';
		const results = [];
		for (let i = 0; i < 31; i++) results.push(await checkStaffPassword(service, `x${i}@example.org`, 'nope', ip));
		expect(results.at(-1)).toEqual({ ok: false, reason: 'too-many-attempts' });
	});
});

describe('young people joining and signing in', () => {
	it('finds the panel for a code typed any way', async () => {
		const r = await findPanelByCode(service, 'nrthbay7', '10.3.0.1');
		expect(r).toMatchObject({ ok: true, panel: { panelId: NORTHBAY_PANEL, panelName: 'Northbay Youth Voice' } });
	});

	it('stops an address after ten wrong codes, even for the right one', async () => {
		const ip = '10.3.0.2';
		for (let i = 0; i < 10; i++) expect(await findPanelByCode(service, 'ZZZZZZZ2', ip)).toEqual({ ok: false, reason: 'unknown-code' });
		expect(await findPanelByCode(service, 'NRTHBAY7', ip)).toEqual({ ok: false, reason: 'too-many-attempts' });
	});

	it('joins, then signs in with pseudonym, code and passphrase', async () => {
		const joined = await joinPanel(service, {
			code: 'NRTHBAY7',
			pseudonym: 'Green Kite',
			ageBand: '10-12',
			passphrase: 'otter maple kite river',
			privacyNoticeVersion: '10-12@2026-11-25.1'
		});
		expect(joined.ok).toBe(true);
		const id = joined.ok ? joined.accountId : '';
		const row = (await driver.query<{ pseudonym: string; status: string; privacy_notice_version: string }>(
			'select pseudonym, status, privacy_notice_version from public.panel_members where account_id = $1', [id])).rows[0];
		expect(row).toEqual({ pseudonym: 'Green Kite', status: 'active', privacy_notice_version: '10-12@2026-11-25.1' });
		// only a hash of the passphrase is kept
		const stored = (await driver.query<{ passphrase_hash: string }>('select passphrase_hash from private.young_person_credentials where account_id = $1', [id])).rows[0];
		expect(stored.passphrase_hash).toMatch(/^\$argon2id\$/);
		expect(stored.passphrase_hash).not.toContain('otter');

		expect(await checkYoungPerson(service, { code: 'NRTHBAY7', pseudonym: 'green kite', passphrase: 'otter maple kite river' }, '10.4.0.1'))
			.toEqual({ ok: true, accountId: id });
		expect(await checkYoungPerson(service, { code: 'NRTHBAY7', pseudonym: 'Green Kite', passphrase: 'wrong words here' }, '10.4.0.1'))
			.toEqual({ ok: false, reason: 'wrong-details' });
		// the same name on another panel is a different person: not found there
		expect(await checkYoungPerson(service, { code: 'EASTMERE', pseudonym: 'Green Kite', passphrase: 'otter maple kite river' }, '10.4.0.1'))
			.toEqual({ ok: false, reason: 'wrong-details' });
	});

	it('refuses a pseudonym already on the panel, whatever its capitals, and writes nothing', async () => {
		const before = await count('public.accounts');
		const r = await joinPanel(service, { code: 'NRTHBAY7', pseudonym: 'BLUE OTTER', ageBand: '13-15', passphrase: 'a long enough phrase', privacyNoticeVersion: 'v' });
		expect(r).toEqual({ ok: false, reason: 'pseudonym-taken' });
		expect(await count('public.accounts')).toBe(before);
	});

	it('the database itself refuses contact details in a pseudonym', async () => {
		const before = await count('public.accounts');
		const r = await joinPanel(service, { code: 'NRTHBAY7', pseudonym: 'call 07700900123', ageBand: '13-15', passphrase: 'a long enough phrase', privacyNoticeVersion: 'v' });
		expect(r).toEqual({ ok: false, reason: 'pseudonym-invalid' });
		expect(await count('public.accounts')).toBe(before);
	});

	it('locks a member after five wrong passphrases', async () => {
		const who = { code: 'NRTHBAY7', pseudonym: 'Quiet Fox' };
		for (let i = 0; i < 4; i++) await checkYoungPerson(service, { ...who, passphrase: 'nope' }, '10.5.0.1');
		expect(await checkYoungPerson(service, { ...who, passphrase: 'nope' }, '10.5.0.1')).toEqual({ ok: false, reason: 'locked' });
		expect(await checkYoungPerson(service, { ...who, passphrase: 'maple river lantern' }, '10.5.0.1')).toEqual({ ok: false, reason: 'locked' });
	});
});

describe('sessions', () => {
	const member = 'c0000000-0000-4000-8000-000000000003';

	it('stores only a hash of the token, reads it back, and ends it', async () => {
		const cookies = fakeCookies();
		await startSession(service, cookies, { id: member, kind: 'young_person' }, 'test-agent', false);
		const token = cookies.jar.get(SESSION_COOKIE)!;
		expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
		expect(await count('private.sessions where token_hash = $1', [token])).toBe(0);
		expect(await count('private.sessions where token_hash = $1', [hashToken(token)])).toBe(1);

		const user = await readSession(service, token);
		expect(user).toMatchObject({ id: member, kind: 'young_person', displayName: 'Sunny Kite' });
		await endSession(service, cookies);
		expect(cookies.jar.has(SESSION_COOKIE)).toBe(false);
		expect(await readSession(service, token)).toBeNull();
	});

	it('expires after the idle timeout and after the absolute lifetime', async () => {
		const cookies = fakeCookies();
		await startSession(service, cookies, { id: member, kind: 'young_person' }, '', false);
		const token = cookies.jar.get(SESSION_COOKIE)!;
		await driver.query(`update private.sessions set last_seen_at = now() - interval '3 hours' where token_hash = $1`, [hashToken(token)]);
		expect(await readSession(service, token)).toBeNull();
		await driver.query(`update private.sessions set last_seen_at = now(), expires_at = now() - interval '1 second' where token_hash = $1`, [hashToken(token)]);
		expect(await readSession(service, token)).toBeNull();
	});

	it('ignores junk tokens', async () => {
		expect(await readSession(service, undefined)).toBeNull();
		expect(await readSession(service, "' or 1=1 --")).toBeNull();
		expect(await readSession(service, 'x'.repeat(5000))).toBeNull();
	});
});

describe('passphrase reset by a facilitator', () => {
	const member = 'c0000000-0000-4000-8000-000000000005';
	const hash = '$argon2id$v=19$m=19456,t=2,p=1$qnsMuLj504ppiQ86Qn8hag$yztkt4uzxK8G8uuoEsj/wL/Z29SooZJUIYc2VyehDnY';

	it('works for a facilitator of the partnership, ends the member’s sessions and is logged', async () => {
		const cookies = fakeCookies();
		await startSession(service, cookies, { id: member, kind: 'young_person' }, '', false);
		const { error } = await supabaseFor(db, FACILITATOR).rpc('reset_member_passphrase', { p_panel: NORTHBAY_PANEL, p_account: member, p_passphrase_hash: hash });
		expect(error).toBeNull();
		expect(await readSession(service, cookies.jar.get(SESSION_COOKIE))).toBeNull();
		expect(await count(`public.audit_events where action = 'member.passphrase_reset' and subject_id = $1 and actor_id = $2`, [member, FACILITATOR])).toBe(1);
	});

	it.each([
		['a commissioner', COMMISSIONER],
		['an admin of another partnership', EASTMERE_ADMIN]
	])('is refused to %s', async (_who, actor) => {
		const { error } = await supabaseFor(db, actor).rpc('reset_member_passphrase', { p_panel: NORTHBAY_PANEL, p_account: member, p_passphrase_hash: hash });
		expect(error?.code).toBe('42501');
	});

	it('refuses a plain-text passphrase', async () => {
		const { error } = await supabaseFor(db, FACILITATOR).rpc('reset_member_passphrase', { p_panel: NORTHBAY_PANEL, p_account: member, p_passphrase_hash: 'plain words here' });
		expect(error?.code).toBe('22023');
	});
});

describe('removal from a panel', () => {
	const member = 'c0000000-0000-4000-8000-000000000006';

	it('signs the member out everywhere when it was their only panel, and they cannot sign in again', async () => {
		const cookies = fakeCookies();
		await startSession(service, cookies, { id: member, kind: 'young_person' }, '', false);
		expect(await readSession(service, cookies.jar.get(SESSION_COOKIE))).not.toBeNull();
		const { error } = await supabaseFor(db, FACILITATOR).rpc('set_member_status', { p_panel: NORTHBAY_PANEL, p_account: member, p_status: 'removed' });
		expect(error).toBeNull();
		expect(await readSession(service, cookies.jar.get(SESSION_COOKIE))).toBeNull();
		expect(await checkYoungPerson(service, { code: 'NRTHBAY7', pseudonym: 'Brave Heron', passphrase: 'maple river lantern' }, '10.6.0.1'))
			.toEqual({ ok: false, reason: 'wrong-details' });
	});
});

