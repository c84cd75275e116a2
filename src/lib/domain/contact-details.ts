/**
 * Contact details and personal data a young person must not share where others will see it:
 * emails, @handles, web addresses, phone numbers and UK postcodes. The same patterns as the SQL
 * function public.has_contact_details (supabase/migrations/…_youth_panels.sql), which the database
 * applies whoever calls it; here they let the page explain before anything is sent.
 */
// Keep in step with has_contact_details() in SQL: the same patterns, character for character where
// the engines allow (JavaScript's \s is wider than PostgreSQL's, so separators are spelled out).
const SEPARATORS = String.raw`[ \t\n\r\f\v\u00a0\u2000-\u200b\u202f\u205f\u3000().-]`;
const PATTERNS: readonly RegExp[] = [
	/[a-z0-9._%+-]+@[a-z0-9-]{2,}/i,
	/(^|[^a-z0-9])@[a-z_][a-z0-9_.]+/i,
	/(https?:\/\/|www\.)/i,
	/[a-z0-9-]+\.(com|co\.uk|uk|org|net|io|ly|gg|tv|app)([^a-z0-9-]|$)/i,
	/[a-z0-9-]+\.[a-z]{2,}\//i,
	new RegExp(String.raw`(\+?\d${SEPARATORS}*){10,}`),
	/(^|[^a-z0-9])([beglmnsw]|[a-pr-uwyz][a-hk-y])[0-9][a-z0-9]?\s*[0-9][abd-hjlnp-uw-z]{2}($|[^a-z0-9])/i
];

export function hasContactDetails(text: string | null | undefined): boolean {
	return PATTERNS.some((p) => p.test(text ?? ''));
}
