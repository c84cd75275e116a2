-- Participatory budgeting (supabase/migrations/20261125000500_budgets.sql): the tables sit behind
-- row-level security with read policies only (ballots behind a policy that shows nothing and no
-- privileges at all), the schema keeps its invariants whoever writes (one ballot per voter and per
-- code, ballots only while voting, projects of the same round, costs never negative, a reason for
-- every "not feasible"), and the functions are security definer with a fixed search_path, closed to
-- anon except the four a person without an account needs.
-- What each kind of person may do through the API is src/lib/server/db/budgets.spec.ts.
-- Runs under `supabase test db` as well as src/lib/server/db/pgtap.spec.ts (PGlite and PostgreSQL).
begin;
create extension if not exists pgtap with schema extensions;
select plan(64);

-- Tables and row-level security --------------------------------------------------------------------
select has_table('public', 'budget_rounds', 'public.budget_rounds exists');
select has_table('public', 'budget_round_panels', 'public.budget_round_panels exists');
select has_table('public', 'budget_round_phases', 'public.budget_round_phases exists');
select has_table('public', 'budget_phase_log', 'public.budget_phase_log exists');
select has_table('public', 'budget_proposals', 'public.budget_proposals exists');
select has_table('public', 'budget_proposal_authors', 'public.budget_proposal_authors exists');
select has_table('public', 'budget_proposal_reviews', 'public.budget_proposal_reviews exists');
select has_table('public', 'budget_ballots', 'public.budget_ballots exists');
select has_table('public', 'budget_ballot_choices', 'public.budget_ballot_choices exists');
select has_table('public', 'budget_paper_boxes', 'public.budget_paper_boxes exists');
select has_table('public', 'budget_paper_box_counts', 'public.budget_paper_box_counts exists');
select has_table('public', 'budget_results', 'public.budget_results exists');
select has_table('public', 'budget_result_projects', 'public.budget_result_projects exists');
select has_table('public', 'budget_deliverables', 'public.budget_deliverables exists');
select has_table('private', 'budget_voting_codes', 'voting codes live in the private schema, out of the API''s reach');
select hasnt_column('private', 'budget_voting_codes', 'code', 'voting codes are stored as hashes only');

create temporary table budget_tables (name text) on commit drop;
insert into budget_tables values ('budget_rounds'), ('budget_round_panels'), ('budget_round_phases'), ('budget_phase_log'),
  ('budget_proposals'), ('budget_proposal_authors'), ('budget_proposal_reviews'), ('budget_ballots'), ('budget_ballot_choices'),
  ('budget_paper_boxes'), ('budget_paper_box_counts'), ('budget_results'), ('budget_result_projects'), ('budget_deliverables');

select is_empty(
  $$ select c.relname from pg_class c join pg_namespace n on n.oid = c.relnamespace
     where ((n.nspname = 'public' and c.relname in (select name from budget_tables))
            or (n.nspname = 'private' and c.relname = 'budget_voting_codes'))
       and not c.relrowsecurity $$,
  'row-level security is enabled on every budget table'
);
select is_empty(
  $$ select tablename || ' ' || policyname || ' ' || cmd from pg_policies
     where schemaname = 'public' and cmd <> 'SELECT' and tablename in (select name from budget_tables) $$,
  'no insert, update, delete or ALL policy on the budget tables: every write goes through a function'
);
select policies_are('public', 'budget_ballots', array['budget_ballots_sealed'], 'budget_ballots: one policy, the seal');
select policies_are('public', 'budget_ballot_choices', array['budget_ballot_choices_sealed'], 'budget_ballot_choices: one policy, the seal');
select is(
  (select qual from pg_policies where tablename = 'budget_ballots' and policyname = 'budget_ballots_sealed'), 'false',
  'the ballot seal lets no row through'
);
select is_empty(
  $$ select r || ' ' || t || ' ' || p
     from unnest(array['anon', 'authenticated']) r,
          unnest(array['public.budget_ballots', 'public.budget_ballot_choices', 'private.budget_voting_codes']) t,
          unnest(array['select', 'insert', 'update', 'delete']) p
     where has_table_privilege(r, t, p) $$,
  'anon and authenticated hold no privilege at all on ballots, choices and voting codes'
);
select is_empty(
  $$ select tablename || ' ' || policyname from pg_policies
     where schemaname = 'public' and 'anon' = any (roles) and tablename in (select name from budget_tables)
       and tablename not in ('budget_rounds', 'budget_round_phases', 'budget_results', 'budget_result_projects', 'budget_deliverables') $$,
  'anon has read policies only on rounds, their phases, published results and deliverables'
);

