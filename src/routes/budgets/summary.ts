import { describeProblem, type BallotKind, type Problem } from '$lib/domain/budgets';

/**
 * The error summary for a ballot: problems with the whole ballot link to its first choice (the
 * GOV.UK way for a group of checkboxes); a bad number of points links to its own box.
 */
export function ballotSummary(
	kind: BallotKind,
	projects: readonly { id: string }[],
	problems: readonly Problem[],
	fieldErrors: Record<string, string | undefined>
): Record<string, string | undefined> {
	const first = projects[0] ? `${kind === 'points' ? 'points' : 'project'}-${projects[0].id}` : 'ballot';
	const out: Record<string, string | undefined> = {};
	const whole = [fieldErrors.ballot, ...problems.map(describeProblem)].filter(Boolean).join(' ');
	if (whole) out[first] = whole;
	for (const [key, message] of Object.entries(fieldErrors)) {
		if (key === 'ballot' || !message) continue;
		out[key] = out[key] ? `${out[key]} ${message}` : message;
	}
	return out;
}
