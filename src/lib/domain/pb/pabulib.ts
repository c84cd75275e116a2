/**
 * The Pabulib `.pb` format (pabulib.org), the researchers' standard for participatory-budgeting
 * elections: three sections, META, PROJECTS and VOTES, each a header line then `;`-separated rows
 * with standard CSV quoting. This module only turns text into data and back; it does no I/O.
 *
 * What real files throw at a parser, and what this one accepts:
 * - CRLF, LF, CR or mixed line endings; a UTF-8 byte-order mark; blank lines anywhere;
 * - quoted fields (`"a;b"`, `""` for a quote, even across lines), extra columns, values padded
 *   with spaces (trimmed, as pabutools does);
 * - empty ballots (they still count as voters);
 * - decimal money with a point or a comma ("1310641.1", "1310641,1").
 * Anything else that stops the file from meaning one election is a `PabulibError` with the
 * 1-based line number where it was found.
 */

import { parseDecimal } from './rational';

export class PabulibError extends Error {
	readonly line: number;
	constructor(line: number, message: string) {
		super(line > 0 ? `line ${line}: ${message}` : message);
		this.name = 'PabulibError';
		this.line = line;
	}
}

export type VoteType = 'approval' | 'cumulative' | 'ordinal' | 'scoring' | 'choose-1';
const VOTE_TYPES: readonly string[] = ['approval', 'cumulative', 'ordinal', 'scoring', 'choose-1'];

export interface PbProject {
	/** `project_id`, trimmed. */
	id: string;
	/** `cost` exactly as written (trimmed), a non-negative decimal. */
	cost: string;
	/** All cells of the row, aligned with `PbElection.projectColumns` (trimmed). */
	cells: string[];
	/** 1-based line number in the source (0 when built in code). */
	line: number;
}

export interface PbVote {
	voterId: string;
	/** Project ids as listed (preference order for ordinal ballots). Empty for an empty ballot. */
	vote: string[];
	/** For cumulative/scoring ballots: the points, aligned with `vote`, as written. */
	points?: string[];
	/** All cells of the row, aligned with `PbElection.voteColumns` (trimmed). */
	cells: string[];
	line: number;
}

export interface PbElection {
	/** META key → value, in file order. Always has `budget` and `vote_type`. */
	meta: Record<string, string>;
	voteType: VoteType;
	/** The budget limit exactly as written (META `budget`). */
	budget: string;
	projectColumns: string[];
	projects: PbProject[];
	voteColumns: string[];
	votes: PbVote[];
}

type Section = 'meta' | 'projects' | 'votes';

