/**
 * Version of each privacy notice, by audience. Bump a version whenever the
 * words of that notice change in a way a reader would care about: the join
 * flow records which version a young person was shown.
 */
export const PRIVACY_NOTICE_VERSIONS = {
	'10-12': '2026-11-25.1',
	'13-16': '2026-11-25.1',
	staff: '2026-11-25.1'
} as const;

export type PrivacyNoticeAudience = keyof typeof PRIVACY_NOTICE_VERSIONS;

/** Which notice a young person of a given age should be shown. */
export function privacyAudienceForAge(age: number): Exclude<PrivacyNoticeAudience, 'staff'> {
	return age <= 12 ? '10-12' : '13-16';
}

/**
 * How long after a young person leaves (or their panel closes) we delete their
 * account and what they wrote. The notices quote this number, so the retention
 * job and the notices must change together.
 */
export const RETENTION_MONTHS_AFTER_LEAVING = 6;
