/**
 * Benchmark of the embedded gateway: RPC calls per second through supabase-js → gateway → driver,
 * against the same work done directly on the driver, on in-memory PGlite and (when DATABASE_URL is
 * set) on a throwaway PostgreSQL database. Prints one JSON object on stdout; progress goes to stderr.
 *
 *   npm run bench:gateway            BENCH_SECONDS=10 BENCH_CONCURRENCY=16 npm run bench:gateway
 *
 * The direct baseline is what any correct caller must do per call: one transaction that sets the
 * role and claims and calls the function. The gap to it is the gateway's own cost (HTTP shaping in
 * supabase-js, JWT, parsing, JSON), shown as `overheadRatio` = directPerSec / rpcPerSec.
 */
import { createClient } from '@supabase/supabase-js';
import { SignJWT } from 'jose';
import { bootstrap } from '../src/lib/server/db/bootstrap';
import type { Driver } from '../src/lib/server/db/driver';
import { createGateway } from '../src/lib/server/db/gateway';
import { openPglite } from '../src/lib/server/db/pglite-driver';
import { openPgTestDriver } from '../src/lib/server/db/scratch-databases';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 8);
const WARMUP_CALLS = 200;
const ROUNDS = 5;
const SECRET = 'bench-secret-bench-secret-bench-secret-0123';
const USER = '33333333-3333-4333-8333-333333333333';

const FIXTURE = /* sql */ `
create table public.bench_counters (
  owner uuid not null default auth.uid(),
  key integer not null,
  hits integer not null default 1,
  primary key (owner, key)
);
alter table public.bench_counters enable row level security;
create policy bench_own on public.bench_counters for all to authenticated
  using (owner = (select auth.uid())) with check (owner = (select auth.uid()));

-- Writes one row and reads it back: the shape of Sayso's state-changing functions.
create function public.bench_touch(p_key integer) returns integer
  language sql volatile as $$
    insert into public.bench_counters (key) values (p_key)
    on conflict (owner, key) do update set hits = bench_counters.hits + 1
    returning hits
  $$;
`;

interface Run {
	transport: 'pglite' | 'pg';
	rpcPerSec: number;
	p50Ms: number;
	p95Ms: number;
	p99Ms: number;
	directPerSec: number;
	overheadRatio: number;
	peakRssMb: number;
	calls: number;
}

const log = (...args: unknown[]) => console.error('[bench:gateway]', ...args);
const round = (n: number, digits = 2) => Math.round(n * 10 ** digits) / 10 ** digits;

function percentile(sorted: number[], p: number): number {
	if (!sorted.length) return 0;
	return sorted[Math.min(sorted.length - 1, Math.floor(p * (sorted.length - 1)))];
}

/** Runs `call` from CONCURRENCY workers until `seconds` have passed; returns each call's latency. */
async function load(seconds: number, call: (i: number) => Promise<void>): Promise<{ latencies: number[]; elapsedS: number }> {
	const latencies: number[] = [];
	const start = performance.now();
	const deadline = start + seconds * 1000;
	let next = 0;
	const worker = async () => {
		while (performance.now() < deadline) {
			const i = next++;
			const t0 = performance.now();
			await call(i);
			latencies.push(performance.now() - t0);
		}
	};
	await Promise.all(Array.from({ length: CONCURRENCY }, worker));
	return { latencies, elapsedS: (performance.now() - start) / 1000 };
}

function sampleRss() {
	let peak = process.memoryUsage().rss;
	const timer = setInterval(() => {
		peak = Math.max(peak, process.memoryUsage().rss);
	}, 50);
	return {
		stop() {
			clearInterval(timer);
			return Math.max(peak, process.memoryUsage().rss) / (1024 * 1024);
		}
	};
}

/** supabase-js on Node 20 has no WebSocket; the bench never opens realtime. */
class NoRealtime {
	constructor() {
		throw new Error('realtime is not used by the benchmark');
	}
}

