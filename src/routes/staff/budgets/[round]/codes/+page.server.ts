import { fail } from '@sveltejs/kit';
import QRCode from 'qrcode';
import { z } from 'zod';
import { t } from '$lib/i18n';
import { codesSchema, formatVotingCode } from '$lib/domain/budgets';
import { keepText, parse, readPanelForm } from '../../../panels/panel-forms.server';
import { dbFailure, staffRound } from '../../staff-budgets.server';
import type { Actions, PageServerLoad } from './$types';

/**
 * Single-use voting codes for people without an account (a class at school). Only a hash of each
 * code is stored, so the codes are shown once, straight after they are made, as a printable sheet
 * of slips, each with a QR code (SVG drawn on the server) that opens /vote with the code filled in.
 */

const escapeXml = (s: string) => s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[c]!);

async function qrSvg(link: string, label: string, id: string): Promise<string> {
	const svg = await QRCode.toString(link, { type: 'svg', margin: 1, errorCorrectionLevel: 'M', color: { dark: '#0b0c0c', light: '#ffffff' } });
	return svg
		.trim()
		.replace('<svg ', `<svg role="img" aria-labelledby="${id}" focusable="false" class="qr" `)
		.replace(/(<svg[^>]*>)/, `$1<title id="${id}">${escapeXml(label)}</title>`);
}

const turnoutSchema = z.object({ codes_made: z.number(), codes_used: z.number() });

export const load: PageServerLoad = async ({ locals, parent }) => {
	const { round } = await parent();
	const turnout = await locals.supabase.rpc('round_turnout', { p_round: round.id });
	const counts = turnoutSchema.safeParse(turnout.data);
	return { made: counts.success ? counts.data.codes_made : 0, used: counts.success ? counts.data.codes_used : 0, site: '' };
};

export const actions: Actions = {
	default: async ({ request, locals, params, url }) => {
		const values = await readPanelForm(request, ['count', 'label']);
		const parsed = parse(codesSchema, values);
		if (!parsed.ok) return fail(400, { errors: parsed.errors, values: keepText(values) });
		const { round } = await staffRound(locals, params.round);
		const { data, error: e } = await locals.supabase.rpc('generate_voting_codes', { p_round: round.id, p_count: parsed.data.count });
		if (e) return dbFailure(e, 'count', { values: keepText(values) });
		const codes = z.array(z.string()).parse(data ?? []);
		const slips = await Promise.all(
			codes.map(async (code, i) => {
				const pretty = formatVotingCode(code);
				return {
					code: pretty,
					qr: await qrSvg(`${url.origin}/vote?code=${code}`, t('budgets.staff.codes.slipQr', { code: pretty }), `qr-${i}`)
				};
			})
		);
		return { slips, label: parsed.data.label, site: url.host };
	}
};