-- Fixtures (as the owner) ---------------------------------------------------------------------------
insert into public.partnerships (id, slug, name) values ('60000000-0000-4000-8000-000000000001', 'budgetbay', 'Budgetbay');
insert into public.panels (id, partnership_id, name, join_code) values
  ('60000000-0000-4000-8000-0000000000b1', '60000000-0000-4000-8000-000000000001', 'Budgetbay Voice', 'BDGBAY22');
insert into public.accounts (id, kind, age_band) values
  ('60000000-0000-4000-8000-0000000000c1', 'young_person', '13-15'),
  ('60000000-0000-4000-8000-0000000000c2', 'young_person', '10-12');
insert into public.budget_rounds (id, partnership_id, panel_id, title, budget, phase) values
  ('60000000-0000-4000-8000-0000000000d1', '60000000-0000-4000-8000-000000000001', '60000000-0000-4000-8000-0000000000b1', 'Fund A', 1000, 'voting'),
  ('60000000-0000-4000-8000-0000000000d2', '60000000-0000-4000-8000-000000000001', null, 'Fund B', 1000, 'review');
insert into public.budget_proposals (id, round_id, title, status) values
  ('60000000-0000-4000-8000-0000000000e1', '60000000-0000-4000-8000-0000000000d1', 'Benches', 'approved'),
  ('60000000-0000-4000-8000-0000000000e2', '60000000-0000-4000-8000-0000000000d1', 'Lights', 'approved'),
  ('60000000-0000-4000-8000-0000000000e3', '60000000-0000-4000-8000-0000000000d2', 'Bins', 'approved');

-- Constraints -------------------------------------------------------------------------------------
select throws_ok(
  $$ insert into public.budget_rounds (partnership_id, title, budget) values ('60000000-0000-4000-8000-000000000001', 'Nothing', 0) $$,
  '23514', 'new row for relation "budget_rounds" violates check constraint "budget_rounds_budget_check"',
  'a round''s budget is more than £0'
);
select throws_ok(
  $$ insert into public.budget_rounds (partnership_id, title, budget, ballot_rule, min_projects)
     values ('60000000-0000-4000-8000-000000000001', 'Fund K', 1000, 'k_approval', 2) $$,
  '23514', 'new row for relation "budget_rounds" violates check constraint "rule_parameters_match"',
  'k-approval needs both a minimum and a maximum'
);
select throws_ok(
  $$ insert into public.budget_rounds (partnership_id, title, budget, ballot_rule, points_total)
     values ('60000000-0000-4000-8000-000000000001', 'Fund P', 1000, 'points', 10) $$,
  '23514', 'new row for relation "budget_rounds" violates check constraint "rule_parameters_match"',
  'points needs a per-project cap as well as a total'
);
select throws_ok(
  $$ insert into public.budget_rounds (partnership_id, title, budget, ballot_rule, points_total, points_per_project, min_percent)
     values ('60000000-0000-4000-8000-000000000001', 'Fund P', 1000, 'points', 10, 5, 20) $$,
  '23514', 'new row for relation "budget_rounds" violates check constraint "rule_parameters_match"',
  'a rule carries only its own parameters'
);
select lives_ok(
  $$ insert into public.budget_rounds (partnership_id, title, budget, ballot_rule, min_projects, max_projects)
     values ('60000000-0000-4000-8000-000000000001', 'Fund K', 1000, 'k_approval', 1, 3) $$,
  'k-approval with a minimum and a maximum is fine'
);
select is(
  (select tally_rule || ' ' || phase from public.budget_rounds where id = '60000000-0000-4000-8000-0000000000d2'),
  'mes_add1u review', 'the tally rule defaults to the Method of Equal Shares with add1u'
);
select throws_ok(
  $$ insert into public.budget_proposals (round_id, title, rough_cost) values ('60000000-0000-4000-8000-0000000000d1', 'Dear', -1) $$,
  '23514', 'new row for relation "budget_proposals" violates check constraint "budget_proposals_rough_cost_check"',
  'a rough cost is never negative'
);
select throws_ok(
  $$ insert into public.budget_proposal_reviews (proposal_id, feasibility, estimated_cost) values ('60000000-0000-4000-8000-0000000000e1', 'not_feasible', 10) $$,
  '23514', 'new row for relation "budget_proposal_reviews" violates check constraint "not_feasible_has_reason"',
  'a "not feasible" review always has a reason'
);
select throws_ok(
  $$ insert into public.budget_proposal_reviews (proposal_id, feasibility, estimated_cost, reason) values ('60000000-0000-4000-8000-0000000000e1', 'not_feasible', 10, '   ') $$,
  '23514', 'new row for relation "budget_proposal_reviews" violates check constraint "not_feasible_has_reason"',
  'a blank reason is no reason'
);
select throws_ok(
  $$ insert into public.budget_proposal_reviews (proposal_id, feasibility, estimated_cost) values ('60000000-0000-4000-8000-0000000000e1', 'feasible', -5) $$,
  '23514', 'new row for relation "budget_proposal_reviews" violates check constraint "budget_proposal_reviews_estimated_cost_check"',
  'an estimated cost is never negative'
);
select throws_ok(
  $$ insert into public.budget_proposal_reviews (proposal_id, feasibility, estimated_cost, shortlisted_at) values ('60000000-0000-4000-8000-0000000000e1', 'needs_changes', 5, now()) $$,
  '23514', 'new row for relation "budget_proposal_reviews" violates check constraint "shortlist_only_feasible_and_costed"',
  'only feasible projects go on the ballot'
);
select throws_ok(
  $$ insert into public.budget_proposal_reviews (proposal_id, feasibility, shortlisted_at) values ('60000000-0000-4000-8000-0000000000e1', 'feasible', now()) $$,
  '23514', 'new row for relation "budget_proposal_reviews" violates check constraint "shortlist_only_feasible_and_costed"',
  'only costed projects go on the ballot'
);
select lives_ok(
  $$ insert into public.budget_proposal_reviews (proposal_id, feasibility, estimated_cost, shortlisted_at) values
       ('60000000-0000-4000-8000-0000000000e1', 'feasible', 400, now()), ('60000000-0000-4000-8000-0000000000e2', 'feasible', 300, now()) $$,
  'a feasible, costed project can be shortlisted'
);
select throws_ok(
  $$ update public.budget_proposals set merged_into = '60000000-0000-4000-8000-0000000000e3' where id = '60000000-0000-4000-8000-0000000000e1' $$,
  '23503', null, 'a proposal can only be merged into one of the same round'
);

