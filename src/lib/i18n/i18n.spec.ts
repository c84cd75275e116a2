import { describe, expect, it } from 'vitest';
import { formatDate, formatDateTime, interpolate, locale, t, tList, type MessageKey } from './index';
import { en } from './en';
import { PRIVACY_NOTICE_VERSIONS, privacyAudienceForAge } from './privacy-versions';

describe('t', () => {
	it('returns a plain message', () => {
		expect(t('nav.home')).toBe('Home');
	});

	it('fills placeholders, including repeated ones', () => {
		expect(t('nav.signedInAs', { name: 'Blue Otter' })).toBe('Signed in as Blue Otter');
		expect(t('accessibility.prepared', { date: '25 November 2026' })).toBe(
			'This statement was prepared on 25 November 2026. It was last reviewed on 25 November 2026.'
		);
		expect(t('common.version', { version: 3 })).toBe('Version 3');
	});

	it('leaves a missing placeholder visible', () => {
		// @ts-expect-error the type system requires `name`; this checks what happens at runtime anyway
		expect(t('nav.signedInAs')).toBe('Signed in as {name}');
		expect(interpolate('{a} and {b}', { a: 'x' })).toBe('x and {b}');
	});

	it('does not treat values as templates', () => {
		expect(t('nav.signedInAs', { name: '{name}' })).toBe('Signed in as {name}');
	});

	it('rejects unknown keys and wrong parameters when type-checking, and copes at runtime', () => {
		// @ts-expect-error not a key
		expect(t('home.nope')).toBe('home.nope');
		// @ts-expect-error misspelt parameter
		expect(t('nav.signedInAs', { nmae: 'x' })).toBe('Signed in as {name}');
		// @ts-expect-error this message takes no parameters
		expect(t('nav.home', { name: 'x' })).toBe('Home');
		// @ts-expect-error a list is read with tList, not t
		t('home.safe');
		const key: MessageKey = 'nav.home';
		expect(t(key)).toBe('Home');
	});

	it('reads lists', () => {
		expect(tList('home.safe')).toEqual(en.home.safe);
		expect(tList('home.safe').length).toBeGreaterThan(0);
	});

	it('has the sections other areas fill in', () => {
		for (const area of ['common', 'nav', 'home', 'help', 'accessibility', 'privacy', 'signin', 'join', 'staff', 'partnership', 'errors']) {
			expect(en).toHaveProperty(area);
		}
	});
});

describe('dates', () => {
	it('uses British English', () => {
		expect(locale).toBe('en-GB');
		expect(formatDate('2026-11-25')).toBe('25 November 2026');
	});

	it('shows British Summer Time in summer', () => {
		expect(formatDateTime('2026-07-01T12:00:00Z')).toBe('1 July 2026 at 13:00');
	});

	it('shows Greenwich Mean Time in winter', () => {
		expect(formatDateTime('2026-12-01T12:00:00Z')).toBe('1 December 2026 at 12:00');
	});

	it('moves the date across midnight when UK time does', () => {
		expect(formatDate('2026-06-30T23:30:00Z')).toBe('1 July 2026');
		expect(formatDate('2026-12-31T23:30:00Z')).toBe('31 December 2026');
	});

	it('handles the clocks going back (25 October 2026)', () => {
		expect(formatDateTime('2026-10-25T00:30:00Z')).toBe('25 October 2026 at 01:30');
		expect(formatDateTime('2026-10-25T01:30:00Z')).toBe('25 October 2026 at 01:30');
	});

	it('accepts Date objects and does not throw on bad input', () => {
		expect(formatDate(new Date('2026-01-02T10:00:00Z'))).toBe('2 January 2026');
		expect(formatDateTime('not a date')).toBe('not a date');
	});
});

describe('privacy notice versions', () => {
	it('has a version for every audience and picks by age', () => {
		expect(Object.keys(PRIVACY_NOTICE_VERSIONS).sort()).toEqual(['10-12', '13-16', 'staff']);
		expect(privacyAudienceForAge(10)).toBe('10-12');
		expect(privacyAudienceForAge(12)).toBe('10-12');
		expect(privacyAudienceForAge(13)).toBe('13-16');
		expect(privacyAudienceForAge(16)).toBe('13-16');
	});
});
