/**
 * The staff side of youth panels, against a real database (PGlite with the demo seed):
 * - bad input for every form action (empty, too long, the wrong type, script tags and SQL
 *   fragments, one field at a time with the others valid): 4xx with a message, nothing written;
 * - good input does its job;
 * - a commissioner, and the admin of another partnership, are refused (403/404) by every manager
 *   action, page and the member CSV.
 */
import { isActionFailure, isHttpError, isRedirect } from '@sveltejs/kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { attach, type Database } from '$lib/server/db';
import type { Driver } from '$lib/server/db/driver';
import { openPglite } from '$lib/server/db/pglite-driver';
import { supabaseFor } from '$lib/server/db/supabase';
import { useDatabaseForTests } from '$lib/server/context';
import type { SessionUser } from '$lib/server/auth/sessions';
import { fakeEvent, snapshotTables } from '$lib/server/testing/events';
import { addDays, csvSafe, endOfLondonDay, londonToday, londonToUtc } from '$lib/domain/panels';
import { load as layoutLoad } from './[id]/+layout.server';
import { actions as hub } from './[id]/+page.server';
import { actions as settings } from './[id]/settings/+page.server';
import { actions as archive } from './[id]/archive/+page.server';
import { load as codeLoad } from './[id]/code/+page.server';
import { actions as rotate } from './[id]/code/new/+page.server';
import { actions as remove } from './[id]/members/[member]/remove/+page.server';
import { actions as ideas } from './[id]/ideas/+page.server';
import { actions as newRecommendation } from './[id]/recommendations/new/+page.server';
import { actions as meetings } from './[id]/meetings/+page.server';
import { actions as meeting } from './[id]/meetings/[meeting]/+page.server';
import { actions as participation } from './[id]/participation/+page.server';
import { GET as membersCsv } from './[id]/members.csv/+server';
import { load as commissionerLoad } from '../recommendations/+page.server';

const NORTHBAY = '00000000-0000-4000-8000-000000000001';
const PANEL = 'b0000000-0000-4000-8000-000000000001';
const EAST_PANEL = 'b0000000-0000-4000-8000-000000000002';
/** A second Northbay panel, archived by a test near the end. */
const PANEL2 = 'b0000000-0000-4000-8000-0000000000a2';
const staff = (id: string): SessionUser => ({ id, sessionId: crypto.randomUUID(), kind: 'staff', displayName: 'x', isPlatformAdmin: false });
const ADMIN = staff('a0000000-0000-4000-8000-000000000002');
const COMMISSIONER = staff('a0000000-0000-4000-8000-000000000003');
const FACILITATOR = staff('a0000000-0000-4000-8000-000000000004');
const EASTMERE = staff('a0000000-0000-4000-8000-000000000006');
const BLUE_OTTER = 'c0000000-0000-4000-8000-000000000001';
const QUIET_FOX = 'c0000000-0000-4000-8000-000000000002';
const SUNNY_KITE = 'c0000000-0000-4000-8000-000000000003';
const PENDING_1 = 'c0000000-0000-4000-8000-0000000000e1';
const PENDING_2 = 'c0000000-0000-4000-8000-0000000000e2';
const PANEL2_MEMBER = 'c0000000-0000-4000-8000-0000000000e3';
const IDEA_PENDING = 'd0000000-0000-4000-8000-000000000001';
const IDEA_PENDING_2 = 'd0000000-0000-4000-8000-000000000002';
const IDEA_APPROVED = 'd0000000-0000-4000-8000-000000000003';
const IDEA_OTHER_PANEL = 'd0000000-0000-4000-8000-000000000004';
const IDEA_PANEL2 = 'd0000000-0000-4000-8000-000000000005';
const MEETING = 'e0000000-0000-4000-8000-000000000001';
const MEETING2 = 'e0000000-0000-4000-8000-000000000002';

const FUTURE = addDays(londonToday(), 30);
const PAST = '2026-11-20';

const BAD: Record<string, string | Blob> = {
	empty: '',
	'too long': 'x'.repeat(10_001),
	'wrong type': new Blob(['not text'], { type: 'application/octet-stream' }),
	'script tag': '<script>alert(1)</script>',
	'SQL fragment': "'); drop table public.accounts; --"
};

type Form = Record<string, string | Blob | string[]>;
type Action = (event: never) => unknown;
interface FormCase {
	name: string;
	action: Action;
	valid: Form;
	params: Record<string, string>;
	/** Free text: SQL in it is just words, stored verbatim (proving it never ran). */
	freeText?: string[];
	/** Fields that may be left empty: "empty" is good input there, not bad. */
	optional?: string[];
	/** Where the message is in the failure (default `errors`). */
	messageKey?: string;
}

