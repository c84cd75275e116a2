/**
 * A young person's panel pages (/me, /panels/[id], /panels/[id]/leave), called directly with a
 * real database behind them (in-memory PGlite with the demo seed), each person acting through
 * their own supabase-js client so row-level security decides what they see.
 *
 * Bad input for every action: empty, too long, the wrong type, script tags, SQL fragments and
 * ideas carrying contact details, one field at a time with the others valid. Each must answer 4xx
 * with a message and write nothing. Then the behaviour: pre-moderation, who sees what, leaving,
 * archived panels, and that no other member's pseudonym ever reaches a member's page data.
 */
import { isActionFailure, isHttpError, isRedirect } from '@sveltejs/kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { t } from '$lib/i18n';
import { ideaSchema, ideaStateFor } from '$lib/domain/ideas';
import { attach, type Database } from '$lib/server/db';
import type { Driver } from '$lib/server/db/driver';
import { openPglite } from '$lib/server/db/pglite-driver';
import { supabaseFor } from '$lib/server/db/supabase';
import { useDatabaseForTests } from '$lib/server/context';
import type { SessionUser } from '$lib/server/auth/sessions';
import { fakeEvent, snapshotTables } from '$lib/server/testing/events';
import { actions as panelHome, load as panelHomeLoad } from './[id]/+page.server';
import { actions as leave, load as leaveLoad } from './[id]/leave/+page.server';
import { dueLine, happeningLine } from './[id]/happening';
import { load as meLoad } from '../me/+page.server';

const NORTHBAY = '00000000-0000-4000-8000-000000000001';
const PANEL = 'b0000000-0000-4000-8000-000000000001';
const EAST_PANEL = 'b0000000-0000-4000-8000-000000000002';
const FACILITATOR = 'a0000000-0000-4000-8000-000000000004';
const COMMISSIONER = 'a0000000-0000-4000-8000-000000000003';
const young = (n: number, name: string): SessionUser => ({
	id: `c0000000-0000-4000-8000-0000000000${String(n).padStart(2, '0')}`,
	sessionId: crypto.randomUUID(),
	kind: 'young_person',
	displayName: name,
	isPlatformAdmin: false
});
const BLUE = young(1, 'Blue Otter');
const QUIET = young(2, 'Quiet Fox');
const SUNNY = young(3, 'Sunny Kite');
const JOLLY = young(10, 'Jolly Acorn');
const MISTY = young(11, 'Misty Wren');
const LUCKY = young(12, 'Lucky Pebble');
const EAST = young(13, 'Eastmere Member');
const FACILITATOR_USER: SessionUser = { id: FACILITATOR, sessionId: crypto.randomUUID(), kind: 'staff', displayName: 'Jade Okafor', isPlatformAdmin: false };

const BAD: Record<string, string | Blob> = {
	empty: '',
	'too long': 'x'.repeat(10_001),
	'wrong type': new Blob(['not text'], { type: 'application/octet-stream' }),
	'script tag': '<script>alert(1)</script>',
	'SQL fragment': "'); drop table public.accounts; --"
};

const CONTACT: Record<string, string> = {
	'a phone number': 'Text me on 07700 900123',
	'an email': 'Write to blue.otter@example.com',
	'an @handle': 'Follow me @blueotter_11'
};

type Action = (event: never) => unknown;
interface FormCase {
	name: string;
	action: Action;
	user: SessionUser;
	valid: Record<string, string>;
	params?: Record<string, string>;
	/** Free text: SQL in it is just words, stored as written (proving it was never run). */
	freeText?: string[];
	/** Optional fields: leaving them empty is fine. */
	optional?: string[];
}

const FORMS: FormCase[] = [
	{
		name: 'share an idea',
		action: panelHome.idea as Action,
		user: BLUE,
		params: { id: PANEL },
		valid: { title: 'More benches at the skate park', body: 'So people can sit and watch.' },
		freeText: ['title', 'body'],
		optional: ['body']
	},
	// Jolly Acorn answers the leave question badly over and over; nobody leaves.
	{ name: 'leave: yes or no', action: leave.default as Action, user: JOLLY, params: { id: PANEL }, valid: { answer: 'leave' } }
];

