import { describe, expect, it } from 'vitest';
import {
	formatJoinCode,
	joinCodeSchema,
	joinDetailsSchema,
	newPassphraseSchema,
	normalisePassphrase,
	pseudonymProblem,
	staffSignInSchema
} from './auth';

describe('join codes', () => {
	it('accepts what people type and stores one form', () => {
		expect(joinCodeSchema.parse('nrth-bay7')).toBe('NRTHBAY7');
		expect(joinCodeSchema.parse(' NRTH BAY7 ')).toBe('NRTHBAY7');
		expect(formatJoinCode('NRTHBAY7')).toBe('NRTH-BAY7');
	});
	it.each(['', 'SHORT', 'NRTHBAY7X', 'NRTHBAY0', 'NRTHBAYI', "' or 1=1 --", '<script>', 'x'.repeat(500)])(
		'rejects %j with a message',
		(code) => {
			const r = joinCodeSchema.safeParse(code);
			expect(r.success).toBe(false);
			expect(r.error?.issues[0].message).toMatch(/code/i);
		}
	);
	it('rejects a non-string', () => {
		expect(joinCodeSchema.safeParse(12345678).success).toBe(false);
		expect(joinCodeSchema.safeParse(undefined).success).toBe(false);
	});
});

describe('pseudonyms', () => {
	it.each(['Blue Otter', 'sky_runner', 'Kit-3', 'Al'])('accepts %j', (name) => expect(pseudonymProblem(name)).toBeNull());
	it.each([
		['me@example.com', /email|@|web/i],
		['@skater', /email|@|web/i],
		['www.site', /email|@|web/i],
		['https://x', /email|@|web/i],
		['ring 07700900123', /numbers/i],
		['Kid 1234', /numbers/i],
		['A', /2 to 24/],
		['x'.repeat(25), /2 to 24/],
		['<script>', /letters/i],
		["Robert'); drop", /letters/i],
		['', /made-up name/i]
	])('rejects %j', (name, reason) => expect(pseudonymProblem(name)).toMatch(reason));
});

describe('passphrases', () => {
	it('ignores capitals and extra spaces', () => {
		expect(normalisePassphrase('  Maple   RIVER lantern ')).toBe('maple river lantern');
	});
	it.each(['', 'short', 'x'.repeat(101), '<script>alert(1)</script>'])('rejects %j', (p) => {
		expect(newPassphraseSchema.safeParse(p).success).toBe(false);
	});
	it('accepts a suggested-style passphrase', () => {
		expect(newPassphraseSchema.parse('Otter Maple Kite River')).toBe('otter maple kite river');
	});
});

describe('whole forms', () => {
	it('join details need every field', () => {
		const r = joinDetailsSchema.safeParse({ code: 'NRTHBAY7' });
		expect(r.success).toBe(false);
		expect(r.error?.issues.map((i) => i.path[0]).sort()).toEqual(['ageBand', 'passphrase', 'pseudonym']);
	});
	it('age band must be one of ours', () => {
		const r = joinDetailsSchema.safeParse({ code: 'NRTHBAY7', pseudonym: 'Blue Otter', ageBand: '9', passphrase: 'maple river lantern' });
		expect(r.success).toBe(false);
		expect(r.error?.issues[0].path).toEqual(['ageBand']);
	});
	it('staff email must look like one', () => {
		expect(staffSignInSchema.safeParse({ email: 'not an email', password: 'x' }).success).toBe(false);
		expect(staffSignInSchema.parse({ email: ' Admin@Northbay.example ', password: 'x' }).email).toBe('Admin@Northbay.example');
	});
});
