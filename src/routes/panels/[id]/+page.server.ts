import { error, fail, redirect } from '@sveltejs/kit';
import type { SupabaseClient } from '@supabase/supabase-js';
import { z } from 'zod';
import { t } from '$lib/i18n';
import { ideaRowSchema, ideaSchema, type IdeaRow } from '$lib/domain/ideas';
import { readForm, requireYoungPerson, validate } from '$lib/server/forms';
import { recommendationItems, sortHappening, voteItems, type HappeningItem, type OpenVote, type RecommendationForMember } from './happening';
import type { Actions, PageServerLoad } from './$types';

/**
 * A young person's panel home: what the panel is for and can change, what's happening now, ideas,
 * recommendations, meetings, and the way out. Everything is read as the member through
 * supabase-js, so row-level security decides: a panel they are not an active member of (another
 * panel, one they left, one still waiting for approval) does not exist for them (404).
 * Other members appear only as "a panel member": nothing here selects an author or a pseudonym
 * except the reader's own.
 */

const isUuid = (id: string) => z.uuid().safeParse(id).success;

const panelRowSchema = z.object({
	id: z.uuid(),
	name: z.string(),
	purpose: z.string(),
	can_change: z.string(),
	cannot_change: z.string(),
	meeting_rhythm: z.string(),
	archived_at: z.string().nullable()
});

const recommendationRowSchema = z.object({
	id: z.uuid(),
	title: z.string(),
	body: z.string(),
	commissioner_name: z.string().nullable(),
	response_due_at: z.string()
});

const meetingRowSchema = z.object({
	id: z.uuid(),
	starts_at: z.string(),
	agenda: z.string(),
	notes: z.string().nullable(),
	notes_published_at: z.string().nullable(),
	attended: z.number().int()
});

export interface MeetingForMember {
	id: string;
	startsAt: string;
	agenda: string;
	/** Only once the facilitator has published them. */
	notes: string | null;
	/** How many came, for a meeting that has happened and has attendance; never who. */
	attended: number | null;
}

const IDEA_COLUMNS = 'id, title, body, status, reject_reason, created_at';

/** Fails the request with a 500 if the database did; bad input never gets this far. */
function rows<T>(schema: z.ZodType<T>, result: { data: unknown; error: { message: string } | null }): T[] {
	if (result.error) error(500, result.error.message);
	const parsed = z.array(schema).safeParse(result.data ?? []);
	if (!parsed.success) error(500, 'Unexpected data from the database');
	return parsed.data;
}

async function readPanel(supabase: SupabaseClient, id: string) {
	if (!isUuid(id)) error(404, t('panelHome.home.notFound'));
	const result = await supabase
		.from('panels')
		.select('id, name, purpose, can_change, cannot_change, meeting_rhythm, archived_at')
		.eq('id', id)
		.maybeSingle();
	if (result.error) error(500, result.error.message);
	if (!result.data) error(404, t('panelHome.home.notFound'));
	return panelRowSchema.parse(result.data);
}