let driver: Driver;
let db: Database;

beforeAll(async () => {
	driver = await openPglite();
	db = await attach(driver, 'panel-home-secret-'.padEnd(48, 'x'), { transport: 'pglite', seedDemo: true });
	useDatabaseForTests(db);
});
afterAll(() => db.close());

const TABLES = ['public.ideas', 'public.panel_members', 'public.panels', 'public.recommendations', 'public.meetings', 'public.audit_events'];

/** Every row of every table these pages could write, as one comparable value. */
const snapshot = () => snapshotTables(driver, TABLES);

const sql = async <T = Record<string, unknown>>(text: string, params: unknown[] = []) => (await driver.query<T>(text, params)).rows;

async function call(action: Action, user: SessionUser | null, form: Record<string, string | Blob>, params: Record<string, string> = {}) {
	const event = fakeEvent({ url: 'http://localhost/form', form, params, locals: { user, supabase: supabaseFor(db, user?.id ?? null) } });
	try {
		return await action(event as never);
	} catch (e) {
		if (isRedirect(e)) return { redirectedTo: e.location };
		throw e;
	}
}

/** Runs a page's load as `user`; a thrown HTTP error comes back as `{ status }`. */
async function load<T>(fn: (event: never) => T, user: SessionUser | null, params: Record<string, string> = {}, url = 'http://localhost/page') {
	const event = fakeEvent({ url, params, locals: { user, supabase: supabaseFor(db, user?.id ?? null) } });
	try {
		return { data: (await fn(event as never)) as Awaited<T> };
	} catch (e) {
		if (isHttpError(e)) return { status: e.status };
		if (isRedirect(e)) return { redirectedTo: e.location };
		throw e;
	}
}
const home = async (user: SessionUser, panel = PANEL) => {
	const result = await load(panelHomeLoad, user, { id: panel });
	if (!('data' in result) || !result.data) throw new Error(`expected the panel home, got ${JSON.stringify(result)}`);
	return result.data;
};

function failureMessages(result: unknown): string {
	expect(isActionFailure(result), `expected a failure, got ${JSON.stringify(result)}`).toBe(true);
	if (!isActionFailure(result)) return '';
	expect(result.status).toBeGreaterThanOrEqual(400);
	expect(result.status).toBeLessThan(500);
	const data = result.data as unknown as Record<string, unknown>;
	return JSON.stringify([data.errors, data.message].filter(Boolean));
}

describe.each(FORMS)('$name', (c) => {
	const cases = Object.keys(c.valid)
		.flatMap((field) => Object.entries(BAD).map(([label, value]) => ({ field, label, value })))
		.filter(({ field, label }) => !(label === 'SQL fragment' && c.freeText?.includes(field)))
		.filter(({ field, label }) => !(label === 'empty' && c.optional?.includes(field)));
	it.each(cases)('$field: $label → 4xx with a message, nothing written', async ({ field, value }) => {
		const before = await snapshot();
		const messages = failureMessages(await call(c.action, c.user, { ...c.valid, [field]: value }, c.params));
		expect(messages).toMatch(/[A-Za-z]{3,}/);
		expect(messages).not.toContain('<script>');
		expect(await snapshot()).toBe(before);
	});

	it('a missing form body is a 4xx too', async () => {
		const before = await snapshot();
		failureMessages(await call(c.action, c.user, {}, c.params));
		expect(await snapshot()).toBe(before);
	});

	if (c.params) {
		it('a panel id that is not an id is a 404, nothing written', async () => {
			const before = await snapshot();
			const result = await call(c.action, c.user, c.valid, { id: "1'; drop table public.ideas; --" });
			expect(isActionFailure(result) && result.status).toBe(404);
			expect(await snapshot()).toBe(before);
		});
	}
});

