import { describe, expect, it } from 'vitest';
import { cryptoRandomInt, suggestPassphrase } from './passphrase';
import { PASSPHRASE_WORDS } from './passphrase-words';

describe('suggested passphrases', () => {
	it('are four different words from the list', () => {
		for (let i = 0; i < 50; i++) {
			const words = suggestPassphrase().split(' ');
			expect(words).toHaveLength(4);
			expect(new Set(words).size).toBe(4);
			for (const w of words) expect(PASSPHRASE_WORDS).toContain(w);
		}
	});
	it('uses the random source it is given', () => {
		let n = 0;
		expect(suggestPassphrase(3, () => n++)).toBe(PASSPHRASE_WORDS.slice(0, 3).join(' '));
	});
	it('the list is big enough and has no duplicates or odd characters', () => {
		expect(PASSPHRASE_WORDS.length).toBeGreaterThanOrEqual(300);
		expect(new Set(PASSPHRASE_WORDS).size).toBe(PASSPHRASE_WORDS.length);
		for (const w of PASSPHRASE_WORDS) expect(w).toMatch(/^[a-z]{3,10}$/);
	});
	it('random integers stay in range', () => {
		for (let i = 0; i < 1000; i++) {
			const v = cryptoRandomInt(7);
			expect(v).toBeGreaterThanOrEqual(0);
			expect(v).toBeLessThan(7);
		}
	});
});
