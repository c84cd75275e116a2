// `npm start`: install what is missing, build if stale, then serve the whole product on the
// embedded database (./.sayso, or SAYSO_DATA_DIR) with demo content on first run.
import { fork } from 'node:child_process';
import { join } from 'node:path';
import { ensureBuild, ensureDependencies, root } from './prepare.js';

ensureDependencies();
ensureBuild();

const { banner } = await import('./demo.js');
const child = fork(join(root, 'server.js'), [], { cwd: root, stdio: 'inherit' });
child.on('message', (m) => {
	if (m?.ready) {
		const demo = process.env.SAYSO_SEED ? process.env.SAYSO_SEED === 'demo' : !process.env.DATABASE_URL && !process.env.PUBLIC_SUPABASE_URL;
		console.log(demo ? banner(m.url) : `\n  Sayso is running at ${m.url}\n`);
	}
});
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
process.on('exit', () => child.exitCode === null && child.kill());
child.on('exit', (code) => process.exit(code ?? 0));
