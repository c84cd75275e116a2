import type { SupabaseClient } from '@supabase/supabase-js';
import { clear, exceeded, failureLocks, hit, LIMITS } from './rate-limit';
import { decoyHash, hashSecret, verifySecret } from './secrets';

export interface PanelForCode {
	panelId: string;
	panelName: string;
	partnershipName: string;
	requiresApproval: boolean;
}

export type CodeLookup = { ok: true; panel: PanelForCode } | { ok: false; reason: 'unknown-code' | 'too-many-attempts' };

/**
 * Finds the panel for a join code. Only wrong codes count against the address, so a whole class
 * behind one school address can join with the right code; a guesser is stopped after ten tries.
 */
export async function findPanelByCode(service: SupabaseClient, code: string, ip: string): Promise<CodeLookup> {
	if (!(await hit(service, `young:ip:${ip}`, LIMITS.youngAttemptsPerIp))) return { ok: false, reason: 'too-many-attempts' };
	const badCodes = `bad-code:ip:${ip}`;
	if (await exceeded(service, badCodes, LIMITS.badCodesPerIp)) return { ok: false, reason: 'too-many-attempts' };
	const { data, error } = await service.rpc('auth_panel_by_code', { p_code: code }).maybeSingle();
	if (error) throw new Error(`join code: ${error.message}`);
	if (!data) {
		await hit(service, badCodes, LIMITS.badCodesPerIp);
		return { ok: false, reason: 'unknown-code' };
	}
	const row = data as { panel_id: string; panel_name: string; partnership_name: string; requires_approval: boolean };
	return {
		ok: true,
		panel: {
			panelId: row.panel_id,
			panelName: row.panel_name,
			partnershipName: row.partnership_name,
			requiresApproval: row.requires_approval
		}
	};
}

export type JoinResult =
	| { ok: true; accountId: string }
	| { ok: false; reason: 'pseudonym-taken' | 'pseudonym-invalid' | 'unknown-code' };

export async function joinPanel(
	service: SupabaseClient,
	details: { code: string; pseudonym: string; ageBand: string; passphrase: string; privacyNoticeVersion: string }
): Promise<JoinResult> {
	const { data, error } = await service.rpc('auth_join_panel', {
		p_code: details.code,
		p_pseudonym: details.pseudonym,
		p_age_band: details.ageBand,
		p_passphrase_hash: await hashSecret(details.passphrase),
		p_privacy_notice_version: details.privacyNoticeVersion
	});
	if (error?.code === '23505') return { ok: false, reason: 'pseudonym-taken' };
	if (error?.code === 'PT404') return { ok: false, reason: 'unknown-code' };
	// The database's own pseudonym rule; the form checks first, so this is a second line of defence.
	if (error?.code === '23514') return { ok: false, reason: 'pseudonym-invalid' };
	if (error) throw new Error(`join panel: ${error.code} ${error.message}`);
	return { ok: true, accountId: data as string };
}

export type YoungSignInResult =
	| { ok: true; accountId: string }
	| { ok: false; reason: 'wrong-details' | 'locked' | 'too-many-attempts' };

export async function checkYoungPerson(
	service: SupabaseClient,
	details: { code: string; pseudonym: string; passphrase: string },
	ip: string
): Promise<YoungSignInResult> {
	if (!(await hit(service, `young:ip:${ip}`, LIMITS.youngAttemptsPerIp))) return { ok: false, reason: 'too-many-attempts' };
	const perCode = `young-fail:code:${details.code}`;
	const perMember = `young-fail:member:${details.code}:${details.pseudonym.toLowerCase()}`;
	if (await exceeded(service, perCode, LIMITS.youngFailuresPerCode)) return { ok: false, reason: 'too-many-attempts' };
	if (await exceeded(service, perMember, LIMITS.youngFailuresPerMember)) return { ok: false, reason: 'locked' };

	const { data, error } = await service
		.rpc('auth_young_person_credentials', { p_code: details.code, p_pseudonym: details.pseudonym })
		.maybeSingle();
	if (error) throw new Error(`young sign-in: ${error.message}`);
	const row = data as { account_id: string; passphrase_hash: string } | null;
	const valid = await verifySecret(row?.passphrase_hash ?? (await decoyHash()), details.passphrase);
	if (row && valid) {
		await clear(service, perMember);
		return { ok: true, accountId: row.account_id };
	}
	await hit(service, perCode, LIMITS.youngFailuresPerCode);
	const locked = await failureLocks(service, perMember, LIMITS.youngFailuresPerMember);
	return { ok: false, reason: locked ? 'locked' : 'wrong-details' };
}