-- Ballots: one per voter, one per code, same-round projects, only while voting -----------------------
select lives_ok(
  $$ insert into public.budget_ballots (id, round_id, voter_id, channel, receipt_code) values
       ('60000000-0000-4000-8000-0000000000f1', '60000000-0000-4000-8000-0000000000d1', '60000000-0000-4000-8000-0000000000c1', 'online', 'ABCDEFGHJK') $$,
  'an online ballot while voting is open'
);
select throws_ok(
  $$ insert into public.budget_ballots (round_id, voter_id, channel, receipt_code, place) values
       ('60000000-0000-4000-8000-0000000000d1', '60000000-0000-4000-8000-0000000000c1', 'paper', 'ABCDEFGHJM', 'Hall') $$,
  '23505', 'duplicate key value violates unique constraint "budget_ballots_one_per_voter"',
  'a second ballot for the same voter in the same round is refused, whatever its channel'
);
select throws_ok(
  $$ insert into public.budget_ballots (round_id, voter_id, channel, receipt_code) values
       ('60000000-0000-4000-8000-0000000000d1', '60000000-0000-4000-8000-0000000000c2', 'online', 'ABCDEFGHJK') $$,
  '23505', 'duplicate key value violates unique constraint "budget_ballots_receipt_code_key"',
  'receipts are unique'
);
select throws_ok(
  $$ insert into public.budget_ballots (round_id, channel, receipt_code) values ('60000000-0000-4000-8000-0000000000d1', 'paper', 'ABCDEFGHJN') $$,
  '23514', 'new row for relation "budget_ballots" violates check constraint "ballot_identity_matches_channel"',
  'a paper ballot says where it was cast'
);
select throws_ok(
  $$ insert into public.budget_ballots (round_id, channel, receipt_code) values ('60000000-0000-4000-8000-0000000000d1', 'code', 'ABCDEFGHJP') $$,
  '23514', 'new row for relation "budget_ballots" violates check constraint "ballot_identity_matches_channel"',
  'a code ballot names its code'
);
insert into private.budget_voting_codes (id, round_id, code_hash) values
  ('60000000-0000-4000-8000-0000000000a1', '60000000-0000-4000-8000-0000000000d1', private.voting_code_hash('CODEONE222'));
