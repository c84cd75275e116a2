/**
 * `npm start` as a person runs it: the banner prints the URL and the demo sign-ins, the printed
 * staff credentials work, and a restart keeps what was written. Runs scripts/start.js itself on
 * its own port and data folder (the build is already fresh: Playwright's web server made it).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEMO } from '../scripts/demo.js';
import { expect, test } from './fixtures';

const PORT = 4191;
const BASE = `http://localhost:${PORT}`;
const dataDir = mkdtempSync(join(tmpdir(), 'sayso-start-'));
test.afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

async function start(): Promise<{ child: ChildProcess; output: () => string }> {
	const child = spawn(process.execPath, ['scripts/start.js'], {
		env: { ...process.env, PORT: String(PORT), SAYSO_DATA_DIR: dataDir, SAYSO_DB: 'pglite', SAYSO_SEED: '', DATABASE_URL: '', REDIS_URL: '' },
		stdio: ['ignore', 'pipe', 'pipe']
	});
	running.push(child);
	let out = '';
	child.stdout!.on('data', (d) => (out += d));
	child.stderr!.on('data', (d) => (out += d));
	await expect.poll(() => out, { timeout: 120_000 }).toContain('Sayso is running at');
	return { child, output: () => out };
}

async function stop(child: ChildProcess) {
	const exited = new Promise((r) => child.on('exit', r));
	child.kill('SIGTERM');
	await exited;
}

const running: ChildProcess[] = [];
test.afterEach(() => running.forEach((c) => c.exitCode === null && c.kill('SIGTERM')));

test('npm start prints the sign-ins, they work, and a restart keeps the data', async ({ playwright }) => {
	test.setTimeout(240_000);
	const first = await start();
	const banner = first.output();
	expect(banner).toContain(BASE);
	expect(banner).toContain(DEMO.password);
	for (const s of DEMO.staff) expect(banner).toContain(s.email);
	expect(banner).toContain(DEMO.joinCode);
	expect(banner).toContain('loaded demo content');

	const http = await playwright.request.newContext({ baseURL: BASE, extraHTTPHeaders: { origin: BASE, accept: 'text/html' } });
	expect((await http.get('/')).status()).toBe(200);
	const signIn = await http.post('/signin', { form: { email: 'admin@northbay.example', password: DEMO.password }, maxRedirects: 0 });
	expect(signIn.status(), await signIn.text()).toBe(303);
	expect(signIn.headers()['location']).toBe('/staff');
	const created = await http.post('/staff?/panel', { form: { partnership: '00000000-0000-4000-8000-000000000001', name: 'Survives a restart' } });
	expect(created.status()).toBe(200);
	await http.dispose();
	await stop(first.child);

	const second = await start();
	expect(second.output()).not.toContain('loaded demo content');
	const again = await playwright.request.newContext({ baseURL: BASE, extraHTTPHeaders: { origin: BASE, accept: 'text/html' } });
	await again.post('/signin', { form: { email: 'admin@northbay.example', password: DEMO.password } });
	const dashboard = await (await again.get('/staff')).text();
	expect(dashboard).toContain('Survives a restart');
	expect(dashboard).toContain(DEMO.panelName);
	await again.dispose();
	await stop(second.child);
});