const FORMS: FormCase[] = [
	{
		name: 'panel settings',
		action: settings.save as Action,
		params: { id: PANEL },
		valid: {
			name: 'Northbay Youth Voice',
			purpose: 'We help decide how money is spent.',
			audience: ['10-12', '13-15'],
			area: 'Northbay',
			meetingRhythm: 'Every other Tuesday',
			canChange: 'The youth fund',
			cannotChange: 'School rules',
			requiresApproval: 'no',
			facilitators: FACILITATOR.id,
			commissioners: COMMISSIONER.id
		},
		freeText: ['name', 'purpose', 'area', 'meetingRhythm', 'canChange', 'cannotChange'],
		optional: ['purpose', 'area', 'meetingRhythm', 'canChange', 'cannotChange']
	},
	{ name: 'make a new join code', action: rotate.default as Action, params: { id: PANEL }, valid: { expires: FUTURE }, optional: ['expires'] },
	{ name: 'admit a member', action: hub.admit as Action, params: { id: PANEL }, valid: { member: PENDING_1 } },
	{ name: 'turn down a member', action: hub.turnDown as Action, params: { id: PANEL }, valid: { member: PENDING_1 } },
	{ name: 'remove a member', action: remove.default as Action, params: { id: PANEL, member: SUNNY_KITE }, valid: { member: SUNNY_KITE } },
	{ name: 'reset a passphrase', action: hub.reset as Action, params: { id: PANEL }, valid: { member: QUIET_FOX }, messageKey: 'resetError' },
	{ name: 'check an idea', action: ideas.moderate as Action, params: { id: PANEL }, valid: { idea: IDEA_PENDING, decision: 'reject', reason: 'off_topic' } },
	{
		name: 'record a recommendation',
		action: newRecommendation.default as Action,
		params: { id: PANEL },
		valid: {
			title: 'Later buses',
			body: 'Run the 42 bus until 10pm on Fridays.',
			commissioner: COMMISSIONER.id,
			supporters: '9',
			present: '12',
			ideas: IDEA_APPROVED,
			due: FUTURE
		},
		freeText: ['title', 'body']
	},
	{
		name: 'add a meeting',
		action: meetings.create as Action,
		params: { id: PANEL },
		valid: { date: '2026-12-01', time: '16:00', agenda: 'Plan the youth fund vote' },
		freeText: ['agenda'],
		optional: ['agenda']
	},
	{
		name: 'meeting notes',
		action: meeting.notes as Action,
		params: { id: PANEL, meeting: MEETING },
		valid: { notes: 'We talked about buses.', publish: 'false' },
		freeText: ['notes'],
		optional: ['notes']
	},
	{ name: 'attendance', action: meeting.attend as Action, params: { id: PANEL, meeting: MEETING }, valid: { member: BLUE_OTTER, present: 'true' } },
	{
		name: 'offline participation',
		action: participation.offline as Action,
		params: { id: PANEL },
		valid: { activity: 'Vote on youth fund projects', place: 'Hull youth club', date: PAST, participants: '14', option1: 'A', count1: '9', option2: 'B', count2: '5' },
		freeText: ['activity', 'place', 'option1', 'option2']
	}
];

let driver: Driver;
let db: Database;

beforeAll(async () => {
	driver = await openPglite();
	db = await attach(driver, 'panel-staff-secret-'.padEnd(48, 'x'), { transport: 'pglite', seedDemo: true });
	useDatabaseForTests(db);
	await driver.exec(`
		insert into public.panels (id, partnership_id, name, join_code) values ('${PANEL2}', '${NORTHBAY}', 'Northbay Schools Panel', 'SCHWPN22');
		insert into public.accounts (id, kind, age_band) values ('${PENDING_1}', 'young_person', '10-12'), ('${PENDING_2}', 'young_person', '13-15'), ('${PANEL2_MEMBER}', 'young_person', '13-15');
		insert into public.panel_members (panel_id, account_id, pseudonym, status, privacy_notice_version) values
			('${PANEL}', '${PENDING_1}', 'Shy Newt', 'pending', '10-12@2026-11-25.1'),
			('${PANEL}', '${PENDING_2}', 'Keen Lark', 'pending', '13-16@2026-11-25.1'),
			('${PANEL2}', '${PANEL2_MEMBER}', 'School Owl', 'active', '13-16@2026-11-25.1');
		insert into public.ideas (id, panel_id, author_id, title, body, status, moderated_at) values
			('${IDEA_PENDING}', '${PANEL}', '${BLUE_OTTER}', 'A skatepark by the beach', 'With lights', 'pending', null),
			('${IDEA_PENDING_2}', '${PANEL}', '${QUIET_FOX}', 'Free wifi at the library', '', 'pending', null),
			('${IDEA_APPROVED}', '${PANEL}', '${QUIET_FOX}', 'Later buses on Fridays', '', 'approved', now()),
			('${IDEA_OTHER_PANEL}', '${EAST_PANEL}', 'c0000000-0000-4000-8000-000000000013', 'Eastmere idea', '', 'approved', now()),
			('${IDEA_PANEL2}', '${PANEL2}', '${PANEL2_MEMBER}', 'Longer lunch breaks', '', 'pending', null);
		insert into public.meetings (id, panel_id, starts_at, agenda) values
			('${MEETING}', '${PANEL}', '2026-11-24T16:00:00Z', 'Buses'),
			('${MEETING2}', '${PANEL2}', '2026-11-24T16:00:00Z', 'Lunch');
	`);
});
afterAll(() => db.close());

