import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The JWT secret for embedded and plain-PostgreSQL mode: generated on first start and kept in the
 * data folder (readable by its owner only), so sessions survive restarts and nothing has to be
 * configured. A Supabase project brings its own secret instead.
 */
export function loadOrCreateJwtSecret(dataDir: string): string {
	const file = join(dataDir, 'secrets.json');
	if (existsSync(file)) {
		const { jwtSecret } = JSON.parse(readFileSync(file, 'utf8')) as { jwtSecret?: string };
		if (jwtSecret && jwtSecret.length >= 32) return jwtSecret;
	}
	mkdirSync(dataDir, { recursive: true });
	const jwtSecret = randomBytes(48).toString('base64url');
	writeFileSync(file, JSON.stringify({ jwtSecret }, null, 2) + '\n', { mode: 0o600 });
	return jwtSecret;
}