select lives_ok(
  $$ insert into public.budget_ballots (round_id, voting_code_id, channel, receipt_code) values
       ('60000000-0000-4000-8000-0000000000d1', '60000000-0000-4000-8000-0000000000a1', 'code', 'ABCDEFGHJQ') $$,
  'a ballot for a voting code'
);
select throws_ok(
  $$ insert into public.budget_ballots (round_id, voting_code_id, channel, receipt_code, place) values
       ('60000000-0000-4000-8000-0000000000d1', '60000000-0000-4000-8000-0000000000a1', 'paper', 'ABCDEFGHJR', 'Hall') $$,
  '23505', 'duplicate key value violates unique constraint "budget_ballots_one_per_code"',
  'a code is used for one ballot only'
);
select throws_ok(
  $$ insert into public.budget_ballot_choices (ballot_id, round_id, proposal_id) values
       ('60000000-0000-4000-8000-0000000000f1', '60000000-0000-4000-8000-0000000000d1', '60000000-0000-4000-8000-0000000000e3') $$,
  '23503', null, 'a ballot can only choose projects of its own round'
);
select lives_ok(
  $$ insert into public.budget_ballot_choices (ballot_id, round_id, proposal_id) values
       ('60000000-0000-4000-8000-0000000000f1', '60000000-0000-4000-8000-0000000000d1', '60000000-0000-4000-8000-0000000000e1') $$,
  'a choice of the round''s project'
);
select throws_ok(
  $$ insert into public.budget_ballot_choices (ballot_id, round_id, proposal_id) values
       ('60000000-0000-4000-8000-0000000000f1', '60000000-0000-4000-8000-0000000000d1', '60000000-0000-4000-8000-0000000000e1') $$,
  '23505', null, 'a project is chosen once per ballot'
);
select throws_ok(
  $$ insert into public.budget_ballots (round_id, voter_id, channel, receipt_code) values
       ('60000000-0000-4000-8000-0000000000d2', '60000000-0000-4000-8000-0000000000c2', 'online', 'ABCDEFGHJS') $$,
  'PT409', 'Voting is not open in this round',
  'no ballot while the round is not voting, whoever writes it'
);
update public.budget_rounds set phase = 'results' where id = '60000000-0000-4000-8000-0000000000d1';
select throws_ok(
  $$ update public.budget_ballots set changed_at = now() where id = '60000000-0000-4000-8000-0000000000f1' $$,
  'PT409', 'Voting is not open in this round',
  'nor a changed one once voting has closed'
);

-- Results, deliverables and the owed response -------------------------------------------------------
insert into public.budget_results (round_id, tally_rule, voters, budget_used, response_due_at)
  values ('60000000-0000-4000-8000-0000000000d1', 'mes_add1u', 2, 400, now() + interval '12 weeks');
select throws_ok(
  $$ insert into public.budget_deliverables (round_id, proposal_id, title, status)
     values ('60000000-0000-4000-8000-0000000000d1', '60000000-0000-4000-8000-0000000000e1', 'Benches', 'not_possible') $$,
  '23514', 'new row for relation "budget_deliverables" violates check constraint "not_possible_has_reason"',
  'a deliverable that is not possible says why'
);
select is(
  (select source_type || ' ' || title from public.owed_responses where source_id = '60000000-0000-4000-8000-0000000000d1'),
  'budget_round Fund A', 'a published round owes a "we did" response (owed_responses)'
);
select ok(
  (select coalesce(reloptions, '{}') from pg_class where oid = 'public.owed_responses'::regclass) @> array['security_invoker=true'],
  'owed_responses still runs as the caller'
);

