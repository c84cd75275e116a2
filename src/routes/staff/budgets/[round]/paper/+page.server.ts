import { error, fail } from '@sveltejs/kit';

import { t } from '$lib/i18n';
import { ballotStatus, boxCount, cleanChoice, describeProblem, paperVoterSchema, paperWhereSchema, parseBallotForm, wholeCount } from '$lib/domain/budgets';
import { ballotView, choicesJson, readBallotForm } from '../../../../budgets/budgets.server';
import { fieldErrors } from '$lib/domain/auth';
import { dbFailure, must, staffRound } from '../../staff-budgets.server';
import type { Actions, PageServerLoad } from './$types';

/**
 * Paper ballots, for facilitators at sessions: one ballot at a time (optionally for a panel member
 * or a voting code, which then cannot also vote online), or a sealed box's per-project counts.
 * Each is kept with where and when it was filled in and who typed it in.
 */

async function projectsFor(locals: App.Locals, roundId: string) {
	const view = await ballotView(locals.supabase, { round: roundId, voter: 'staff' });
	if (!view) error(404, t('budgets.staff.errors.notFound'));
	return { rule: view.round.rule, projects: [...view.projects].sort((a, b) => a.title.localeCompare(b.title, 'en-GB')) };
}

export const load: PageServerLoad = async ({ locals, parent }) => {
	const { round } = await parent();
	const { projects } = await projectsFor(locals, round.id);
	const [panels, boxes, turnout] = await Promise.all([
		locals.supabase.from('budget_round_panels').select('panel_id').eq('round_id', round.id),
		locals.supabase.from('budget_paper_boxes').select('id, place, ballots, recorded_at, recorded_by').eq('round_id', round.id).order('recorded_at'),
		locals.supabase.rpc('round_turnout', { p_round: round.id })
	]);
	const panelIds = must(panels).map((p) => p.panel_id as string);
	const members = panelIds.length
		? must(await locals.supabase.from('panel_members').select('account_id, pseudonym').in('panel_id', panelIds).eq('status', 'active').order('pseudonym'))
		: [];
	const boxRows = must(boxes);
	const recorders = [...new Set(boxRows.map((b) => b.recorded_by as string).filter(Boolean))];
	const names = recorders.length ? must(await locals.supabase.from('accounts').select('id, display_name').in('id', recorders)) : [];
	return {
		projects,
		members: [...new Map(members.map((m) => [m.account_id as string, { id: m.account_id as string, name: m.pseudonym as string }])).values()],
		boxes: boxRows.map((b) => ({
			id: b.id as string,
			place: b.place as string,
			ballots: b.ballots as number,
			at: b.recorded_at as string,
			by: (names.find((n) => n.id === b.recorded_by)?.display_name as string | undefined) ?? ''
		})),
		paperCount: (turnout.data as { paper?: number } | null)?.paper ?? 0
	};
};

const placeWithDate = (place: string, date: string) => `${place} (${date})`;

export const actions: Actions = {
	/** One paper ballot. */
	one: async ({ request, locals, params }) => {
		const form = await readBallotForm(request, ['place', 'date', 'member', 'voterCode']);
		const values = form.extra;
		const where = paperWhereSchema.safeParse(values);
		const voter = paperVoterSchema.safeParse(values);
		const errors: Record<string, string> = { ...(where.success ? {} : fieldErrors(where.error)), ...(voter.success ? {} : fieldErrors(voter.error)) };
		if (form.broken) errors.place = t('budgets.staff.errors.place');
		const { round } = await staffRound(locals, params.round);
		const { rule, projects } = await projectsFor(locals, round.id);
		const read = parseBallotForm(rule, projects, form);
		const choice = cleanChoice(projects, read.choice);
		const status = ballotStatus(rule, projects, choice);
		const firstId = projects[0] ? `${rule.kind === 'points' ? 'paper-points' : 'paper-project'}-${projects[0].id}` : 'place';
		if (!read.ok || !status.ok) errors[firstId] = [...Object.values(read.ok ? {} : read.errors), ...status.problems.map(describeProblem)].join(' ');
		if (voter.success && voter.data.member && voter.data.voterCode) errors.member = t('budgets.staff.errors.memberOrCode');
		if (Object.keys(errors).length || !where.success || !voter.success) return fail(400, { errors, values, choice });
		const { data, error: e } = await locals.supabase.rpc('record_paper_ballot', {
			p_round: round.id,
			p_choices: choicesJson(rule.kind === 'points' ? 'points' : 'approval', choice),
			p_place: placeWithDate(where.data.place, where.data.date),
			p_member: voter.data.member || null,
			p_code: voter.data.voterCode || null
		});
		if (e) return dbFailure(e, e.code === 'PT409' || e.code === 'PT404' ? (voter.data.member ? 'member' : 'voterCode') : firstId, { values, choice });
		return { savedOne: String(data), values: { place: where.data.place, date: where.data.date } };
	},

	/** A sealed box's counts. */
	box: async ({ request, locals, params }) => {
		let data: FormData;
		try {
			data = await request.formData();
		} catch {
			return fail(400, { boxErrors: { 'box-place': t('budgets.staff.errors.place') } });
		}
		const text = (k: string) => {
			const v = data.get(k);
			return typeof v === 'string' ? v.slice(0, 300) : v === null ? undefined : (v as unknown);
		};
		const { round } = await staffRound(locals, params.round);
		const { projects } = await projectsFor(locals, round.id);
		const errors: Record<string, string> = {};
		const where = paperWhereSchema.safeParse({ place: text('place'), date: text('date') });
		if (!where.success) for (const [k, v] of Object.entries(fieldErrors(where.error))) errors[`box-${k}`] = v;
		const ballots = wholeCount(() => t('budgets.staff.errors.boxVoters'), 1, 1_000_000).safeParse(text('ballots'));
		if (!ballots.success) errors['box-ballots'] = t('budgets.staff.errors.boxVoters');
		const counts: { project: string; votes: number }[] = [];
		for (const p of projects) {
			const c = boxCount(p.title).safeParse(text(`count-${p.id}`) ?? '0');
			if (!c.success) errors[`count-${p.id}`] = t('budgets.staff.errors.boxCount', { title: p.title });
			else if (c.data > 0) counts.push({ project: p.id, votes: c.data });
		}
		const values = Object.fromEntries([...data.keys()].map((k) => [k, typeof data.get(k) === 'string' ? (data.get(k) as string).slice(0, 300) : '']));
		if (Object.keys(errors).length || !where.success || !ballots.success) return fail(400, { boxErrors: errors, boxValues: values });
		const { error: e } = await locals.supabase.rpc('record_paper_box', {
			p_round: round.id,
			p_place: placeWithDate(where.data.place, where.data.date),
			p_ballots: ballots.data,
			p_counts: counts
		});
		if (e) {
			const failure = dbFailure(e, 'box-ballots');
			return fail(failure.status, { boxErrors: failure.data.errors, boxValues: values });
		}
		return { savedBox: true };
	}
};

