/**
 * Benchmark: ballots cast through the REAL HTTP form action ("Confirm my vote", POST
 * /budgets/<round>?/confirm) of the production server (server.js + build/) on the embedded
 * database (PGlite), by many signed-in young people at once. Prints ONE JSON object on stdout;
 * progress goes to stderr.
 *
 *   npm run bench:ballots
 *   BENCH_VOTERS=3000 BENCH_CONCURRENCY=64 BENCH_PORT=4188 npm run bench:ballots
 *
 * Set-up (before the server starts, on its own temporary data folder): the database is migrated
 * and seeded, then N voters are made members of the demo panel through a SERVICE-ROLE supabase-js
 * client (bulk inserts of accounts and panel_members through the embedded gateway, and one
 * auth_create_session call per voter, exactly what signing in stores), and a knapsack round with
 * four shortlisted projects is opened for voting through the real SQL functions as the demo
 * partnership admin. Joining through /join instead would spend the run on argon2 and the join
 * rate limit, which is not what this measures.
 *
 * The run: every voter POSTs the confirm action once, with their session cookie, Origin and
 * `accept: text/html` like a browser without JavaScript; a 303 to /budgets/<round>/voted is a
 * success. Then the server is stopped and the ballots actually stored are counted:
 * `lost` = successes − stored (must be 0), `extra` = stored − successes (must be 0).
 * The server's peak RSS is sampled from /proc/<pid>/status (VmRSS) every 50 ms.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { attach } from '../src/lib/server/db/index';
import { openPglite } from '../src/lib/server/db/pglite-driver';
import { loadOrCreateJwtSecret } from '../src/lib/server/db/secrets';
import { serviceSupabase, supabaseFor } from '../src/lib/server/db/supabase';
import { newSessionToken } from '../src/lib/server/auth/secrets';

const VOTERS = Number(process.env.BENCH_VOTERS ?? 2000);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 32);
const PORT = Number(process.env.BENCH_PORT ?? 4188);
const ROOT = resolve(new URL('..', import.meta.url).pathname);
const NORTHBAY = '00000000-0000-4000-8000-000000000001';
const PANEL = 'b0000000-0000-4000-8000-000000000001';
const ADMIN = 'a0000000-0000-4000-8000-000000000002';

const log = (...args: unknown[]) => console.error('[bench:ballots]', ...args);
const round2 = (n: number) => Math.round(n * 100) / 100;
const percentile = (sorted: number[], p: number) => (sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor(p * (sorted.length - 1)))] : 0);

/** A pseudonym the database accepts (letters, at most three digits): "Bench Aab". */
function pseudonym(i: number): string {
	let s = '';
	let n = i;
	do {
		s = String.fromCharCode(97 + (n % 26)) + s;
		n = Math.floor(n / 26);
	} while (n > 0);
	return `Bench ${s.padStart(3, 'a')}`;
}