-- Functions: security definer, fixed search_path; anon only where no account is needed --------------
create temporary table budget_functions (sig regprocedure) on commit drop;
insert into budget_functions values
  ('public.create_budget_round(uuid, uuid, text, text, integer, uuid[], boolean, text, integer, integer, integer, integer, integer, text)'),
  ('public.update_budget_round(uuid, uuid, text, text, integer, uuid[], boolean, text, integer, integer, integer, integer, integer, text)'),
  ('public.set_round_phase_details(uuid, text, timestamptz, timestamptz, text)'),
  ('public.set_round_phase(uuid, text)'),
  ('public.submit_budget_proposal(uuid, text, text, text, integer, text)'),
  ('public.moderate_budget_proposal(uuid, boolean, text)'),
  ('public.review_budget_proposal(uuid, text, integer, text)'),
  ('public.merge_budget_proposals(uuid, uuid)'),
  ('public.shortlist_budget_proposal(uuid, boolean)'),
  ('public.round_ballot(uuid)'),
  ('public.cast_ballot(uuid, jsonb)'),
  ('public.my_ballot(uuid)'),
  ('public.check_receipt(text)'),
  ('public.generate_voting_codes(uuid, integer)'),
  ('public.code_ballot(text)'),
  ('public.cast_ballot_with_code(text, jsonb)'),
  ('public.record_paper_ballot(uuid, jsonb, text, uuid, text)'),
  ('public.record_paper_box(uuid, text, integer, jsonb)'),
  ('public.round_turnout(uuid)'),
  ('public.round_tally_input(uuid)'),
  ('public.publish_results(uuid, jsonb)'),
  ('public.round_results(uuid)'),
  ('public.set_deliverable_status(uuid, text, text)');

select is((select count(*)::int from budget_functions), 23, 'the budget functions under test (all present: regprocedure resolved them)');
select is(
  array(select p.oid::regprocedure::text from pg_proc p join pg_namespace n on n.oid = p.pronamespace
        where n.nspname = 'public' and p.oid not in (select sig from budget_functions)
          and p.proname like '%budget%'),
  array[]::text[],
  'no public function named for budgets is left out of this list'
);
select is_empty(
  $$ select sig::text from budget_functions f join pg_proc p on p.oid = f.sig where not p.prosecdef $$,
  'every budget function is security definer'
);
select is_empty(
  $$ select sig::text from budget_functions f join pg_proc p on p.oid = f.sig
     where not coalesce(p.proconfig, '{}') @> array['search_path=""'] $$,
  'every budget function runs with an empty, fixed search_path'
);
select is_empty(
  $$ select p.oid::regprocedure::text from pg_proc p join pg_namespace n on n.oid = p.pronamespace
     where n.nspname = 'private' and (p.proname like '%budget%' or p.proname in ('checked_choices', 'new_code', 'voting_code_hash'))
       and not coalesce(p.proconfig, '{}') @> array['search_path=""'] $$,
  'and so does every budget helper'
);
select is(
  array(select p.proname::text from budget_functions f join pg_proc p on p.oid = f.sig
        where has_function_privilege('anon', f.sig, 'execute') order by 1),
  array['cast_ballot_with_code', 'check_receipt', 'code_ballot', 'round_results'],
  'anon may execute only the voting-code, receipt and published-results functions'
);
select is_empty(
  $$ select f.sig::text from budget_functions f join pg_proc p on p.oid = f.sig,
            aclexplode(coalesce(p.proacl, acldefault('f', p.proowner))) a
     where a.grantee = 0 and a.privilege_type = 'EXECUTE' $$,
  'PUBLIC holds no execute privilege on them'
);
select is_empty(
  $$ select sig::text from budget_functions where not has_function_privilege('authenticated', sig, 'execute') $$,
  'signed-in people may call them all (each function checks who is asking)'
);
select is_empty(
  $$ select p.oid::regprocedure::text from pg_proc p join pg_namespace n on n.oid = p.pronamespace
     where n.nspname = 'private'
       and p.proname in ('checked_choices', 'require_budget_role', 'require_budget_proposal', 'budget_ballot_view',
                         'budget_voter_panels', 'new_code', 'voting_code_hash')
       and has_function_privilege('anon', p.oid, 'execute') $$,
  'anon cannot reach the helpers that write or reveal ballots'
);

-- The unique constraints the functions rely on -------------------------------------------------------
select col_is_unique('public', 'budget_ballots', array['round_id', 'voter_id'], 'one ballot per voter per round');
select col_is_unique('public', 'budget_ballots', array['voting_code_id'], 'one ballot per voting code');
select col_is_unique('private', 'budget_voting_codes', array['code_hash'], 'voting codes are unique');

select * from finish();
rollback;
