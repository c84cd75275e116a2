import { sveltekit } from '@sveltejs/kit/vite';
import { Server } from 'socket.io';
import type { Plugin } from 'vite';
import { defineConfig } from 'vitest/config';
import { createLiveAdapter } from './scripts/live-adapter.js';

/** In `vite dev`, socket.io rides on Vite's own HTTP server, as server.js does in production. */
const liveSockets = (): Plugin => ({
	name: 'sayso-live-sockets',
	async configureServer(server) {
		if (!server.httpServer) return;
		const io = new Server(server.httpServer, { path: '/socket.io', serveClient: false, cors: { origin: false } });
		const redis = await createLiveAdapter(process.env.REDIS_URL);
		if (redis) io.adapter(redis.adapter);
		(globalThis as { __saysoIo?: Server }).__saysoIo = io;
	}
});

export default defineConfig({
	plugins: [sveltekit(), liveSockets()],
	test: {
		include: ['src/**/*.spec.ts'],
		environment: 'node',
		// PGlite boots a WASM Postgres per test file; give slow shared machines room.
		testTimeout: 30_000,
		hookTimeout: 60_000,
		pool: 'forks'
	}
});
