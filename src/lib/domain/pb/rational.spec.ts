import { describe, expect, it } from 'vitest';
import { bitLength, formatScaled, gcd, parseDecimal, Rational, ratioToNumber } from './rational';

const r = (n: number | bigint, d: number | bigint = 1) => Rational.of(n, d);

describe('Rational', () => {
	it('is kept in lowest terms with a positive denominator', () => {
		expect(r(6, 8).toString()).toBe('3/4');
		expect(r(3, -6).toString()).toBe('-1/2');
		expect(r(0, -5).toString()).toBe('0');
		expect(r(10n ** 30n, 10n ** 29n).toString()).toBe('10');
		expect(() => r(1, 0)).toThrow(/division by zero/);
		expect(() => r(0.5)).toThrow(/safe integer/);
	});

	it('adds, subtracts, multiplies and divides exactly', () => {
		expect(r(1, 3).add(r(1, 6)).toString()).toBe('1/2');
		expect(r(1, 3).sub(r(1, 2)).toString()).toBe('-1/6');
		expect(r(2, 3).mul(r(9, 4)).toString()).toBe('3/2');
		expect(r(2, 3).div(r(4, 9)).toString()).toBe('3/2');
		expect(r(1, 3).neg().toString()).toBe('-1/3');
		expect(() => r(1).div(Rational.ZERO)).toThrow(/division by zero/);
		// 0.1 + 0.2 is exactly 0.3 here, unlike in floating point.
		expect(Rational.parseDecimal('0.1').add(Rational.parseDecimal('0.2')).eq(Rational.parseDecimal('0.3'))).toBe(true);
	});

	it('compares exactly, even when doubles cannot tell the values apart', () => {
		const a = r(10n ** 20n + 1n, 10n ** 20n);
		const b = r(10n ** 20n + 2n, 10n ** 20n);
		expect(a.toNumber()).toBe(b.toNumber());
		expect(a.cmp(b)).toBe(-1);
		expect(b.cmp(a)).toBe(1);
		expect(a.cmp(r(10n ** 20n + 1n, 10n ** 20n))).toBe(0);
		expect(a.lt(b) && a.le(b) && !b.le(a)).toBe(true);
		expect(r(-1, 2).sign()).toBe(-1);
		expect(Rational.ZERO.sign()).toBe(0);
		expect(r(4, 2).isInteger()).toBe(true);
	});

	it('parses Pabulib money exactly', () => {
		expect(Rational.parseDecimal('1310641.1').toString()).toBe('13106411/10');
		expect(Rational.parseDecimal('1310641,1').toString()).toBe('13106411/10');
		expect(Rational.parseDecimal(' 7 ').toString()).toBe('7');
		expect(Rational.parseDecimal('.5').toString()).toBe('1/2');
		expect(Rational.parseDecimal('-2.50').toString()).toBe('-5/2');
		for (const bad of ['', 'abc', '1e5', '1.2.3', '12x', '1 000', '.', '+']) {
			expect(() => Rational.parseDecimal(bad), bad).toThrow(/not a decimal/);
		}
		expect(parseDecimal('12.50')).toEqual({ units: 1250n, scale: 2 });
	});

	it('converts doubles exactly and back to the nearest double', () => {
		expect(Rational.fromNumber(0.1).toString()).toBe('3602879701896397/36028797018963968');
		expect(Rational.fromNumber(0.1).toNumber()).toBe(0.1);
		expect(Rational.fromNumber(-1.5).toString()).toBe('-3/2');
		expect(Rational.fromNumber(2 ** 60).toString()).toBe((2n ** 60n).toString());
		expect(Rational.fromNumber(5e-324).toNumber()).toBe(5e-324);
		expect(() => Rational.fromNumber(Infinity)).toThrow();
		for (const x of [1 / 3, Math.PI, 1e-300, 123456789.123, -7e200]) expect(Rational.fromNumber(x).toNumber()).toBe(x);
	});

	it('turns huge fractions into accurate doubles without overflowing', () => {
		const third = r(10n ** 400n, 3n * 10n ** 400n);
		expect(third.toNumber()).toBe(1 / 3);
		expect(ratioToNumber(-(10n ** 500n), 7n * 10n ** 499n)).toBeCloseTo(-10 / 7, 15);
		expect(ratioToNumber(1n, 3n * 10n ** 320n) / 1e-321).toBeCloseTo(10 / 3, 1); // subnormal (few bits left), but not 0
		expect(ratioToNumber(2n ** 1100n, 2n ** 1090n)).toBe(1024);
		expect(ratioToNumber(0n, 5n)).toBe(0);
	});

	it('writes finite decimals back out', () => {
		expect(Rational.parseDecimal('1310641.1').toDecimal()).toBe('1310641.1');
		expect(r(1, 8).toDecimal()).toBe('0.125');
		expect(r(-3, 4).toDecimal()).toBe('-0.75');
		expect(r(1, 3).toDecimal()).toBeUndefined();
		expect(formatScaled(131064110n, 2)).toBe('1310641.1');
		expect(formatScaled(5n, 3)).toBe('0.005');
		expect(formatScaled(-5000n, 3)).toBe('-5');
		expect(formatScaled(42n, 0)).toBe('42');
	});

	it('has small bigint helpers', () => {
		expect(gcd(12n, -18n)).toBe(6n);
		expect(gcd(0n, 0n)).toBe(0n);
		expect(bitLength(0n)).toBe(0);
		expect(bitLength(1n)).toBe(1);
		expect(bitLength(255n)).toBe(8);
		expect(bitLength(256n)).toBe(9);
		expect(bitLength(2n ** 1000n)).toBe(1001);
	});
});
