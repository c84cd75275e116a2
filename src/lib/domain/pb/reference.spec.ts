/**
 * The real elections in ../shared/pabulib (relative to the repository root) and the outcomes
 * pabutools gives for them (expected.json): every `selected` list must match exactly, for greedy,
 * MES, MES+add1 and MES+add1u, computed through the same functions the CLI calls.
 */
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parsePabulib } from './pabulib';
import { buildProfile } from './profile';
import { tallyProfile } from './rules';
import type { Completion, RuleName } from './rules';

const ROOT = fileURLToPath(new URL('../../../../', import.meta.url));
// The shared folder next to the repository has the newest elections; a clone elsewhere uses the
// copy in tests/pabulib (same files), and SAYSO_PABULIB_DIR points at any other set.
const SHARED = fileURLToPath(new URL('../../../../../shared/pabulib/', import.meta.url));
const VENDORED = `${ROOT}tests/pabulib/`;
const DIR = process.env.SAYSO_PABULIB_DIR ? `${process.env.SAYSO_PABULIB_DIR.replace(/\/?$/, '/')}` : existsSync(`${SHARED}expected.json`) ? SHARED : VENDORED;
const EXPECTED = `${DIR}expected.json`;

interface Expected {
	vote_type: string;
	projects: number;
	voters: number;
	budget: string;
	selected: Record<string, string[]>;
	cost: Record<string, string>;
}

const RULES: Record<string, [RuleName, Completion]> = {
	greedy: ['greedy', 'none'],
	mes: ['mes', 'none'],
	mes_add1: ['mes', 'add1'],
	mes_add1u: ['mes', 'add1u']
};

describe(`reference elections from ${DIR}`, () => {
	it('are there', () => {
		// Fail loudly rather than pass with nothing checked.
		expect(
			existsSync(EXPECTED),
			`${EXPECTED} is missing: this test needs Pabulib elections with pabutools' outcomes (../shared/pabulib, tests/pabulib or SAYSO_PABULIB_DIR)`
		).toBe(true);
		const expected = JSON.parse(readFileSync(EXPECTED, 'utf8')) as Record<string, Expected>;
		expect(Object.keys(expected).length).toBeGreaterThan(0);
	});

	const expected: Record<string, Expected> = existsSync(EXPECTED) ? JSON.parse(readFileSync(EXPECTED, 'utf8')) : {};
	for (const [file, want] of Object.entries(expected)) {
		it(`${file}: ${Object.keys(want.selected).join(', ')}`, () => {
			const path = `${DIR}${file}`;
			expect(existsSync(path), `${path} is listed in expected.json but missing`).toBe(true);
			const election = parsePabulib(readFileSync(path, 'utf8'));
			const profile = buildProfile(election);
			expect(profile.voters).toBe(want.voters);
			expect(profile.ids.length).toBe(want.projects);
			expect(election.voteType).toBe(want.vote_type);
			const keys = Object.keys(want.selected);
			expect(keys.length).toBeGreaterThan(0);
			for (const key of keys) {
				const rule = RULES[key];
				expect(rule, `unknown rule "${key}" in expected.json`).toBeDefined();
				const result = tallyProfile(profile, rule[0], rule[1], election.meta.currency);
				const got = [...result.selected].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
				expect(got, `${file} ${key}`).toEqual(want.selected[key]);
				if (want.cost?.[key] !== undefined) expect(result.cost, `${file} ${key} cost`).toBe(want.cost[key]);
			}
		});
	}
});
