/**
 * Exact arithmetic for the participatory-budgeting tallies.
 *
 * Money in Pabulib files is an exact decimal ("1310641.1"), and pabutools (the reference
 * implementation) computes with exact fractions, so a near-tie decided in floating point can
 * come out the other way. `Rational` is a small immutable fraction over native `bigint`, always
 * kept in lowest terms with a positive denominator. The hot loops of the Method of Equal Shares
 * work in floating point with proven error bounds and fall back to these fractions whenever a
 * decision is too close to call (see equal-shares.ts).
 */

export class Rational {
	/** Numerator (any sign). */
	readonly num: bigint;
	/** Denominator, always > 0; gcd(num, den) = 1. */
	readonly den: bigint;

	private constructor(num: bigint, den: bigint) {
		this.num = num;
		this.den = den;
	}

	static readonly ZERO = new Rational(0n, 1n);
	static readonly ONE = new Rational(1n, 1n);

	/** num/den, reduced. Throws on a zero denominator. */
	static of(num: bigint | number, den: bigint | number = 1n): Rational {
		let n = typeof num === 'bigint' ? num : toBigIntStrict(num);
		let d = typeof den === 'bigint' ? den : toBigIntStrict(den);
		if (d === 0n) throw new RangeError('Rational: division by zero');
		if (d < 0n) {
			n = -n;
			d = -d;
		}
		const g = gcd(n, d);
		return g === 1n ? new Rational(n, d) : new Rational(n / g, d / g);
	}

	/**
	 * Parses an exact decimal as Pabulib writes money: "123", "123.45", "123,45" (decimal comma,
	 * as pabutools accepts), optional sign and surrounding spaces. No exponents, no thousands
	 * separators. Throws a RangeError with a readable message otherwise.
	 */
	static parseDecimal(text: string): Rational {
		const d = parseDecimal(text);
		return Rational.of(d.units, 10n ** BigInt(d.scale));
	}

	/** The exact value of a finite double (every double is a dyadic rational). */
	static fromNumber(x: number): Rational {
		if (!Number.isFinite(x)) throw new RangeError(`Rational: ${x} is not finite`);
		if (Number.isInteger(x)) return new Rational(BigInt(x), 1n);
		const { mantissa, exponent } = decompose(x);
		return exponent >= 0 ? Rational.of(mantissa << BigInt(exponent)) : Rational.of(mantissa, 1n << BigInt(-exponent));
	}

	add(o: Rational): Rational {
		if (this.den === o.den) return Rational.of(this.num + o.num, this.den);
		return Rational.of(this.num * o.den + o.num * this.den, this.den * o.den);
	}
	sub(o: Rational): Rational {
		if (this.den === o.den) return Rational.of(this.num - o.num, this.den);
		return Rational.of(this.num * o.den - o.num * this.den, this.den * o.den);
	}
	mul(o: Rational): Rational {
		return Rational.of(this.num * o.num, this.den * o.den);
	}
	div(o: Rational): Rational {
		if (o.num === 0n) throw new RangeError('Rational: division by zero');
		return Rational.of(this.num * o.den, this.den * o.num);
	}
	neg(): Rational {
		return new Rational(-this.num, this.den);
	}
	/** -1, 0 or 1. */
	cmp(o: Rational): number {
		const l = this.num * o.den;
		const r = o.num * this.den;
		return l < r ? -1 : l > r ? 1 : 0;
	}
	eq(o: Rational): boolean {
		return this.num === o.num && this.den === o.den;
	}
	lt(o: Rational): boolean {
		return this.cmp(o) < 0;
	}
	le(o: Rational): boolean {
		return this.cmp(o) <= 0;
	}
	sign(): number {
		return this.num < 0n ? -1 : this.num > 0n ? 1 : 0;
	}
	isInteger(): boolean {
		return this.den === 1n;
	}
	/** Nearest double (relative error below 2^-52). */
	toNumber(): number {
		return ratioToNumber(this.num, this.den);
	}
	/** "n" or "n/d". */
	toString(): string {
		return this.den === 1n ? this.num.toString() : `${this.num}/${this.den}`;
	}
	/**
	 * Exact decimal text when the value has a finite decimal expansion with at most `maxScale`
	 * digits after the point ("1310641.1"), otherwise undefined.
	 */
	toDecimal(maxScale = 12): string | undefined {
		let d = this.den;
		let twos = 0;
		let fives = 0;
		while (d % 2n === 0n) {
			d /= 2n;
			twos++;
		}
		while (d % 5n === 0n) {
			d /= 5n;
			fives++;
		}
		if (d !== 1n) return undefined;
		const scale = Math.max(twos, fives);
		if (scale > maxScale) return undefined;
		return formatScaled((this.num * 10n ** BigInt(scale)) / this.den, scale);
	}
}