/** Parses a whole `.pb` file given as text. Throws `PabulibError` on a bad file. */
export function parsePabulib(text: string): PbElection {
	if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
	if (text.indexOf('\r') !== -1) text = text.replace(/\r\n?/g, '\n');

	const meta: Record<string, string> = {};
	let metaLine = 0;
	const projects: PbProject[] = [];
	const projectIds = new Map<string, number>();
	const votes: PbVote[] = [];
	let projectColumns: string[] | undefined;
	let voteColumns: string[] | undefined;
	let section: Section | undefined;
	let expectHeader = false;
	const seen = new Set<Section>();
	// Column positions, found from the headers.
	let pId = -1;
	let pCost = -1;
	let vId = -1;
	let vVote = -1;
	let vPoints = -1;
	let voteType: VoteType | undefined;

	let pos = 0;
	let lineNo = 0;
	const len = text.length;
	while (pos <= len) {
		let end = text.indexOf('\n', pos);
		if (end === -1) end = len;
		let line = text.slice(pos, end);
		lineNo++;
		const startLine = lineNo;
		pos = end + 1;

		let cells: string[];
		if (line.indexOf('"') === -1) {
			cells = line.split(';');
		} else {
			// Quoted fields may run over line breaks: keep reading lines until the quotes close.
			let parsed = splitQuoted(line);
			while (parsed === undefined) {
				if (pos > len) throw new PabulibError(startLine, 'a quoted field is never closed');
				let e = text.indexOf('\n', pos);
				if (e === -1) e = len;
				line += '\n' + text.slice(pos, e);
				lineNo++;
				pos = e + 1;
				parsed = splitQuoted(line);
			}
			cells = parsed;
		}
		for (let i = 0; i < cells.length; i++) {
			const c = cells[i];
			if (c.length === 0) continue;
			// Trim (as pabutools does) only when an end could be a space: most cells are clean.
			const a = c.charCodeAt(0);
			const b = c.charCodeAt(c.length - 1);
			if (a <= 32 || b <= 32 || a >= 0x7f || b >= 0x7f) cells[i] = c.trim();
		}
		if (cells.length === 1 && cells[0] === '') continue; // blank line

		const c0 = cells[0];
		const k0 = c0.charCodeAt(0) | 0x20; // lower-case ASCII letter
		const first = (c0.length === 4 || c0.length === 5 || c0.length === 8) && (k0 === 0x6d || k0 === 0x70 || k0 === 0x76) ? c0.toLowerCase() : '';
		if ((first === 'meta' || first === 'projects' || first === 'votes') && cells.every((c, i) => i === 0 || c === '')) {
			const s = first as Section;
			if (seen.has(s)) throw new PabulibError(startLine, `the ${first.toUpperCase()} section appears twice`);
			seen.add(s);
			if (s === 'projects' && !seen.has('meta')) throw new PabulibError(startLine, 'PROJECTS must come after META');
			if (s === 'votes' && !seen.has('projects')) throw new PabulibError(startLine, 'VOTES must come after PROJECTS');
			if (s === 'projects') voteType = checkMeta(meta, metaLine || startLine);
			section = s;
			expectHeader = true;
			if (s === 'meta') metaLine = startLine;
			continue;
		}
		if (section === undefined) throw new PabulibError(startLine, 'expected the META section first');

		if (expectHeader) {
			expectHeader = false;
			const header = cells.map((c) => c.trim());
			if (section === 'meta') continue; // "key;value"
			if (section === 'projects') {
				projectColumns = header;
				pId = header.indexOf('project_id');
				pCost = header.indexOf('cost');
				if (pId === -1) throw new PabulibError(startLine, 'the PROJECTS header has no project_id column');
				if (pCost === -1) throw new PabulibError(startLine, 'the PROJECTS header has no cost column');
			} else {
				voteColumns = header;
				vId = header.indexOf('voter_id');
				vVote = header.indexOf('vote');
				vPoints = header.indexOf('points');
				if (vVote === -1) throw new PabulibError(startLine, 'the VOTES header has no vote column');
				if ((voteType === 'cumulative' || voteType === 'scoring') && vPoints === -1)
					throw new PabulibError(startLine, `${voteType} ballots need a points column`);
			}
			continue;
		}

		if (section === 'meta') {
			const key = cells[0];
			if (!key) throw new PabulibError(startLine, 'a META row has an empty key');
			meta[key] = cells.slice(1).join(';').trim();
			continue;
		}

		if (section === 'projects') {
			const cols = projectColumns as string[];
			if (cells.length > cols.length)
				throw new PabulibError(startLine, `this project row has ${cells.length} fields but the header has ${cols.length}`);
			const id = cells[pId] ?? '';
			if (!id) throw new PabulibError(startLine, 'a project has an empty project_id');
			if (projectIds.has(id)) throw new PabulibError(startLine, `project "${id}" is listed twice`);
			const cost = cells[pCost] ?? '';
			checkAmount(cost, startLine, `the cost of project "${id}"`);
			projectIds.set(id, projects.length);
			projects.push({ id, cost, cells, line: startLine });
			continue;
		}

		// VOTES
		const cols = voteColumns as string[];
		if (cells.length > cols.length)
			throw new PabulibError(startLine, `this vote has ${cells.length} fields but the header has ${cols.length}`);
		const voterId = vId === -1 ? String(votes.length + 1) : (cells[vId] ?? '');
		const raw = cells[vVote] ?? '';
		let vote: string[] = raw === '' ? [] : raw.split(',');
		let points: string[] | undefined;
		if (voteType === 'cumulative' || voteType === 'scoring') {
			const rawPoints = cells[vPoints] ?? '';
			points = rawPoints === '' ? [] : rawPoints.split(',');
			if (points.length !== vote.length)
				throw new PabulibError(startLine, `this vote lists ${vote.length} projects but ${points.length} points`);
			for (let i = 0; i < points.length; i++) {
				const p = (points[i] = points[i].trim());
				if (!isAmount(p)) throw new PabulibError(startLine, `"${p}" is not a valid number of points`);
			}
		}
		let clean = true;
		for (let i = 0; i < vote.length; i++) {
			const id = vote[i];
			if (projectIds.has(id)) continue;
			const t = id.trim();
			if (t === '' && points === undefined) {
				clean = false; // "a,,b": pabutools skips empty names in approval and ordinal ballots
				continue;
			}
			if (t !== id && projectIds.has(t)) {
				vote[i] = t;
				continue;
			}
			throw new PabulibError(startLine, `the vote names project "${id}", which is not in PROJECTS`);
		}
		if (!clean) vote = vote.map((v) => v.trim()).filter((v) => v !== '');
		votes.push({ voterId, vote, points, cells, line: startLine });
	}

	if (!seen.has('meta')) throw new PabulibError(lineNo, 'the file has no META section');
	if (!seen.has('projects')) throw new PabulibError(lineNo, 'the file has no PROJECTS section');
	if (voteType === undefined) voteType = checkMeta(meta, metaLine);
	return {
		meta,
		voteType,
		budget: meta.budget,
		projectColumns: projectColumns ?? ['project_id', 'cost'],
		projects,
		voteColumns: voteColumns ?? ['voter_id', 'vote'],
		votes
	};
}