async function bench(transport: Run['transport'], driver: Driver): Promise<Run> {
	await bootstrap(driver);
	await driver.exec(FIXTURE);
	const gw = createGateway(driver, { jwtSecret: SECRET });
	const key = new TextEncoder().encode(SECRET);
	const exp = Math.floor(Date.now() / 1000) + 3600;
	const anonKey = await new SignJWT({ role: 'anon' }).setProtectedHeader({ alg: 'HS256' }).setExpirationTime(exp).sign(key);
	const claims = { role: 'authenticated', sub: USER };
	const token = await new SignJWT(claims).setProtectedHeader({ alg: 'HS256' }).setExpirationTime(exp).sign(key);
	const supabase = createClient('http://sayso.internal', anonKey, {
		global: { fetch: gw.fetch },
		accessToken: async () => token,
		auth: { persistSession: false, autoRefreshToken: false },
		realtime: { transport: NoRealtime as never }
	});

	const viaGateway = async (i: number) => {
		const { data, error } = await supabase.rpc('bench_touch', { p_key: i % 100 });
		if (error || typeof data !== 'number') throw new Error(`rpc failed: ${JSON.stringify(error)}`);
	};
	const claimsJson = JSON.stringify({ ...claims, exp });
	const direct = async (i: number) => {
		await driver.transaction(async (tx) => {
			await tx.query(`select set_config('role', $1, true), set_config('request.jwt.claims', $2, true)`, ['authenticated', claimsJson]);
			const { rows } = await tx.query<{ hits: number }>('select public.bench_touch(p_key => $1) as hits', [i % 100]);
			if (!rows.length) throw new Error('direct call returned nothing');
		});
	};

	const rss = sampleRss();
	for (let i = 0; i < WARMUP_CALLS; i++) await viaGateway(i);
	for (let i = 0; i < WARMUP_CALLS; i++) await direct(i);

	// Alternate the two in short rounds so a change in machine load hits both alike.
	log(`${transport}: ${SECONDS}s of gateway rpc and ${SECONDS}s of direct calls, concurrency ${CONCURRENCY}…`);
	const g = { latencies: [] as number[], elapsedS: 0 };
	const d = { latencies: [] as number[], elapsedS: 0 };
	for (let round = 0; round < ROUNDS; round++) {
		for (const [into, call] of [[g, viaGateway], [d, direct]] as const) {
			const r = await load(SECONDS / ROUNDS, call);
			into.latencies.push(...r.latencies);
			into.elapsedS += r.elapsedS;
		}
	}
	const peakRssMb = rss.stop();

	const sorted = [...g.latencies].sort((a, b) => a - b);
	const rpcPerSec = g.latencies.length / g.elapsedS;
	const directPerSec = d.latencies.length / d.elapsedS;
	return {
		transport,
		rpcPerSec: round(rpcPerSec, 1),
		p50Ms: round(percentile(sorted, 0.5), 3),
		p95Ms: round(percentile(sorted, 0.95), 3),
		p99Ms: round(percentile(sorted, 0.99), 3),
		directPerSec: round(directPerSec, 1),
		overheadRatio: round(directPerSec / rpcPerSec, 2),
		peakRssMb: round(peakRssMb, 1),
		calls: g.latencies.length
	};
}

async function main() {
	const runs: Run[] = [];
	const pglite = await openPglite();
	try {
		runs.push(await bench('pglite', pglite));
	} finally {
		await pglite.close();
	}
	const url = process.env.DATABASE_URL;
	if (url) {
		const driver = await openPgTestDriver(url, CONCURRENCY);
		try {
			runs.push(await bench('pg', driver));
		} finally {
			await driver.dispose();
		}
	}
	else log('PostgreSQL run skipped: DATABASE_URL not set');
	console.log(JSON.stringify({ bench: 'gateway', node: process.version, seconds: SECONDS, concurrency: CONCURRENCY, runs }));
}

main().catch((e) => {
	console.error(e);
	process.exit(1);
});