async function prepare(dataDir: string) {
	const driver = await openPglite(join(dataDir, 'pgdata'));
	const db = await attach(driver, loadOrCreateJwtSecret(dataDir), { transport: 'pglite', seedDemo: true });
	const service = serviceSupabase(db);
	const must = <T>(r: { data: T; error: { message: string } | null }, what: string): T => {
		if (r.error) throw new Error(`${what}: ${r.error.message}`);
		return r.data;
	};

	// The round, through the real functions as the partnership admin.
	const admin = supabaseFor(db, ADMIN);
	const roundId = must(
		await admin.rpc('create_budget_round', {
			p_partnership: NORTHBAY, p_panel: null, p_title: 'Bench youth fund', p_description: 'Benchmark round', p_budget: 20000,
			p_voter_panels: [PANEL], p_allow_codes: false, p_ballot_rule: 'knapsack', p_min_percent: null, p_min_projects: null,
			p_max_projects: null, p_points_total: null, p_points_per_project: null, p_tally_rule: 'mes_add1u'
		}),
		'create round'
	) as string;
	const projects: string[] = [];
	for (const [title, cost] of [['Skate park lights', 9500], ['Youth club trips', 6000], ['Library games', 4000], ['Park benches', 2500]] as const) {
		const id = must(await admin.rpc('submit_budget_proposal', { p_round: roundId, p_title: title, p_description: '', p_category: 'places', p_rough_cost: cost, p_on_behalf_of: 'Bench group' }), 'proposal') as string;
		must(await admin.rpc('review_budget_proposal', { p_proposal: id, p_feasibility: 'feasible', p_estimated_cost: cost, p_reason: null }), 'review');
		must(await admin.rpc('shortlist_budget_proposal', { p_proposal: id, p_shortlisted: true }), 'shortlist');
		projects.push(id);
	}
	must(await admin.rpc('set_round_phase', { p_round: roundId, p_phase: 'review' }), 'phase review');
	must(await admin.rpc('set_round_phase', { p_round: roundId, p_phase: 'voting' }), 'phase voting');

	// N voters: accounts and active panel memberships in bulk, then a session each.
	const ids = Array.from({ length: VOTERS }, () => crypto.randomUUID());
	for (let i = 0; i < VOTERS; i += 500) {
		const slice = ids.slice(i, i + 500);
		must(await service.from('accounts').insert(slice.map((id) => ({ id, kind: 'young_person', age_band: '13-15' }))), 'accounts');
		must(
			await service.from('panel_members').insert(
				slice.map((id, j) => ({ panel_id: PANEL, account_id: id, pseudonym: pseudonym(i + j), status: 'active', privacy_notice_version: '13-16@2026-11-25.1' }))
			),
			'panel_members'
		);
	}
	const tokens: string[] = [];
	for (const id of ids) {
		const { token, tokenHash } = newSessionToken();
		must(await service.rpc('auth_create_session', { p_account: id, p_token_hash: tokenHash, p_user_agent: 'bench', p_idle_seconds: 7200, p_absolute_seconds: 43200 }), 'session');
		tokens.push(token);
	}
	await db.close();
	return { roundId, projects, tokens };
}

async function countStored(dataDir: string, roundId: string): Promise<number> {
	const driver = await openPglite(join(dataDir, 'pgdata'));
	try {
		const r = await driver.query<{ n: number }>(`select count(*)::int as n from public.budget_ballots where round_id = $1`, [roundId]);
		return r.rows[0].n;
	} finally {
		await driver.close();
	}
}

function startServer(dataDir: string): Promise<ChildProcess> {
	if (!existsSync(join(ROOT, 'build', 'handler.js'))) throw new Error('No production build: run `npm run build` (or `npm start` once) first');
	return new Promise((resolveStart, reject) => {
		const child = fork(join(ROOT, 'server.js'), [], {
			cwd: ROOT,
			stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
			// BENCH_CPU_PROF=<dir>: write a V8 CPU profile of the server there, to see where the time goes.
			execArgv: process.env.BENCH_CPU_PROF ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_CPU_PROF}`] : [],
			env: { ...process.env, SAYSO_DB: 'pglite', SAYSO_SEED: 'demo', SAYSO_DATA_DIR: dataDir, PORT: String(PORT), HOST: '127.0.0.1', REDIS_URL: '', NODE_ENV: 'production' }
		});
		const timer = setTimeout(() => reject(new Error('server did not start in 120 s')), 120_000);
		child.on('message', (m) => {
			if ((m as { ready?: boolean }).ready) {
				clearTimeout(timer);
				resolveStart(child);
			}
		});
		child.on('exit', (code) => reject(new Error(`server exited (${code})`)));
	});
}

function rssMb(pid: number): number {
	try {
		const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
		return m ? Number(m[1]) / 1024 : 0;
	} catch {
		return 0;
	}
}

const agent = new Agent({ keepAlive: true, maxSockets: CONCURRENCY });

/** POST the confirm action as a browser would (no JavaScript): status and Location. */
function post(path: string, body: string, cookie: string): Promise<{ status: number; location: string }> {
	return new Promise((done, fail) => {
		const req = request(
			{
				host: '127.0.0.1',
				port: PORT,
				path,
				method: 'POST',
				agent,
				headers: {
					origin: `http://127.0.0.1:${PORT}`,
					accept: 'text/html',
					'content-type': 'application/x-www-form-urlencoded',
					'content-length': Buffer.byteLength(body),
					cookie
				}
			},
			(res) => {
				res.resume();
				res.on('end', () => done({ status: res.statusCode ?? 0, location: String(res.headers.location ?? '') }));
			}
		);
		req.on('error', fail);
		req.end(body);
	});
}

