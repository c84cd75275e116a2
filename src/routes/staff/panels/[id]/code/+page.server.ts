import QRCode from 'qrcode';
import { t } from '$lib/i18n';
import { formatJoinCode } from '$lib/domain/auth';
import type { PageServerLoad } from './$types';

const escapeXml = (s: string) =>
	s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[c]!);

/**
 * The QR code, drawn on the server as SVG (no script, works when printed), of the join page with
 * the code filled in. It is an image with a text alternative that says what it is and the code.
 */
async function qrSvg(link: string, label: string): Promise<string> {
	const svg = await QRCode.toString(link, { type: 'svg', margin: 2, errorCorrectionLevel: 'M', color: { dark: '#0b0c0c', light: '#ffffff' } });
	return svg
		.trim()
		.replace('<svg ', '<svg role="img" aria-labelledby="qr-title" focusable="false" class="qr" ')
		.replace(/(<svg[^>]*>)/, `$1<title id="qr-title">${escapeXml(label)}</title>`);
}

export const load: PageServerLoad = async ({ parent, url }) => {
	const { panel } = await parent();
	const code = formatJoinCode(panel.join_code);
	const link = `${url.origin}/join?code=${panel.join_code}`;
	return {
		code,
		site: url.host,
		qr: await qrSvg(link, t('panelStaff.code.qrLabel', { name: panel.name, code })),
		expired: panel.join_code_expires_at !== null && new Date(panel.join_code_expires_at).getTime() <= Date.now(),
		rotated: url.searchParams.has('rotated')
	};
};
