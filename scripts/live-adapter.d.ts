import type { Server } from 'socket.io';
export function createLiveAdapter(redisUrl: string | undefined): Promise<Parameters<Server['adapter']>[0] | null>;
