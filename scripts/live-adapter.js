// socket.io's Redis adapter, when REDIS_URL is set: every process sees every room's broadcasts.
// Plain JS so server.js and the Vite dev plugin can both use it without a build step.
export async function createLiveAdapter(redisUrl) {
	if (!redisUrl) return null;
	const [{ createClient }, { createAdapter }] = await Promise.all([import('redis'), import('@socket.io/redis-adapter')]);
	const pub = createClient({ url: redisUrl });
	const sub = pub.duplicate();
	await Promise.all([pub.connect(), sub.connect()]);
	return {
		adapter: createAdapter(pub, sub),
		close: () => Promise.all([pub.quit(), sub.quit()])
	};
}
