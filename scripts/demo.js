// The demo sign-ins that supabase/seed.sql creates. One place, used by the start-up banner and
// the end-to-end tests, so the printed credentials are the ones that work.
export const DEMO = {
	password: 'northbay-demo-2026',
	staff: [
		{ email: 'admin@northbay.example', role: 'partnership admin, Northbay' },
		{ email: 'facilitator@northbay.example', role: 'facilitator, Northbay' },
		{ email: 'commissioner@northbay.example', role: 'commissioner, Northbay' },
		{ email: 'safeguarding@northbay.example', role: 'safeguarding lead, Northbay' },
		{ email: 'platform@sayso.example', role: 'platform admin' },
		{ email: 'admin@eastmere.example', role: 'partnership admin, Eastmere (second partnership)' }
	],
	joinCode: 'NRTH-BAY7',
	panelName: 'Northbay Youth Voice',
	member: { pseudonym: 'Blue Otter', passphrase: 'maple river lantern' }
};

/** @param {string} url */
export function banner(url) {
	const w = Math.max(...DEMO.staff.map((s) => s.email.length));
	return [
		'',
		`  Sayso is running at ${url}`,
		'',
		`  Demo staff sign-in (${url}/signin), password: ${DEMO.password}`,
		...DEMO.staff.map((s) => `    ${s.email.padEnd(w)}  ${s.role}`),
		'',
		`  Demo youth panel join code (${url}/join): ${DEMO.joinCode}  (${DEMO.panelName})`,
		`  Demo member sign-in: ${DEMO.member.pseudonym} / ${DEMO.joinCode} / passphrase "${DEMO.member.passphrase}"`,
		''
	].join('\n');
}
