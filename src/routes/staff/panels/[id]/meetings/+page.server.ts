import { fail, redirect } from '@sveltejs/kit';
import { t } from '$lib/i18n';
import { londonToday, meetingSchema } from '$lib/domain/panels';
import { requireStaff } from '$lib/server/forms';
import { dbFailure, isUuid, keepText, must, parse, readPanelForm } from '../../panel-forms.server';
import type { Actions, PageServerLoad } from './$types';

interface MeetingRow {
	id: string;
	starts_at: string;
	agenda: string;
	notes: string | null;
	notes_published_at: string | null;
	attended: number;
}

export const load: PageServerLoad = async ({ locals, parent, url }) => {
	const { panel } = await parent();
	const meetings = must(await locals.supabase.rpc('panel_meetings', { p_panel: panel.id })) as MeetingRow[];
	const created = url.searchParams.get('created');
	return {
		today: londonToday(),
		created: meetings.find((m) => m.id === created)?.starts_at ?? null,
		meetings: meetings.map((m) => ({
			id: m.id,
			startsAt: m.starts_at,
			agenda: m.agenda,
			hasNotes: Boolean(m.notes),
			published: m.notes_published_at !== null,
			attended: m.attended
		}))
	};
};

export const actions: Actions = {
	create: async ({ request, locals, params, url }) => {
		requireStaff(locals, url);
		const values = await readPanelForm(request, ['date', 'time', 'agenda']);
		const parsed = parse(meetingSchema, values);
		if (!parsed.ok) return fail(400, { errors: parsed.errors, values: keepText(values) });
		if (!isUuid(params.id)) return fail(404, { errors: { date: t('panelStaff.errors.notFound') }, values: keepText(values) });
		const { data: id, error: e } = await locals.supabase.rpc('create_meeting', {
			p_panel: params.id,
			p_starts_at: parsed.data.startsAt.toISOString(),
			p_agenda: parsed.data.agenda
		});
		if (e) return dbFailure(e, 'date', { values: keepText(values) });
		redirect(303, `/staff/panels/${params.id}/meetings?created=${id as string}`);
	}
};
