import { describe, expect, it } from 'vitest';
import { makeElection, PabulibError, parsePabulib, serializePabulib } from './pabulib';
import { buildProfile, UnsupportedBallotsError } from './profile';
import { tally } from './rules';

const SMALL = [
	'META',
	'key;value',
	'description;Youth vote',
	'num_projects;3',
	'num_votes;4',
	'budget;1000.5',
	'vote_type;approval',
	'currency;GBP',
	'PROJECTS',
	'project_id;cost;votes;name',
	'a;500;2;Skate park',
	'b;250,25;2;"Library; books and ""comics"""',
	'c;600;1;Music room',
	'VOTES',
	'voter_id;vote;age',
	'v1;a,b;12',
	'v2;a;15',
	'v3;;11',
	'v4;b,c;14',
	''
].join('\n');

/** Expects parsing to fail with a PabulibError on the given line. */
function failsAt(text: string, line: number, message: RegExp) {
	let err: unknown;
	try {
		parsePabulib(text);
	} catch (e) {
		err = e;
	}
	expect(err, 'should have thrown').toBeInstanceOf(PabulibError);
	expect((err as PabulibError).line).toBe(line);
	expect((err as PabulibError).message).toMatch(message);
	expect((err as PabulibError).message).toMatch(new RegExp(`^line ${line}: `));
}

describe('parsePabulib', () => {
	it('reads META, PROJECTS and VOTES', () => {
		const e = parsePabulib(SMALL);
		expect(e.voteType).toBe('approval');
		expect(e.budget).toBe('1000.5');
		expect(e.meta.currency).toBe('GBP');
		expect(e.meta.description).toBe('Youth vote');
		expect(e.projectColumns).toEqual(['project_id', 'cost', 'votes', 'name']);
		expect(e.projects.map((p) => [p.id, p.cost, p.line])).toEqual([
			['a', '500', 11],
			['b', '250,25', 12],
			['c', '600', 13]
		]);
		expect(e.projects[1].cells[3]).toBe('Library; books and "comics"');
		expect(e.voteColumns).toEqual(['voter_id', 'vote', 'age']);
		expect(e.votes.map((v) => v.vote)).toEqual([['a', 'b'], ['a'], [], ['b', 'c']]);
		expect(e.votes[3]).toMatchObject({ voterId: 'v4', line: 19, cells: ['v4', 'b,c', '14'] });
	});

	it('counts empty ballots as voters', () => {
		const p = buildProfile(parsePabulib(SMALL));
		expect(p.voters).toBe(4);
		expect(p.groups).toBe(3); // {a,b}, {a}, {b,c}; the empty ballot has no group
		expect([...p.supporters]).toEqual([2, 2, 1]);
		// Money is scaled to the largest number of decimals: 1000.5 and 250,25 → hundredths.
		expect(p.decimals).toBe(2);
		expect(p.budget).toBe(100050n);
		expect(p.cost).toEqual([50000n, 25025n, 60000n]);
	});

	it('takes CRLF, CR, mixed line endings, a BOM, blank lines and padded cells', () => {
		const crlf = parsePabulib('\ufeff' + SMALL.replace(/\n/g, '\r\n'));
		const cr = parsePabulib(SMALL.replace(/\n/g, '\r'));
		const mixed = parsePabulib(SMALL.split('\n').map((l, i) => l + (i % 3 === 0 ? '\r\n' : i % 3 === 1 ? '\n' : '\r')).join(''));
		const spaced = parsePabulib(SMALL.replace('v2;a;15', '\n\n  v2 ; a ;15  \n').replace('budget;1000.5', 'budget; 1000.5 '));
		for (const e of [crlf, cr, mixed]) {
			expect(e.votes.map((v) => v.vote)).toEqual(parsePabulib(SMALL).votes.map((v) => v.vote));
			expect(e.projects[1].cells[3]).toBe('Library; books and "comics"');
		}
		expect(spaced.votes[1]).toMatchObject({ voterId: 'v2', vote: ['a'] });
		expect(spaced.budget).toBe('1000.5');
		expect(crlf.votes[3].line).toBe(19);
	});

	it('reads quoted fields that run over a line break, keeping line numbers right', () => {
		const text = SMALL.replace('c;600;1;Music room', 'c;600;1;"Music\nroom"');
		const e = parsePabulib(text);
		expect(e.projects[2].cells[3]).toBe('Music\nroom');
		expect(e.votes[0].line).toBe(17);
		failsAt(SMALL.replace('c;600;1;Music room', 'c;600;1;"Music room'), 13, /never closed/);
	});

	it('reads cumulative ballots with their points', () => {
		const text = SMALL.replace('vote_type;approval', 'vote_type;cumulative')
			.replace('voter_id;vote;age', 'voter_id;vote;points;age')
			.replace('v1;a,b;12', 'v1;a,b;3,2;12')
			.replace('v2;a;15', 'v2;a;5;15')
			.replace('v3;;11', 'v3;;;11')
			.replace('v4;b,c;14', 'v4;b,c;1,4;14');
		const e = parsePabulib(text);
		expect(e.votes.map((v) => v.points)).toEqual([['3', '2'], ['5'], [], ['1', '4']]);
		const p = buildProfile(e);
		expect(p.kind).toBe('cumulative');
		expect([...p.score]).toEqual([8, 3, 4]);
		failsAt(text.replace('v4;b,c;1,4;14', 'v4;b,c;1;14'), 19, /lists 2 projects but 1 points/);
		failsAt(text.replace('v4;b,c;1,4;14', 'v4;b,c;1,x;14'), 19, /"x" is not a valid number of points/);
		failsAt(text.replace('voter_id;vote;points;age', 'voter_id;vote;age'), 15, /need a points column/);
	});

	it('reads ordinal ballots, which greedy and MES do not support', () => {
		const e = parsePabulib(SMALL.replace('vote_type;approval', 'vote_type;ordinal'));
		expect(e.voteType).toBe('ordinal');
		expect(e.votes[3].vote).toEqual(['b', 'c']);
		expect(() => tally(e, { rule: 'mes' })).toThrow(UnsupportedBallotsError);
		expect(() => tally(e, { rule: 'greedy' })).toThrow(/not supported for ordinal ballots/);
	});

	it('rejects bad files with the line number', () => {
		failsAt(SMALL.replace('c;600;1;Music room', 'c;6OO;1;Music room'), 13, /cost of project "c" is "6OO"/);
		failsAt(SMALL.replace('c;600;1;Music room', 'c;-600;1;Music room'), 13, /not an amount of money/);
		failsAt(SMALL.replace('v4;b,c;14', 'v4;b,z;14'), 19, /project "z", which is not in PROJECTS/);
		failsAt(SMALL.replace('c;600;1;Music room', 'a;600;1;Music room'), 13, /project "a" is listed twice/);
		failsAt(SMALL.replace('v2;a;15', 'v2;a;15;extra'), 17, /4 fields but the header has 3/);
		failsAt(SMALL.replace('project_id;cost;votes;name', 'project_id;price;votes;name'), 10, /no cost column/);
		failsAt(SMALL.replace('voter_id;vote;age', 'voter_id;ballot;age'), 15, /no vote column/);
		failsAt(SMALL.replace('budget;1000.5', 'budget;lots'), 1, /the budget is "lots"/);
		failsAt(SMALL.replace('budget;1000.5\n', ''), 1, /META has no budget/);
		failsAt(SMALL.replace('vote_type;approval', 'vote_type;dance'), 1, /unknown vote_type "dance"/);
		failsAt('hello;world\n' + SMALL, 1, /expected the META section first/);
		failsAt(SMALL + 'PROJECTS\n', 20, /appears twice/);
		failsAt(SMALL.slice(0, SMALL.indexOf('PROJECTS')), 9, /no PROJECTS section/); // at the end of the file
		failsAt(SMALL.replace('a;500;2;Skate park', ';500;2;Skate park'), 11, /empty project_id/);
	});

	it('parses the 61,668-voter Warsaw 2026 file shape quickly', () => {
		// A synthetic file of the same size: 83 projects, 61,668 ballots of up to 5 projects.
		const lines = ['META', 'key;value', 'budget;24186815', 'vote_type;approval', 'PROJECTS', 'project_id;cost;name'];
		for (let p = 0; p < 83; p++) lines.push(`${1000 + p};${100000 + p * 997};Project ${p}`);
		lines.push('VOTES', 'voter_id;vote;age;sex;voting_method;neighborhood');
		let seed = 7;
		const rnd = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
		for (let v = 0; v < 61668; v++) {
			const k = 1 + Math.floor(rnd() * 5);
			const vote = Array.from({ length: k }, () => 1000 + Math.floor(rnd() * 83));
			lines.push(`${200000 + v};${[...new Set(vote)].join(',')};${18 + (v % 60)};F;internet;Mokotów`);
		}
		const text = lines.join('\n');
		const t = performance.now();
		const e = parsePabulib(text);
		const p = buildProfile(e);
		const ms = performance.now() - t;
		expect(p.voters).toBe(61668);
		expect(ms).toBeLessThan(5000); // typically ~150 ms; generous for a busy machine
	});
});

