import type { Server } from 'socket.io';
export function createLiveAdapter(
	redisUrl: string | undefined
): Promise<{ adapter: Parameters<Server['adapter']>[0]; close(): Promise<unknown> } | null>;
