import { error } from '@sveltejs/kit';
import { z } from 'zod';
import type { PageServerLoad } from './$types';

const turnoutSchema = z.object({ online: z.number(), code: z.number(), paper: z.number(), paper_box: z.number(), total: z.number(), eligible_members: z.number(), codes_made: z.number(), codes_used: z.number() });

/** The round at a glance: its rule, who may vote, the phase and its history, turnout (counts only). */
export const load: PageServerLoad = async ({ locals, parent, url }) => {
	const { round } = await parent();
	const [log, panels, turnout] = await Promise.all([
		locals.supabase.from('budget_phase_log').select('to_phase, changed_at, changed_by').eq('round_id', round.id).order('changed_at'),
		locals.supabase.from('budget_round_panels').select('panel_id').eq('round_id', round.id),
		locals.supabase.rpc('round_turnout', { p_round: round.id })
	]);
	if (log.error) error(500, log.error.message);
	if (panels.error) error(500, panels.error.message);
	const panelIds = (panels.data ?? []).map((p) => p.panel_id as string);
	const accountIds = [...new Set((log.data ?? []).map((l) => l.changed_by as string | null).filter((x): x is string => Boolean(x)))];
	const [panelNames, names] = await Promise.all([
		panelIds.length ? locals.supabase.from('panels').select('id, name').in('id', panelIds).order('name') : Promise.resolve({ data: [], error: null }),
		accountIds.length ? locals.supabase.from('accounts').select('id, display_name').in('id', accountIds) : Promise.resolve({ data: [], error: null })
	]);
	return {
		panels: (panelNames.data ?? []).map((p) => p.name as string),
		log: (log.data ?? []).map((l) => ({
			phase: l.to_phase as string,
			at: l.changed_at as string,
			by: ((names.data ?? []).find((a) => a.id === l.changed_by)?.display_name as string | undefined) ?? ''
		})),
		turnout: turnout.error ? null : (turnoutSchema.safeParse(turnout.data).data ?? null),
		moved: url.searchParams.get('moved'),
		created: url.searchParams.has('created')
	};
};