const TABLES = [
	'public.panels', 'public.panel_members', 'public.panel_staff', 'public.ideas', 'public.recommendations', 'public.recommendation_ideas',
	'public.meetings', 'public.meeting_attendance', 'public.offline_participation', 'public.audit_events', 'public.memberships',
	'private.young_person_credentials', 'private.sessions'
];

const snapshot = () => snapshotTables(driver, TABLES);

const one = async <T = Record<string, unknown>>(sql: string, params: unknown[] = []) => (await driver.query<T>(sql, params)).rows[0];

function eventFor(user: SessionUser | null, params: Record<string, string>, form?: Form, url = 'http://localhost/staff/panels') {
	return fakeEvent({ url, params, form, locals: { user, supabase: supabaseFor(db, user?.id ?? null) } });
}

async function run(action: Action, user: SessionUser | null, params: Record<string, string>, form: Form) {
	try {
		return await action(eventFor(user, params, form) as never);
	} catch (e) {
		if (isRedirect(e)) return { redirectedTo: e.location };
		throw e;
	}
}

/** A load or GET: its answer, or the status of the error it threw. */
async function status(fn: () => unknown): Promise<number> {
	try {
		const r = await fn();
		return r instanceof Response ? r.status : 200;
	} catch (e) {
		if (isHttpError(e)) return e.status;
		if (isRedirect(e)) return e.status;
		throw e;
	}
}

const failureStatus = (r: unknown) => (isActionFailure(r) ? r.status : `not a failure: ${JSON.stringify(r)}`);

describe.each(FORMS)('$name', (c) => {
	const cases = Object.keys(c.valid)
		.flatMap((field) => Object.entries(BAD).map(([label, value]) => ({ field, label, value })))
		.filter(({ field, label }) => !(label === 'SQL fragment' && c.freeText?.includes(field)))
		.filter(({ field, label }) => !(label === 'empty' && c.optional?.includes(field)));

	it.each(cases)('$field: $label → 4xx with a message, nothing written', async ({ field, value }) => {
		const before = await snapshot();
		const result = await run(c.action, FACILITATOR, c.params, { ...c.valid, [field]: value });
		expect(isActionFailure(result), `expected a failure, got ${JSON.stringify(result)}`).toBe(true);
		if (!isActionFailure(result)) return;
		expect(result.status).toBeGreaterThanOrEqual(400);
		expect(result.status).toBeLessThan(500);
		const data = result.data as unknown as Record<string, unknown>;
		const message = JSON.stringify(data[c.messageKey ?? 'errors']);
		expect(message).toMatch(/[A-Za-z]{3,}/);
		expect(message).not.toContain('<script>');
		expect(await snapshot()).toBe(before);
	});

	it('a missing form body is a 4xx too', async () => {
		const before = await snapshot();
		const result = await run(c.action, FACILITATOR, c.params, {});
		expect(isActionFailure(result) && result.status >= 400 && result.status < 500).toBe(true);
		expect(await snapshot()).toBe(before);
	});

	it.each([
		['a commissioner', COMMISSIONER],
		["another partnership's admin", EASTMERE]
	])('%s is refused with 403 or 404, nothing written', async (_, user) => {
		const before = await snapshot();
		const result = await run(c.action, user, c.params, c.valid);
		expect([403, 404]).toContain(failureStatus(result));
		expect(await snapshot()).toBe(before);
	});

	if (c.freeText) {
		it.each(c.freeText)('SQL in %s is stored as words, never run', async (field) => {
			const fragment = BAD['SQL fragment'] as string;
			const result = await run(c.action, FACILITATOR, c.params, { ...c.valid, [field]: fragment });
			expect(isActionFailure(result), JSON.stringify(result)).toBe(false);
			expect(await one(`select count(*)::int as n from public.accounts`)).toMatchObject({ n: expect.any(Number) });
			const stored = await one<{ n: number }>(
				`select count(*)::int as n from (
					select name as v from public.panels union all select purpose from public.panels union all select area from public.panels
					union all select meeting_rhythm from public.panels union all select can_change from public.panels union all select cannot_change from public.panels
					union all select title from public.recommendations union all select body from public.recommendations
					union all select agenda from public.meetings union all select notes from public.meetings
					union all select activity from public.offline_participation union all select place from public.offline_participation
					union all select e ->> 'option' from public.offline_participation, jsonb_array_elements(results) e
				) x where v = $1`,
				[fragment]
			);
			expect(stored.n).toBeGreaterThan(0);
		});
	}
});

