import type { SupabaseClient } from '@supabase/supabase-js';
import type { SessionUser } from '$lib/server/auth/sessions';

declare global {
	namespace App {
		interface Locals {
			/** The signed-in person, or null for a visitor. */
			user: SessionUser | null;
			/** supabase-js acting as `user` (or anon): the only way pages reach data. */
			supabase: SupabaseClient;
		}
		interface PageData {
			user?: { id: string; kind: 'staff' | 'young_person'; displayName: string; isPlatformAdmin: boolean } | null;
		}
		interface Error {
			message: string;
		}
	}
}

export {};
