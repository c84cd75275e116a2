import type { LayoutServerLoad } from './$types';

// Only what the header needs: never the session id.
export const load: LayoutServerLoad = ({ locals }) => ({
	user: locals.user
		? {
				id: locals.user.id,
				kind: locals.user.kind,
				displayName: locals.user.displayName,
				isPlatformAdmin: locals.user.isPlatformAdmin
			}
		: null
});