describe('good input does its job', () => {
	it('settings: saves every field, facilitators and commissioners; unticking removes them', async () => {
		const result = await run(settings.save as Action, FACILITATOR, { id: PANEL }, {
			name: '  Northbay Youth Voice  ',
			purpose: 'We decide how the youth fund is spent.',
			audience: ['13-15', '10-12'],
			area: 'Northbay town',
			meetingRhythm: 'Every other Tuesday, 4pm',
			canChange: 'How the £5,000 youth fund is spent',
			cannotChange: 'Bus timetables',
			requiresApproval: 'yes',
			facilitators: [FACILITATOR.id],
			commissioners: [COMMISSIONER.id]
		});
		expect(result).toEqual({ saved: true });
		expect(await one(`select name, purpose, audience_age_bands, area, meeting_rhythm, can_change, cannot_change, requires_approval from public.panels where id = $1`, [PANEL])).toEqual({
			name: 'Northbay Youth Voice',
			purpose: 'We decide how the youth fund is spent.',
			audience_age_bands: ['10-12', '13-15'],
			area: 'Northbay town',
			meeting_rhythm: 'Every other Tuesday, 4pm',
			can_change: 'How the £5,000 youth fund is spent',
			cannot_change: 'Bus timetables',
			requires_approval: true
		});
		const staffRows = async () => (await driver.query(`select account_id, role from public.panel_staff where panel_id = $1 order by role`, [PANEL])).rows;
		expect(await staffRows()).toEqual([
			{ account_id: COMMISSIONER.id, role: 'commissioner' },
			{ account_id: FACILITATOR.id, role: 'facilitator' }
		]);
		await run(settings.save as Action, FACILITATOR, { id: PANEL }, {
			name: 'Northbay Youth Voice', audience: ['10-12', '13-15'], requiresApproval: 'no', facilitators: [FACILITATOR.id]
		});
		expect(await staffRows()).toEqual([{ account_id: FACILITATOR.id, role: 'facilitator' }]);
	});

	it('settings: someone without the role cannot be chosen, and nothing is written', async () => {
		const before = await snapshot();
		const result = await run(settings.save as Action, FACILITATOR, { id: PANEL }, {
			name: 'Northbay Youth Voice', audience: ['10-12'], requiresApproval: 'no', commissioners: [FACILITATOR.id]
		});
		expect(failureStatus(result)).toBe(400);
		expect(JSON.stringify((result as { data: unknown }).data)).toContain('Choose commissioners from the list');
		expect(await snapshot()).toBe(before);
	});

	it('join code: a new code that ends on the chosen day; the old one stops working', async () => {
		const old = (await one<{ join_code: string }>(`select join_code from public.panels where id = $1`, [PANEL])).join_code;
		const result = await run(rotate.default as Action, FACILITATOR, { id: PANEL }, { expires: FUTURE });
		expect(result).toEqual({ redirectedTo: `/staff/panels/${PANEL}/code?rotated=1` });
		const row = await one<{ join_code: string; join_code_expires_at: Date }>(`select join_code, join_code_expires_at from public.panels where id = $1`, [PANEL]);
		expect(row.join_code).not.toBe(old);
		expect(row.join_code).toMatch(/^[ABCDEFGHJKMNPQRSTVWXYZ2-9]{8}$/);
		expect(new Date(row.join_code_expires_at).toISOString()).toBe(endOfLondonDay(FUTURE).toISOString());
		// and with no expiry
		await run(rotate.default as Action, FACILITATOR, { id: PANEL }, { expires: '' });
		expect(await one(`select join_code_expires_at from public.panels where id = $1`, [PANEL])).toEqual({ join_code_expires_at: null });
		// a date in the past is refused
		expect(failureStatus(await run(rotate.default as Action, FACILITATOR, { id: PANEL }, { expires: '2026-01-01' }))).toBe(400);
	});

	it('the code page draws a QR code that is an image with the code as its text alternative', async () => {
		const layout = await layoutLoad(eventFor(FACILITATOR, { id: PANEL }) as never);
		const page = await codeLoad({ ...eventFor(FACILITATOR, { id: PANEL }, undefined, 'http://localhost/staff/panels/x/code'), parent: async () => layout } as never);
		const code = (page as { code: string }).code;
		expect(code).toMatch(/^[A-Z2-9]{4}-[A-Z2-9]{4}$/);
		const svg = (page as { qr: string }).qr;
		expect(svg).toMatch(/^<svg role="img" aria-labelledby="qr-title"/);
		expect(svg).toContain(`<title id="qr-title">QR code to join Northbay Youth Voice. It opens the join page with the code ${code} filled in.</title>`);
	});

	it('members: admit one waiting, turn down another; both leave the waiting list', async () => {
		expect(await run(hub.admit as Action, FACILITATOR, { id: PANEL }, { member: PENDING_1 })).toEqual({ admitted: 'Shy Newt' });
		expect(await run(hub.turnDown as Action, FACILITATOR, { id: PANEL }, { member: PENDING_2 })).toEqual({ turnedDown: 'Keen Lark' });
		const rows = (await driver.query(`select account_id, status from public.panel_members where account_id in ($1, $2) order by account_id`, [PENDING_1, PENDING_2])).rows;
		expect(rows).toEqual([
			{ account_id: PENDING_1, status: 'active' },
			{ account_id: PENDING_2, status: 'removed' }
		]);
		// turning down again: they are no longer on the panel
		expect(failureStatus(await run(hub.turnDown as Action, FACILITATOR, { id: PANEL }, { member: PENDING_2 }))).toBe(404);
	});

	it('members: remove after the "are you sure?" step', async () => {
		const result = await run(remove.default as Action, FACILITATOR, { id: PANEL, member: SUNNY_KITE }, { member: SUNNY_KITE });
		expect(result).toEqual({ redirectedTo: `/staff/panels/${PANEL}?removed=${SUNNY_KITE}` });
		expect(await one(`select status from public.panel_members where account_id = $1`, [SUNNY_KITE])).toEqual({ status: 'removed' });
		// the member in the form must be the one the page asked about
		expect(failureStatus(await run(remove.default as Action, FACILITATOR, { id: PANEL, member: SUNNY_KITE }, { member: BLUE_OTTER }))).toBe(400);
	});

	it('members: the CSV has made-up names, age groups, status and joined dates only', async () => {
		const response = (await membersCsv(eventFor(FACILITATOR, { id: PANEL }) as never)) as Response;
		expect(response.status).toBe(200);
		expect(response.headers.get('content-type')).toBe('text/csv; charset=utf-8');
		expect(response.headers.get('content-disposition')).toMatch(/^attachment; filename="panel-members-\d{4}-\d{2}-\d{2}\.csv"$/);
		const lines = (await response.text()).trim().split('\r\n');
		expect(lines[0]).toBe('Made-up name,Age group,Status,Joined');
		expect(lines).toContain(`Blue Otter,10-12,Member,${londonToday()}`);
		expect(lines.some((l) => l.startsWith('Sunny Kite'))).toBe(false);
		expect(lines.some((l) => l.startsWith('Keen Lark'))).toBe(false);
		expect(lines.every((l) => l.split(',').length === 4)).toBe(true);
		expect(lines.join('\n')).not.toMatch(/c0000000|maple|argon/);
	});

	it('the CSV guard stops spreadsheet formulas', () => {
		expect(csvSafe('=HYPERLINK("http://x")')).toBe(`'=HYPERLINK("http://x")`);
		expect(csvSafe('+1')).toBe("'+1");
		expect(csvSafe('-1')).toBe("'-1");
		expect(csvSafe('@SUM(A1)')).toBe("'@SUM(A1)");
		expect(csvSafe('\tx')).toBe("'\tx");
		expect(csvSafe('Blue Otter')).toBe('Blue Otter');
		expect(csvSafe('10-12')).toBe('10-12');
	});

	it('ideas: approve one, turn down another with a reason', async () => {
		expect(await run(ideas.moderate as Action, FACILITATOR, { id: PANEL }, { idea: IDEA_PENDING, decision: 'approve', reason: '' })).toEqual({
			approved: 'A skatepark by the beach'
		});
		// "not shared" needs a reason
		expect(failureStatus(await run(ideas.moderate as Action, FACILITATOR, { id: PANEL }, { idea: IDEA_PENDING_2, decision: 'reject' }))).toBe(400);
		expect(await run(ideas.moderate as Action, FACILITATOR, { id: PANEL }, { idea: IDEA_PENDING_2, decision: 'reject', reason: 'duplicate' })).toEqual({
			rejected: 'Free wifi at the library'
		});
		expect((await driver.query(`select id, status, reject_reason, moderated_by from public.ideas where id in ($1, $2) order by id`, [IDEA_PENDING, IDEA_PENDING_2])).rows).toEqual([
			{ id: IDEA_PENDING, status: 'approved', reject_reason: null, moderated_by: FACILITATOR.id },
			{ id: IDEA_PENDING_2, status: 'rejected', reject_reason: 'duplicate', moderated_by: FACILITATOR.id }
		]);
	});

	it('recommendations: recorded with its ideas, supporters and a due date at the end of that UK day', async () => {
		const due = addDays(londonToday(), 84);
		const result = (await run(newRecommendation.default as Action, FACILITATOR, { id: PANEL }, {
			title: 'A skatepark and later buses',
			body: 'Build a skatepark by the beach, and run buses later.',
			commissioner: COMMISSIONER.id,
			supporters: '9',
			present: '12',
			ideas: [IDEA_PENDING, IDEA_APPROVED],
			due
		})) as { redirectedTo: string };
		expect(result.redirectedTo).toMatch(new RegExp(`^/staff/panels/${PANEL}/recommendations\\?recorded=[0-9a-f-]{36}$`));
		const id = result.redirectedTo.split('=')[1];
		const row = await one<Record<string, unknown>>(`select commissioner_id, supporters, members_present, recorded_by, response_due_at from public.recommendations where id = $1`, [id]);
		expect(row).toMatchObject({ commissioner_id: COMMISSIONER.id, supporters: 9, members_present: 12, recorded_by: FACILITATOR.id });
		expect(new Date(row.response_due_at as string).toISOString()).toBe(endOfLondonDay(due).toISOString());
		expect((await driver.query(`select idea_id from public.recommendation_ideas where recommendation_id = $1 order by idea_id`, [id])).rows).toEqual([
			{ idea_id: IDEA_PENDING },
			{ idea_id: IDEA_APPROVED }
		]);
		expect(await one(`select source_type, responsible_id from public.owed_responses where source_id = $1`, [id])).toEqual({ source_type: 'recommendation', responsible_id: COMMISSIONER.id });
	});

	it.each([
		['more supporters than were there', { supporters: '13', present: '12' }, 'supporters'],
		['a not-shared idea', { ideas: IDEA_PENDING_2 }, 'ideas'],
		["another panel's idea", { ideas: IDEA_OTHER_PANEL }, 'ideas'],
		['someone who is not a commissioner', { commissioner: FACILITATOR.id }, 'commissioner'],
		['a due date in the past', { due: '2026-01-01' }, 'due'],
		['a due date that is not a date', { due: '2026-02-30' }, 'due'],
		['a negative number', { supporters: '-1' }, 'supporters']
	])('recommendations: %s is refused, nothing written', async (_, change, field) => {
		const before = await snapshot();
		const result = await run(newRecommendation.default as Action, FACILITATOR, { id: PANEL }, { ...FORMS[7].valid, ...change });
		expect(failureStatus(result)).toBe(400);
		expect(Object.keys((result as { data: { errors: object } }).data.errors)).toContain(field);
		expect(await snapshot()).toBe(before);
	});

	it('the commissioner sees what is addressed to them first, with its ideas', async () => {
		const data = (await commissionerLoad(eventFor(COMMISSIONER, {}) as never)) as {
			mine: { title: string; panel: string; supporters: number; present: number; ideas: { title: string }[] }[];
		};
		const rec = data.mine.find((r) => r.title === 'A skatepark and later buses');
		expect(rec).toMatchObject({ panel: 'Northbay Youth Voice', supporters: 9, present: 12 });
		expect(rec?.ideas.map((i) => i.title).sort()).toEqual(['A skatepark by the beach', 'Later buses on Fridays']);
		// soonest due first
		const due = data.mine.map((r) => (r as unknown as { dueAt: string }).dueAt);
		expect(due).toEqual([...due].sort());
		const east = (await commissionerLoad(eventFor(EASTMERE, {}) as never)) as { mine: unknown[]; others: unknown[] };
		expect([...east.mine, ...east.others]).toEqual([]);
	});

	it('meetings: a date and time in UK time is stored as UTC (summer and winter)', async () => {
		const summer = (await run(meetings.create as Action, FACILITATOR, { id: PANEL }, { date: '2027-07-01', time: '16:00', agenda: 'Summer' })) as { redirectedTo: string };
		const winter = (await run(meetings.create as Action, FACILITATOR, { id: PANEL }, { date: '2027-01-12', time: '16:00', agenda: '' })) as { redirectedTo: string };
		const at = async (r: { redirectedTo: string }) =>
			new Date((await one<{ starts_at: string }>(`select starts_at from public.meetings where id = $1`, [r.redirectedTo.split('=')[1]])).starts_at).toISOString();
		expect(await at(summer)).toBe('2027-07-01T15:00:00.000Z');
		expect(await at(winter)).toBe('2027-01-12T16:00:00.000Z');
		// clocks forward: 01:30 does not happen, it is 02:30 BST; clocks back: the first 01:30 (BST)
		expect(londonToUtc('2027-03-28', '01:30').toISOString()).toBe('2027-03-28T01:30:00.000Z');
		expect(londonToUtc('2026-10-25', '01:30').toISOString()).toBe('2026-10-25T00:30:00.000Z');
		expect(endOfLondonDay('2027-07-01').toISOString()).toBe('2027-07-01T22:59:59.000Z');
		expect(endOfLondonDay('2027-01-12').toISOString()).toBe('2027-01-12T23:59:59.000Z');
		expect(failureStatus(await run(meetings.create as Action, FACILITATOR, { id: PANEL }, { date: '2027-01-12', time: '25:00', agenda: '' }))).toBe(400);
	});

	it('meetings: notes saved, published, then taken down', async () => {
		expect(await run(meeting.notes as Action, FACILITATOR, { id: PANEL, meeting: MEETING }, { notes: 'Draft', publish: 'false' })).toEqual({ notesSaved: 'saved' });
		expect(await one(`select notes, notes_published_at is not null as published from public.meetings where id = $1`, [MEETING])).toEqual({ notes: 'Draft', published: false });
		expect(await run(meeting.notes as Action, FACILITATOR, { id: PANEL, meeting: MEETING }, { notes: 'We agreed on buses.', publish: 'true' })).toEqual({ notesSaved: 'published' });
		expect(await one(`select notes, notes_published_at is not null as published from public.meetings where id = $1`, [MEETING])).toEqual({ notes: 'We agreed on buses.', published: true });
		await run(meeting.notes as Action, FACILITATOR, { id: PANEL, meeting: MEETING }, { notes: 'We agreed on buses.', publish: 'false' });
		expect(await one(`select notes_published_at is not null as published from public.meetings where id = $1`, [MEETING])).toEqual({ published: false });
	});

	it('meetings: one tap marks a member here, another tap undoes it; only members can be marked', async () => {
		const count = async () => (await one<{ n: number }>(`select count(*)::int as n from public.meeting_attendance where meeting_id = $1`, [MEETING])).n;
		expect(await run(meeting.attend as Action, FACILITATOR, { id: PANEL, meeting: MEETING }, { member: BLUE_OTTER, present: 'true' })).toEqual({ marked: BLUE_OTTER });
		await run(meeting.attend as Action, FACILITATOR, { id: PANEL, meeting: MEETING }, { member: QUIET_FOX, present: 'true' });
		expect(await count()).toBe(2);
		await run(meeting.attend as Action, FACILITATOR, { id: PANEL, meeting: MEETING }, { member: QUIET_FOX, present: 'false' });
		expect(await count()).toBe(1);
		const before = await snapshot();
		// a removed member, and another panel's member
		expect(failureStatus(await run(meeting.attend as Action, FACILITATOR, { id: PANEL, meeting: MEETING }, { member: SUNNY_KITE, present: 'true' }))).toBe(400);
		expect(failureStatus(await run(meeting.attend as Action, FACILITATOR, { id: PANEL, meeting: MEETING }, { member: PANEL2_MEMBER, present: 'true' }))).toBe(400);
		expect(await snapshot()).toBe(before);
	});

	it('offline participation: recorded with its results, against the panel', async () => {
		const result = (await run(participation.offline as Action, FACILITATOR, { id: PANEL }, {
			activity: 'Youth fund vote', place: 'Hull youth club', date: londonToday(), participants: '14', option1: 'A', count1: '9', option2: '', count2: '', option3: 'B', count3: '5'
		})) as { redirectedTo: string };
		expect(result.redirectedTo).toMatch(/participation\?recorded=/);
		const row = await one(`select partnership_id, panel_id, participants, results, recorded_by from public.offline_participation where activity = 'Youth fund vote'`);
		expect(row).toEqual({ partnership_id: NORTHBAY, panel_id: PANEL, participants: 14, results: [{ option: 'A', count: 9 }, { option: 'B', count: 5 }], recorded_by: FACILITATOR.id });
	});

	it.each([
		['more votes than people', { participants: '10' }, 'count1'],
		['a count without an option', { option1: '' }, 'option1'],
		['an option without a count', { count2: '' }, 'count2'],
		['a date in the future', { date: addDays(londonToday(), 2) }, 'date'],
		['no people', { participants: '0' }, 'participants'],
		['a fraction', { count1: '2.5' }, 'count1']
	])('offline participation: %s is refused, nothing written', async (_, change, field) => {
		const before = await snapshot();
		const result = await run(participation.offline as Action, FACILITATOR, { id: PANEL }, { ...FORMS[11].valid, ...change });
		expect(failureStatus(result)).toBe(400);
		expect(Object.keys((result as { data: { errors: object } }).data.errors)).toContain(field);
		expect(await snapshot()).toBe(before);
	});
});

