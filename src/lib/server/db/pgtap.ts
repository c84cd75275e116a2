import { readdirSync, readFileSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { isPgError, type Driver, type Sql } from './driver';

/**
 * pgTAP without the extension: PGlite has no pgTAP extension, so tests load pgTAP's own SQL
 * (vendored in supabase/tests/pgtap/pgtap.sql) into a schema named `tap`, on PGlite and on
 * PostgreSQL alike, then run each `supabase/tests/*.sql` file statement by statement inside one
 * transaction that is always rolled back, collecting the TAP lines every statement returns.
 *
 * Test files are written as the Supabase CLI's `supabase test db` (pg_prove) expects them:
 *
 *     begin;
 *     select plan(3);
 *     select ok(...); select is(...); select throws_ok(...);
 *     select * from finish();
 *     rollback;
 *
 * The runner provides the transaction itself, so the file's own `begin`/`commit`/`rollback` and
 * `create extension pgtap` statements are skipped, as are psql meta-commands (`\set`, `\pset`...).
 */

export const TESTS_DIR = resolve('supabase/tests');
export const PGTAP_FILE = join(TESTS_DIR, 'pgtap', 'pgtap.sql');
export const PGTAP_SCHEMA = 'tap';

// ---------------------------------------------------------------------------------------------
// Splitting SQL into statements
// ---------------------------------------------------------------------------------------------

export interface Statement {
	/** The statement's text without the trailing semicolon. */
	sql: string;
	/** 1-based line of the statement's first character, for error messages. */
	line: number;
}

/**
 * Splits a script into statements the way psql does: on semicolons outside string literals
 * ('…', E'…' with backslash escapes, "identifiers"), dollar quotes ($$…$$, $tag$…$tag$), line
 * comments and nested block comments. Lines that start with a backslash at statement level are
 * psql meta-commands and are dropped. Statements that hold only comments are dropped too.
 */
export function splitSql(text: string): Statement[] {
	const out: Statement[] = [];
	let buf = '';
	let start = -1; // line of the first significant character in buf
	let line = 1;
	let atLineStart = true;
	let i = 0;
	const n = text.length;
	const flush = () => {
		if (start !== -1 && buf.trim()) out.push({ sql: buf.trim(), line: start });
		buf = '';
		start = -1;
	};
	const take = (s: string) => {
		for (const ch of s) if (ch === '\n') line++;
		buf += s;
	};
	const mark = () => {
		if (start === -1) start = line;
	};
	while (i < n) {
		const c = text[i];
		const next = text[i + 1];
		if (atLineStart && c === '\\' && start === -1) {
			// psql meta-command: the rest of the line
			const eol = text.indexOf('\n', i);
			i = eol === -1 ? n : eol;
			continue;
		}
		if (c === '\n' || c === ' ' || c === '\t' || c === '\r' || c === '\f') {
			// whitespace neither starts a statement nor ends a line's leading blanks
			take(c);
			i++;
			if (c === '\n') atLineStart = true;
			continue;
		}
		atLineStart = false;
		if (c === '-' && next === '-') {
			const eol = text.indexOf('\n', i);
			const end = eol === -1 ? n : eol;
			take(text.slice(i, end));
			i = end;
			continue;
		}
		if (c === '/' && next === '*') {
			let depth = 0;
			let j = i;
			while (j < n) {
				if (text[j] === '/' && text[j + 1] === '*') {
					depth++;
					j += 2;
				} else if (text[j] === '*' && text[j + 1] === '/') {
					depth--;
					j += 2;
					if (depth === 0) break;
				} else j++;
			}
			take(text.slice(i, j));
			i = j;
			continue;
		}
		if (c === ';') {
			flush();
			i++;
			continue;
		}
		mark();
		if (c === "'") {
			// E'…' allows backslash escapes; plain '…' (standard_conforming_strings) does not.
			const prev = text[i - 1];
			const escapes = (prev === 'E' || prev === 'e') && !/[A-Za-z0-9_$]/.test(text[i - 2] ?? '');
			let j = i + 1;
			while (j < n) {
				if (escapes && text[j] === '\\') j += 2;
				else if (text[j] === "'" && text[j + 1] === "'") j += 2;
				else if (text[j] === "'") break;
				else j++;
			}
			take(text.slice(i, j + 1));
			i = j + 1;
			continue;
		}
		if (c === '"') {
			let j = i + 1;
			while (j < n) {
				if (text[j] === '"' && text[j + 1] === '"') j += 2;
				else if (text[j] === '"') break;
				else j++;
			}
			take(text.slice(i, j + 1));
			i = j + 1;
			continue;
		}
		if (c === '$' && !/[A-Za-z0-9_$]/.test(text[i - 1] ?? '')) {
			const tag = /^\$(?:[A-Za-z_\u0080-\uffff][A-Za-z0-9_\u0080-\uffff]*)?\$/.exec(text.slice(i, i + 64));
			if (tag) {
				const close = text.indexOf(tag[0], i + tag[0].length);
				const end = close === -1 ? n : close + tag[0].length;
				take(text.slice(i, end));
				i = end;
				continue;
			}
		}
		take(c);
		i++;
	}
	flush();
	return out;
}

/** Strips leading comments so a statement can be classified by its first keywords. */
function head(sql: string): string {
	return sql
		.replace(/^(\s+|--[^\n]*\n?|\/\*[\s\S]*?\*\/)+/, '')
		.slice(0, 200)
		.toLowerCase();
}

// ---------------------------------------------------------------------------------------------
// Loading pgTAP
// ---------------------------------------------------------------------------------------------

/**
 * Turns pgTAP's extension script (or upstream's built pgtap.sql) into plain SQL for one schema:
 * drops psql meta-commands (`\echo Use "CREATE EXTENSION pgtap"…`, `\quit`) and the statements
 * that only make sense inside CREATE EXTENSION, substitutes `@extschema@`, and refuses anything
 * that needs a C library (MODULE_PATHNAME, LANGUAGE c): PGlite cannot load one.
 */
export function preparePgTapSource(source: string, schema = PGTAP_SCHEMA): Statement[] {
	const ident = `"${schema.replace(/"/g, '""')}"`;
	return splitSql(source)
		.filter((s) => {
			const h = head(s.sql);
			return !(
				/^(create|alter|drop|comment on)\s+extension\b/.test(h) ||
				/^select\s+(pg_catalog\.)?pg_extension_config_dump\b/.test(h)
			);
		})
		.map((s) => {
			if (/MODULE_PATHNAME|\$libdir/.test(s.sql) || /\blanguage\s+'?c'?(?=[\s;]|$)/i.test(s.sql)) {
				throw new Error(`pgTAP statement at line ${s.line} needs a C library, which cannot be loaded here:\n${s.sql.slice(0, 200)}`);
			}
			return { ...s, sql: s.sql.replaceAll('@extschema@', ident) };
		});
}

export interface LoadOptions {
	/** pgTAP's SQL; defaults to the vendored supabase/tests/pgtap/pgtap.sql. */
	source?: string;
	/** Reload even when the schema already holds pgTAP. */
	force?: boolean;
}

/**
 * Loads pgTAP into the `tap` schema, once (a database that already has `tap.pgtap_version()` is
 * left alone unless `force`). Returns pgTAP's version. The API roles get usage on the schema so a
 * test may `set local role authenticated` and keep asserting.
 */
export async function loadPgTap(db: Driver, options: LoadOptions = {}): Promise<string> {
	const version = async (sql: Sql) => {
		const found = await sql.query(`select to_regprocedure('${PGTAP_SCHEMA}.pgtap_version()') is not null as found`);
		if (!(found.rows[0] as { found: boolean }).found) return null;
		return (await sql.query<{ v: string }>(`select ${PGTAP_SCHEMA}.pgtap_version()::text as v`)).rows[0].v;
	};
	if (!options.force) {
		const existing = await version(db);
		if (existing) return existing;
	}
	const statements = preparePgTapSource(options.source ?? readFileSync(PGTAP_FILE, 'utf8'));
	return db.transaction(async (tx) => {
		await tx.exec(`drop schema if exists ${PGTAP_SCHEMA} cascade; create schema ${PGTAP_SCHEMA};`);
		await tx.query(`select set_config('search_path', '${PGTAP_SCHEMA}', true)`);
		await tx.exec(statements.map((s) => s.sql).join(';\n') + ';');
		await tx.exec(`grant usage on schema ${PGTAP_SCHEMA} to public;`);
		const v = await version(tx);
		if (!v) throw new Error('pgTAP did not load: tap.pgtap_version() is missing');
		return v;
	});
}

// ---------------------------------------------------------------------------------------------
// Running a test file and reading its TAP
// ---------------------------------------------------------------------------------------------

export interface TapTest {
	ok: boolean;
	number: number;
	description: string;
	directive?: { kind: 'TODO' | 'SKIP'; reason: string };
}

export interface TapResult {
	file: string;
	/** The plan's test count (`1..N`), or null when the file never declared one. */
	planned: number | null;
	tests: TapTest[];
	/** `not ok` tests that are not TODO. */
	failures: TapTest[];
	/** Set when a statement raised an error outside a pgTAP assertion. */
	bailOut?: string;
	/** Every line the script produced, in order: what pg_prove would have printed. */
	output: string[];
	/** Why the file did not pass (empty when it passed). */
	problems: string[];
	passed: boolean;
}

const SKIPPED = [
	/^(begin|start\s+transaction|commit|end|abort)\b/,
	/^rollback\s*$/,
	/^rollback\s+(work|transaction)\s*$/,
	/^(create|drop)\s+extension\b[^;]*\bpgtap\b/
];

class Rollback extends Error {}

/**
 * Runs one pgTAP script inside a transaction that is always rolled back, with `search_path`
 * starting with `tap` (then public and extensions, as on Supabase), and returns its TAP.
 * A statement that raises outside an assertion stops the script with a `Bail out!` line naming
 * the file and line, as pg_prove does with ON_ERROR_STOP.
 */
export async function runPgTapFile(db: Driver, file: string): Promise<TapResult> {
	return runPgTapScript(db, readFileSync(file, 'utf8'), basename(file));
}

export async function runPgTapScript(db: Driver, script: string, name = 'script'): Promise<TapResult> {
	const output: string[] = [];
	const statements = splitSql(script).filter((s) => !SKIPPED.some((re) => re.test(head(s.sql))));
	try {
		await db.transaction(async (tx) => {
			await tx.query(`select set_config('search_path', '${PGTAP_SCHEMA}, public, extensions', true)`);
			for (const s of statements) {
				let rows: Record<string, unknown>[];
				try {
					rows = (await tx.query(s.sql)).rows;
				} catch (e) {
					const code = isPgError(e) ? ` [${e.code}]` : '';
					output.push(`Bail out! ${name}:${s.line}${code} ${(e as Error).message}`);
					if (isPgError(e) && e.detail) output.push(`# ${e.detail}`);
					break;
				}
				for (const row of rows) {
					for (const value of Object.values(row)) {
						if (value === null || value === undefined) continue;
						output.push(...String(value).split('\n'));
					}
				}
			}
			throw new Rollback();
		});
	} catch (e) {
		if (!(e instanceof Rollback)) throw e;
	}
	return parseTap(output, name);
}

const TEST_LINE = /^(not )?ok (\d+)(?: - ?(.*?))?(?:\s+# (TODO|SKIP)\b\s*(.*))?$/i;

/** Reads TAP (version 12/13 as pgTAP writes it) and decides whether the script passed. */
export function parseTap(output: string[], file: string): TapResult {
	let planned: number | null = null;
	let bailOut: string | undefined;
	const tests: TapTest[] = [];
	for (const line of output) {
		const plan = /^1\.\.(\d+)/.exec(line);
		if (plan && planned === null) {
			planned = Number(plan[1]);
			continue;
		}
		if (line.startsWith('Bail out!')) {
			bailOut ??= line.slice('Bail out!'.length).trim();
			continue;
		}
		const m = TEST_LINE.exec(line);
		if (m) {
			tests.push({
				ok: !m[1],
				number: Number(m[2]),
				description: (m[3] ?? '').replace(/\\#/g, '#'),
				directive: m[4] ? { kind: m[4].toUpperCase() as 'TODO' | 'SKIP', reason: m[5] ?? '' } : undefined
			});
		}
	}
	const failures = tests.filter((t) => !t.ok && t.directive?.kind !== 'TODO');
	const problems: string[] = [];
	if (bailOut) problems.push(`bailed out: ${bailOut}`);
	if (planned === null) problems.push('no plan: the script must call plan(n) (or no_plan() and finish())');
	else if (planned !== tests.length) problems.push(`planned ${planned} tests but ran ${tests.length}`);
	if (planned === 0 || (planned === null && tests.length === 0)) problems.push('the script ran no tests');
	tests.forEach((t, i) => {
		if (t.number !== i + 1) problems.push(`test ${i + 1} is numbered ${t.number}`);
	});
	for (const f of failures) problems.push(`not ok ${f.number} - ${f.description}`);
	return { file, planned, tests, failures, bailOut, output, problems, passed: problems.length === 0 };
}

/** The TAP output with a summary of what went wrong, for a test failure message. */
export function formatTapReport(result: TapResult): string {
	return [
		`${result.file}: ${result.passed ? 'passed' : 'FAILED'}`,
		...result.problems.map((p) => `  ✗ ${p}`),
		'',
		...result.output
	].join('\n');
}

/** The pgTAP scripts under supabase/tests (top level only; pgtap/ holds pgTAP itself). */
export function listPgTapFiles(dir = TESTS_DIR): string[] {
	return readdirSync(dir, { withFileTypes: true })
		.filter((e) => e.isFile() && /\.(sql|pg)$/.test(e.name))
		.map((e) => join(dir, e.name))
		.sort();
}