describe('share an idea: contact details are refused kindly, before anything is sent', () => {
	const cases = Object.entries(CONTACT).flatMap(([label, text]) => [
		{ label, field: 'title', form: { title: text, body: '' } },
		{ label, field: 'body', form: { title: 'A better youth club', body: text } }
	]);
	it.each(cases)('$label in the $field', async ({ field, form }) => {
		const before = await snapshot();
		const result = await call(panelHome.idea as Action, BLUE, form, { id: PANEL });
		expect(isActionFailure(result) && result.status).toBe(400);
		if (!isActionFailure(result)) return;
		const data = result.data as unknown as { errors: Record<string, string>; values: Record<string, string> };
		expect(data.errors[field]).toBe(t('contact.refused'));
		// What they wrote comes back so they can take the details out, not type it all again.
		expect(data.values[field]).toBe(form[field as 'title' | 'body']);
		expect(await snapshot()).toBe(before);
	});

	it("the database's own refusal (22023) gets the same friendly words", async () => {
		const real = supabaseFor(db, BLUE.id);
		// Stand in for text our patterns miss but the database's catch: post_idea answers 22023.
		const supabase = new Proxy(real, {
			get(target, prop, receiver) {
				if (prop !== 'rpc') return Reflect.get(target, prop, receiver);
				return (fn: string, args: Record<string, unknown>) =>
					fn === 'post_idea'
						? Promise.resolve({ data: null, error: { code: '22023', message: 'To keep you safe, ideas cannot include contact details' } })
						: target.rpc(fn, args);
			}
		});
		const before = await snapshot();
		const event = fakeEvent({ url: 'http://localhost/form', form: { title: 'A clean title', body: 'and clean words' }, params: { id: PANEL }, locals: { user: BLUE, supabase } });
		const result = await panelHome.idea(event as never);
		expect(isActionFailure(result) && result.status).toBe(400);
		expect(JSON.stringify(isActionFailure(result) && result.data)).toContain(t('contact.refused'));
		expect(await snapshot()).toBe(before);
	});
});

describe('the idea rules (src/lib/domain/ideas.ts)', () => {
	it.each(['<3 the new park', 'Buses every 10 minutes, not 30 > 20', 'Year 7 and Year 8 clubs', 'In 2026 and 2027'])('accepts %j', (title) => {
		expect(ideaSchema.safeParse({ title, body: '' }).success).toBe(true);
	});
	it.each([
		['<b>bold</b> idea', 'panelHome.ideas.errors.markup'],
		['ab', 'panelHome.ideas.errors.titleShort'],
		['   ', 'panelHome.ideas.errors.titleMissing'],
		['Ring 0800 123 4567', 'contact.refused'],
		['Meet at M1 1AE', 'contact.refused']
	] as const)('refuses %j', (title, key) => {
		const result = ideaSchema.safeParse({ title, body: '' });
		expect(result.success).toBe(false);
		expect(result.error?.issues[0].message).toBe(t(key));
	});
	it('tidies spaces in the title and keeps line breaks in the text', () => {
		expect(ideaSchema.parse({ title: '  More \n benches  ', body: ' One.\nTwo. ' })).toEqual({ title: 'More benches', body: 'One.\nTwo.' });
	});
});