describe('who may see the pages and the CSV', () => {
	it.each([
		['the facilitator', 200, FACILITATOR],
		['the partnership admin', 200, ADMIN],
		['a commissioner', 403, COMMISSIONER],
		["another partnership's admin", 404, EASTMERE]
	] as const)('%s → %i', async (_, expected, user) => {
		expect(await status(() => layoutLoad(eventFor(user, { id: PANEL }) as never))).toBe(expected);
		expect(await status(() => membersCsv(eventFor(user, { id: PANEL }) as never))).toBe(expected);
	});

	it('a young person is sent to their own page, a visitor to sign in; a bad id is a 404', async () => {
		const young: SessionUser = { id: BLUE_OTTER, sessionId: crypto.randomUUID(), kind: 'young_person', displayName: 'Blue Otter', isPlatformAdmin: false };
		expect(await status(() => membersCsv(eventFor(young, { id: PANEL }) as never))).toBe(303);
		expect(await status(() => membersCsv(eventFor(null, { id: PANEL }) as never))).toBe(303);
		expect(await status(() => layoutLoad(eventFor(FACILITATOR, { id: 'not-a-uuid' }) as never))).toBe(404);
		expect(await status(() => layoutLoad(eventFor(FACILITATOR, { id: crypto.randomUUID() }) as never))).toBe(404);
	});
});

