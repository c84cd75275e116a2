/**
 * Contact details and personal data a young person must not share where others will see it:
 * emails, @handles, web addresses, phone numbers and UK postcodes. The same patterns as the SQL
 * function public.has_contact_details (supabase/migrations/…_youth_panels.sql), which the database
 * applies whoever calls it; here they let the page explain before anything is sent.
 */
const PATTERNS: readonly RegExp[] = [
	/[a-z0-9._%+-]+@[a-z0-9.-]+\.[a-z]{2,}/i,
	/(^|[^a-z0-9])@[a-z0-9_]{2,}/i,
	/(https?:\/\/|www\.)/i,
	/[a-z0-9-]+\.(com|co\.uk|uk|org|net|io|me|ly|gg|tv|app)(\/|\s|$)/i,
	/(\+?\d[\s().-]*){10,}/,
	/(^|[^a-z0-9])[a-z]{1,2}[0-9][a-z0-9]?\s*[0-9][a-z]{2}($|[^a-z0-9])/i
];

export function hasContactDetails(text: string | null | undefined): boolean {
	return PATTERNS.some((p) => p.test(text ?? ''));
}
