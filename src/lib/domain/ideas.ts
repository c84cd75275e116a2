import { z } from 'zod';
import { t, type MessageKey } from '$lib/i18n';
import { hasContactDetails } from './contact-details';

/**
 * Ideas a young person shares with their panel (supabase/migrations/…_youth_panels.sql: ideas,
 * post_idea). The database keeps the same limits and refuses contact details whoever calls it;
 * this schema says why in friendly words before anything is sent.
 */

export const IDEA_TITLE_MIN = 3;
export const IDEA_TITLE_MAX = 120;
export const IDEA_BODY_MAX = 2000;

export const IDEA_STATUSES = ['pending', 'approved', 'rejected'] as const;
export type IdeaStatus = (typeof IDEA_STATUSES)[number];

/** Why a facilitator did not share an idea: a code, shown to the author as a kind sentence. */
export const IDEA_REJECT_REASONS = ['contact_details', 'unkind', 'off_topic', 'duplicate', 'other'] as const;
export type IdeaRejectReason = (typeof IDEA_REJECT_REASONS)[number];

/**
 * Something that looks like an HTML tag. Pages never render text as HTML, so this is not about
 * safety; a tag is just not an idea. "<3" and "a < b" are fine.
 */
const TAG = /<\s*\/?\s*[a-z!?][^<>]*>/i;

const ideaText = (max: number, tooLong: MessageKey, missing: MessageKey) =>
	z
		.string({ error: () => t(missing) })
		.max(max, { error: () => t(tooLong) })
		.refine((s) => !TAG.test(s), { error: () => t('panelHome.ideas.errors.markup') })
		.refine((s) => !hasContactDetails(s), { error: () => t('contact.refused') });

export const ideaSchema = z.object({
	title: z
		.string({ error: () => t('panelHome.ideas.errors.titleMissing') })
		.transform((s) => s.trim().replace(/\s+/g, ' '))
		.pipe(
			z
				.string()
				.min(1, { error: () => t('panelHome.ideas.errors.titleMissing') })
				.min(IDEA_TITLE_MIN, { error: () => t('panelHome.ideas.errors.titleShort') })
				.pipe(ideaText(IDEA_TITLE_MAX, 'panelHome.ideas.errors.titleLong', 'panelHome.ideas.errors.titleMissing'))
		),
	// Optional to fill in, but the form always sends it (an empty textarea is ""): a missing
	// field or a file here means the post did not come from our form.
	body: z
		.string({ error: () => t('panelHome.ideas.errors.bodyInvalid') })
		.transform((s) => s.trim())
		.pipe(ideaText(IDEA_BODY_MAX, 'panelHome.ideas.errors.bodyLong', 'panelHome.ideas.errors.bodyInvalid'))
});
export type IdeaInput = z.output<typeof ideaSchema>;

/** An idea row as the panel home reads it (never with its author). */
export const ideaRowSchema = z.object({
	id: z.uuid(),
	title: z.string(),
	body: z.string(),
	status: z.enum(IDEA_STATUSES),
	reject_reason: z.enum(IDEA_REJECT_REASONS).nullable(),
	created_at: z.string()
});
export type IdeaRow = z.output<typeof ideaRowSchema>;

/** What the author is told about their idea's state: a label, and for a rejected idea, why. */
export function ideaStateFor(idea: Pick<IdeaRow, 'status' | 'reject_reason'>): { label: string; reason: string | null } {
	return {
		label: t(`panelHome.ideas.status.${idea.status}`),
		reason: idea.status === 'rejected' ? t(`panelHome.ideas.reasons.${idea.reject_reason ?? 'other'}`) : null
	};
}
