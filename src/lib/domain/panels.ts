/**
 * Youth panels, staff side: the zod schemas for every staff form (settings, join code, members,
 * ideas, recommendations, meetings, offline participation), UK-time date helpers and the CSV
 * cell guard. Pure: no I/O. The database keeps the same rules (supabase/migrations/…_youth_panels.sql);
 * these give the clear message first.
 */
import { z } from 'zod';
import { t, timeZone } from '$lib/i18n';
import { AGE_BANDS } from './auth';

export { AGE_BANDS };
export const REJECT_REASONS = ['contact_details', 'unkind', 'off_topic', 'duplicate', 'other'] as const;
export type RejectReason = (typeof REJECT_REASONS)[number];

/** Rows of "option / how many" the offline form offers without JavaScript, and the most it takes. */
export const RESULT_ROWS = 4;
export const MAX_RESULT_ROWS = 10;

const MARKUP = /[<>]/;
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const TIME = /^([01]\d|2[0-3]):([0-5]\d)$/;

type Msg = () => string;

/** Free text: trimmed, within `max`, at least `min` characters when given, and no < or > markup. */
function text(opts: { min?: number; max: number; missing?: Msg; tooShort?: Msg; tooLong: Msg }) {
	const missing = opts.missing ?? opts.tooShort ?? (() => t('panelStaff.errors.required'));
	let inner = z.string().trim();
	if (opts.min) inner = inner.min(1, { error: missing }).min(opts.min, { error: opts.tooShort ?? missing });
	return z
		.string({ error: opts.min ? missing : () => t('panelStaff.errors.notText') })
		.max(opts.max + 200, { error: opts.tooLong })
		.pipe(
			inner
				.max(opts.max, { error: opts.tooLong })
				.refine((s) => !MARKUP.test(s), { error: () => t('panelStaff.errors.noMarkup') })
		);
}

/** An optional text field that may be missing from the form altogether. */
const optionalText = (max: number, tooLong: Msg) =>
	z.preprocess((v) => (v === undefined ? '' : v), text({ max, tooLong }));

const uuid = (message: Msg) => z.uuid({ error: message });

/** A whole number typed into a form, within bounds. */
const count = (opts: { min: number; max: number; missing: Msg; bad: Msg }) =>
	z
		.string({ error: opts.missing })
		.trim()
		.min(1, { error: opts.missing })
		.max(12, { error: opts.bad })
		.regex(/^\d+$/, { error: opts.bad })
		.transform(Number)
		.pipe(z.number().int().min(opts.min, { error: opts.bad }).max(opts.max, { error: opts.bad }));

/** "2026-11-25": a real calendar date between 2000 and 2100. */
export function isRealDate(s: string): boolean {
	const m = DATE.exec(s);
	if (!m) return false;
	const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
	if (y < 2000 || y > 2100) return false;
	const date = new Date(Date.UTC(y, mo - 1, d));
	return date.getUTCFullYear() === y && date.getUTCMonth() === mo - 1 && date.getUTCDate() === d;
}

const dateField = (missing: Msg, bad: Msg) =>
	z
		.string({ error: missing })
		.trim()
		.min(1, { error: missing })
		.max(20, { error: bad })
		.refine(isRealDate, { error: bad });

// ---------------------------------------------------------------------------------------------
// UK time
// ---------------------------------------------------------------------------------------------

const parts = new Intl.DateTimeFormat('en-GB', {
	timeZone,
	year: 'numeric',
	month: '2-digit',
	day: '2-digit',
	hour: '2-digit',
	minute: '2-digit',
	second: '2-digit',
	hourCycle: 'h23'
});

function londonParts(instant: Date) {
	const p = Object.fromEntries(parts.formatToParts(instant).map((x) => [x.type, x.value]));
	return { y: Number(p.year), mo: Number(p.month), d: Number(p.day), h: Number(p.hour), mi: Number(p.minute), s: Number(p.second) };
}

/** Minutes UK time is ahead of UTC at that instant: 0 in winter, 60 in summer. */
function londonOffsetMinutes(instant: Date): number {
	const p = londonParts(instant);
	const asUtc = Date.UTC(p.y, p.mo - 1, p.d, p.h, p.mi, p.s);
	return Math.round((asUtc - Math.floor(instant.getTime() / 1000) * 1000) / 60_000);
}

