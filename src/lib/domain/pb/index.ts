/**
 * Participatory-budgeting tallies: the Pabulib format, greedy, and the Method of Equal Shares
 * (with the add1 / add1u completions), exact and matching pabutools. Pure and deterministic.
 */
export { makeElection, PabulibError, parsePabulib, serializePabulib } from './pabulib';
export type { PbElection, PbProject, PbVote, VoteType } from './pabulib';
export { buildProfile, compareIds, UnsupportedBallotsError } from './profile';
export type { Profile } from './profile';
export { COMPLETIONS, explain, formatMoney, RULES, tally, TallyError, tallyProfile } from './rules';
export type { Completion, ProjectResult, Reason, RuleName, TallyOptions, TallyResult } from './rules';
export { Rational } from './rational';