describe('serializePabulib', () => {
	it('round-trips, quoting what needs quoting', () => {
		const e = parsePabulib(SMALL);
		const text = serializePabulib(e);
		expect(text).toContain('b;250,25;2;"Library; books and ""comics"""');
		expect(text).toContain('num_votes;4');
		const again = parsePabulib(text);
		const strip = (x: typeof e) => ({
			...x,
			projects: x.projects.map((p) => ({ ...p, line: 0 })),
			votes: x.votes.map((v) => ({ ...v, line: 0 }))
		});
		expect(strip(again)).toEqual(strip({ ...e, meta: { ...e.meta, num_projects: '3', num_votes: '4' } }));
		expect(serializePabulib(again)).toBe(text);
	});

	it('builds elections in code', () => {
		const e = makeElection({
			budget: 100,
			voteType: 'cumulative',
			meta: { currency: 'GBP', description: 'Club; "fun" fund' },
			projects: [
				{ id: 'x', cost: 60, name: 'Trip' },
				{ id: 'y', cost: '40.5' }
			],
			votes: [{ vote: ['x', 'y'], points: [2, 1] }, { voterId: 'z9', vote: [] }]
		});
		expect(e.meta.description).toBe('Club; "fun" fund');
		expect(e.projects.map((p) => [p.id, p.cost, p.cells[2]])).toEqual([
			['x', '60', 'Trip'],
			['y', '40.5', '']
		]);
		expect(e.votes.map((v) => [v.voterId, v.vote, v.points])).toEqual([
			['1', ['x', 'y'], ['2', '1']],
			['z9', [], []]
		]);
		expect(() => makeElection({ budget: 1, voteType: 'approval', projects: [{ id: 'a', cost: 1 }], votes: [{ vote: ['b'] }] })).toThrow(
			PabulibError
		);
	});
});
