/**
 * The page's check (`hasContactDetails`, src/lib/domain/contact-details.ts) and the database's
 * (`public.has_contact_details`, supabase/migrations/…_youth_panels.sql) must give the same answer:
 * the page explains before anything is sent, the database refuses whoever calls it. One shared
 * corpus goes through both, on PGlite and (with DATABASE_URL) on PostgreSQL, whose regex engines
 * and locales differ from JavaScript's.
 *
 * Each case says what the RIGHT answer is. Where today's patterns get it wrong the case carries a
 * `bug` (which side is wrong, and why): that test is an `it.fails`, so it turns red, as a reminder
 * to drop the marker, on the day the patterns are fixed.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { describeTransports, openTestDatabase, type TestDatabase } from '../server/db/test-databases';
import { hasContactDetails } from './contact-details';

type Kind = 'phone' | 'email' | 'handle' | 'url' | 'domain' | 'postcode' | 'ordinary';

interface Case {
	text: string;
	expected: boolean;
	kind: Kind;
	/** A known wrong answer today: on the TypeScript side, the SQL side, or both (they agree, wrongly). */
	bug?: { side: 'ts' | 'sql' | 'both'; why: string };
}

const NBSP = '\u00a0';
const NARROW_NBSP = '\u202f';

const CORPUS: Case[] = [
	// phones, several UK formats
	{ kind: 'phone', expected: true, text: 'ring 0800 123 4567' },
	{ kind: 'phone', expected: true, text: 'my number is 07700900123' },
	{ kind: 'phone', expected: true, text: 'text me on 07700 900 123' },
	{ kind: 'phone', expected: true, text: '+44 7700 900123' },
	{ kind: 'phone', expected: true, text: '+44 (0)7700 900123' },
	{ kind: 'phone', expected: true, text: '447700900123' },
	{ kind: 'phone', expected: true, text: '0114 496 0123' },
	{ kind: 'phone', expected: true, text: '(020) 7946 0018' },
	{ kind: 'phone', expected: true, text: '07700-900-123' },
	{ kind: 'phone', expected: true, text: '07700.900.123' },
	{ kind: 'phone', expected: true, text: '0 7 7 0 0 9 0 0 1 2 3' },
	{ kind: 'phone', expected: true, text: '07700\u2009900\u2009123' },
	{
		kind: 'phone',
		expected: true,
		text: `call 07700${NBSP}900${NBSP}123`
	},
	{
		kind: 'phone',
		expected: true,
		text: `07700${NARROW_NBSP}900${NARROW_NBSP}123`
	},
	// emails
	{ kind: 'email', expected: true, text: 'me@example.com' },
	{ kind: 'email', expected: true, text: 'email First.Last+panel@school.sch.uk' },
	{ kind: 'email', expected: true, text: 'JO@MAIL.CO.UK' },
	{ kind: 'email', expected: true, text: 'add coolkid@gmail' },
	// @handles
	{ kind: 'handle', expected: true, text: 'follow @coolkid' },
	{ kind: 'handle', expected: true, text: 'add me (@cool_kid_99)' },
	{ kind: 'handle', expected: true, text: '@blueotter on insta' },
	// web addresses
	{ kind: 'url', expected: true, text: 'https://x.y' },
	{ kind: 'url', expected: true, text: 'see http://example.org/page' },
	{ kind: 'url', expected: true, text: 'www.site.org' },
	{ kind: 'url', expected: true, text: 'WWW.SITE.ORG' },
	// bare domains and link shorteners
	{ kind: 'domain', expected: true, text: 'tiktok.com/abc' },
	{ kind: 'domain', expected: true, text: 'look on bbc.co.uk' },
	{ kind: 'domain', expected: true, text: 'discord.gg/abc123' },
	{ kind: 'domain', expected: true, text: 't.me/coolkid' },
	{ kind: 'domain', expected: true, text: 'bit.ly/3xYz' },
	{ kind: 'domain', expected: true, text: 'go to mysite.net now' },
	{ kind: 'domain', expected: true, text: 'my page is mybandpage.co.uk!' },
	{ kind: 'domain', expected: true, text: 'linktr.ee/coolkid' },
	{ kind: 'domain', expected: true, text: 'youtu.be/abcdefg' },
	// UK postcodes
	{ kind: 'postcode', expected: true, text: 'I live at M1 1AE' },
	{ kind: 'postcode', expected: true, text: 'postcode sw1a1aa' },
	{ kind: 'postcode', expected: true, text: 'near HU1 3AA' },
	{ kind: 'postcode', expected: true, text: 'EC1A 1BB.' },
	{ kind: 'postcode', expected: true, text: 'W1A 0AX' },
	// ordinary things young people write, with numbers, years, times and prices
	{ kind: 'ordinary', expected: false, text: 'More skateparks please' },
	{ kind: 'ordinary', expected: false, text: 'Entry is £5 or 50p for under 12s' },
	{ kind: 'ordinary', expected: false, text: 'Meet at 3pm on Saturday' },
	{ kind: 'ordinary', expected: false, text: 'Clubs for Year 7 and Year 8' },
	{ kind: 'ordinary', expected: false, text: 'Youth centre open 24/7' },
	{ kind: 'ordinary', expected: false, text: 'In 2026 and 2027 we want more buses' },
	{ kind: 'ordinary', expected: false, text: 'Bus 42 at 7:45, back by 9.30' },
	{ kind: 'ordinary', expected: false, text: 'We raised £1,250 for the food bank' },
	{ kind: 'ordinary', expected: false, text: 'The park shuts at 8.30pm, which is too early' },
	{ kind: 'ordinary', expected: false, text: 'I got 9/10 on my test' },
	{ kind: 'ordinary', expected: false, text: 'Ages 10-12 and 13-15' },
	{ kind: 'ordinary', expected: false, text: 'We need 100% more benches!!!' },
	{ kind: 'ordinary', expected: false, text: 'Room 101 is too small' },
	{ kind: 'ordinary', expected: false, text: 'Free wifi at the library' },
	{ kind: 'ordinary', expected: false, text: 'cya l8r, gr8 idea' },
	{ kind: 'ordinary', expected: false, text: 'im l8 2day sorry' },
	{ kind: 'ordinary', expected: false, text: 'The M6 toll road is noisy' },
	{ kind: 'ordinary', expected: false, text: 'Email is boring, we want texts' },
	{ kind: 'ordinary', expected: false, text: '5 a side football on Fridays 6-8pm' },
	{ kind: 'ordinary', expected: false, text: 'Can we have it on 12.12.2026?' },
	{ kind: 'ordinary', expected: false, text: 'I love the @ sign' },
	{ kind: 'ordinary', expected: false, text: '' },
	{ kind: 'ordinary', expected: false, text: "let's meet b4 3pm" },
	{ kind: 'ordinary', expected: false, text: 'Y8 2nd term is too busy' },
	{ kind: 'ordinary', expected: false, text: 'our U16 1st team needs kit' },
	{
		kind: 'ordinary',
		expected: false,
		text: 'It was great.Me and my mates loved it'
	},
	{
		kind: 'ordinary',
		expected: false,
		text: 'meet @3pm by the library'
	},
	// Accepted on purpose: ten digits in a run are treated as a phone number, whatever they are.
	{ kind: 'ordinary', expected: true, text: 'Scores: 10 12 15 20 25' }
];

