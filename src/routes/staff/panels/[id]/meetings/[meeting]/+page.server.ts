import { error, fail } from '@sveltejs/kit';
import { t } from '$lib/i18n';
import { attendanceSchema, notesSchema } from '$lib/domain/panels';
import { requireStaff } from '$lib/server/forms';
import { dbFailure, isUuid, keepText, must, parse, readPanelForm } from '../../../panel-forms.server';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, params, parent }) => {
	const { panel } = await parent();
	if (!isUuid(params.meeting)) error(404, t('errors.notFoundTitle'));
	const { data: meeting, error: e } = await locals.supabase
		.from('meetings')
		.select('id, starts_at, agenda, notes, notes_published_at')
		.eq('id', params.meeting)
		.eq('panel_id', panel.id)
		.maybeSingle();
	if (e) error(500, e.message);
	if (!meeting) error(404, t('errors.notFoundTitle'));
	const [members, attendance] = await Promise.all([
		locals.supabase.from('panel_members').select('account_id, pseudonym').eq('panel_id', panel.id).eq('status', 'active').order('pseudonym').then(must),
		locals.supabase.from('meeting_attendance').select('account_id').eq('meeting_id', meeting.id).then(must)
	]);
	const here = new Set(attendance.map((a) => a.account_id as string));
	return {
		meeting: {
			id: meeting.id as string,
			startsAt: meeting.starts_at as string,
			agenda: meeting.agenda as string,
			notes: meeting.notes as string,
			publishedAt: meeting.notes_published_at as string | null
		},
		members: members.map((m) => ({ id: m.account_id as string, pseudonym: m.pseudonym as string, present: here.has(m.account_id as string) })),
		// Everyone marked, including anyone who has since left: that is how many came.
		attended: here.size
	};
};

export const actions: Actions = {
	notes: async ({ request, locals, params, url }) => {
		requireStaff(locals, url);
		const values = await readPanelForm(request, ['notes', 'publish']);
		const parsed = parse(notesSchema, values);
		if (!parsed.ok) return fail(400, { errors: parsed.errors, values: keepText(values) });
		if (!isUuid(params.meeting)) return fail(404, { errors: { notes: t('panelStaff.errors.notFound') } });
		const { error: e } = await locals.supabase.rpc('save_meeting_notes', {
			p_meeting: params.meeting,
			p_notes: parsed.data.notes,
			p_publish: parsed.data.publish
		});
		if (e) return dbFailure(e, 'notes', { values: keepText(values) });
		return { notesSaved: parsed.data.publish ? 'published' : 'saved' };
	},

	attend: async ({ request, locals, params, url }) => {
		requireStaff(locals, url);
		const parsed = parse(attendanceSchema, await readPanelForm(request, ['member', 'present']));
		if (!parsed.ok) return fail(400, { errors: { attendance: Object.values(parsed.errors)[0] } });
		if (!isUuid(params.meeting)) return fail(404, { errors: { attendance: t('panelStaff.errors.notFound') } });
		const { error: e } = await locals.supabase.rpc('set_attendance', {
			p_meeting: params.meeting,
			p_account: parsed.data.member,
			p_present: parsed.data.present
		});
		if (e) return dbFailure(e, 'attendance', {}, t('panelStaff.errors.notActiveMember'));
		return { marked: parsed.data.member };
	}
};
