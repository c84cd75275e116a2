import { requireStaff } from '$lib/server/forms';
import { managedPanel, must } from '../panel-forms.server';
import type { LayoutServerLoad } from './$types';

/** Every page under /staff/panels/[id] is for the people who run the panel. */
export const load: LayoutServerLoad = async ({ locals, params, url }) => {
	requireStaff(locals, url);
	// Read on every move between the panel's pages, so the "waiting" counts and the archived
	// state in the section links are never stale (SvelteKit re-runs a load that reads the path).
	void url.pathname;
	const panel = await managedPanel(locals, params.id);
	const [partnership, pendingMembers, pendingIdeas] = await Promise.all([
		locals.supabase.from('partnerships').select('id, name, response_due_weeks').eq('id', panel.partnership_id).single().then(must),
		locals.supabase.from('panel_members').select('account_id').eq('panel_id', panel.id).eq('status', 'pending').then(must),
		locals.supabase.from('ideas').select('id').eq('panel_id', panel.id).eq('status', 'pending').then(must)
	]);
	return {
		panel: {
			...panel,
			archived: panel.archived_at !== null
		},
		partnership: {
			id: partnership.id as string,
			name: partnership.name as string,
			responseDueWeeks: partnership.response_due_weeks as number
		},
		pendingMembers: pendingMembers.length,
		pendingIdeas: pendingIdeas.length
	};
};