async function main() {
	const dataDir = mkdtempSync(join(tmpdir(), 'sayso-bench-ballots-'));
	let server: ChildProcess | undefined;
	try {
		log(`preparing ${VOTERS} voters in ${dataDir}…`);
		const t0 = performance.now();
		const { roundId, projects, tokens } = await prepare(dataDir);
		log(`prepared in ${Math.round(performance.now() - t0)} ms; starting the server on port ${PORT}…`);
		server = await startServer(dataDir);
		const pid = server.pid!;
		const idleRss = rssMb(pid);
		let peakRss = idleRss;
		const sampler = setInterval(() => (peakRss = Math.max(peakRss, rssMb(pid))), 50);

		const path = `/budgets/${roundId}?/confirm`;
		const expected = `/budgets/${roundId}/voted`;
		// Every voter picks a valid ballot (≤ £20,000); a few patterns so the tally has something to do.
		const ballots = [
			[projects[0], projects[1]],
			[projects[0], projects[2], projects[3]],
			[projects[1], projects[2], projects[3]],
			[projects[2]]
		].map((picks) => picks.map((p) => `project=${p}`).join('&'));

		// Warm-up: a few requests by the first voters (counted like any other).
		let next = 0;
		let ok = 0;
		let failed = 0;
		const statuses: Record<string, number> = {};
		const latencies: number[] = [];
		const doneAt: number[] = [];
		const started = performance.now();
		const worker = async () => {
			for (;;) {
				const i = next++;
				if (i >= tokens.length) return;
				const t = performance.now();
				try {
					const r = await post(path, ballots[i % ballots.length], `sayso_session=${tokens[i]}`);
					latencies.push(performance.now() - t);
					statuses[r.status] = (statuses[r.status] ?? 0) + 1;
					if (r.status === 303 && r.location === expected) {
						ok++;
						doneAt.push(performance.now());
					}
					else failed++;
				} catch {
					failed++;
					statuses.error = (statuses.error ?? 0) + 1;
				}
			}
		};
		await Promise.all(Array.from({ length: CONCURRENCY }, worker));
		const elapsed = (performance.now() - started) / 1000;
		clearInterval(sampler);
		peakRss = Math.max(peakRss, rssMb(pid));
		agent.destroy();

		log('stopping the server and counting stored ballots…');
		await new Promise<void>((done) => {
			server!.once('exit', () => done());
			server!.kill('SIGTERM');
		});
		server = undefined;
		const stored = await countStored(dataDir, roundId);
		latencies.sort((a, b) => a - b);
		// Sustained: the rate over the last 80% of successes, once the server's JIT has warmed up.
		const from = Math.floor(doneAt.length * 0.2);
		const steady = doneAt.length > 10 ? (doneAt.length - 1 - from) / ((doneAt[doneAt.length - 1] - doneAt[from]) / 1000) : 0;
		console.log(
			JSON.stringify({
				bench: 'ballots',
				transport: 'pglite',
				voters: VOTERS,
				concurrency: CONCURRENCY,
				submitted: ok + failed,
				succeeded: ok,
				failed,
				statuses,
				stored,
				lost: Math.max(0, ok - stored),
				extra: Math.max(0, stored - ok),
				seconds: round2(elapsed),
				ballotsPerSec: round2(ok / elapsed),
				sustainedBallotsPerSec: round2(steady),
				p50Ms: round2(percentile(latencies, 0.5)),
				p95Ms: round2(percentile(latencies, 0.95)),
				p99Ms: round2(percentile(latencies, 0.99)),
				maxMs: round2(latencies[latencies.length - 1] ?? 0),
				serverIdleRssMb: round2(idleRss),
				serverPeakRssMb: round2(peakRss),
				goalBallotsPerSec: 500
			})
		);
	} finally {
		if (server) server.kill('SIGKILL');
		rmSync(dataDir, { recursive: true, force: true });
	}
}

main().catch((e) => {
	console.error('[bench:ballots] failed:', e);
	process.exit(1);
});