/**
 * A date and time as a clock in the UK shows it → the UTC instant. A time that happens twice when
 * the clocks go back (01:30 on the last Sunday of October) is taken the first time; a time the
 * clocks skip in spring (01:30 on the last Sunday of March) becomes the moment an hour later
 * (02:30 BST), as calendar apps do.
 */
export function londonToUtc(date: string, time = '00:00'): Date {
	const [y, mo, d] = date.split('-').map(Number);
	const [h, mi] = time.split(':').map(Number);
	const naive = Date.UTC(y, mo - 1, d, h, mi);
	const shows = (instant: number) => {
		const p = londonParts(new Date(instant));
		return p.y === y && p.mo === mo && p.d === d && p.h === h && p.mi === mi;
	};
	// UK time is UTC or one hour ahead, so the instant is one of these two.
	const candidates = [naive - 3_600_000, naive].filter(shows);
	if (candidates.length) return new Date(candidates[0]);
	return new Date(naive - londonOffsetMinutes(new Date(naive - 86_400_000)) * 60_000);
}

/** Today's date in the UK, "2026-11-25". */
export function londonToday(now = new Date()): string {
	const p = londonParts(now);
	return `${p.y}-${String(p.mo).padStart(2, '0')}-${String(p.d).padStart(2, '0')}`;
}

/** A UTC instant as the UK date an `<input type="date">` shows. */
export const londonDate = (instant: string | Date): string => londonToday(new Date(instant));

/** "2026-11-25" plus n days (calendar arithmetic, no time zone involved). */
export function addDays(date: string, days: number): string {
	const [y, mo, d] = date.split('-').map(Number);
	const next = new Date(Date.UTC(y, mo - 1, d + days));
	return next.toISOString().slice(0, 10);
}

/**
 * A due or expiry date means "by the end of that day, UK time": 23:59:59 there, so the date shown
 * back (formatDate) is the date that was chosen.
 */
export const endOfLondonDay = (date: string): Date => new Date(londonToUtc(addDays(date, 1)).getTime() - 1000);

/** Past its due moment (the whole due day counts as in time). */
export const isOverdue = (dueAt: string | Date, now = new Date()): boolean => now.getTime() > new Date(dueAt).getTime();

// ---------------------------------------------------------------------------------------------
// Panel settings
// ---------------------------------------------------------------------------------------------

export const panelSettingsSchema = z.object({
	name: text({
		min: 2,
		max: 120,
		missing: () => t('panelStaff.errors.nameMissing'),
		tooShort: () => t('panelStaff.errors.nameShort'),
		tooLong: () => t('panelStaff.errors.nameLong')
	}),
	purpose: optionalText(2000, () => t('panelStaff.errors.tooLong', { max: 2000 })),
	audience: z
		.array(z.enum(AGE_BANDS, { error: () => t('panelStaff.errors.audience') }), { error: () => t('panelStaff.errors.audience') })
		.min(1, { error: () => t('panelStaff.errors.audience') })
		.max(AGE_BANDS.length, { error: () => t('panelStaff.errors.audience') })
		.transform((bands) => AGE_BANDS.filter((b) => bands.includes(b))),
	area: optionalText(200, () => t('panelStaff.errors.tooLong', { max: 200 })),
	meetingRhythm: optionalText(200, () => t('panelStaff.errors.tooLong', { max: 200 })),
	canChange: optionalText(2000, () => t('panelStaff.errors.tooLong', { max: 2000 })),
	cannotChange: optionalText(2000, () => t('panelStaff.errors.tooLong', { max: 2000 })),
	requiresApproval: z.enum(['yes', 'no'], { error: () => t('panelStaff.errors.requiresApproval') }),
	facilitators: z.array(uuid(() => t('panelStaff.errors.person'))).max(50, { error: () => t('panelStaff.errors.person') }),
	commissioners: z.array(uuid(() => t('panelStaff.errors.person'))).max(50, { error: () => t('panelStaff.errors.person') })
});
export type PanelSettings = z.output<typeof panelSettingsSchema>;

// ---------------------------------------------------------------------------------------------
// Join code
// ---------------------------------------------------------------------------------------------