function checkMeta(meta: Record<string, string>, line: number): VoteType {
	if (meta.budget === undefined) throw new PabulibError(line, 'META has no budget');
	checkAmount(meta.budget, line, 'the budget');
	const t = (meta.vote_type ?? '').toLowerCase();
	if (!t) throw new PabulibError(line, 'META has no vote_type');
	if (!VOTE_TYPES.includes(t)) throw new PabulibError(line, `unknown vote_type "${meta.vote_type}"`);
	return t as VoteType;
}

function isAmount(text: string): boolean {
	try {
		return parseDecimal(text).units >= 0n;
	} catch {
		return false;
	}
}

function checkAmount(text: string, line: number, what: string): void {
	if (!isAmount(text)) throw new PabulibError(line, `${what} is "${text}", which is not an amount of money`);
}

/**
 * Splits one `;`-separated record with CSV quoting, as Python's csv module does: a quote opens a
 * quoted field only at the start of a field, `""` inside it is a quote, and text after the closing
 * quote is kept. Returns undefined when a quoted field is still open at the end (it continues on
 * the next line).
 */
function splitQuoted(line: string): string[] | undefined {
	const out: string[] = [];
	let field = '';
	let i = 0;
	let atStart = true;
	let quoted = false;
	while (i < line.length) {
		const ch = line[i];
		if (quoted) {
			if (ch === '"') {
				if (line[i + 1] === '"') {
					field += '"';
					i += 2;
					continue;
				}
				quoted = false;
				i++;
				continue;
			}
			field += ch;
			i++;
			continue;
		}
		if (ch === ';') {
			out.push(field);
			field = '';
			atStart = true;
			i++;
			continue;
		}
		if (ch === '"' && atStart) {
			quoted = true;
			atStart = false;
			i++;
			continue;
		}
		atStart = false;
		field += ch;
		i++;
	}
	if (quoted) return undefined;
	out.push(field);
	return out;
}

