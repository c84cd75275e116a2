/** The tally CLI, run as `npm run tally` runs it, once, on a small file. */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../../../../', import.meta.url));

const FILE = `META
key;value
description;Youth Council pot
budget;100
vote_type;approval
currency;GBP
PROJECTS
project_id;cost;name
p;60;Pitch lights
q;40;Quiet room
r;50;"Radio; and podcast kit"
VOTES
voter_id;vote
1;p
2;p
3;p
4;p
5;p
6;q
7;q
8;q
9;q
10;q,r
`;

describe('npm run tally', () => {
	it('prints the funded ids and, with --json, one JSON object on the last line', () => {
		const dir = mkdtempSync(join(tmpdir(), 'sayso-tally-'));
		try {
			const file = join(dir, 'round.pb');
			writeFileSync(file, FILE);
			const out = spawnSync(
				process.execPath,
				['--import', 'tsx', 'scripts/tally.ts', file, '--rule', 'mes', '--completion', 'add1u', '--json'],
				{ cwd: ROOT, encoding: 'utf8', timeout: 60_000 }
			);
			expect(out.stderr).toMatch(/projects funded/);
			expect(out.status).toBe(0);
			const lines = out.stdout.trim().split('\n');
			const json = JSON.parse(lines[lines.length - 1]);
			expect(json).toEqual({
				rule: 'mes',
				completion: 'add1u',
				selected: ['p', 'q'],
				cost: 100,
				budget: 100,
				voters: 10,
				projects: 3,
				parse_ms: expect.any(Number),
				ms: expect.any(Number)
			});
			expect(json.parse_ms).toBeGreaterThanOrEqual(0);
			expect(json.ms).toBeGreaterThanOrEqual(0);
			// Before the JSON: the ids in the order they were funded.
			expect(lines.slice(0, -1)).toEqual(['p', 'q']);
		} finally {
			rmSync(dir, { recursive: true, force: true });
		}
	});
});
