// `npm test`: install what is missing (dependencies; Debian's chromium for the browser tests),
// then run every suite: vitest (unit, database, gateway conformance, row-level security, pgTAP,
// sockets) and Playwright (end-to-end, with axe-core on every page).
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { ensureDependencies, root, run } from './prepare.js';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

function ensureChromium() {
	if (existsSync(CHROMIUM)) return;
	const canInstall = process.getuid?.() === 0 && existsSync('/usr/bin/apt-get');
	if (!canInstall) {
		console.error(`sayso: the browser tests need Chromium at ${CHROMIUM}: install it with "sudo apt-get install -y chromium" (or set CHROMIUM_PATH).`);
		process.exit(1);
	}
	console.log('sayso: installing Debian chromium for the browser tests…');
	const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
	if (spawnSync('apt-get', ['install', '-y', '-q', 'chromium'], { stdio: 'inherit', env }).status !== 0) {
		run('apt-get', ['update', '-q'], { env });
		run('apt-get', ['install', '-y', '-q', 'chromium'], { env });
	}
}

ensureDependencies();
ensureChromium();

if (!process.env.DATABASE_URL) console.log('sayso: DATABASE_URL is not set: PostgreSQL tests will be skipped (PGlite tests still run).');
if (!process.env.REDIS_URL) console.log('sayso: REDIS_URL is not set: the two-process Redis test will be skipped.');

const node = process.execPath;
const failed = [];
const suite = (name, args) => {
	console.log(`\nsayso: ${name}`);
	const r = spawnSync(node, args, { cwd: root, stdio: 'inherit', env: { ...process.env, CHROMIUM_PATH: CHROMIUM } });
	if (r.status !== 0) failed.push(name);
};

run(node, ['node_modules/@sveltejs/kit/svelte-kit.js', 'sync']);
suite('type check (svelte-check)', ['node_modules/svelte-check/bin/svelte-check', '--tsconfig', './tsconfig.json', '--threshold', 'error', '--output', 'human']);
suite('unit, database and socket tests (vitest)', ['node_modules/vitest/vitest.mjs', 'run']);
suite('end-to-end tests (Playwright + axe-core)', ['node_modules/@playwright/test/cli.js', 'test']);

if (failed.length) {
	console.error(`\nsayso: failed: ${failed.join('; ')}`);
	process.exit(1);
}
console.log('\nsayso: all suites passed');