describe('the panel home', () => {
	it('shows what the panel can and cannot change, and in "happening now" only the open vote', async () => {
		await sql(`update public.panels set can_change = 'How the youth budget is spent', cannot_change = 'School term dates' where id = $1`, [PANEL]);
		const data = await home(BLUE);
		expect(data.panel).toMatchObject({ id: PANEL, name: 'Northbay Youth Voice', canChange: 'How the youth budget is spent', cannotChange: 'School term dates', archived: false });
		expect(data.pseudonym).toBe('Blue Otter');
		// The demo round (voting open for two more weeks) is the one thing happening: one line, with when it closes.
		expect(data.happening).toEqual([
			{ kind: 'vote', id: 'd0000000-0000-4000-8000-000000000001', title: 'Northbay Youth Fund 2026', decides: 'Vote on how £20,000 is spent', due: expect.any(String), href: '/budgets/d0000000-0000-4000-8000-000000000001' }
		]);
		expect(happeningLine(data.happening[0])).toMatch(/^Vote on how £20,000 is spent – voting closes on \d{1,2} \w+ \d{4}$/);
		expect(data.sharedIdeas).toEqual([]);
		expect(data.myIdeas).toEqual([]);
		expect(data.recommendations).toEqual([]);
		expect(data.upcomingMeetings).toEqual([]);
		expect(data.pastMeetings).toEqual([]);
		expect(data.ideaSent).toBe(false);
	});

	it('is a 404 for someone not on the panel, a pending member, and a panel id that is not an id', async () => {
		expect(await load(panelHomeLoad, EAST, { id: PANEL })).toEqual({ status: 404 });
		expect(await load(panelHomeLoad, BLUE, { id: EAST_PANEL })).toEqual({ status: 404 });
		expect(await load(panelHomeLoad, BLUE, { id: 'not-a-panel' })).toEqual({ status: 404 });
		expect(await load(panelHomeLoad, BLUE, { id: crypto.randomUUID() })).toEqual({ status: 404 });
		expect(await load(leaveLoad, EAST, { id: PANEL })).toEqual({ status: 404 });
		// Staff have their own pages; signed-out people sign in first.
		expect(await load(panelHomeLoad, FACILITATOR_USER, { id: PANEL })).toEqual({ redirectedTo: '/staff' });
		expect(await load(panelHomeLoad, null, { id: PANEL })).toEqual({ redirectedTo: '/signin/young' });
	});

	it('a posted idea waits for a check: its author sees it, another member does not, until a facilitator approves it', async () => {
		const result = await call(panelHome.idea as Action, BLUE, { title: '  More   benches at the skate park ', body: 'So people can sit and watch.' }, { id: PANEL });
		expect(result).toEqual({ redirectedTo: `/panels/${PANEL}?idea=sent#your-ideas` });
		const [row] = await sql<{ id: string; title: string; status: string; author_id: string }>(`select id, title, status, author_id from public.ideas where panel_id = $1`, [PANEL]);
		expect(row).toMatchObject({ title: 'More benches at the skate park', status: 'pending', author_id: BLUE.id });

		const afterPost = await load(panelHomeLoad, BLUE, { id: PANEL }, `http://localhost/panels/${PANEL}?idea=sent`);
		expect('data' in afterPost && afterPost.data?.ideaSent).toBe(true);
		const mine = await home(BLUE);
		expect(mine.myIdeas).toEqual([{ id: row.id, title: 'More benches at the skate park', body: 'So people can sit and watch.', status: 'pending', reason: null }]);
		expect(ideaStateFor({ status: 'pending', reject_reason: null }).label).toBe('Waiting for a check');
		expect(mine.sharedIdeas).toEqual([]);

		// Quiet Fox, on the same panel, sees nothing: not on the page, not by asking the database.
		expect((await home(QUIET)).sharedIdeas).toEqual([]);
		expect((await supabaseFor(db, QUIET.id).from('ideas').select('id').eq('id', row.id)).data).toEqual([]);

		const { error } = await supabaseFor(db, FACILITATOR).rpc('moderate_idea', { p_idea: row.id, p_approve: true, p_reason: null });
		expect(error).toBeNull();
		expect((await home(QUIET)).sharedIdeas).toEqual([{ id: row.id, title: 'More benches at the skate park', body: 'So people can sit and watch.', byYou: false }]);
		const blue = await home(BLUE);
		expect(blue.sharedIdeas).toEqual([{ id: row.id, title: 'More benches at the skate park', body: 'So people can sit and watch.', byYou: true }]);
		expect(blue.myIdeas[0].status).toBe('approved');
	});

	it('tells the author kindly why an idea was not shared', async () => {
		await call(panelHome.idea as Action, BLUE, { title: 'A skate park by the sea', body: '' }, { id: PANEL });
		const [row] = await sql<{ id: string }>(`select id from public.ideas where title = 'A skate park by the sea'`);
		await supabaseFor(db, FACILITATOR).rpc('moderate_idea', { p_idea: row.id, p_approve: false, p_reason: 'duplicate' });
		const idea = (await home(BLUE)).myIdeas.find((i) => i.id === row.id)!;
		expect(idea).toMatchObject({ status: 'rejected', reason: 'duplicate' });
		expect(ideaStateFor({ status: idea.status, reject_reason: idea.reason })).toEqual({
			label: 'Not shared',
			reason: 'Someone already had this idea. Look for it in the ideas shared with your panel.'
		});
		expect(ideaStateFor({ status: 'rejected', reject_reason: 'contact_details' }).reason).toBe(
			"It had contact details in it. To keep you safe, we don't share those."
		);
		expect((await home(QUIET)).sharedIdeas.map((i) => i.id)).not.toContain(row.id);
	});

	it('a non-member cannot post an idea to the panel: 404, nothing written', async () => {
		const before = await snapshot();
		const result = await call(panelHome.idea as Action, EAST, { title: 'Let me in', body: '' }, { id: PANEL });
		expect(isActionFailure(result) && result.status).toBe(404);
		expect(await snapshot()).toBe(before);
	});

	it('SQL in an idea is stored as words, never run', async () => {
		const fragment = BAD['SQL fragment'] as string;
		const result = await call(panelHome.idea as Action, SUNNY, { title: fragment, body: fragment }, { id: PANEL });
		expect(result).toEqual({ redirectedTo: `/panels/${PANEL}?idea=sent#your-ideas` });
		expect(await sql(`select count(*)::int as n from public.ideas where title = $1 and body = $1`, [fragment])).toEqual([{ n: 1 }]);
		expect(await sql(`select count(*)::int as n from public.accounts where id = $1`, [BLUE.id])).toEqual([{ n: 1 }]);
	});

	it('lists recommendations with who must answer and by when, and each one as a line in "happening now"', async () => {
		const { error } = await supabaseFor(db, FACILITATOR).rpc('record_recommendation', {
			p_panel: PANEL,
			p_commissioner: COMMISSIONER,
			p_title: 'Open the skate park until 9pm on Fridays',
			p_body: 'Lots of us are at school or work until late.',
			p_supporters: 7,
			p_members_present: 9,
			p_idea_ids: [],
			p_response_due_at: '2027-02-18T12:00:00Z'
		});
		expect(error).toBeNull();
		const data = await home(BLUE);
		expect(data.recommendations).toEqual([
			{ id: expect.any(String), title: 'Open the skate park until 9pm on Fridays', body: 'Lots of us are at school or work until late.', commissioner: 'Tom Reed', dueAt: expect.any(String) }
		]);
		const asked = data.happening.filter((i) => i.kind === 'recommendation');
		expect(asked).toEqual([
			{ kind: 'recommendation', id: data.recommendations[0].id, title: 'Open the skate park until 9pm on Fridays', decides: 'Your panel asked Tom Reed to do this', due: data.recommendations[0].dueAt, href: `#recommendation-${data.recommendations[0].id}` }
		]);
		expect(dueLine(asked[0])).toBe('answer due by 18 February 2027');
		expect(happeningLine(asked[0])).toBe('Your panel asked Tom Reed to do this – answer due by 18 February 2027');
		// Supporter counts are for staff: nothing here counts who backed it.
		expect(JSON.stringify(data.recommendations)).not.toMatch(/supporters|members_present/);
	});

	it('shows meetings: published notes only, and attendance as a count, never before it happens', async () => {
		const fac = supabaseFor(db, FACILITATOR);
		const past = await fac.rpc('create_meeting', { p_panel: PANEL, p_starts_at: '2026-10-01T16:00:00Z', p_agenda: 'Skate park hours' });
		const quiet = await fac.rpc('create_meeting', { p_panel: PANEL, p_starts_at: '2026-10-15T16:00:00Z', p_agenda: 'Buses' });
		const next = await fac.rpc('create_meeting', { p_panel: PANEL, p_starts_at: '2099-01-10T16:00:00Z', p_agenda: 'Summer plans' });
		expect([past.error, quiet.error, next.error]).toEqual([null, null, null]);
		await fac.rpc('save_meeting_notes', { p_meeting: past.data, p_notes: 'We agreed to ask for later hours.', p_publish: true });
		await fac.rpc('save_meeting_notes', { p_meeting: quiet.data, p_notes: 'Draft: not ready', p_publish: false });
		for (const who of [BLUE, QUIET]) {
			expect((await fac.rpc('set_attendance', { p_meeting: past.data, p_account: who.id, p_present: true })).error).toBeNull();
		}
		const data = await home(BLUE);
		expect(data.upcomingMeetings).toEqual([{ id: next.data, startsAt: expect.any(String), agenda: 'Summer plans', notes: null, attended: null, past: false }]);
		expect(data.pastMeetings).toEqual([
			{ id: quiet.data, startsAt: expect.any(String), agenda: 'Buses', notes: null, attended: null, past: true },
			{ id: past.data, startsAt: expect.any(String), agenda: 'Skate park hours', notes: 'We agreed to ask for later hours.', attended: 2, past: true }
		]);
		expect(JSON.stringify(data)).not.toContain('Draft: not ready');
	});

	it("holds no other member's pseudonym or account id anywhere in its data", async () => {
		await call(panelHome.idea as Action, QUIET, { title: 'Free wifi at the library', body: 'For homework.' }, { id: PANEL });
		const [idea] = await sql<{ id: string }>(`select id from public.ideas where title = 'Free wifi at the library'`);
		await supabaseFor(db, FACILITATOR).rpc('moderate_idea', { p_idea: idea.id, p_approve: true, p_reason: null });
		const data = await home(BLUE);
		expect(data.sharedIdeas.map((i) => i.title)).toContain('Free wifi at the library');
		const text = JSON.stringify(data);
		const others = await sql<{ pseudonym: string; account_id: string }>(`select pseudonym, account_id from public.panel_members where account_id <> $1`, [BLUE.id]);
		expect(others.length).toBeGreaterThan(5);
		for (const o of others) {
			expect(text).not.toContain(o.pseudonym);
			expect(text).not.toContain(o.account_id);
		}
		expect(text).not.toContain(FACILITATOR);
	});
});

