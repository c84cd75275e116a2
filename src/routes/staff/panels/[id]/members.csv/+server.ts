import { stringify } from 'csv-stringify/sync';
import { t } from '$lib/i18n';
import { csvSafe, londonDate, londonToday } from '$lib/domain/panels';
import { requireStaff } from '$lib/server/forms';
import { managedPanel, panelMembers } from '../../panel-forms.server';
import type { RequestHandler } from './$types';

/**
 * The member list for a facilitator's own records: made-up name, age group, status and joined date
 * only. For the panel's managers: another partnership's staff get 404 (row-level security hides
 * the panel), a commissioner or safeguarding lead 403.
 */
export const GET: RequestHandler = async ({ locals, params, url }) => {
	requireStaff(locals, url);
	const panel = await managedPanel(locals, params.id);
	const members = await panelMembers(locals.supabase, panel.id);
	const rows = [
		[t('panelStaff.csv.pseudonym'), t('panelStaff.csv.ageBand'), t('panelStaff.csv.status'), t('panelStaff.csv.joined')],
		...members.map((m) => [
			m.pseudonym,
			m.ageBand ?? '',
			m.status === 'active' ? t('panelStaff.members.statusActive') : t('panelStaff.members.statusPending'),
			londonDate(m.joinedAt)
		])
	].map((row) => row.map(csvSafe));
	const filename = t('panelStaff.csv.filename', { date: londonToday() });
	return new Response(stringify(rows, { record_delimiter: 'windows' }), {
		headers: {
			'content-type': 'text/csv; charset=utf-8',
			'content-disposition': `attachment; filename="${filename}"`,
			'cache-control': 'private, no-store',
			'x-content-type-options': 'nosniff'
		}
	});
};
