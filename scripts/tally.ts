/**
 * Tally a Pabulib election from the command line.
 *
 *   npm run tally -- <file.pb> --rule greedy|mes [--completion none|add1|add1u] [--json] [--explain]
 *
 * Prints the funded project ids, one per line, in the order they were funded (a summary goes to
 * stderr). With --json, the last line of stdout is one JSON object:
 *   {"rule","completion","selected":[ids sorted as strings],"cost","budget","voters","projects","parse_ms","ms"}
 * parse_ms is reading the file, parsing it and compiling the ballots; ms is the rule itself.
 * With --explain, one plain-language sentence per project follows the ids.
 * Exit codes: 0 ok, 1 bad file or unsupported ballots, 2 bad arguments.
 */
import { readFileSync } from 'node:fs';
import { PabulibError, parsePabulib } from '../src/lib/domain/pb/pabulib';
import { buildProfile, UnsupportedBallotsError } from '../src/lib/domain/pb/profile';
import { COMPLETIONS, explain, RULES, tallyProfile, TallyError } from '../src/lib/domain/pb/rules';
import type { Completion, RuleName } from '../src/lib/domain/pb/rules';

const USAGE = 'usage: npm run tally -- <file.pb> --rule greedy|mes [--completion none|add1|add1u] [--json] [--explain]';

class UsageError extends Error {}

interface Args {
	file: string;
	rule: RuleName;
	completion: Completion;
	json: boolean;
	explain: boolean;
}

function parseArgs(argv: string[]): Args {
	let file: string | undefined;
	let rule: string | undefined;
	let completion: string | undefined;
	let json = false;
	let explainAll = false;
	for (let i = 0; i < argv.length; i++) {
		const a = argv[i];
		const value = (name: string): string => {
			const eq = a.indexOf('=');
			if (eq !== -1) return a.slice(eq + 1);
			const v = argv[++i];
			if (v === undefined || v.startsWith('--')) throw new UsageError(`${name} needs a value`);
			return v;
		};
		if (a === '--json') json = true;
		else if (a === '--explain') explainAll = true;
		else if (a === '--rule' || a.startsWith('--rule=')) rule = value('--rule');
		else if (a === '--completion' || a.startsWith('--completion=')) completion = value('--completion');
		else if (a === '--help' || a === '-h') throw new UsageError('');
		else if (a.startsWith('-')) throw new UsageError(`unknown option ${a}`);
		else if (file === undefined) file = a;
		else throw new UsageError(`unexpected argument ${a} (only one file at a time)`);
	}
	if (!file) throw new UsageError('which .pb file?');
	if (!rule) throw new UsageError('--rule is required');
	if (!(RULES as readonly string[]).includes(rule)) throw new UsageError(`--rule must be ${RULES.join(' or ')}, not "${rule}"`);
	if (completion !== undefined && !(COMPLETIONS as readonly string[]).includes(completion))
		throw new UsageError(`--completion must be ${COMPLETIONS.join(', ')}, not "${completion}"`);
	if (rule === 'greedy' && completion !== undefined && completion !== 'none')
		throw new UsageError('completions apply to --rule mes only');
	return { file, rule: rule as RuleName, completion: (completion ?? 'none') as Completion, json, explain: explainAll };
}

function main(argv: string[]): number {
	let args: Args;
	try {
		args = parseArgs(argv);
	} catch (e) {
		if (!(e instanceof UsageError)) throw e;
		if (e.message) console.error(`tally: ${e.message}`);
		console.error(USAGE);
		return 2;
	}

	const t0 = performance.now();
	let text: string;
	try {
		text = readFileSync(args.file, 'utf8');
	} catch (e) {
		const code = (e as NodeJS.ErrnoException).code;
		console.error(`tally: cannot read ${args.file}${code === 'ENOENT' ? ': no such file' : code === 'EISDIR' ? ': it is a directory' : `: ${(e as Error).message}`}`);
		return 1;
	}
	try {
		const election = parsePabulib(text);
		const profile = buildProfile(election, args.rule === 'mes' ? 'the Method of Equal Shares' : 'greedy');
		const parseMs = performance.now() - t0;
		const t1 = performance.now();
		const result = tallyProfile(profile, args.rule, args.completion, election.meta.currency);
		const ms = performance.now() - t1;

		for (const id of result.selected) console.log(id);
		if (args.explain) {
			console.log('');
			for (const r of result.results) console.log(`${r.id}: ${explain(r)}`);
		}
		const money = (v: string) => (result.currency ? `${v} ${result.currency}` : v);
		console.error(
			`${result.selected.length} of ${result.projects} projects funded for ${money(result.cost)} of ${money(result.budget)}; ` +
				`${result.voters} voters; ${args.rule}${args.rule === 'mes' ? `+${args.completion}` : ''}` +
				(result.runs !== undefined && args.completion !== 'none' ? ` (${result.runs} runs, +${result.increments} per voter)` : '') +
				`; parse ${parseMs.toFixed(1)} ms, rule ${ms.toFixed(1)} ms`
		);
		if (args.json) {
			const selected = [...result.selected].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
			console.log(
				JSON.stringify({
					rule: args.rule,
					completion: args.completion,
					selected,
					cost: Number(result.cost),
					budget: Number(result.budget),
					voters: result.voters,
					projects: result.projects,
					parse_ms: round(parseMs),
					ms: round(ms)
				})
			);
		}
		return 0;
	} catch (e) {
		if (e instanceof PabulibError) console.error(`tally: ${args.file}: ${e.message}`);
		else if (e instanceof UnsupportedBallotsError || e instanceof TallyError) console.error(`tally: ${e.message}`);
		else throw e;
		return 1;
	}
}

function round(ms: number): number {
	return Math.round(ms * 100) / 100;
}

process.exitCode = main(process.argv.slice(2));