describe('leaving', () => {
	it('explains first; "No, stay" keeps them on the panel', async () => {
		expect(await load(leaveLoad, MISTY, { id: PANEL })).toEqual({ data: { panel: { id: PANEL, name: 'Northbay Youth Voice', pending: false } } });
		expect(await call(leave.default as Action, MISTY, { answer: 'stay' }, { id: PANEL })).toEqual({ redirectedTo: `/panels/${PANEL}` });
		expect(await sql(`select status from public.panel_members where account_id = $1`, [MISTY.id])).toEqual([{ status: 'active' }]);
	});

	it('"Yes, leave" takes them off the member list at once and back to /me with a confirmation', async () => {
		const facilitatorsList = async () =>
			((await supabaseFor(db, FACILITATOR).from('panel_members').select('pseudonym').eq('panel_id', PANEL).in('status', ['pending', 'active'])).data ?? []).map(
				(m) => m.pseudonym as string
			);
		expect(await facilitatorsList()).toContain('Misty Wren');

		expect(await call(leave.default as Action, MISTY, { answer: 'leave' }, { id: PANEL })).toEqual({ redirectedTo: '/me?left=1' });

		expect(await facilitatorsList()).not.toContain('Misty Wren');
		expect(await sql(`select status, left_at is not null as left from public.panel_members where account_id = $1`, [MISTY.id])).toEqual([{ status: 'left', left: true }]);
		const after = await load(meLoad, MISTY, {}, 'http://localhost/me?left=1');
		expect(after).toEqual({ data: { joined: null, left: true, memberships: [] } });
		expect(await load(panelHomeLoad, MISTY, { id: PANEL })).toEqual({ status: 404 });
		expect(await load(leaveLoad, MISTY, { id: PANEL })).toEqual({ status: 404 });
		// Leaving twice is a calm 404, not a crash.
		const again = await call(leave.default as Action, MISTY, { answer: 'leave' }, { id: PANEL });
		expect(isActionFailure(again) && again.status).toBe(404);
	});
});

