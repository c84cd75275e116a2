import { describe, expect, it } from 'vitest';
import { hasContactDetails } from './contact-details';

describe('contact details', () => {
	it.each(['ring 0800 123 4567', '+44 7700 900123', 'me@example.com', 'follow @coolkid', 'www.site.org', 'https://x.y', 'tiktok.com/abc', 'I live at M1 1AE', 'postcode sw1a1aa'])(
		'finds them in %j',
		(text) => expect(hasContactDetails(text)).toBe(true)
	);
	it.each(['More skateparks please', 'We want 24 hour buses', 'In 2026 and 2027', 'Free wifi at the library', 'Year 7 and Year 8 clubs', ''])(
		'leaves %j alone',
		(text) => expect(hasContactDetails(text)).toBe(false)
	);
});
