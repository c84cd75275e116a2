import type { Server } from 'socket.io';
import type { Database } from '../db';

/**
 * Live sessions arrive with their own issue; the foundation only wires socket.io to the same
 * process and database so that work has a place to land. A `ping` round-trip proves the wiring.
 */
export function attachLiveHub(io: Server, _db: Database): void {
	io.on('connection', (socket) => {
		socket.on('ping', (ack: unknown) => {
			if (typeof ack === 'function') ack({ ok: true, at: new Date().toISOString() });
		});
	});
}