describe('your panels (/me)', () => {
	let waiting: string;

	beforeAll(async () => {
		[{ id: waiting }] = await sql<{ id: string }>(
			`insert into public.panels (partnership_id, name, requires_approval) values ($1, 'Northbay Schools Panel', true) returning id`,
			[NORTHBAY]
		);
		await sql(`insert into public.panel_members (panel_id, account_id, pseudonym, status, privacy_notice_version) values ($1, $2, 'Blue Otter', 'pending', '13-16@2026-11-25.1')`, [waiting, BLUE.id]);
	});

	it('lists their panels by name, including one still waiting for a yes', async () => {
		const result = await load(meLoad, BLUE);
		expect(result).toEqual({
			data: {
				joined: null,
				left: false,
				memberships: [
					{ panelId: waiting, panelName: 'Northbay Schools Panel', pseudonym: 'Blue Otter', status: 'pending', archived: false },
					{ panelId: PANEL, panelName: 'Northbay Youth Voice', pseudonym: 'Blue Otter', status: 'active', archived: false }
				]
			}
		});
		// Waiting: the panel home stays closed, but they can change their mind.
		expect(await load(panelHomeLoad, BLUE, { id: waiting })).toEqual({ status: 404 });
		expect(await load(leaveLoad, BLUE, { id: waiting })).toEqual({ data: { panel: { id: waiting, name: 'Northbay Schools Panel', pending: true } } });
		expect(await call(leave.default as Action, BLUE, { answer: 'stay' }, { id: waiting })).toEqual({ redirectedTo: '/me' });
		expect(await call(leave.default as Action, BLUE, { answer: 'leave' }, { id: waiting })).toEqual({ redirectedTo: '/me?left=1' });
		const after = await load(meLoad, BLUE);
		expect('data' in after && after.data?.memberships.map((m) => m.panelId)).toEqual([PANEL]);
	});

	it('is for young people: staff go to their dashboard, visitors sign in', async () => {
		expect(await load(meLoad, FACILITATOR_USER)).toEqual({ redirectedTo: '/staff' });
		expect(await load(meLoad, null)).toEqual({ redirectedTo: '/signin/young' });
	});
});