/** A new code, optionally ending on a date (the end of that day, UK time), which must be to come. */
export const rotateCodeSchema = (today: string) =>
	z.object({
		expires: z
			.string({ error: () => t('panelStaff.errors.expiryDate') })
			.trim()
			.max(20, { error: () => t('panelStaff.errors.expiryDate') })
			.refine((s) => s === '' || isRealDate(s), { error: () => t('panelStaff.errors.expiryDate') })
			.refine((s) => s === '' || s >= today, { error: () => t('panelStaff.errors.expiryPast') })
			.transform((s) => (s === '' ? null : endOfLondonDay(s)))
	});

// ---------------------------------------------------------------------------------------------
// Members and ideas
// ---------------------------------------------------------------------------------------------

export const memberSchema = z.object({ member: uuid(() => t('panelStaff.errors.member')) });

export const moderateSchema = z
	.object({
		idea: uuid(() => t('panelStaff.errors.idea')),
		decision: z.enum(['approve', 'reject'], { error: () => t('panelStaff.errors.decision') }),
		reason: z.preprocess((v) => (v === '' ? undefined : v), z.enum(REJECT_REASONS, { error: () => t('panelStaff.errors.reason') }).optional())
	})
	.superRefine((v, ctx) => {
		if (v.decision === 'reject' && !v.reason) ctx.addIssue({ code: 'custom', path: ['reason'], message: t('panelStaff.errors.reason') });
	});

// ---------------------------------------------------------------------------------------------
// Recommendations
// ---------------------------------------------------------------------------------------------

export const recommendationSchema = (today: string) =>
	z
		.object({
			title: text({
				min: 3,
				max: 160,
				missing: () => t('panelStaff.errors.recTitleMissing'),
				tooShort: () => t('panelStaff.errors.recTitleShort'),
				tooLong: () => t('panelStaff.errors.tooLong', { max: 160 })
			}),
			body: text({
				min: 1,
				max: 4000,
				missing: () => t('panelStaff.errors.recBodyMissing'),
				tooLong: () => t('panelStaff.errors.tooLong', { max: 4000 })
			}),
			commissioner: uuid(() => t('panelStaff.errors.commissioner')),
			supporters: count({ min: 0, max: 10_000, missing: () => t('panelStaff.errors.supportersMissing'), bad: () => t('panelStaff.errors.wholeNumber') }),
			present: count({ min: 1, max: 10_000, missing: () => t('panelStaff.errors.presentMissing'), bad: () => t('panelStaff.errors.presentNumber') }),
			ideas: z.array(uuid(() => t('panelStaff.errors.idea'))).max(50, { error: () => t('panelStaff.errors.idea') }),
			due: dateField(() => t('panelStaff.errors.dueMissing'), () => t('panelStaff.errors.dueDate'))
				.refine((s) => s >= today, { error: () => t('panelStaff.errors.duePast') })
				.refine((s) => s <= addDays(today, 730), { error: () => t('panelStaff.errors.dueFar') })
		})
		.superRefine((v, ctx) => {
			if (v.supporters > v.present) ctx.addIssue({ code: 'custom', path: ['supporters'], message: t('panelStaff.errors.moreSupporters') });
		})
		.transform((v) => ({ ...v, dueAt: endOfLondonDay(v.due) }));

// ---------------------------------------------------------------------------------------------
// Meetings
// ---------------------------------------------------------------------------------------------

export const meetingSchema = z
	.object({
		date: dateField(() => t('panelStaff.errors.meetingDateMissing'), () => t('panelStaff.errors.meetingDate')),
		time: z
			.string({ error: () => t('panelStaff.errors.meetingTimeMissing') })
			.trim()
			.min(1, { error: () => t('panelStaff.errors.meetingTimeMissing') })
			.max(10, { error: () => t('panelStaff.errors.meetingTime') })
			.regex(TIME, { error: () => t('panelStaff.errors.meetingTime') }),
		agenda: optionalText(4000, () => t('panelStaff.errors.tooLong', { max: 4000 }))
	})
	.transform((v) => ({ ...v, startsAt: londonToUtc(v.date, v.time) }));

export const notesSchema = z.object({
	notes: optionalText(8000, () => t('panelStaff.errors.tooLong', { max: 8000 })),
	publish: z.enum(['true', 'false'], { error: () => t('panelStaff.errors.publish') }).transform((s) => s === 'true')
});