const label = (c: Case) => `${c.kind} ${JSON.stringify(c.text)} → ${c.expected}`;
const wrongOn = (c: Case, side: 'ts' | 'sql') => c.bug !== undefined && (c.bug.side === side || c.bug.side === 'both');

describe('the contact-details corpus', () => {
	it('is big enough and covers every kind, both answers', () => {
		expect(CORPUS.length).toBeGreaterThanOrEqual(40);
		for (const kind of ['phone', 'email', 'handle', 'url', 'domain', 'postcode', 'ordinary'] as Kind[]) {
			expect(CORPUS.filter((c) => c.kind === kind).length, kind).toBeGreaterThanOrEqual(3);
		}
		expect(new Set(CORPUS.map((c) => c.text)).size).toBe(CORPUS.length);
	});
});

describe('hasContactDetails (TypeScript) on the corpus', () => {
	for (const c of CORPUS) {
		// BUG (when marked): see the case's `bug.why`.
		(wrongOn(c, 'ts') ? it.fails : it)(label(c), () => {
			expect(hasContactDetails(c.text)).toBe(c.expected);
		});
	}
	it('treats null and undefined as no text', () => {
		expect(hasContactDetails(null)).toBe(false);
		expect(hasContactDetails(undefined)).toBe(false);
	});
});

describeTransports('public.has_contact_details (SQL) on the corpus', (transport) => {
	let t: TestDatabase;
	const sql = new Map<string, boolean>();
	beforeAll(async () => {
		t = await openTestDatabase(transport, { seedDemo: false });
		const { rows } = await t.driver.query<{ text: string; v: boolean }>(
			`select x as text, public.has_contact_details(x) as v from unnest($1::text[]) as x`,
			[CORPUS.map((c) => c.text)]
		);
		for (const r of rows) sql.set(r.text, r.v);
		expect(sql.size).toBe(CORPUS.length);
		return () => t?.dispose();
	});

	for (const c of CORPUS) {
		// BUG (when marked): see the case's `bug.why`.
		(wrongOn(c, 'sql') ? it.fails : it)(label(c), () => {
			expect(sql.get(c.text)).toBe(c.expected);
		});
	}

	it('agrees with hasContactDetails on every case except the known disagreements', () => {
		const disagree = CORPUS.filter((c) => sql.get(c.text) !== hasContactDetails(c.text)).map((c) => c.text);
		const known = CORPUS.filter((c) => c.bug && c.bug.side !== 'both').map((c) => c.text);
		expect(disagree).toEqual(known);
	});

	it('treats null as no text, and anyone may ask (anon included)', async () => {
		expect((await t.driver.query(`select public.has_contact_details(null) as v`)).rows).toEqual([{ v: false }]);
		const { rows } = await t.driver.query<{ ok: boolean }>(
			`select has_function_privilege('anon', 'public.has_contact_details(text)', 'execute') as ok`
		);
		expect(rows).toEqual([{ ok: true }]);
	});
});
