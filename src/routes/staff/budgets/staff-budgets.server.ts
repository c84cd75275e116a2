/**
 * Shared pieces of the staff budget pages: the round as the signed-in person sees it (row-level
 * security: another partnership's round does not exist for them), their roles there, and turning
 * the SQL functions' error codes into the right 4xx with a message.
 */
import { error, fail } from '@sveltejs/kit';
import { z } from 'zod';
import { t } from '$lib/i18n';
import { PHASES, TALLY_RULES } from '$lib/domain/budgets';
import { isUuid, roundRowSchema, ruleOf } from '../../budgets/budgets.server';

export const RUNNERS = ['partnership_admin', 'commissioner'] as const;
export const HELPERS = ['partnership_admin', 'commissioner', 'facilitator'] as const;

const staffRoundSchema = roundRowSchema.extend({
	partnership_id: z.uuid(),
	panel_id: z.uuid().nullable(),
	allow_codes: z.boolean(),
	tally_rule: z.enum(TALLY_RULES),
	created_at: z.string()
});

export async function staffRound(locals: App.Locals, id: string | undefined) {
	if (!locals.user || locals.user.kind !== 'staff') error(403, t('budgets.staff.errors.notAllowed'));
	if (!isUuid(id)) error(404, t('budgets.staff.errors.notFound'));
	const { data, error: e } = await locals.supabase
		.from('budget_rounds')
		.select('id, partnership_id, panel_id, title, description, budget, allow_codes, ballot_rule, min_percent, min_projects, max_projects, points_total, points_per_project, tally_rule, phase, created_at')
		.eq('id', id)
		.maybeSingle();
	if (e) error(500, e.message);
	if (!data) error(404, t('budgets.staff.errors.notFound'));
	const row = staffRoundSchema.parse(data);
	const roles = await rolesIn(locals, row.partnership_id);
	if (!roles.length) error(404, t('budgets.staff.errors.notFound'));
	return {
		round: {
			id: row.id,
			partnershipId: row.partnership_id,
			title: row.title,
			description: row.description,
			budget: row.budget,
			allowCodes: row.allow_codes,
			phase: row.phase as (typeof PHASES)[number],
			rule: ruleOf(row),
			tally: row.tally_rule
		},
		roles,
		isRunner: roles.some((r) => (RUNNERS as readonly string[]).includes(r)),
		isHelper: roles.some((r) => (HELPERS as readonly string[]).includes(r))
	};
}

export async function rolesIn(locals: App.Locals, partnershipId: string): Promise<string[]> {
	if (!locals.user) return [];
	const { data, error: e } = await locals.supabase.from('memberships').select('role').eq('account_id', locals.user.id).eq('partnership_id', partnershipId);
	if (e) error(500, e.message);
	return (data ?? []).map((r) => r.role as string);
}

/** A refused function call as a form failure on `field`. */
export function dbFailure(e: { code?: string; message?: string }, field: string, extra: Record<string, unknown> = {}) {
	const [status, message] = (() => {
		switch (e.code) {
			case '42501':
				return [403, t('budgets.staff.errors.notAllowed')] as const;
			case 'PT404':
				return [404, t('budgets.staff.errors.notFound')] as const;
			case 'PT409':
				return [409, e.message && /already/i.test(e.message) ? t('budgets.staff.errors.alreadyVoted') : t('budgets.staff.errors.wrongPhase')] as const;
			default:
				return [400, t('budgets.staff.errors.rejected')] as const;
		}
	})();
	return fail(status, { errors: { [field]: message }, ...extra });
}

export function must<T>(r: { data: T | null; error: { message: string } | null }): T {
	if (r.error) error(500, r.error.message);
	return (r.data ?? []) as T;
}
