import { requireStaff } from '$lib/server/forms';
import { staffRound } from '../staff-budgets.server';
import type { LayoutServerLoad } from './$types';

export const load: LayoutServerLoad = async ({ locals, params, url }) => {
	requireStaff(locals, url);
	void url.pathname; // re-read on every move between the round's pages, so the phase is never stale
	return staffRound(locals, params.round);
};
