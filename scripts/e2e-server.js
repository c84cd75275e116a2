// Started by Playwright (playwright.config.ts → webServer): a production build on a throwaway
// embedded database with the demo content, so every run starts from the same state.
import { fork } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensureBuild, root } from './prepare.js';

ensureBuild();
const dataDir = mkdtempSync(join(tmpdir(), 'sayso-e2e-'));
const child = fork(join(root, 'server.js'), [], {
	cwd: root,
	stdio: 'inherit',
	env: {
		...process.env,
		SAYSO_DB: 'pglite',
		SAYSO_SEED: 'demo',
		SAYSO_DATA_DIR: dataDir,
		PORT: process.env.E2E_PORT ?? '4173',
		HOST: '127.0.0.1',
		REDIS_URL: ''
	}
});
const cleanup = () => rmSync(dataDir, { recursive: true, force: true });
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
child.on('exit', (code) => {
	cleanup();
	process.exit(code ?? 0);
});