export const load = (async ({ locals, params, url }) => {
	const user = requireYoungPerson(locals);
	const supabase = locals.supabase;
	const panel = await readPanel(supabase, params.id);

	const [me, mine, shared, recommendationRows, meetingRows] = await Promise.all([
		supabase.from('panel_members').select('pseudonym').eq('panel_id', panel.id).eq('account_id', user.id).eq('status', 'active').maybeSingle(),
		supabase.from('ideas').select(IDEA_COLUMNS).eq('panel_id', panel.id).eq('author_id', user.id).order('created_at', { ascending: false }),
		supabase.from('ideas').select(IDEA_COLUMNS).eq('panel_id', panel.id).eq('status', 'approved').order('created_at', { ascending: false }),
		supabase.rpc('panel_recommendations_for_members', { p_panel: panel.id }),
		supabase.rpc('panel_meetings', { p_panel: panel.id })
	]);
	// The panel was visible, so they are an active member; a row missing now means they just left.
	if (me.error) error(500, me.error.message);
	if (!me.data) error(404, t('panelHome.home.notFound'));

	const myIdeas = rows(ideaRowSchema, mine);
	const mineIds = new Set(myIdeas.map((i) => i.id));
	const sharedIdeas = rows(ideaRowSchema, shared).map((i) => ({
		id: i.id,
		title: i.title,
		body: i.body,
		byYou: mineIds.has(i.id)
	}));

	const recommendations: (RecommendationForMember & { body: string })[] = rows(recommendationRowSchema, recommendationRows).map((r) => ({
		id: r.id,
		title: r.title,
		body: r.body,
		commissioner: r.commissioner_name ?? '',
		dueAt: r.response_due_at
	}));

	const now = Date.now();
	const meetings: (MeetingForMember & { past: boolean })[] = rows(meetingRowSchema, meetingRows).map((m) => {
		const past = Date.parse(m.starts_at) <= now;
		return {
			id: m.id,
			startsAt: m.starts_at,
			agenda: m.agenda,
			notes: m.notes_published_at && m.notes ? m.notes : null,
			// No count before it happens, and no "0 came": nothing to shame anybody with.
			attended: past && m.attended > 0 ? m.attended : null,
			past
		};
	});

	const happening: HappeningItem[] = sortHappening([...recommendationItems(recommendations), ...voteItems(await openVotes(locals.supabase, params.id))]);

	return {
		panel: {
			id: panel.id,
			name: panel.name,
			purpose: panel.purpose,
			canChange: panel.can_change,
			cannotChange: panel.cannot_change,
			meetingRhythm: panel.meeting_rhythm,
			archived: panel.archived_at !== null
		},
		pseudonym: z.object({ pseudonym: z.string() }).parse(me.data).pseudonym,
		happening,
		sharedIdeas,
		myIdeas: myIdeas.map((i: IdeaRow) => ({ id: i.id, title: i.title, body: i.body, status: i.status, reason: i.reject_reason })),
		recommendations,
		upcomingMeetings: meetings.filter((m) => !m.past).sort((a, b) => Date.parse(a.startsAt) - Date.parse(b.startsAt)),
		pastMeetings: meetings.filter((m) => m.past),
		ideaSent: url.searchParams.get('idea') === 'sent'
	};
}) satisfies PageServerLoad;

export const actions: Actions = {
	/** Share an idea: checked here first (friendly words), then by post_idea (the rule). */
	idea: async ({ request, locals, params }) => {
		requireYoungPerson(locals);
		const values = await readForm(request, ['title', 'body']);
		if (!isUuid(params.id)) return fail(404, { message: t('panelHome.home.notFound') });
		const result = validate(ideaSchema, values);
		if (!result.ok) return result.failure;
		const { title, body } = result.data;
		const { error: e } = await locals.supabase.rpc('post_idea', { p_panel: params.id, p_title: title, p_body: body });
		if (e) {
			if (e.code === '22023') {
				// The database found contact details our check missed: say so on the right box.
				const inTitle = await locals.supabase.rpc('has_contact_details', { p_text: title });
				const field = inTitle.data === false ? 'body' : 'title';
				return fail(400, { errors: { [field]: t('contact.refused') }, values });
			}
			if (e.code === '42501') return fail(404, { message: t('panelHome.home.notFound') });
			if (e.code === 'PT409') return fail(409, { message: t('panelHome.ideas.errors.archived') });
			return fail(400, { message: t('panelHome.ideas.errors.failed'), values });
		}
		redirect(303, `/panels/${params.id}?idea=sent#your-ideas`);
	}
};

/** Budget rounds this panel's members may vote in now, with when voting closes (RLS picks them). */
async function openVotes(supabase: App.Locals['supabase'], panelId: string): Promise<OpenVote[]> {
	const { data: links, error: e1 } = await supabase.from('budget_round_panels').select('round_id').eq('panel_id', panelId);
	if (e1) error(500, e1.message);
	const ids = (links ?? []).map((l) => l.round_id as string);
	if (!ids.length) return [];
	const [rounds, phases] = await Promise.all([
		supabase.from('budget_rounds').select('id, title, budget').in('id', ids).eq('phase', 'voting'),
		supabase.from('budget_round_phases').select('round_id, ends_at').in('round_id', ids).eq('phase', 'voting')
	]);
	if (rounds.error) error(500, rounds.error.message);
	if (phases.error) error(500, phases.error.message);
	return z
		.array(z.object({ id: z.uuid(), title: z.string(), budget: z.number() }))
		.parse(rounds.data ?? [])
		.map((r) => ({ ...r, closesAt: ((phases.data ?? []).find((p) => p.round_id === r.id)?.ends_at as string | null) ?? null }));
}