export const attendanceSchema = z.object({
	member: uuid(() => t('panelStaff.errors.member')),
	present: z.enum(['true', 'false'], { error: () => t('panelStaff.errors.present') }).transform((s) => s === 'true')
});

// ---------------------------------------------------------------------------------------------
// Offline participation
// ---------------------------------------------------------------------------------------------

export interface OfflineResult {
	option: string;
	count: number;
}

/** Field names of result row i (1-based): `option1`, `count1`… */
export const resultFields = (rows = MAX_RESULT_ROWS) =>
	Array.from({ length: rows }, (_, i) => [`option${i + 1}`, `count${i + 1}`]).flat();

export const offlineSchema = (today: string) =>
	z
		.object({
			activity: text({
				min: 3,
				max: 200,
				missing: () => t('panelStaff.errors.activityMissing'),
				tooShort: () => t('panelStaff.errors.activityShort'),
				tooLong: () => t('panelStaff.errors.tooLong', { max: 200 })
			}),
			place: text({
				min: 2,
				max: 200,
				missing: () => t('panelStaff.errors.placeMissing'),
				tooShort: () => t('panelStaff.errors.placeShort'),
				tooLong: () => t('panelStaff.errors.tooLong', { max: 200 })
			}),
			date: dateField(() => t('panelStaff.errors.offlineDateMissing'), () => t('panelStaff.errors.offlineDate')).refine((s) => s <= today, {
				error: () => t('panelStaff.errors.offlineDateFuture')
			}),
			participants: count({ min: 1, max: 100_000, missing: () => t('panelStaff.errors.participantsMissing'), bad: () => t('panelStaff.errors.participants') })
		})
		.catchall(z.unknown())
		.transform((v, ctx) => {
			const results: OfflineResult[] = [];
			for (let i = 1; i <= MAX_RESULT_ROWS; i++) {
				const rawOption = v[`option${i}`];
				const rawCount = v[`count${i}`];
				if (rawOption === undefined && rawCount === undefined) continue;
				if (typeof rawOption !== 'string' && rawOption !== undefined) {
					ctx.addIssue({ code: 'custom', path: [`option${i}`], message: t('panelStaff.errors.notText') });
					continue;
				}
				if (typeof rawCount !== 'string' && rawCount !== undefined) {
					ctx.addIssue({ code: 'custom', path: [`count${i}`], message: t('panelStaff.errors.wholeNumber') });
					continue;
				}
				const option = (rawOption ?? '').trim();
				const countText = (rawCount ?? '').trim();
				if (!option && !countText) continue;
				if (!option) {
					ctx.addIssue({ code: 'custom', path: [`option${i}`], message: t('panelStaff.errors.optionMissing', { row: i }) });
					continue;
				}
				if (option.length > 100) {
					ctx.addIssue({ code: 'custom', path: [`option${i}`], message: t('panelStaff.errors.tooLong', { max: 100 }) });
					continue;
				}
				if (MARKUP.test(option)) {
					ctx.addIssue({ code: 'custom', path: [`option${i}`], message: t('panelStaff.errors.noMarkup') });
					continue;
				}
				if (!/^\d{1,6}$/.test(countText)) {
					ctx.addIssue({ code: 'custom', path: [`count${i}`], message: t('panelStaff.errors.countMissing', { row: i }) });
					continue;
				}
				results.push({ option, count: Number(countText) });
			}
			const total = results.reduce((sum, r) => sum + r.count, 0);
			if (total > v.participants) {
				ctx.addIssue({
					code: 'custom',
					path: ['count1'],
					message: t('panelStaff.errors.tooManyVotes', { total, people: v.participants })
				});
			}
			return { activity: v.activity, place: v.place, date: v.date, participants: v.participants, results };
		});

// ---------------------------------------------------------------------------------------------
// CSV
// ---------------------------------------------------------------------------------------------

/**
 * A spreadsheet runs a cell that starts with = + - @ (or a tab or carriage return) as a formula.
 * Prefixing a quote makes it plain text (OWASP "CSV injection").
 */
export const csvSafe = (value: string): string => (/^[=+\-@\t\r]/.test(value) ? `'${value}` : value);
