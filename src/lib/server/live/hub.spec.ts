import { createServer, type Server as HttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Server } from 'socket.io';
import { io as connect, type Socket } from 'socket.io-client';
import { afterEach, describe, expect, it } from 'vitest';
import { createLiveAdapter } from '../../../../scripts/live-adapter.js';
import type { Database } from '../db';
import { attachLiveHub } from './hub';

const cleanups: (() => unknown)[] = [];
afterEach(async () => {
	while (cleanups.length) await cleanups.pop()!();
});

async function startServer(redis?: Awaited<ReturnType<typeof createLiveAdapter>>) {
	const http: HttpServer = createServer();
	const io = new Server(http, { path: '/socket.io' });
	if (redis) {
		io.adapter(redis.adapter);
		cleanups.push(() => redis.close());
	}
	attachLiveHub(io, {} as Database);
	await new Promise<void>((r) => http.listen(0, '127.0.0.1', r));
	cleanups.push(() => new Promise((r) => io.close(() => r(undefined))));
	return { io, url: `http://127.0.0.1:${(http.address() as AddressInfo).port}` };
}

function client(url: string): Promise<Socket> {
	const socket = connect(url, { path: '/socket.io', transports: ['websocket'], forceNew: true });
	cleanups.push(() => socket.close());
	return new Promise((resolve, reject) => {
		socket.on('connect', () => resolve(socket));
		socket.on('connect_error', reject);
	});
}

describe('socket.io on the app server', () => {
	it('answers a ping with an acknowledgement', async () => {
		const { url } = await startServer();
		const socket = await client(url);
		const reply = await socket.timeout(5000).emitWithAck('ping');
		expect(reply).toMatchObject({ ok: true });
		expect(Date.parse(reply.at)).not.toBeNaN();
	});
});

describe.skipIf(!process.env.REDIS_URL)('two socket.io servers behind one Redis (skipped when REDIS_URL is not set)', () => {
	it('a broadcast from one server reaches a client connected to the other', async () => {
		const a = await startServer(await createLiveAdapter(process.env.REDIS_URL));
		const b = await startServer(await createLiveAdapter(process.env.REDIS_URL));
		const onB = await client(b.url);
		const received = new Promise((resolve) => onB.on('hello', resolve));
		// give the Redis subscription a moment to be in place before publishing
		await new Promise((r) => setTimeout(r, 200));
		a.io.emit('hello', { from: 'a' });
		await expect(received).resolves.toEqual({ from: 'a' });
	});
});
