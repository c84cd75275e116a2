import { z } from 'zod';
import { t } from '$lib/i18n';

/** Same alphabet as private.new_join_code(): no 0/O, 1/I/L or U to misread on a projector. */
export const JOIN_CODE_ALPHABET = 'ABCDEFGHJKMNPQRSTVWXYZ23456789';
export const AGE_BANDS = ['10-12', '13-15', '16-18'] as const;
export type AgeBand = (typeof AGE_BANDS)[number];

export const normaliseJoinCode = (code: string) => code.replace(/[\s-]/g, '').toUpperCase();
/** "NRTHBAY7" → "NRTH-BAY7": easier to read aloud and to copy from a board. */
export const formatJoinCode = (code: string) => `${code.slice(0, 4)}-${code.slice(4)}`;

const noMarkup = (s: string) => !/[<>]/.test(s);

export const joinCodeSchema = z
	.string({ error: () => t('join.errors.codeMissing') })
	.max(40, { error: () => t('join.errors.codeInvalid') })
	.transform(normaliseJoinCode)
	.pipe(
		z
			.string()
			.min(1, { error: () => t('join.errors.codeMissing') })
			.regex(/^[ABCDEFGHJKMNPQRSTVWXYZ2-9]{8}$/, { error: () => t('join.errors.codeInvalid') })
	);

/**
 * Why a pseudonym can't be used, in words a 10-year-old understands, or null. The database holds
 * the same rule as a check constraint; this gives the friendly reason first.
 */
export function pseudonymProblem(raw: string): string | null {
	const name = raw.trim();
	if (!name) return t('join.errors.pseudonymMissing');
	if (name.length < 2 || name.length > 24) return t('join.errors.pseudonymLength');
	if (/@/.test(name) || /\S+\.\S+/.test(name) || /https?:|www\.|\//i.test(name)) return t('join.errors.pseudonymContact');
	if (/(\d\D*){4,}/.test(name)) return t('join.errors.pseudonymNumbers');
	if (!/^[A-Za-z0-9][A-Za-z0-9 _-]*$/.test(name)) return t('join.errors.pseudonymCharacters');
	return null;
}

export const pseudonymSchema = z
	.string({ error: () => t('join.errors.pseudonymMissing') })
	.max(200, { error: () => t('join.errors.pseudonymLength') })
	.transform((s) => s.trim().replace(/\s+/g, ' '))
	.superRefine((s, ctx) => {
		const problem = pseudonymProblem(s);
		if (problem) ctx.addIssue({ code: 'custom', message: problem });
	});

/** Passphrases are compared lower-case with single spaces: children mistype capitals and gaps. */
export const normalisePassphrase = (s: string) => s.trim().replace(/\s+/g, ' ').toLowerCase();

export const newPassphraseSchema = z
	.string({ error: () => t('join.errors.passphraseMissing') })
	.max(200, { error: () => t('join.errors.passphraseLength') })
	.transform(normalisePassphrase)
	.pipe(
		z
			.string()
			.min(1, { error: () => t('join.errors.passphraseMissing') })
			.min(12, { error: () => t('join.errors.passphraseLength') })
			.max(100, { error: () => t('join.errors.passphraseLength') })
			.refine(noMarkup, { error: () => t('join.errors.passphraseCharacters') })
	);

export const ageBandSchema = z.enum(AGE_BANDS, { error: () => t('join.errors.ageBand') });

export const joinDetailsSchema = z.object({
	code: joinCodeSchema,
	pseudonym: pseudonymSchema,
	ageBand: ageBandSchema,
	passphrase: newPassphraseSchema
});

export const youngSignInSchema = z.object({
	code: joinCodeSchema,
	pseudonym: z
		.string({ error: () => t('join.errors.pseudonymMissing') })
		.trim()
		.min(1, { error: () => t('join.errors.pseudonymMissing') })
		.max(24, { error: () => t('signin.errors.wrongDetails') }),
	passphrase: z
		.string({ error: () => t('join.errors.passphraseMissing') })
		.transform(normalisePassphrase)
		.pipe(
			z
				.string()
				.min(1, { error: () => t('join.errors.passphraseMissing') })
				.max(100, { error: () => t('signin.errors.wrongDetails') })
		)
});

export const staffSignInSchema = z.object({
	email: z
		.string({ error: () => t('signin.errors.emailMissing') })
		.trim()
		.min(1, { error: () => t('signin.errors.emailMissing') })
		.max(254, { error: () => t('signin.errors.emailInvalid') })
		.pipe(z.email({ error: () => t('signin.errors.emailInvalid') })),
	password: z
		.string({ error: () => t('signin.errors.passwordMissing') })
		.min(1, { error: () => t('signin.errors.passwordMissing') })
		.max(200, { error: () => t('signin.errors.wrongDetails') })
});

/** First message per field, for an error summary and inline messages. */
export function fieldErrors(error: z.ZodError): Record<string, string> {
	const out: Record<string, string> = {};
	for (const issue of error.issues) {
		const key = String(issue.path[0] ?? 'form');
		out[key] ??= issue.message;
	}
	return out;
}
