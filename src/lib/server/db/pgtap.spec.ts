import { basename } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bootstrap } from './bootstrap';
import { migrate } from './migrate';
import { formatTapReport, listPgTapFiles, loadPgTap, parseTap, preparePgTapSource, runPgTapFile, runPgTapScript, splitSql } from './pgtap';
import { describeTransports, type TestDriver } from './test-databases';

/**
 * Every pgTAP script in supabase/tests, on PGlite and (with DATABASE_URL) on PostgreSQL: a fresh
 * database per transport, bootstrapped and migrated as embedded mode does, pgTAP loaded into the
 * `tap` schema, then one vitest test per script, each run in a transaction that is rolled back.
 */
const files = listPgTapFiles();

describeTransports('pgTAP', (transport) => {
	let driver: TestDriver;
	beforeAll(async () => {
		driver = await transport.open();
		await bootstrap(driver);
		await migrate(driver);
		expect(await loadPgTap(driver)).toBe('1.2');
	});
	afterAll(() => driver?.dispose());

	it('has test scripts to run', () => {
		expect(files.length).toBeGreaterThan(0);
	});

	for (const file of files) {
		it(basename(file), async () => {
			const result = await runPgTapFile(driver, file);
			if (!result.passed) expect.fail(formatTapReport(result));
			expect(result.tests.length).toBe(result.planned);
		});
	}

	it('loading pgTAP again is a no-op, and the scripts left nothing behind', async () => {
		expect(await loadPgTap(driver)).toBe('1.2');
		const left = await driver.query(`select count(*)::int as n from public.accounts`);
		expect(left.rows[0]).toEqual({ n: 0 });
	});

	it('reports a failing assertion, a plan mismatch and an error as failures', async () => {
		const failing = await runPgTapScript(driver, `begin; select plan(2); select ok(false, 'nope'); select * from finish(); rollback;`, 'failing');
		expect(failing.passed).toBe(false);
		expect(failing.problems).toEqual(['planned 2 tests but ran 1', 'not ok 1 - nope']);
		expect(failing.output).toContain('# Looks like you planned 2 tests but ran 1');

		const broken = await runPgTapScript(driver, `select plan(1);\n\nselect * from no_such_table;\nselect ok(true);`, 'broken');
		expect(broken.passed).toBe(false);
		expect(broken.bailOut).toMatch(/^broken:3 \[42P01\] relation "no_such_table" does not exist/);

		const todo = await runPgTapScript(driver, `select plan(1); select todo('later', 1); select ok(false, 'not yet');`, 'todo');
		expect(todo.passed, formatTapReport(todo)).toBe(true);
	});
});

describe('pgTAP loader and TAP parser (no database)', () => {
	it('splits statements around quotes, dollar quotes, comments and meta-commands', () => {
		const script = [
			'\\set ON_ERROR_STOP 1',
			"select 'a;b', E'it\\'s;', \"we;ird\"; -- trailing; comment",
			'/* block; /* nested; */ still */ select $$x;y$$;',
			'create function f() returns int language sql as $body$ select 1; $body$;',
			'select $1::int, a$b from t;',
			'-- only a comment;'
		].join('\n');
		expect(splitSql(script)).toEqual([
			{ sql: "select 'a;b', E'it\\'s;', \"we;ird\"", line: 2 },
			{ sql: '-- trailing; comment\n/* block; /* nested; */ still */ select $$x;y$$', line: 3 },
			{ sql: 'create function f() returns int language sql as $body$ select 1; $body$', line: 4 },
			{ sql: 'select $1::int, a$b from t', line: 5 }
		]);
	});

	it('prepares an extension script: drops meta-commands and extension-only statements, refuses C', () => {
		const ext = [
			'\\echo Use "CREATE EXTENSION pgtap" to load this file. \\quit',
			'create function @extschema@.f() returns int language sql as $$ select 1 $$;',
			"select pg_catalog.pg_extension_config_dump('t', '');",
			'ALTER EXTENSION pgtap ADD FUNCTION g();'
		].join('\n');
		expect(preparePgTapSource(ext).map((s) => s.sql)).toEqual(['create function "tap".f() returns int language sql as $$ select 1 $$']);
		expect(() => preparePgTapSource(`create function f() returns int as 'MODULE_PATHNAME' language c;`)).toThrow(/C library/);
	});

	it('parses TAP: plan, ok, not ok, TODO, SKIP and bail out', () => {
		const r = parseTap(['1..4', 'ok 1 - a', 'not ok 2 - b # TODO later', 'ok 3 - c # SKIP no db', 'not ok 4 - d \\# e', '# Failed test 4'], 'x');
		expect(r.planned).toBe(4);
		expect(r.failures.map((t) => t.description)).toEqual(['d # e']);
		expect(r.tests[1].directive).toEqual({ kind: 'TODO', reason: 'later' });
		expect(r.passed).toBe(false);
		expect(parseTap(['1..1', 'Bail out! boom'], 'y').problems).toEqual(['bailed out: boom', 'planned 1 tests but ran 0']);
	});
});
