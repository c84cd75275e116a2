/**
 * Benchmark of the participatory-budgeting tallies on one Pabulib file. Prints one JSON object
 * on stdout (progress on stderr): median wall-clock times over several runs for parsing
 * (read + parse + compile ballots), greedy, MES, MES+add1 and MES+add1u, the outcome sizes, and
 * the process's peak resident memory.
 *
 *   npm run bench:tally -- ../shared/pabulib/Poland_Warszawa_2026.pb
 *   BENCH_REPEATS=9 npm run bench:tally -- <file.pb>
 */
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { parsePabulib } from '../src/lib/domain/pb/pabulib';
import { buildProfile } from '../src/lib/domain/pb/profile';
import { tallyProfile } from '../src/lib/domain/pb/rules';
import type { Completion, RuleName, TallyResult } from '../src/lib/domain/pb/rules';

const REPEATS = Math.max(1, Number(process.env.BENCH_REPEATS ?? 5));
const log = (...a: unknown[]) => console.error('[bench:tally]', ...a);

const file = process.argv[2];
if (!file) {
	console.error('usage: npm run bench:tally -- <file.pb>');
	process.exit(2);
}

let peakRss = 0;
const sample = () => {
	const rss = process.memoryUsage().rss;
	if (rss > peakRss) peakRss = rss;
};
const sampler = setInterval(sample, 5);
sampler.unref();

function median(xs: number[]): number {
	const s = [...xs].sort((a, b) => a - b);
	const m = s.length >> 1;
	return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}
const round = (x: number) => Math.round(x * 100) / 100;

function timeIt<T>(label: string, repeats: number, fn: () => T): { ms: number; all: number[]; value: T } {
	const all: number[] = [];
	let value: T | undefined;
	for (let i = 0; i < repeats; i++) {
		const t = performance.now();
		value = fn();
		all.push(performance.now() - t);
		sample();
	}
	log(`${label}: median ${median(all).toFixed(1)} ms of [${all.map((x) => x.toFixed(1)).join(', ')}]`);
	return { ms: median(all), all, value: value as T };
}

const parse = timeIt('parse', REPEATS, () => {
	const election = parsePabulib(readFileSync(file, 'utf8'));
	return { election, profile: buildProfile(election) };
});
const { election, profile } = parse.value;
const currency = election.meta.currency;

const rules: Array<[string, RuleName, Completion]> = [
	['greedy', 'greedy', 'none'],
	['mes', 'mes', 'none'],
	['mes_add1', 'mes', 'add1'],
	['mes_add1u', 'mes', 'add1u']
];
const ms: Record<string, number> = {};
const sizes: Record<string, number> = {};
const cost: Record<string, string> = {};
let add1Runs: number | undefined;
for (const [name, rule, completion] of rules) {
	// One untimed warm-up so the median is the steady state, as a server would see it.
	tallyProfile(profile, rule, completion, currency);
	const r = timeIt(name, REPEATS, () => tallyProfile(profile, rule, completion, currency));
	const result: TallyResult = r.value;
	ms[name] = round(r.ms);
	sizes[name] = result.selected.length;
	cost[name] = result.cost;
	if (name === 'mes_add1') add1Runs = result.runs;
}
sample();
const maxRss = process.resourceUsage().maxRSS * 1024; // kernel's own peak, in bytes

console.log(
	JSON.stringify({
		file: basename(file),
		voters: profile.voters,
		projects: profile.ids.length,
		distinctBallots: profile.groups,
		repeats: REPEATS,
		parse_ms: round(parse.ms),
		greedy_ms: ms.greedy,
		mes_ms: ms.mes,
		mes_add1_ms: ms.mes_add1,
		mes_add1u_ms: ms.mes_add1u,
		mes_add1_runs: add1Runs,
		selected: sizes,
		cost,
		peakRssMb: round(Math.max(peakRss, maxRss) / 2 ** 20),
		node: process.version
	})
);