/** Greatest common divisor of two bigints (always >= 0; gcd(0, 0) = 0). */
export function gcd(a: bigint, b: bigint): bigint {
	if (a < 0n) a = -a;
	if (b < 0n) b = -b;
	while (b !== 0n) {
		const t = a % b;
		a = b;
		b = t;
	}
	return a;
}

/** A decimal as an integer number of units of 10^-scale: "12.50" → { units: 1250n, scale: 2 }. */
export interface ScaledDecimal {
	units: bigint;
	scale: number;
}

const DECIMAL = /^([+-]?)(\d*)(?:[.,](\d*))?$/;

export function parseDecimal(text: string): ScaledDecimal {
	const t = text.trim();
	const m = DECIMAL.exec(t);
	if (!m || (m[2] === '' && (m[3] ?? '') === '')) throw new RangeError(`"${text}" is not a decimal number`);
	const frac = m[3] ?? '';
	const units = BigInt((m[2] || '0') + frac);
	return { units: m[1] === '-' ? -units : units, scale: frac.length };
}

/** Text of units × 10^-scale without trailing zeros: (131064110n, 2) → "1310641.1". */
export function formatScaled(units: bigint, scale: number): string {
	const neg = units < 0n;
	let s = (neg ? -units : units).toString();
	if (scale > 0) {
		s = s.padStart(scale + 1, '0');
		const int = s.slice(0, s.length - scale);
		const frac = s.slice(s.length - scale).replace(/0+$/, '');
		s = frac ? `${int}.${frac}` : int;
	}
	return neg && s !== '0' ? `-${s}` : s;
}

/** num/den as the nearest double, for bigints of any size (relative error below 2^-52). */
export function ratioToNumber(num: bigint, den: bigint): number {
	if (den < 0n) {
		num = -num;
		den = -den;
	}
	if (num === 0n) return 0;
	const neg = num < 0n;
	if (neg) num = -num;
	const LIMIT = 1n << 53n;
	let r: number;
	if (num < LIMIT && den < LIMIT) {
		r = Number(num) / Number(den); // both exact, one rounding
	} else {
		// Shift so the integer quotient has at least 64 significant bits, then scale back.
		const shift = bitLength(den) - bitLength(num) + 66;
		const q = shift >= 0 ? (num << BigInt(shift)) / den : num / (den << BigInt(-shift));
		r = Number(q) * 2 ** -shift;
		if (!Number.isFinite(r) || r === 0) r = scaleByPow2(Number(q), -shift);
	}
	return neg ? -r : r;
}

/** Number of bits of a non-negative bigint (0 for 0). */
export function bitLength(x: bigint): number {
	if (x === 0n) return 0;
	// toString(16) is fast and exact; the leading digit gives the last few bits.
	const hex = x.toString(16);
	return (hex.length - 1) * 4 + (32 - Math.clz32(parseInt(hex[0], 16)));
}

function scaleByPow2(x: number, e: number): number {
	// Multiply in two halves so neither factor over- or underflows on its own.
	const h = Math.trunc(e / 2);
	return x * 2 ** h * 2 ** (e - h);
}

function decompose(x: number): { mantissa: bigint; exponent: number } {
	const view = new DataView(new ArrayBuffer(8));
	view.setFloat64(0, x);
	const hi = view.getUint32(0);
	const lo = view.getUint32(4);
	const sign = hi >>> 31 ? -1n : 1n;
	const expBits = (hi >>> 20) & 0x7ff;
	let mant = (BigInt(hi & 0xfffff) << 32n) | BigInt(lo);
	let exponent: number;
	if (expBits === 0) exponent = -1074;
	else {
		mant |= 1n << 52n;
		exponent = expBits - 1075;
	}
	return { mantissa: sign * mant, exponent };
}

function toBigIntStrict(x: number): bigint {
	if (!Number.isSafeInteger(x)) throw new RangeError(`Rational: ${x} is not a safe integer`);
	return BigInt(x);
}
