import { redirect } from '@sveltejs/kit';
import { endSession } from '$lib/server/auth/sessions';
import { database } from '$lib/server/context';
import { serviceSupabase } from '$lib/server/db/supabase';
import type { Actions } from './$types';

export const actions: Actions = {
	default: async ({ cookies }) => {
		await endSession(serviceSupabase(await database()), cookies);
		redirect(303, '/?signedout=1');
	}
};