describe('an archived panel', () => {
	let finished: string;

	beforeAll(async () => {
		[{ id: finished }] = await sql<{ id: string }>(
			`insert into public.panels (partnership_id, name, purpose, can_change) values ($1, 'Northbay Parks Panel 2025', 'We looked at the parks.', 'The new play area') returning id`,
			[NORTHBAY]
		);
		await sql(`insert into public.panel_members (panel_id, account_id, pseudonym, status, privacy_notice_version) values ($1, $2, 'Lucky Pebble', 'active', '13-16@2026-11-25.1')`, [finished, LUCKY.id]);
		expect((await supabaseFor(db, FACILITATOR).rpc('archive_panel', { p_panel: finished })).error).toBeNull();
	});

	it('can still be read, marked as finished', async () => {
		const data = await home(LUCKY, finished);
		expect(data.panel).toMatchObject({ name: 'Northbay Parks Panel 2025', archived: true, canChange: 'The new play area' });
		const mine = await load(meLoad, LUCKY);
		expect('data' in mine && mine.data?.memberships.find((m) => m.panelId === finished)?.archived).toBe(true);
	});

	it('takes no new ideas: 409 with a message, nothing written', async () => {
		const before = await snapshot();
		const result = await call(panelHome.idea as Action, LUCKY, { title: 'One more idea', body: '' }, { id: finished });
		expect(isActionFailure(result) && result.status).toBe(409);
		expect(JSON.stringify(isActionFailure(result) && result.data)).toContain(t('panelHome.ideas.errors.archived'));
		expect(await snapshot()).toBe(before);
	});
});
