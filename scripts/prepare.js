// Shared by `npm start`, `npm test` and the end-to-end server: install what is missing and
// rebuild when the sources are newer than the build. Plain Node, no dependencies, because it
// runs before `npm install` has.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

export const root = new URL('..', import.meta.url).pathname;

export function run(cmd, args, options = {}) {
	const r = spawnSync(cmd, args, { cwd: root, stdio: 'inherit', ...options });
	if (r.status !== 0) {
		console.error(`sayso: "${cmd} ${args.join(' ')}" failed (exit ${r.status ?? r.signal})`);
		process.exit(r.status ?? 1);
	}
}

function newest(path) {
	if (!existsSync(path)) return 0;
	const s = statSync(path);
	if (!s.isDirectory()) return s.mtimeMs;
	return readdirSync(path).reduce((m, f) => Math.max(m, newest(join(path, f))), s.mtimeMs);
}

export function ensureDependencies() {
	const installed = join(root, 'node_modules', '.package-lock.json');
	const stale = !existsSync(installed) || newest(join(root, 'package-lock.json')) > newest(installed);
	if (stale) {
		console.log('sayso: installing dependencies (npm ci)…');
		run('npm', ['ci', '--no-audit', '--no-fund']);
	}
}

const BUILD_INPUTS = ['src', 'static', 'svelte.config.js', 'vite.config.ts', 'package-lock.json', 'supabase/seed.sql'];

export function ensureBuild() {
	const built = join(root, 'build', 'handler.js');
	const sources = Math.max(...BUILD_INPUTS.map((p) => newest(join(root, p))));
	if (!existsSync(built) || sources > newest(built)) {
		console.log('sayso: building the app (sources are newer than the build)…');
		run(process.execPath, [join(root, 'node_modules', 'vite', 'bin', 'vite.js'), 'build', '--logLevel', 'warn']);
	}
}
