import { fail } from '@sveltejs/kit';
import { t } from '$lib/i18n';
import { moderateSchema } from '$lib/domain/panels';
import { requireStaff } from '$lib/server/forms';
import { dbFailure, must, parse, readPanelForm } from '../../panel-forms.server';
import type { Actions, PageServerLoad } from './$types';

export interface IdeaRow {
	id: string;
	title: string;
	body: string;
	status: 'pending' | 'approved' | 'rejected';
	reason: string | null;
	author: string | null;
	createdAt: string;
	moderatedAt: string | null;
}

export const load: PageServerLoad = async ({ locals, parent }) => {
	const { panel } = await parent();
	const [ideas, members] = await Promise.all([
		locals.supabase
			.from('ideas')
			.select('id, title, body, status, reject_reason, author_id, created_at, moderated_at')
			.eq('panel_id', panel.id)
			.order('created_at')
			.then(must),
		locals.supabase.from('panel_members').select('account_id, pseudonym').eq('panel_id', panel.id).then(must)
	]);
	const rows: IdeaRow[] = ideas.map((i) => ({
		id: i.id as string,
		title: i.title as string,
		body: i.body as string,
		status: i.status as IdeaRow['status'],
		reason: i.reject_reason as string | null,
		author: (members.find((m) => m.account_id === i.author_id)?.pseudonym as string | undefined) ?? null,
		createdAt: i.created_at as string,
		moderatedAt: i.moderated_at as string | null
	}));
	const byNewest = (a: IdeaRow, b: IdeaRow) => (b.moderatedAt ?? '').localeCompare(a.moderatedAt ?? '');
	return {
		pending: rows.filter((i) => i.status === 'pending'),
		approved: rows.filter((i) => i.status === 'approved').sort(byNewest),
		rejected: rows.filter((i) => i.status === 'rejected').sort(byNewest)
	};
};

export const actions: Actions = {
	moderate: async ({ request, locals, url }) => {
		requireStaff(locals, url);
		const values = await readPanelForm(request, ['idea', 'decision', 'reason']);
		const parsed = parse(moderateSchema, values);
		const idea = typeof values.idea === 'string' ? values.idea : undefined;
		// Errors name the idea's own fields (reason-<id>), so the summary links to the right form.
		const suffix = parsed.ok ? parsed.data.idea : idea && /^[0-9a-f-]{36}$/i.test(idea) ? idea : '';
		const keyed = (errors: Record<string, string>) =>
			Object.fromEntries(Object.entries(errors).map(([k, v]) => [k === 'reason' && suffix ? `reason-${suffix}` : k === 'idea' || k === 'decision' ? 'pending-title' : k, v]));
		if (!parsed.ok) return fail(400, { errors: keyed(parsed.errors), idea: suffix });
		const { data: row } = await locals.supabase.from('ideas').select('title').eq('id', parsed.data.idea).maybeSingle();
		const { error: e } = await locals.supabase.rpc('moderate_idea', {
			p_idea: parsed.data.idea,
			p_approve: parsed.data.decision === 'approve',
			p_reason: parsed.data.decision === 'approve' ? null : parsed.data.reason
		});
		if (e) return dbFailure(e, 'pending-title', { idea: suffix });
		const title = (row?.title as string | undefined) ?? '';
		return parsed.data.decision === 'approve' ? { approved: title } : { rejected: title };
	}
};
