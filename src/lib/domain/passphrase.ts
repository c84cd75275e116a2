import { PASSPHRASE_WORDS } from './passphrase-words';

/**
 * Suggests a passphrase of common words, e.g. "otter lantern maple river". Four words from the
 * list give about 33 bits; with sign-in rate limits and argon2id that is far beyond guessing, and
 * a child can remember it. `random` is injectable so tests can pin the choice.
 */
export function suggestPassphrase(words = 4, random: (n: number) => number = cryptoRandomInt): string {
	const picked: string[] = [];
	while (picked.length < words) {
		const w = PASSPHRASE_WORDS[random(PASSPHRASE_WORDS.length)];
		if (!picked.includes(w)) picked.push(w);
	}
	return picked.join(' ');
}

/** Unbiased integer in [0, n) from the platform CSPRNG (works in Node and browsers). */
export function cryptoRandomInt(n: number): number {
	const limit = Math.floor(0x1_0000_0000 / n) * n;
	const buf = new Uint32Array(1);
	for (;;) {
		crypto.getRandomValues(buf);
		if (buf[0] < limit) return buf[0] % n;
	}
}