/** Quotes a field when it would not survive a round trip unquoted. */
function quoteField(value: string): string {
	if (value === '' || !/[;"\n\r]|^\s|\s$/.test(value)) return value;
	return `"${value.replace(/"/g, '""')}"`;
}

function row(cells: readonly string[]): string {
	return cells.map(quoteField).join(';');
}

/**
 * Writes an election in the Pabulib format (LF line endings). `budget`, `vote_type`,
 * `num_projects` and `num_votes` in META are refreshed from the data; the id, cost, voter id,
 * vote and points columns are written from the parsed fields, other columns from `cells`.
 */
export function serializePabulib(e: PbElection): string {
	const meta: Record<string, string> = { ...e.meta };
	meta.budget = e.budget;
	meta.vote_type = e.voteType;
	meta.num_projects = String(e.projects.length);
	meta.num_votes = String(e.votes.length);
	const lines: string[] = ['META', 'key;value'];
	for (const [k, v] of Object.entries(meta)) lines.push(row([k, v]));

	const pc = e.projectColumns.includes('project_id') && e.projectColumns.includes('cost')
		? e.projectColumns
		: ['project_id', 'cost', ...e.projectColumns.filter((c) => c !== 'project_id' && c !== 'cost')];
	lines.push('PROJECTS', row(pc));
	for (const p of e.projects) {
		lines.push(
			row(
				pc.map((col) => {
					if (col === 'project_id') return p.id;
					if (col === 'cost') return p.cost;
					const i = e.projectColumns.indexOf(col);
					return i === -1 ? '' : (p.cells[i] ?? '');
				})
			)
		);
	}

	const needsPoints = e.voteType === 'cumulative' || e.voteType === 'scoring';
	let vc = e.voteColumns.slice();
	if (!vc.includes('voter_id')) vc = ['voter_id', ...vc];
	if (!vc.includes('vote')) vc.splice(1, 0, 'vote');
	if (needsPoints && !vc.includes('points')) vc.splice(vc.indexOf('vote') + 1, 0, 'points');
	lines.push('VOTES', row(vc));
	for (const v of e.votes) {
		lines.push(
			row(
				vc.map((col) => {
					if (col === 'voter_id') return v.voterId;
					if (col === 'vote') return v.vote.join(',');
					if (col === 'points') return (v.points ?? []).join(',');
					const i = e.voteColumns.indexOf(col);
					return i === -1 ? '' : (v.cells[i] ?? '');
				})
			)
		);
	}
	return lines.join('\n') + '\n';
}

/** Builds an election in code (for exports and tests): the columns are derived from the records. */
export function makeElection(input: {
	meta?: Record<string, string>;
	budget: string | number;
	voteType: VoteType;
	projects: Array<{ id: string; cost: string | number } & Record<string, string | number>>;
	votes: Array<{ voterId?: string; vote: string[]; points?: Array<string | number> } & Record<string, unknown>>;
}): PbElection {
	const budget = String(input.budget);
	const meta: Record<string, string> = { ...(input.meta ?? {}), budget, vote_type: input.voteType };
	const extraP = [...new Set(input.projects.flatMap((p) => Object.keys(p)))].filter((k) => k !== 'id' && k !== 'cost');
	const projectColumns = ['project_id', 'cost', ...extraP];
	const projects = input.projects.map((p) => ({
		id: p.id,
		cost: String(p.cost),
		cells: [p.id, String(p.cost), ...extraP.map((k) => (p[k] === undefined ? '' : String(p[k])))],
		line: 0
	}));
	const needsPoints = input.voteType === 'cumulative' || input.voteType === 'scoring';
	const voteColumns = needsPoints ? ['voter_id', 'vote', 'points'] : ['voter_id', 'vote'];
	const votes = input.votes.map((v, i) => {
		const voterId = v.voterId ?? String(i + 1);
		const points = needsPoints ? (v.points ?? []).map(String) : undefined;
		const cells = [voterId, v.vote.join(','), ...(points ? [points.join(',')] : [])];
		return { voterId, vote: v.vote.slice(), points, cells, line: 0 };
	});
	// Validate the same way a file is validated.
	return parsePabulib(serializePabulib({ meta, voteType: input.voteType, budget, projectColumns, projects, voteColumns, votes }));
}
