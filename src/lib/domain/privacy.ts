import type { AgeBand } from './auth';
import { PRIVACY_NOTICE_VERSIONS } from '$lib/i18n';

/**
 * Which privacy notice a young person is shown for their age group, and the version string
 * recorded with their membership ("10-12@2026-11-25.1"), so we can always say what they read.
 */
export function privacyNoticeFor(band: AgeBand) {
	const audience = band === '10-12' ? '10-12' : '13-16';
	return { audience, version: `${audience}@${PRIVACY_NOTICE_VERSIONS[audience]}` } as const;
}