describe('an archived panel is read-only', () => {
	it('a commissioner cannot archive a panel', async () => {
		const before = await snapshot();
		expect([403, 404]).toContain(failureStatus(await run(archive.default as Action, COMMISSIONER, { id: PANEL2 }, {})));
		expect([403, 404]).toContain(failureStatus(await run(archive.default as Action, EASTMERE, { id: PANEL2 }, {})));
		expect(await snapshot()).toBe(before);
	});

	it('after archiving, every change is refused with 409 and nothing is written', async () => {
		expect(await run(archive.default as Action, FACILITATOR, { id: PANEL2 }, {})).toEqual({ redirectedTo: `/staff/panels/${PANEL2}?archived=1` });
		expect(await one(`select archived_at is not null as archived from public.panels where id = $1`, [PANEL2])).toEqual({ archived: true });
		const before = await snapshot();
		const attempts: [Action, Record<string, string>, Form][] = [
			[settings.save as Action, { id: PANEL2 }, { name: 'New name', audience: ['10-12'], requiresApproval: 'no' }],
			[rotate.default as Action, { id: PANEL2 }, { expires: '' }],
			[hub.turnDown as Action, { id: PANEL2 }, { member: PANEL2_MEMBER }],
			[ideas.moderate as Action, { id: PANEL2 }, { idea: IDEA_PANEL2, decision: 'approve' }],
			[meetings.create as Action, { id: PANEL2 }, { date: '2027-01-12', time: '16:00', agenda: '' }],
			[meeting.notes as Action, { id: PANEL2, meeting: MEETING2 }, { notes: 'x', publish: 'true' }],
			[meeting.attend as Action, { id: PANEL2, meeting: MEETING2 }, { member: PANEL2_MEMBER, present: 'true' }],
			[participation.offline as Action, { id: PANEL2 }, { activity: 'Vote', place: 'School hall', date: PAST, participants: '3' }]
		];
		for (const [action, params, form] of attempts) expect(failureStatus(await run(action, FACILITATOR, params, form))).toBe(409);
		// archiving again changes nothing (no second audit event)
		await run(archive.default as Action, FACILITATOR, { id: PANEL2 }, {});
		expect(await snapshot()).toBe(before);
	});
});
