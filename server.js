// Production entry: one HTTP server carrying the SvelteKit app (build/handler.js) and socket.io.
// `npm start` runs this after scripts/start.js has made sure the build is fresh.
import { createServer } from 'node:http';
import { Server } from 'socket.io';
import { createLiveAdapter } from './scripts/live-adapter.js';

const port = Number(process.env.PORT ?? 3000);
const host = process.env.HOST ?? '0.0.0.0';

const httpServer = createServer();
const io = new Server(httpServer, {
	path: '/socket.io',
	serveClient: false,
	// Same origin only: the app and the socket share the host.
	cors: { origin: false },
	connectionStateRecovery: { maxDisconnectionDuration: 2 * 60 * 1000 }
});
// Past one process, rooms and broadcasts go through Redis (REDIS_URL); see README "Scaling out".
const redis = await createLiveAdapter(process.env.REDIS_URL);
if (redis) io.adapter(redis.adapter);

// adapter-node assumes https when it is not told the site's origin, which would make every form
// post on http://localhost look cross-site. Unless a proxy set-up says otherwise (ORIGIN or
// PROTOCOL_HEADER), tell it the protocol of the connection itself, overwriting anything a client sent.
const PROTO = 'x-sayso-connection-proto';
const trustConnection = !process.env.ORIGIN && !process.env.PROTOCOL_HEADER;
if (trustConnection) process.env.PROTOCOL_HEADER = PROTO;

// The SvelteKit hooks pick this up in `init` and attach the live hub to it.
globalThis.__saysoIo = io;

// Importing the handler runs SvelteKit's `init`: the database is opened, migrated and seeded here.
const { handler } = await import('./build/handler.js');
httpServer.on('request', (req, res) => {
	// socket.io answers its own path; everything else is the app.
	if (req.url?.startsWith('/socket.io/')) return;
	if (trustConnection) req.headers[PROTO] = 'encrypted' in req.socket && req.socket.encrypted ? 'https' : 'http';
	handler(req, res);
});

httpServer.listen(port, host, () => {
	const url = `http://localhost:${port}`;
	console.log(`sayso: listening on ${url}`);
	process.send?.({ ready: true, url });
});

const shutdown = () => {
	io.close();
	httpServer.close(() => process.exit(0));
	setTimeout(() => process.exit(0), 3000).unref();
};
process.on('SIGTERM', shutdown);
process.on('SIGINT', shutdown);
