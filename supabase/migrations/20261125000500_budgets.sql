-- Participatory budgeting: rounds, proposals, feasibility review, ballots under a stated rule
-- (knapsack, k-approval, points), voting codes, paper ballots, published results and deliverables.
-- The database keeps the invariants whoever calls: one ballot per voter per round, ballots only
-- while voting is open, ballots that fit the round's rule, costs never negative, a reason for
-- every "not feasible", and nobody (not even staff) reading who voted for what.
--
-- WHO
--   runners     = partnership_admin, commissioner of the round's partnership: set rounds up, move
--                 phases, review/merge/shortlist, read the tally input, publish, update deliverables.
--   helpers     = runners + facilitator: moderate proposals, submit on behalf of a group, generate
--                 voting codes, enter paper ballots and sealed-box counts (they run the sessions).
--   staff       = any role in the partnership (incl. safeguarding_lead): read everything of the
--                 partnership except ballots (counts only, through round_turnout).
--   voters      = ACTIVE members of a panel listed in budget_round_panels (the round's panels; the
--                 round's home panel is always one of them). Pending/left/removed members are not.
--   code holders = anyone (anon) holding an unused voting code of the round.
--
-- PHASES  ideas → review → voting → results → delivery, forward one step at a time (set_round_phase).
--
-- TABLES (all RLS-enabled; NO insert/update/delete policies: every write is a function below)
--   budget_rounds            id, partnership_id, panel_id (home panel, nullable), title, description,
--                            budget (whole GBP > 0), allow_codes, ballot_rule ('knapsack'|'k_approval'|
--                            'points'), min_percent (knapsack, nullable), min_projects/max_projects
--                            (k_approval), points_total/points_per_project (points), tally_rule
--                            ('mes_add1u' default|'mes_add1'|'mes'|'greedy'), phase, created_by, created_at.
--                            Read: staff; voters; everyone (anon too) once results are published.
--   budget_round_panels      round_id, panel_id: whose active members vote. Read: staff, voters.
--   budget_round_phases      round_id, phase, starts_at, ends_at, description (one row per phase,
--                            created with the round). Read: as budget_rounds.
--   budget_phase_log         id, round_id, from_phase (null at creation), to_phase, changed_at, changed_by.
--                            Read: staff.
--   budget_proposals         id, round_id, submitted_by, on_behalf_of (staff submissions), title,
--                            description, category, rough_cost (nullable, ≥ 0), status ('pending'|
--                            'approved'|'rejected'), reject_reason (code as for ideas), moderated_at/by,
--                            merged_into (surviving proposal, same round), created_at.
--                            Read: staff; its authors/submitter; voters once approved.
--   budget_proposal_authors  proposal_id, account_id: who is credited (a merge adds the merged
--                            proposal's authors to the survivor). Read: staff; the author's own rows.
--   budget_proposal_reviews  proposal_id, feasibility ('feasible'|'not_feasible'|'needs_changes'),
--                            estimated_cost (≥ 0), reason (REQUIRED by a check constraint when
--                            not_feasible), reviewed_by, reviewed_at, shortlisted_at (non-null = on the
--                            ballot; check: only feasible and costed). Read: staff; the proposal's
--                            authors; voters from the voting phase on (approved proposals).
--   budget_ballots           id, round_id, voter_id | voting_code_id | neither (anonymous paper),
--                            channel ('online'|'code'|'paper'), receipt_code, place, recorded_by,
--                            cast_at, changed_at. unique (round_id, voter_id), unique (voting_code_id).
--   budget_ballot_choices    ballot_id, round_id, proposal_id, points (1 for approval rules).
--                            Ballots and choices are SEALED: RLS with a policy that shows nothing and
--                            no privileges for anon/authenticated; only the functions below touch them.
--   budget_paper_boxes       id, round_id, place, ballots, recorded_by, recorded_at. Read: staff.
--   budget_paper_box_counts  box_id, round_id, proposal_id, votes (approvals, or points under the
--                            points rule). Read: staff.
--   budget_results           round_id, tally_rule, voters, budget_used, greedy_budget_used (null when
--                            greedy gives the same outcome), published_at, published_by,
--                            response_due_at. Read: everyone (rows exist only once published).
--   budget_result_projects   round_id, proposal_id, title, votes, cost, funded, greedy_funded, reason.
--                            Read: everyone.
--   budget_deliverables      id, round_id, proposal_id, title, status ('planned'|'in_progress'|'done'|
--                            'not_possible'), status_reason (required for not_possible), updated_at,
--                            updated_by. Read: everyone (one per funded project, made by publish_results).
--   private.budget_voting_codes  only a SHA-256 hash of each code: codes are shown once, when made.
--   public.owed_responses    view recreated: + one 'budget_round' row per published round, due
--                            published_at + the partnership's response_due_weeks.
--
-- CHOICES FORMAT (p_choices jsonb), for every ballot function: a JSON array, at most 200 items, each
--   either a project id string  "d0000000-…"  (approval rules), or an object {"project": "<id>",
--   "points": <whole number>} (points rule; "points" may be left out, or be 1, under approval rules).
--   Projects = shortlisted, not merged proposals of that round. At least one project.
--
-- ERROR CODES  42501 not allowed · 22023 bad value (incl. a ballot breaking the rule) · PT404 not
--   found · PT409 wrong state (phase, already voted, code used) · 23514 check constraint (a
--   not_feasible review, or a not_possible deliverable, without a reason). Through the API: 42501 → 401/403, 22023/23514 → 400,
--   PT404 → 404, PT409 → 409.
--
-- FUNCTIONS (public; all security definer, search_path ''; not executable by anon unless marked ANON)
--   create_budget_round(p_partnership uuid, p_panel uuid, p_title text, p_description text,
--       p_budget integer, p_voter_panels uuid[], p_allow_codes boolean, p_ballot_rule text,
--       p_min_percent integer, p_min_projects integer, p_max_projects integer,
--       p_points_total integer, p_points_per_project integer, p_tally_rule text) → uuid
--       runners. Starts in phase 'ideas'. p_panel (optional home panel) is added to the voter panels;
--       every panel must be in the partnership. Unused rule parameters must be null; p_min_percent
--       0 or null = no minimum; k_approval min ≥ 1; p_tally_rule null → 'mes_add1u'.
--       Errors 42501, 22023 (panels, rule parameters, lengths: the constraints' 23514 is mapped to 22023).
--   update_budget_round(p_round uuid, then the same arguments as create_budget_round from p_panel on)
--       → void. runners. Title/description any time before delivery; budget, panels, codes and rules
--       only in ideas/review. Errors PT404, 42501, 22023, PT409.
--   set_round_phase_details(p_round uuid, p_phase text, p_starts_at timestamptz, p_ends_at timestamptz,
--       p_description text) → void. runners. Dates are informative (phases move by set_round_phase).
--       Errors PT404, 42501, 22023.
--   set_round_phase(p_round uuid, p_phase text) → void. runners. Only to the NEXT phase. Opening
--       voting needs ≥ 1 shortlisted project and a way to vote (panels or codes), and under
--       k_approval at least min_projects shortlisted; delivery needs published results. Logged in
--       budget_phase_log and audit_events. Errors PT404, 42501, 22023 (unknown phase), PT409.
--   submit_budget_proposal(p_round uuid, p_title text, p_description text, p_category text,
--       p_rough_cost integer, p_on_behalf_of text) → uuid.
--       voters, in the ideas phase, p_on_behalf_of null: pending until moderated; the voter is its author.
--       helpers, in ideas or review, p_on_behalf_of required (a group's name): approved at once.
--       Errors PT404, 42501, PT409 (phase), 22023 (contact details, lengths, negative cost).
--   moderate_budget_proposal(p_proposal uuid, p_approve boolean, p_reason text) → void. helpers.
--       p_reason one of contact_details|unkind|off_topic|duplicate|other when rejecting. Not once
--       voting has opened. Errors PT404, 42501, 22023, PT409.
--   review_budget_proposal(p_proposal uuid, p_feasibility text, p_estimated_cost integer,
--       p_reason text) → void. runners; approved, not merged proposals; ideas/review phase. A
--       review that is no longer feasible or costed leaves the shortlist. Errors PT404, 42501,
--       22023, PT409, 23514 (not_feasible without a reason: the check constraint).
--   merge_budget_proposals(p_proposal uuid, p_into uuid) → void. runners; both approved, same round,
--       neither merged, ideas/review phase. p_proposal points to p_into, leaves the shortlist, and
--       its authors are credited on p_into. Errors PT404, 42501, 22023, PT409.
--   shortlist_budget_proposal(p_proposal uuid, p_shortlisted boolean) → void. runners; only approved,
--       feasible, costed, not merged; ideas/review phase (shortlisting closes when voting opens).
--       Errors PT404, 42501, PT409.
--   round_ballot(p_round uuid) → jsonb. voters and staff. {round:{id,title,description,budget,
--       phase,ballot_rule,min_percent,min_projects,max_projects,points_total,points_per_project},
--       projects:[{id,title,description,category,cost}], can_vote:boolean, voted:boolean}.
--       Projects in a random order that is stable for each voter. Errors PT404 (also: not yours).
--   cast_ballot(p_round uuid, p_choices jsonb) → text (receipt code). voters; phase voting.
--       Inserts or REPLACES the caller's online ballot (changeable until voting closes); the receipt
--       stays the SAME across changes. Errors PT404, 42501 (not a voter), PT409 (not voting; voted
--       on paper), 22023 (breaks the rule; nothing is written).
--   my_ballot(p_round uuid) → jsonb | null. the caller's own ballot: {channel, receipt_code,
--       cast_at, changed_at, choices:[{project, points}]}. authenticated.
--   check_receipt(p_code text) → table(counted boolean, last_changed_at timestamptz). ANON. Always
--       one row ((false, null) when unknown); nothing else about the ballot.
--   generate_voting_codes(p_round uuid, p_count integer) → setof text. helpers; p_count 1..1000;
--       round must allow codes; before results. 10-character codes (join-code alphabet), returned
--       ONCE for printing: only their hash is stored, so lost slips mean new codes. Errors PT404,
--       42501, 22023, PT409.
--   code_ballot(p_code text) → jsonb. ANON. {round, projects} as round_ballot gives them, for the
--       code's round (projects in a random order stable for the code), plus used:boolean.
--       Errors PT404 (unknown code).
--   cast_ballot_with_code(p_code text, p_choices jsonb) → text (receipt). ANON (the server
--       rate-limits). A code votes ONCE: it cannot replace its ballot, and a code used on paper
--       cannot vote. Errors PT404 (unknown code), PT409 (used; not voting), 22023.
--   record_paper_ballot(p_round uuid, p_choices jsonb, p_place text, p_member uuid, p_code text)
--       → text (receipt). helpers; phase voting. At most one of p_member (an active member of the
--       round's panels; becomes that voter's one ballot) and p_code (marked used); neither = an
--       anonymous paper ballot. Tagged with place, recorder and time. Errors PT404 (round, code),
--       42501, 22023, PT409 (member voted already / code used / not voting).
--   record_paper_box(p_round uuid, p_place text, p_ballots integer, p_counts jsonb) → uuid.
--       helpers; phase voting. p_counts: [{"project": "<id>", "votes": n}], shortlisted projects,
--       no duplicates, each n ≤ p_ballots (≤ p_ballots × points_per_project under points), and in
--       total no more than p_ballots ballots could hold (cost ≤ ballots × budget, approvals ≤
--       ballots × max_projects, points ≤ ballots × points_total).
--       Errors PT404, 42501, 22023, PT409.
--   round_turnout(p_round uuid) → jsonb. staff. {online, code, paper, paper_box, total,
--       eligible_members, codes_made, codes_used}: counts only, never per project. Errors PT404, 42501.
--   round_tally_input(p_round uuid) → jsonb. runners; phase results or delivery (PT409 before).
--       {round:{id,budget,ballot_rule,tally_rule,points_total,points_per_project},
--        projects:[{id,cost}], ballots:[{"approvals":[ids]} | {"points":{"<id>":n}}] (anonymous,
--        sorted), paper_boxes:[{ballots, counts:{"<id>":n}}]}. Errors PT404, 42501, PT409.
--   publish_results(p_round uuid, p_results jsonb) → void. runners; phase results; once.
--       p_results {rule (= the round's tally_rule), voters, budget_used, greedy: null |
--       {budget_used}, projects:[{id, votes, cost (= estimated cost), funded, reason,
--       greedy_funded (required when greedy is given)}]} covering every shortlisted project once.
--       Creates a 'planned' deliverable per funded project and the owed_responses entry.
--       Errors PT404, 42501, PT409, 22023.
--   round_results(p_round uuid) → jsonb. ANON: published rounds only (PT404 otherwise).
--       {round:{id,partnership_id,title,description,budget,ballot_rule,tally_rule,phase},
--        published_at, response_due_at, rule, voters, budget_used, greedy:null|{budget_used},
--        projects:[{id,title,category,cost,votes,funded,greedy_funded,reason,
--                   deliverable:{id,status,status_reason,updated_at}|null}] (by votes desc),
--        not_feasible:[{title, reason}]}.
--   set_deliverable_status(p_deliverable uuid, p_status text, p_reason text) → void. runners.
--       Errors PT404, 42501, 22023, 23514 (not_possible without a reason).

-- ---------------------------------------------------------------------------------------------
-- Tables
-- ---------------------------------------------------------------------------------------------

create table public.budget_rounds (
  id uuid primary key default gen_random_uuid(),
  partnership_id uuid not null references public.partnerships (id) on delete cascade,
  panel_id uuid references public.panels (id) on delete set null,
  title text not null check (length(btrim(title)) between 3 and 120),
  description text not null default '' check (length(description) <= 4000),
  budget integer not null check (budget > 0 and budget <= 100000000),
  allow_codes boolean not null default false,
  ballot_rule text not null default 'knapsack' check (ballot_rule in ('knapsack', 'k_approval', 'points')),
  min_percent integer check (min_percent between 1 and 100),
  min_projects integer check (min_projects >= 1),
  max_projects integer,
  points_total integer check (points_total between 1 and 1000),
  points_per_project integer,
  tally_rule text not null default 'mes_add1u' check (tally_rule in ('mes_add1u', 'mes_add1', 'mes', 'greedy')),
  phase text not null default 'ideas' check (phase in ('ideas', 'review', 'voting', 'results', 'delivery')),
  created_by uuid references public.accounts (id) on delete set null,
  created_at timestamptz not null default now(),
  -- each rule carries exactly its own parameters (coalesce: a null comparison must not pass)
  constraint rule_parameters_match check (coalesce(
    case ballot_rule
      when 'knapsack' then min_projects is null and max_projects is null
                       and points_total is null and points_per_project is null
      when 'k_approval' then min_projects is not null and max_projects is not null and max_projects >= min_projects
                       and min_percent is null and points_total is null and points_per_project is null
      when 'points' then points_total is not null and points_per_project is not null
                       and points_per_project between 1 and points_total
                       and min_percent is null and min_projects is null and max_projects is null
    end, false)
  )
);
create index budget_rounds_partnership_idx on public.budget_rounds (partnership_id);
create index budget_rounds_panel_idx on public.budget_rounds (panel_id);

create table public.budget_round_panels (
  round_id uuid not null references public.budget_rounds (id) on delete cascade,
  panel_id uuid not null references public.panels (id) on delete cascade,
  primary key (round_id, panel_id)
);
create index budget_round_panels_panel_idx on public.budget_round_panels (panel_id);

create table public.budget_round_phases (
  round_id uuid not null references public.budget_rounds (id) on delete cascade,
  phase text not null check (phase in ('ideas', 'review', 'voting', 'results', 'delivery')),
  starts_at timestamptz,
  ends_at timestamptz,
  description text not null default '' check (length(description) <= 1000),
  primary key (round_id, phase),
  constraint phase_ends_after_start check (ends_at is null or starts_at is null or ends_at > starts_at)
);

create table public.budget_phase_log (
  id bigint generated always as identity primary key,
  round_id uuid not null references public.budget_rounds (id) on delete cascade,
  from_phase text check (from_phase in ('ideas', 'review', 'voting', 'results')),
  to_phase text not null check (to_phase in ('ideas', 'review', 'voting', 'results', 'delivery')),
  changed_at timestamptz not null default now(),
  changed_by uuid references public.accounts (id) on delete set null
);
create index budget_phase_log_round_idx on public.budget_phase_log (round_id, changed_at);

create table public.budget_proposals (
  id uuid primary key default gen_random_uuid(),
  round_id uuid not null references public.budget_rounds (id) on delete cascade,
  submitted_by uuid references public.accounts (id) on delete set null,
  -- staff write in a group's idea ("Year 8 at Northbay Academy"); null for a young person's own
  on_behalf_of text check (on_behalf_of is null or length(btrim(on_behalf_of)) between 2 and 120),
  title text not null check (length(btrim(title)) between 3 and 120),
  description text not null default '' check (length(description) <= 2000),
  category text not null default '' check (length(category) <= 60),
  rough_cost integer check (rough_cost between 0 and 100000000),
  status text not null default 'pending' check (status in ('pending', 'approved', 'rejected')),
  reject_reason text check (reject_reason in ('contact_details', 'unkind', 'off_topic', 'duplicate', 'other')),
  moderated_at timestamptz,
  moderated_by uuid references public.accounts (id) on delete set null,
  merged_into uuid,
  created_at timestamptz not null default now(),
  constraint rejected_proposals_have_reasons check ((status = 'rejected') = (reject_reason is not null)),
  constraint not_merged_into_itself check (merged_into is distinct from id),
  constraint budget_proposals_round_id_key unique (round_id, id),
  -- a merge stays inside its round
  constraint merged_into_same_round foreign key (round_id, merged_into)
    references public.budget_proposals (round_id, id) on delete set null (merged_into)
);
create index budget_proposals_round_idx on public.budget_proposals (round_id, status);
create index budget_proposals_submitted_by_idx on public.budget_proposals (submitted_by);
create index budget_proposals_merged_into_idx on public.budget_proposals (merged_into);

create table public.budget_proposal_authors (
  proposal_id uuid not null references public.budget_proposals (id) on delete cascade,
  account_id uuid not null references public.accounts (id) on delete cascade,
  primary key (proposal_id, account_id)
);
create index budget_proposal_authors_account_idx on public.budget_proposal_authors (account_id);

create table public.budget_proposal_reviews (
  proposal_id uuid primary key references public.budget_proposals (id) on delete cascade,
  feasibility text not null check (feasibility in ('feasible', 'not_feasible', 'needs_changes')),
  estimated_cost integer check (estimated_cost between 0 and 100000000),
  reason text check (reason is null or length(reason) <= 2000),
  reviewed_by uuid references public.accounts (id) on delete set null,
  reviewed_at timestamptz not null default now(),
  shortlisted_at timestamptz,
  -- feedback young people are owed: "not feasible" always says why
  constraint not_feasible_has_reason check (feasibility <> 'not_feasible' or length(btrim(coalesce(reason, ''))) > 0),
  constraint shortlist_only_feasible_and_costed check (shortlisted_at is null or (feasibility = 'feasible' and estimated_cost is not null))
);

-- Voting codes are credentials: only a hash is kept, out of the API's reach (like passwords).
create table private.budget_voting_codes (
  id uuid primary key default gen_random_uuid(),
  round_id uuid not null references public.budget_rounds (id) on delete cascade,
  code_hash text not null unique check (code_hash ~ '^[0-9a-f]{64}$'),
  created_by uuid references public.accounts (id) on delete set null,
  created_at timestamptz not null default now(),
  used_at timestamptz,
  used_channel text check (used_channel in ('online', 'paper')),
  constraint used_codes_say_how check ((used_at is null) = (used_channel is null)),
  constraint budget_voting_codes_round_id_key unique (id, round_id)
);
create index budget_voting_codes_round_idx on private.budget_voting_codes (round_id);

create table public.budget_ballots (
  id uuid primary key default gen_random_uuid(),
  round_id uuid not null references public.budget_rounds (id) on delete cascade,
  voter_id uuid references public.accounts (id) on delete set null,
  voting_code_id uuid,
  channel text not null check (channel in ('online', 'code', 'paper')),
  receipt_code text not null unique check (receipt_code ~ '^[ABCDEFGHJKMNPQRSTVWXYZ2-9]{10}$'),
  place text check (place is null or length(btrim(place)) between 2 and 200),
  recorded_by uuid references public.accounts (id) on delete set null,
  cast_at timestamptz not null default now(),
  changed_at timestamptz not null default now(),
  -- one ballot per voter per round, and per code
  constraint budget_ballots_one_per_voter unique (round_id, voter_id),
  constraint budget_ballots_one_per_code unique (voting_code_id),
  constraint budget_ballots_round_id_key unique (id, round_id),
  constraint voting_code_same_round foreign key (voting_code_id, round_id)
    references private.budget_voting_codes (id, round_id) on delete cascade,
  constraint ballot_identity_matches_channel check (
    case channel
      when 'online' then voting_code_id is null
      when 'code' then voting_code_id is not null and voter_id is null
      when 'paper' then place is not null and (voter_id is null or voting_code_id is null)
    end
  )
);

create table public.budget_ballot_choices (
  ballot_id uuid not null,
  round_id uuid not null,
  proposal_id uuid not null,
  points integer not null default 1 check (points between 1 and 1000),
  primary key (ballot_id, proposal_id),
  constraint choice_ballot_same_round foreign key (ballot_id, round_id)
    references public.budget_ballots (id, round_id) on delete cascade,
  constraint choice_project_same_round foreign key (round_id, proposal_id)
    references public.budget_proposals (round_id, id) on delete cascade
);
create index budget_ballot_choices_round_idx on public.budget_ballot_choices (round_id, proposal_id);

create table public.budget_paper_boxes (
  id uuid primary key default gen_random_uuid(),
  round_id uuid not null references public.budget_rounds (id) on delete cascade,
  place text not null check (length(btrim(place)) between 2 and 200),
  ballots integer not null check (ballots between 1 and 1000000),
  recorded_by uuid references public.accounts (id) on delete set null,
  recorded_at timestamptz not null default now(),
  constraint budget_paper_boxes_round_id_key unique (id, round_id)
);
create index budget_paper_boxes_round_idx on public.budget_paper_boxes (round_id);

create table public.budget_paper_box_counts (
  box_id uuid not null,
  round_id uuid not null,
  proposal_id uuid not null,
  votes integer not null check (votes >= 0),
  primary key (box_id, proposal_id),
  constraint box_count_same_round foreign key (box_id, round_id)
    references public.budget_paper_boxes (id, round_id) on delete cascade,
  constraint box_count_project_same_round foreign key (round_id, proposal_id)
    references public.budget_proposals (round_id, id) on delete cascade
);

create table public.budget_results (
  round_id uuid primary key references public.budget_rounds (id) on delete cascade,
  tally_rule text not null check (tally_rule in ('mes_add1u', 'mes_add1', 'mes', 'greedy')),
  voters integer not null check (voters >= 0),
  budget_used bigint not null check (budget_used >= 0),
  greedy_budget_used bigint check (greedy_budget_used >= 0),
  published_at timestamptz not null default now(),
  published_by uuid references public.accounts (id) on delete set null,
  response_due_at timestamptz not null,
  constraint response_due_after_publication check (response_due_at > published_at)
);

create table public.budget_result_projects (
  round_id uuid not null references public.budget_results (round_id) on delete cascade,
  proposal_id uuid not null,
  title text not null,
  votes bigint not null check (votes >= 0),
  cost integer not null check (cost >= 0),
  funded boolean not null,
  greedy_funded boolean,
  reason text not null check (length(btrim(reason)) between 1 and 300),
  primary key (round_id, proposal_id),
  constraint result_project_same_round foreign key (round_id, proposal_id)
    references public.budget_proposals (round_id, id) on delete cascade
);

create table public.budget_deliverables (
  id uuid primary key default gen_random_uuid(),
  round_id uuid not null references public.budget_results (round_id) on delete cascade,
  proposal_id uuid not null,
  title text not null,
  status text not null default 'planned' check (status in ('planned', 'in_progress', 'done', 'not_possible')),
  status_reason text check (status_reason is null or length(status_reason) <= 2000),
  updated_at timestamptz not null default now(),
  updated_by uuid references public.accounts (id) on delete set null,
  constraint budget_deliverables_one_per_project unique (round_id, proposal_id),
  constraint deliverable_project_same_round foreign key (round_id, proposal_id)
    references public.budget_proposals (round_id, id) on delete cascade,
  constraint not_possible_has_reason check (status <> 'not_possible' or length(btrim(coalesce(status_reason, ''))) > 0)
);

-- A ballot (or a sealed box) exists only while voting is open, whoever writes it.
create function private.budget_ballot_while_voting() returns trigger
language plpgsql set search_path = '' as $$
begin
  if (select phase from public.budget_rounds where id = new.round_id) is distinct from 'voting' then
    raise exception 'Voting is not open in this round' using errcode = 'PT409';
  end if;
  return new;
end
$$;
create trigger budget_ballots_while_voting before insert or update on public.budget_ballots
  for each row execute function private.budget_ballot_while_voting();
create trigger budget_ballot_choices_while_voting before insert or update on public.budget_ballot_choices
  for each row execute function private.budget_ballot_while_voting();
create trigger budget_paper_boxes_while_voting before insert or update on public.budget_paper_boxes
  for each row execute function private.budget_ballot_while_voting();

-- ---------------------------------------------------------------------------------------------
-- Helpers
-- ---------------------------------------------------------------------------------------------

-- p_length characters from the join-code alphabet (≈ 4.9 bits each), from gen_random_uuid().
create function private.new_code(p_length integer) returns text
language sql volatile set search_path = '' as $$
  select string_agg(
    substr('ABCDEFGHJKMNPQRSTVWXYZ23456789',
      ((get_byte(b, 2 * i) * 256 + get_byte(b, 2 * i + 1)) % 30) + 1, 1), '' order by i)
  from (select uuid_send(gen_random_uuid()) || uuid_send(gen_random_uuid()) || uuid_send(gen_random_uuid()) as b) r,
       generate_series(0, least(p_length, 24) - 1) as i
$$;

create function private.voting_code_hash(p_code text) returns text
language sql immutable set search_path = '' as $$
  select encode(sha256(convert_to(public.normalise_join_code(p_code), 'UTF8')), 'hex')
$$;

create function private.budget_phase_index(p_phase text) returns integer
language sql immutable set search_path = '' as $$
  select array_position(array['ideas', 'review', 'voting', 'results', 'delivery'], p_phase)
$$;

create function private.budget_round_partnership(p_round uuid) returns uuid
language sql stable security definer set search_path = '' as $$
  select partnership_id from public.budget_rounds where id = p_round
$$;

-- The caller is an active member of one of the round's panels.
create function private.is_budget_voter(p_round uuid) returns boolean
language sql stable security definer set search_path = '' as $$
  select exists (
    select 1 from public.budget_round_panels rp
    join public.panel_members pm on pm.panel_id = rp.panel_id
    where rp.round_id = p_round and pm.account_id = (select auth.uid()) and pm.status = 'active'
  )
$$;

create function private.budget_results_published(p_round uuid) returns boolean
language sql stable security definer set search_path = '' as $$
  select exists (select 1 from public.budget_results where round_id = p_round)
$$;

create function private.can_see_budget_round(p_round uuid) returns boolean
language sql stable security definer set search_path = '' as $$
  select private.is_staff_of(private.budget_round_partnership(p_round))
    or private.is_budget_voter(p_round)
    or private.budget_results_published(p_round)
$$;

create function private.is_budget_author(p_proposal uuid) returns boolean
language sql stable security definer set search_path = '' as $$
  select exists (select 1 from public.budget_proposal_authors where proposal_id = p_proposal and account_id = (select auth.uid()))
    or exists (select 1 from public.budget_proposals where id = p_proposal and submitted_by = (select auth.uid()))
$$;

-- A review (feasibility, cost, reason) is feedback: staff and the authors see it at once, voters
-- from the voting phase on.
create function private.can_see_budget_review(p_proposal uuid) returns boolean
language sql stable security definer set search_path = '' as $$
  select exists (
    select 1 from public.budget_proposals p join public.budget_rounds r on r.id = p.round_id
    where p.id = p_proposal
      and (private.is_staff_of(r.partnership_id)
           or private.is_budget_author(p.id)
           or (p.status = 'approved' and r.phase in ('voting', 'results', 'delivery') and private.is_budget_voter(r.id)))
  )
$$;

-- The round's partnership, once the caller holds one of p_roles there. PT404 for no such round.
create function private.require_budget_role(p_round uuid, p_roles text[]) returns uuid
language plpgsql stable security definer set search_path = '' as $$
declare v_partnership uuid := private.budget_round_partnership(p_round);
begin
  if v_partnership is null then
    raise exception 'No such budget round' using errcode = 'PT404';
  end if;
  if not private.has_role(v_partnership, p_roles) then
    raise exception 'Only the round''s organisers can do that' using errcode = '42501';
  end if;
  return v_partnership;
end
$$;

-- The ballot a caller hands in, checked against the round's rule: one row per chosen project.
-- Raises 22023 with a plain message for anything a ballot page should already have prevented.
create function private.checked_choices(p_round uuid, p_choices jsonb)
returns table (proposal_id uuid, points integer)
language plpgsql stable security definer set search_path = '' as $$
declare
  r public.budget_rounds;
  e jsonb;
  v_ids uuid[] := '{}';
  v_points integer[] := '{}';
  v_id text;
  v_pts jsonb;
  v_known integer;
  v_cost bigint;
  v_n integer;
  v_sum integer;
begin
  select * into r from public.budget_rounds where id = p_round;
  if coalesce(jsonb_typeof(p_choices), '') <> 'array' then
    raise exception 'A ballot is a list of projects' using errcode = '22023';
  end if;
  v_n := jsonb_array_length(p_choices);
  if v_n = 0 then
    raise exception 'Choose at least one project' using errcode = '22023';
  end if;
  if v_n > 200 then
    raise exception 'Too many projects on one ballot' using errcode = '22023';
  end if;
  for e in select value from jsonb_array_elements(p_choices) loop
    if jsonb_typeof(e) = 'string' then
      v_id := e #>> '{}';
      v_pts := '1';
    elsif jsonb_typeof(e) = 'object' then
      v_id := e ->> 'project';
      v_pts := coalesce(e -> 'points', '1');
    else
      raise exception 'Each choice names a project' using errcode = '22023';
    end if;
    if v_id is null or v_id !~* '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$' then
      raise exception 'Each choice names a project' using errcode = '22023';
    end if;
    if jsonb_typeof(v_pts) <> 'number' then
      raise exception 'Points must be whole numbers, at least 1' using errcode = '22023';
    end if;
    if (v_pts #>> '{}')::numeric <> floor((v_pts #>> '{}')::numeric) or (v_pts #>> '{}')::numeric not between 1 and 1000 then
      raise exception 'Points must be whole numbers, at least 1' using errcode = '22023';
    end if;
    if r.ballot_rule <> 'points' and (v_pts #>> '{}')::integer <> 1 then
      raise exception 'This ballot is not a points ballot' using errcode = '22023';
    end if;
    v_ids := v_ids || v_id::uuid;
    v_points := v_points || (v_pts #>> '{}')::integer;
  end loop;

  if (select count(distinct x) from unnest(v_ids) x) <> v_n then
    raise exception 'Each project can be chosen only once' using errcode = '22023';
  end if;
  select count(*), coalesce(sum(rv.estimated_cost), 0) into v_known, v_cost
    from unnest(v_ids) x
    join public.budget_proposals p on p.id = x and p.round_id = p_round and p.status = 'approved' and p.merged_into is null
    join public.budget_proposal_reviews rv on rv.proposal_id = p.id and rv.shortlisted_at is not null;
  if v_known <> v_n then
    raise exception 'Only projects on this round''s ballot can be chosen' using errcode = '22023';
  end if;

  if r.ballot_rule = 'knapsack' then
    if v_cost > r.budget then
      raise exception 'These projects cost £%, more than the £% budget', v_cost, r.budget using errcode = '22023';
    end if;
    if r.min_percent is not null and v_cost * 100 < r.budget::bigint * r.min_percent then
      raise exception 'Choose projects that use at least % percent of the budget', r.min_percent using errcode = '22023';
    end if;
  elsif r.ballot_rule = 'k_approval' then
    if v_n < r.min_projects or v_n > r.max_projects then
      raise exception 'Choose between % and % projects', r.min_projects, r.max_projects using errcode = '22023';
    end if;
  else
    select sum(x) into v_sum from unnest(v_points) x;
    if exists (select 1 from unnest(v_points) x where x > r.points_per_project) then
      raise exception 'At most % points for one project', r.points_per_project using errcode = '22023';
    end if;
    if v_sum > r.points_total then
      raise exception 'You have % points to share, not %', r.points_total, v_sum using errcode = '22023';
    end if;
  end if;

  return query select u.id, u.pts from unnest(v_ids, v_points) as u (id, pts);
end
$$;

-- What a ballot page shows: the round's rule and its projects, in an order that is random but
-- stable for one voter (p_seed: the account id or the code's hash).
create function private.budget_ballot_view(p_round uuid, p_seed text) returns jsonb
language sql stable security definer set search_path = '' as $$
  select jsonb_build_object(
    'round', jsonb_build_object('id', r.id, 'title', r.title, 'description', r.description, 'budget', r.budget,
      'phase', r.phase, 'ballot_rule', r.ballot_rule, 'min_percent', r.min_percent, 'min_projects', r.min_projects,
      'max_projects', r.max_projects, 'points_total', r.points_total, 'points_per_project', r.points_per_project),
    'projects', coalesce((
      select jsonb_agg(jsonb_build_object('id', p.id, 'title', p.title, 'description', p.description,
               'category', p.category, 'cost', rv.estimated_cost) order by md5(p_seed || p.id::text))
      from public.budget_proposals p join public.budget_proposal_reviews rv on rv.proposal_id = p.id
      where p.round_id = r.id and p.status = 'approved' and p.merged_into is null and rv.shortlisted_at is not null
    ), '[]'::jsonb))
  from public.budget_rounds r where r.id = p_round
$$;

revoke all on function private.budget_round_partnership(uuid), private.is_budget_voter(uuid),
  private.budget_results_published(uuid), private.can_see_budget_round(uuid), private.is_budget_author(uuid),
  private.can_see_budget_review(uuid), private.require_budget_role(uuid, text[]),
  private.checked_choices(uuid, jsonb), private.budget_ballot_view(uuid, text), private.new_code(integer),
  private.voting_code_hash(text), private.budget_phase_index(text), private.budget_ballot_while_voting()
  from public;
grant execute on function private.budget_round_partnership(uuid), private.is_budget_voter(uuid),
  private.budget_results_published(uuid), private.can_see_budget_round(uuid), private.is_budget_author(uuid),
  private.can_see_budget_review(uuid)
  to anon, authenticated, service_role;
-- Only the security-definer functions below (running as the owner) call these: no API role needs them.
grant execute on function private.require_budget_role(uuid, text[]), private.checked_choices(uuid, jsonb),
  private.budget_ballot_view(uuid, text), private.new_code(integer), private.voting_code_hash(text),
  private.budget_phase_index(text)
  to service_role;

-- ---------------------------------------------------------------------------------------------
-- Row-level security: read policies only; every write goes through the functions below.
-- ---------------------------------------------------------------------------------------------

alter table public.budget_rounds enable row level security;
alter table public.budget_round_panels enable row level security;
alter table public.budget_round_phases enable row level security;
alter table public.budget_phase_log enable row level security;
alter table public.budget_proposals enable row level security;
alter table public.budget_proposal_authors enable row level security;
alter table public.budget_proposal_reviews enable row level security;
alter table private.budget_voting_codes enable row level security;
alter table public.budget_ballots enable row level security;
alter table public.budget_ballot_choices enable row level security;
alter table public.budget_paper_boxes enable row level security;
alter table public.budget_paper_box_counts enable row level security;
alter table public.budget_results enable row level security;
alter table public.budget_result_projects enable row level security;
alter table public.budget_deliverables enable row level security;

-- Published rounds are public (results pages at /p/<slug>); before that, staff and voters only.
create policy budget_rounds_visible on public.budget_rounds
  for select to anon, authenticated
  using ((select private.is_staff_of(partnership_id)) or (select private.is_budget_voter(id))
         or (select private.budget_results_published(id)));

create policy budget_round_panels_visible on public.budget_round_panels
  for select to authenticated
  using ((select private.is_staff_of(private.budget_round_partnership(round_id))) or (select private.is_budget_voter(round_id)));

create policy budget_round_phases_visible on public.budget_round_phases
  for select to anon, authenticated
  using ((select private.can_see_budget_round(round_id)));

create policy budget_phase_log_for_staff on public.budget_phase_log
  for select to authenticated
  using ((select private.is_staff_of(private.budget_round_partnership(round_id))));

-- A proposal is seen by staff and its authors, and by the round's voters once approved.
create policy budget_proposals_visible on public.budget_proposals
  for select to authenticated
  using (
    (select private.is_staff_of(private.budget_round_partnership(round_id)))
    or submitted_by = (select auth.uid())
    or (select private.is_budget_author(id))
    or (status = 'approved' and (select private.is_budget_voter(round_id)))
  );

-- Credits are for staff and for the author themselves: peers never get member lists.
create policy budget_proposal_authors_visible on public.budget_proposal_authors
  for select to authenticated
  using (
    account_id = (select auth.uid())
    or exists (select 1 from public.budget_proposals p
               where p.id = proposal_id and (select private.is_staff_of(private.budget_round_partnership(p.round_id))))
  );

create policy budget_proposal_reviews_visible on public.budget_proposal_reviews
  for select to authenticated
  using ((select private.can_see_budget_review(proposal_id)));

-- Ballots are sealed: nobody reads them through the API, not even the voter or staff. The
-- functions below give the voter their own ballot, staff counts, and the tally anonymous choices.
create policy budget_ballots_sealed on public.budget_ballots
  for select to authenticated using (false);
create policy budget_ballot_choices_sealed on public.budget_ballot_choices
  for select to authenticated using (false);
revoke all on public.budget_ballots, public.budget_ballot_choices from anon, authenticated;

create policy budget_paper_boxes_for_staff on public.budget_paper_boxes
  for select to authenticated
  using ((select private.is_staff_of(private.budget_round_partnership(round_id))));
create policy budget_paper_box_counts_for_staff on public.budget_paper_box_counts
  for select to authenticated
  using ((select private.is_staff_of(private.budget_round_partnership(round_id))));

-- A results row exists only once published, and published results are public.
create policy budget_results_public on public.budget_results
  for select to anon, authenticated using (true);
create policy budget_result_projects_public on public.budget_result_projects
  for select to anon, authenticated using (true);
create policy budget_deliverables_public on public.budget_deliverables
  for select to anon, authenticated using (true);

-- ---------------------------------------------------------------------------------------------
-- Functions: rounds and phases (runners)
-- ---------------------------------------------------------------------------------------------

-- Checks that the panels belong to the partnership and returns them with the home panel added.
create function private.budget_voter_panels(p_partnership uuid, p_panel uuid, p_voter_panels uuid[]) returns uuid[]
language plpgsql stable security definer set search_path = '' as $$
declare v_panels uuid[];
begin
  select coalesce(array_agg(distinct x order by x), '{}') into v_panels
    from unnest(coalesce(p_voter_panels, '{}') || p_panel) x where x is not null;
  if exists (select 1 from unnest(v_panels) x
             where not exists (select 1 from public.panels p where p.id = x and p.partnership_id = p_partnership)) then
    raise exception 'Every panel must belong to this partnership' using errcode = '22023';
  end if;
  return v_panels;
end
$$;
revoke all on function private.budget_voter_panels(uuid, uuid, uuid[]) from public;
grant execute on function private.budget_voter_panels(uuid, uuid, uuid[]) to service_role;

create function public.create_budget_round(
  p_partnership uuid, p_panel uuid, p_title text, p_description text, p_budget integer, p_voter_panels uuid[],
  p_allow_codes boolean, p_ballot_rule text, p_min_percent integer, p_min_projects integer, p_max_projects integer,
  p_points_total integer, p_points_per_project integer, p_tally_rule text
) returns uuid
language plpgsql security definer set search_path = '' as $$
declare v_id uuid; v_panels uuid[];
begin
  if not private.has_role(p_partnership, '{partnership_admin,commissioner}') then
    raise exception 'Only partnership admins and commissioners can set up a budget round' using errcode = '42501';
  end if;
  v_panels := private.budget_voter_panels(p_partnership, p_panel, p_voter_panels);
  begin
    insert into public.budget_rounds (partnership_id, panel_id, title, description, budget, allow_codes, ballot_rule,
        min_percent, min_projects, max_projects, points_total, points_per_project, tally_rule, created_by)
      values (p_partnership, p_panel, btrim(p_title), btrim(coalesce(p_description, '')), p_budget,
        coalesce(p_allow_codes, false), coalesce(p_ballot_rule, 'knapsack'), nullif(p_min_percent, 0), p_min_projects,
        p_max_projects, p_points_total, p_points_per_project, coalesce(p_tally_rule, 'mes_add1u'), auth.uid())
      returning id into v_id;
  exception when check_violation or not_null_violation then
    raise exception 'Check the round''s title, budget and rule settings' using errcode = '22023';
  end;
  insert into public.budget_round_panels (round_id, panel_id) select v_id, x from unnest(v_panels) x;
  insert into public.budget_round_phases (round_id, phase)
    select v_id, ph from unnest(array['ideas', 'review', 'voting', 'results', 'delivery']) ph;
  insert into public.budget_phase_log (round_id, from_phase, to_phase, changed_by) values (v_id, null, 'ideas', auth.uid());
  insert into public.audit_events (partnership_id, actor_id, action, subject_id)
    values (p_partnership, auth.uid(), 'budget_round.created', v_id);
  return v_id;
end
$$;

create function public.update_budget_round(
  p_round uuid, p_panel uuid, p_title text, p_description text, p_budget integer, p_voter_panels uuid[],
  p_allow_codes boolean, p_ballot_rule text, p_min_percent integer, p_min_projects integer, p_max_projects integer,
  p_points_total integer, p_points_per_project integer, p_tally_rule text
) returns void
language plpgsql security definer set search_path = '' as $$
declare v_partnership uuid := private.require_budget_role(p_round, '{partnership_admin,commissioner}');
        r public.budget_rounds; v_panels uuid[]; v_old_panels uuid[]; v_rules_changed boolean;
begin
  select * into r from public.budget_rounds where id = p_round for update;
  v_panels := private.budget_voter_panels(v_partnership, p_panel, p_voter_panels);
  select coalesce(array_agg(panel_id order by panel_id), '{}') into v_old_panels
    from public.budget_round_panels where round_id = p_round;
  v_rules_changed := (p_budget, coalesce(p_allow_codes, false), coalesce(p_ballot_rule, 'knapsack'), nullif(p_min_percent, 0),
                      p_min_projects, p_max_projects, p_points_total, p_points_per_project,
                      coalesce(p_tally_rule, 'mes_add1u'), p_panel, v_panels)
      is distinct from (r.budget, r.allow_codes, r.ballot_rule, r.min_percent, r.min_projects, r.max_projects,
                        r.points_total, r.points_per_project, r.tally_rule, r.panel_id, v_old_panels);
  if r.phase = 'delivery' or (v_rules_changed and r.phase not in ('ideas', 'review')) then
    raise exception 'The budget, who votes and the rules are fixed once voting opens' using errcode = 'PT409';
  end if;
  begin
    update public.budget_rounds set panel_id = p_panel, title = btrim(p_title), description = btrim(coalesce(p_description, '')),
      budget = p_budget, allow_codes = coalesce(p_allow_codes, false), ballot_rule = coalesce(p_ballot_rule, 'knapsack'),
      min_percent = nullif(p_min_percent, 0), min_projects = p_min_projects, max_projects = p_max_projects,
      points_total = p_points_total, points_per_project = p_points_per_project,
      tally_rule = coalesce(p_tally_rule, 'mes_add1u')
    where id = p_round;
  exception when check_violation or not_null_violation then
    raise exception 'Check the round''s title, budget and rule settings' using errcode = '22023';
  end;
  if v_rules_changed then
    delete from public.budget_round_panels where round_id = p_round and panel_id <> all (v_panels);
    insert into public.budget_round_panels (round_id, panel_id) select p_round, x from unnest(v_panels) x on conflict do nothing;
  end if;
  insert into public.audit_events (partnership_id, actor_id, action, subject_id)
    values (v_partnership, auth.uid(), 'budget_round.updated', p_round);
end
$$;

create function public.set_round_phase_details(
  p_round uuid, p_phase text, p_starts_at timestamptz, p_ends_at timestamptz, p_description text
) returns void
language plpgsql security definer set search_path = '' as $$
begin
  perform private.require_budget_role(p_round, '{partnership_admin,commissioner}');
  if private.budget_phase_index(p_phase) is null then
    raise exception 'Unknown phase %', p_phase using errcode = '22023';
  end if;
  begin
    update public.budget_round_phases set starts_at = p_starts_at, ends_at = p_ends_at,
      description = btrim(coalesce(p_description, ''))
    where round_id = p_round and phase = p_phase;
  exception when check_violation then
    raise exception 'A phase ends after it starts, and its description is at most 1000 characters' using errcode = '22023';
  end;
end
$$;

create function public.set_round_phase(p_round uuid, p_phase text) returns void
language plpgsql security definer set search_path = '' as $$
declare v_partnership uuid := private.require_budget_role(p_round, '{partnership_admin,commissioner}');
        r public.budget_rounds; v_shortlisted integer;
begin
  if private.budget_phase_index(p_phase) is null then
    raise exception 'Unknown phase %', p_phase using errcode = '22023';
  end if;
  -- the row lock waits for ballots being cast right now, and makes later ones see the new phase
  select * into r from public.budget_rounds where id = p_round for update;
  if private.budget_phase_index(p_phase) <> private.budget_phase_index(r.phase) + 1 then
    raise exception 'A round moves forward one phase at a time: from % only to the next phase', r.phase using errcode = 'PT409';
  end if;
  if p_phase = 'voting' then
    select count(*) into v_shortlisted from public.budget_proposals p
      join public.budget_proposal_reviews rv on rv.proposal_id = p.id
      where p.round_id = p_round and p.status = 'approved' and p.merged_into is null and rv.shortlisted_at is not null;
    if v_shortlisted = 0 then
      raise exception 'Shortlist at least one project before voting opens' using errcode = 'PT409';
    end if;
    if r.ballot_rule = 'k_approval' and v_shortlisted < r.min_projects then
      raise exception 'Voters must choose at least % projects, but only % are shortlisted', r.min_projects, v_shortlisted
        using errcode = 'PT409';
    end if;
    if not r.allow_codes and not exists (select 1 from public.budget_round_panels where round_id = p_round) then
      raise exception 'Nobody could vote: choose panels or allow voting codes' using errcode = 'PT409';
    end if;
  end if;
  if p_phase = 'delivery' and not private.budget_results_published(p_round) then
    raise exception 'Publish the results first' using errcode = 'PT409';
  end if;
  update public.budget_rounds set phase = p_phase where id = p_round;
  insert into public.budget_phase_log (round_id, from_phase, to_phase, changed_by) values (p_round, r.phase, p_phase, auth.uid());
  insert into public.audit_events (partnership_id, actor_id, action, subject_id, details)
    values (v_partnership, auth.uid(), 'budget_round.phase', p_round, jsonb_build_object('from', r.phase, 'to', p_phase));
end
$$;

-- ---------------------------------------------------------------------------------------------
-- Functions: proposals
-- ---------------------------------------------------------------------------------------------

create function public.submit_budget_proposal(
  p_round uuid, p_title text, p_description text, p_category text, p_rough_cost integer, p_on_behalf_of text
) returns uuid
language plpgsql security definer set search_path = '' as $$
declare r public.budget_rounds; v_id uuid; v_staff boolean;
begin
  select * into r from public.budget_rounds where id = p_round;
  if r.id is null then
    raise exception 'No such budget round' using errcode = 'PT404';
  end if;
  v_staff := private.has_role(r.partnership_id, '{partnership_admin,commissioner,facilitator}');
  if v_staff then
    if p_on_behalf_of is null or length(btrim(p_on_behalf_of)) < 2 then
      raise exception 'Say which group this idea comes from' using errcode = '22023';
    end if;
    if r.phase not in ('ideas', 'review') then
      raise exception 'Ideas can no longer be added to this round' using errcode = 'PT409';
    end if;
  else
    if not private.is_budget_voter(p_round) then
      raise exception 'Only members of this round''s panels can share ideas here' using errcode = '42501';
    end if;
    if p_on_behalf_of is not null then
      raise exception 'Only staff can add an idea on behalf of a group' using errcode = '22023';
    end if;
    if r.phase <> 'ideas' then
      raise exception 'This round is not taking ideas now' using errcode = 'PT409';
    end if;
  end if;
  if public.has_contact_details(p_title) or public.has_contact_details(p_description)
     or public.has_contact_details(p_category) or public.has_contact_details(p_on_behalf_of) then
    raise exception 'To keep you safe, ideas cannot include contact details' using errcode = '22023';
  end if;
  begin
    insert into public.budget_proposals (round_id, submitted_by, on_behalf_of, title, description, category, rough_cost,
        status, moderated_at, moderated_by)
      values (p_round, auth.uid(), case when v_staff then btrim(p_on_behalf_of) end, btrim(p_title),
        btrim(coalesce(p_description, '')), btrim(coalesce(p_category, '')), p_rough_cost,
        case when v_staff then 'approved' else 'pending' end,
        case when v_staff then now() end, case when v_staff then auth.uid() end)
      returning id into v_id;
  exception when check_violation or not_null_violation then
    raise exception 'Give the idea a title (3 to 120 characters), a short description and a cost of £0 or more'
      using errcode = '22023';
  end;
  if not v_staff then
    insert into public.budget_proposal_authors (proposal_id, account_id) values (v_id, auth.uid());
  end if;
  return v_id;
end
$$;

-- The proposal's round, locked, once the caller holds one of p_roles in its partnership.
create function private.require_budget_proposal(p_proposal uuid, p_roles text[]) returns public.budget_rounds
language plpgsql security definer set search_path = '' as $$
declare v_round uuid; r public.budget_rounds;
begin
  select round_id into v_round from public.budget_proposals where id = p_proposal;
  if v_round is null then
    raise exception 'No such proposal' using errcode = 'PT404';
  end if;
  perform private.require_budget_role(v_round, p_roles);
  select * into r from public.budget_rounds where id = v_round for share;
  return r;
end
$$;
revoke all on function private.require_budget_proposal(uuid, text[]) from public;
grant execute on function private.require_budget_proposal(uuid, text[]) to service_role;

create function public.moderate_budget_proposal(p_proposal uuid, p_approve boolean, p_reason text) returns void
language plpgsql security definer set search_path = '' as $$
declare r public.budget_rounds := private.require_budget_proposal(p_proposal, '{partnership_admin,commissioner,facilitator}');
begin
  if r.phase not in ('ideas', 'review') then
    raise exception 'Ideas cannot be moderated once voting has opened' using errcode = 'PT409';
  end if;
  if not coalesce(p_approve, false)
     and (p_reason is null or p_reason not in ('contact_details', 'unkind', 'off_topic', 'duplicate', 'other')) then
    raise exception 'Say why the idea is not shared' using errcode = '22023';
  end if;
  if not coalesce(p_approve, false) and exists (
       select 1 from public.budget_proposals p
       where p.id = p_proposal and (p.merged_into is not null
         or exists (select 1 from public.budget_proposals m where m.merged_into = p.id)
         or exists (select 1 from public.budget_proposal_reviews rv where rv.proposal_id = p.id and rv.shortlisted_at is not null))) then
    raise exception 'A merged or shortlisted idea cannot be hidden' using errcode = 'PT409';
  end if;
  update public.budget_proposals
    set status = case when p_approve then 'approved' else 'rejected' end,
        reject_reason = case when p_approve then null else p_reason end,
        moderated_at = now(), moderated_by = auth.uid()
    where id = p_proposal;
end
$$;

create function public.review_budget_proposal(p_proposal uuid, p_feasibility text, p_estimated_cost integer, p_reason text)
returns void
language plpgsql security definer set search_path = '' as $$
declare r public.budget_rounds := private.require_budget_proposal(p_proposal, '{partnership_admin,commissioner}');
        p public.budget_proposals;
begin
  if r.phase not in ('ideas', 'review') then
    raise exception 'Reviews are fixed once voting opens' using errcode = 'PT409';
  end if;
  select * into p from public.budget_proposals where id = p_proposal;
  if p.status <> 'approved' or p.merged_into is not null then
    raise exception 'Only approved ideas that are not merged can be reviewed' using errcode = 'PT409';
  end if;
  if p_feasibility is null or p_feasibility not in ('feasible', 'not_feasible', 'needs_changes') then
    raise exception 'Feasibility is feasible, not_feasible or needs_changes' using errcode = '22023';
  end if;
  if p_estimated_cost < 0 then
    raise exception 'A cost cannot be negative' using errcode = '22023';
  end if;
  -- not_feasible without a reason is refused by the table's check constraint (23514)
  insert into public.budget_proposal_reviews (proposal_id, feasibility, estimated_cost, reason, reviewed_by)
    values (p_proposal, p_feasibility, p_estimated_cost, nullif(btrim(coalesce(p_reason, '')), ''), auth.uid())
    on conflict (proposal_id) do update set feasibility = excluded.feasibility, estimated_cost = excluded.estimated_cost,
      reason = excluded.reason, reviewed_by = excluded.reviewed_by, reviewed_at = now(),
      shortlisted_at = case when excluded.feasibility = 'feasible' and excluded.estimated_cost is not null
                            then public.budget_proposal_reviews.shortlisted_at end;
  insert into public.audit_events (partnership_id, actor_id, action, subject_id, details)
    values (r.partnership_id, auth.uid(), 'budget_proposal.reviewed', p_proposal,
            jsonb_build_object('feasibility', p_feasibility, 'estimated_cost', p_estimated_cost));
end
$$;

create function public.merge_budget_proposals(p_proposal uuid, p_into uuid) returns void
language plpgsql security definer set search_path = '' as $$
declare r public.budget_rounds := private.require_budget_proposal(p_proposal, '{partnership_admin,commissioner}');
        a public.budget_proposals; b public.budget_proposals;
begin
  if r.phase not in ('ideas', 'review') then
    raise exception 'Ideas cannot be merged once voting opens' using errcode = 'PT409';
  end if;
  select * into a from public.budget_proposals where id = p_proposal for update;
  select * into b from public.budget_proposals where id = p_into for update;
  if b.id is null then
    raise exception 'No such proposal' using errcode = 'PT404';
  end if;
  if a.id = b.id or a.round_id <> b.round_id then
    raise exception 'Merge two different ideas of the same round' using errcode = '22023';
  end if;
  if a.status <> 'approved' or b.status <> 'approved' or a.merged_into is not null or b.merged_into is not null then
    raise exception 'Only approved ideas that are not merged already can be merged' using errcode = 'PT409';
  end if;
  update public.budget_proposals set merged_into = p_into where id = p_proposal;
  -- ideas merged earlier into the one that goes now follow it
  update public.budget_proposals set merged_into = p_into where merged_into = p_proposal;
  update public.budget_proposal_reviews set shortlisted_at = null where proposal_id = p_proposal;
  insert into public.budget_proposal_authors (proposal_id, account_id)
    select p_into, account_id from public.budget_proposal_authors where proposal_id = p_proposal
    on conflict do nothing;
  insert into public.audit_events (partnership_id, actor_id, action, subject_id, details)
    values (r.partnership_id, auth.uid(), 'budget_proposal.merged', p_proposal, jsonb_build_object('into', p_into));
end
$$;

create function public.shortlist_budget_proposal(p_proposal uuid, p_shortlisted boolean) returns void
language plpgsql security definer set search_path = '' as $$
declare r public.budget_rounds := private.require_budget_proposal(p_proposal, '{partnership_admin,commissioner}');
begin
  if r.phase not in ('ideas', 'review') then
    raise exception 'The shortlist closed when voting opened' using errcode = 'PT409';
  end if;
  if coalesce(p_shortlisted, false) and not exists (
       select 1 from public.budget_proposals p join public.budget_proposal_reviews rv on rv.proposal_id = p.id
       where p.id = p_proposal and p.status = 'approved' and p.merged_into is null
         and rv.feasibility = 'feasible' and rv.estimated_cost is not null) then
    raise exception 'Only approved, feasible and costed ideas that are not merged can go on the ballot' using errcode = 'PT409';
  end if;
  update public.budget_proposal_reviews
    set shortlisted_at = case when p_shortlisted then coalesce(shortlisted_at, now()) end
    where proposal_id = p_proposal;
  insert into public.audit_events (partnership_id, actor_id, action, subject_id)
    values (r.partnership_id, auth.uid(),
            case when p_shortlisted then 'budget_proposal.shortlisted' else 'budget_proposal.unshortlisted' end, p_proposal);
end
$$;

-- ---------------------------------------------------------------------------------------------
-- Functions: ballots
-- ---------------------------------------------------------------------------------------------

create function public.round_ballot(p_round uuid) returns jsonb
language plpgsql stable security definer set search_path = '' as $$
declare v_partnership uuid := private.budget_round_partnership(p_round); v_voter boolean;
begin
  v_voter := private.is_budget_voter(p_round);
  if v_partnership is null or not (v_voter or private.is_staff_of(v_partnership)) then
    raise exception 'No such budget round' using errcode = 'PT404';
  end if;
  return private.budget_ballot_view(p_round, coalesce(auth.uid()::text, ''))
    || jsonb_build_object('can_vote', v_voter and (select phase from public.budget_rounds where id = p_round) = 'voting'
                                      and not exists (select 1 from public.budget_ballots b
                                                      where b.round_id = p_round and b.voter_id = auth.uid() and b.channel = 'paper'),
                          'voted', exists (select 1 from public.budget_ballots b where b.round_id = p_round and b.voter_id = auth.uid()));
end
$$;

create function public.cast_ballot(p_round uuid, p_choices jsonb) returns text
language plpgsql security definer set search_path = '' as $$
declare v_phase text; v_ballot uuid; v_receipt text; v_ids uuid[]; v_points integer[];
begin
  -- a share lock: many voters at once, but set_round_phase waits for them (and they for it)
  select phase into v_phase from public.budget_rounds where id = p_round for share;
  if v_phase is null then
    raise exception 'No such budget round' using errcode = 'PT404';
  end if;
  if not private.is_budget_voter(p_round) then
    raise exception 'Only members of this round''s panels can vote' using errcode = '42501';
  end if;
  if v_phase <> 'voting' then
    raise exception 'Voting is not open in this round' using errcode = 'PT409';
  end if;
  select array_agg(c.proposal_id), array_agg(c.points) into v_ids, v_points
    from private.checked_choices(p_round, p_choices) c;
  -- one ballot per voter: the unique constraint decides between concurrent requests; an online
  -- ballot is replaced (same receipt), a paper one never is
  insert into public.budget_ballots (round_id, voter_id, channel, receipt_code)
    values (p_round, auth.uid(), 'online', private.new_code(10))
    on conflict (round_id, voter_id) do update set changed_at = now()
      where public.budget_ballots.channel = 'online'
    returning id, receipt_code into v_ballot, v_receipt;
  if v_ballot is null then
    raise exception 'Your paper ballot has already been counted' using errcode = 'PT409';
  end if;
  delete from public.budget_ballot_choices where ballot_id = v_ballot;
  insert into public.budget_ballot_choices (ballot_id, round_id, proposal_id, points)
    select v_ballot, p_round, u.id, u.pts from unnest(v_ids, v_points) as u (id, pts);
  return v_receipt;
end
$$;

create function public.my_ballot(p_round uuid) returns jsonb
language sql stable security definer set search_path = '' as $$
  select jsonb_build_object('channel', b.channel, 'receipt_code', b.receipt_code, 'cast_at', b.cast_at,
    'changed_at', b.changed_at,
    'choices', coalesce((select jsonb_agg(jsonb_build_object('project', c.proposal_id, 'points', c.points) order by c.proposal_id)
                         from public.budget_ballot_choices c where c.ballot_id = b.id), '[]'::jsonb))
  from public.budget_ballots b
  where b.round_id = p_round and b.voter_id = (select auth.uid())
$$;

create function public.check_receipt(p_code text)
returns table (counted boolean, last_changed_at timestamptz)
language sql stable security definer set search_path = '' as $$
  select b.id is not null, b.changed_at
  from (select 1) one
  left join public.budget_ballots b on b.receipt_code = public.normalise_join_code(p_code)
$$;

create function public.generate_voting_codes(p_round uuid, p_count integer) returns setof text
language plpgsql security definer set search_path = '' as $$
declare v_partnership uuid := private.require_budget_role(p_round, '{partnership_admin,commissioner,facilitator}');
        r public.budget_rounds; v_code text; v_made integer := 0;
begin
  select * into r from public.budget_rounds where id = p_round for share;
  if p_count is null or p_count not between 1 and 1000 then
    raise exception 'Make between 1 and 1000 codes at a time' using errcode = '22023';
  end if;
  if not r.allow_codes then
    raise exception 'This round does not take voting codes' using errcode = 'PT409';
  end if;
  if r.phase not in ('ideas', 'review', 'voting') then
    raise exception 'Voting has closed in this round' using errcode = 'PT409';
  end if;
  while v_made < p_count loop
    v_code := private.new_code(10);
    insert into private.budget_voting_codes (round_id, code_hash, created_by)
      values (p_round, private.voting_code_hash(v_code), auth.uid())
      on conflict (code_hash) do nothing;
    if found then
      v_made := v_made + 1;
      return next v_code;
    end if;
  end loop;
  insert into public.audit_events (partnership_id, actor_id, action, subject_id, details)
    values (v_partnership, auth.uid(), 'budget_round.voting_codes', p_round, jsonb_build_object('count', p_count));
end
$$;

create function public.code_ballot(p_code text) returns jsonb
language plpgsql stable security definer set search_path = '' as $$
declare v_hash text := private.voting_code_hash(p_code); c private.budget_voting_codes;
begin
  select * into c from private.budget_voting_codes where code_hash = v_hash;
  if c.id is null then
    raise exception 'That voting code is not valid' using errcode = 'PT404';
  end if;
  return private.budget_ballot_view(c.round_id, v_hash) || jsonb_build_object('used', c.used_at is not null);
end
$$;

create function public.cast_ballot_with_code(p_code text, p_choices jsonb) returns text
language plpgsql security definer set search_path = '' as $$
declare v_hash text := private.voting_code_hash(p_code); v_code uuid; v_round uuid; v_phase text;
        v_ballot uuid; v_receipt text; v_ids uuid[]; v_points integer[];
begin
  select id, round_id into v_code, v_round from private.budget_voting_codes where code_hash = v_hash;
  if v_code is null then
    raise exception 'That voting code is not valid' using errcode = 'PT404';
  end if;
  select phase into v_phase from public.budget_rounds where id = v_round for share;
  if v_phase <> 'voting' then
    raise exception 'Voting is not open in this round' using errcode = 'PT409';
  end if;
  select array_agg(c.proposal_id), array_agg(c.points) into v_ids, v_points
    from private.checked_choices(v_round, p_choices) c;
  -- single use: the first request to get here marks the code; any other finds it used
  update private.budget_voting_codes set used_at = now(), used_channel = 'online'
    where id = v_code and used_at is null;
  if not found then
    raise exception 'This voting code has already been used' using errcode = 'PT409';
  end if;
  insert into public.budget_ballots (round_id, voting_code_id, channel, receipt_code)
    values (v_round, v_code, 'code', private.new_code(10))
    returning id, receipt_code into v_ballot, v_receipt;
  insert into public.budget_ballot_choices (ballot_id, round_id, proposal_id, points)
    select v_ballot, v_round, u.id, u.pts from unnest(v_ids, v_points) as u (id, pts);
  return v_receipt;
end
$$;

create function public.record_paper_ballot(p_round uuid, p_choices jsonb, p_place text, p_member uuid, p_code text)
returns text
language plpgsql security definer set search_path = '' as $$
declare v_partnership uuid := private.require_budget_role(p_round, '{partnership_admin,commissioner,facilitator}');
        v_phase text; v_code uuid; v_ballot uuid; v_receipt text; v_ids uuid[]; v_points integer[];
begin
  select phase into v_phase from public.budget_rounds where id = p_round for share;
  if v_phase <> 'voting' then
    raise exception 'Voting is not open in this round' using errcode = 'PT409';
  end if;
  if p_place is null or length(btrim(p_place)) not between 2 and 200 then
    raise exception 'Say where the paper ballot was cast' using errcode = '22023';
  end if;
  if p_member is not null and p_code is not null then
    raise exception 'A paper ballot is for a member or a code holder, not both' using errcode = '22023';
  end if;
  if p_member is not null and not exists (
       select 1 from public.budget_round_panels rp join public.panel_members pm on pm.panel_id = rp.panel_id
       where rp.round_id = p_round and pm.account_id = p_member and pm.status = 'active') then
    raise exception 'That person is not a member of this round''s panels' using errcode = '22023';
  end if;
  select array_agg(c.proposal_id), array_agg(c.points) into v_ids, v_points
    from private.checked_choices(p_round, p_choices) c;
  if p_code is not null then
    select id into v_code from private.budget_voting_codes where code_hash = private.voting_code_hash(p_code) and round_id = p_round;
    if v_code is null then
      raise exception 'That voting code is not one of this round''s' using errcode = 'PT404';
    end if;
    update private.budget_voting_codes set used_at = now(), used_channel = 'paper' where id = v_code and used_at is null;
    if not found then
      raise exception 'This voting code has already been used' using errcode = 'PT409';
    end if;
  end if;
  insert into public.budget_ballots (round_id, voter_id, voting_code_id, channel, receipt_code, place, recorded_by)
    values (p_round, p_member, v_code, 'paper', private.new_code(10), btrim(p_place), auth.uid())
    on conflict (round_id, voter_id) do nothing
    returning id, receipt_code into v_ballot, v_receipt;
  if v_ballot is null then
    raise exception 'This person has already voted' using errcode = 'PT409';
  end if;
  insert into public.budget_ballot_choices (ballot_id, round_id, proposal_id, points)
    select v_ballot, p_round, u.id, u.pts from unnest(v_ids, v_points) as u (id, pts);
  insert into public.audit_events (partnership_id, actor_id, action, subject_id, details)
    values (v_partnership, auth.uid(), 'budget_round.paper_ballot', p_round, jsonb_build_object('place', btrim(p_place)));
  return v_receipt;
end
$$;

create function public.record_paper_box(p_round uuid, p_place text, p_ballots integer, p_counts jsonb) returns uuid
language plpgsql security definer set search_path = '' as $$
declare v_partnership uuid := private.require_budget_role(p_round, '{partnership_admin,commissioner,facilitator}');
        r public.budget_rounds; v_id uuid; v_n integer; v_known integer; v_sum bigint; v_cost bigint; v_max bigint;
begin
  select * into r from public.budget_rounds where id = p_round for share;
  if r.phase <> 'voting' then
    raise exception 'Voting is not open in this round' using errcode = 'PT409';
  end if;
  if p_place is null or length(btrim(p_place)) not between 2 and 200 then
    raise exception 'Say where the box was' using errcode = '22023';
  end if;
  if p_ballots is null or p_ballots not between 1 and 1000000 then
    raise exception 'Say how many ballots were in the box' using errcode = '22023';
  end if;
  if coalesce(jsonb_typeof(p_counts), '') <> 'array' or exists (
       select 1 from jsonb_array_elements(p_counts) e
       where jsonb_typeof(e) <> 'object'
          or coalesce(e ->> 'project', '') !~* '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$'
          or coalesce(jsonb_typeof(e -> 'votes'), '') <> 'number'
          or (e ->> 'votes')::numeric < 0 or (e ->> 'votes')::numeric <> floor((e ->> 'votes')::numeric)
          or (e ->> 'votes')::numeric > 1000000000) then
    raise exception 'Each count needs a project and a whole number' using errcode = '22023';
  end if;
  v_max := case when r.ballot_rule = 'points' then p_ballots::bigint * r.points_per_project else p_ballots end;
  select count(*), count(distinct (e ->> 'project')::uuid), coalesce(sum((e ->> 'votes')::bigint), 0)
    into v_n, v_known, v_sum from jsonb_array_elements(p_counts) e;
  if v_n <> v_known then
    raise exception 'Each project can be counted only once' using errcode = '22023';
  end if;
  select count(*), coalesce(sum(rv.estimated_cost * (e ->> 'votes')::bigint), 0) into v_known, v_cost
    from jsonb_array_elements(p_counts) e
    join public.budget_proposals p on p.id = (e ->> 'project')::uuid and p.round_id = p_round and p.status = 'approved'
      and p.merged_into is null
    join public.budget_proposal_reviews rv on rv.proposal_id = p.id and rv.shortlisted_at is not null;
  if v_known <> v_n then
    raise exception 'Only projects on this round''s ballot can be counted' using errcode = '22023';
  end if;
  if exists (select 1 from jsonb_array_elements(p_counts) e where (e ->> 'votes')::bigint > v_max) then
    raise exception 'A project cannot have more votes than there were ballots (%)', p_ballots using errcode = '22023';
  end if;
  if (r.ballot_rule = 'knapsack' and v_cost > p_ballots::bigint * r.budget)
     or (r.ballot_rule = 'k_approval' and v_sum > p_ballots::bigint * r.max_projects)
     or (r.ballot_rule = 'points' and v_sum > p_ballots::bigint * r.points_total) then
    raise exception 'These counts are more than % ballots could hold under this round''s rule', p_ballots using errcode = '22023';
  end if;
  insert into public.budget_paper_boxes (round_id, place, ballots, recorded_by)
    values (p_round, btrim(p_place), p_ballots, auth.uid()) returning id into v_id;
  insert into public.budget_paper_box_counts (box_id, round_id, proposal_id, votes)
    select v_id, p_round, (e ->> 'project')::uuid, (e ->> 'votes')::integer from jsonb_array_elements(p_counts) e;
  insert into public.audit_events (partnership_id, actor_id, action, subject_id, details)
    values (v_partnership, auth.uid(), 'budget_round.paper_box', p_round,
            jsonb_build_object('box', v_id, 'place', btrim(p_place), 'ballots', p_ballots));
  return v_id;
end
$$;

create function public.round_turnout(p_round uuid) returns jsonb
language plpgsql stable security definer set search_path = '' as $$
declare v_partnership uuid := private.budget_round_partnership(p_round);
begin
  if v_partnership is null then
    raise exception 'No such budget round' using errcode = 'PT404';
  end if;
  if not private.is_staff_of(v_partnership) then
    raise exception 'Only staff of this partnership can see turnout' using errcode = '42501';
  end if;
  return (
    select jsonb_build_object(
      'online', count(*) filter (where b.channel = 'online'),
      'code', count(*) filter (where b.channel = 'code'),
      'paper', count(*) filter (where b.channel = 'paper'),
      'paper_box', (select coalesce(sum(x.ballots), 0) from public.budget_paper_boxes x where x.round_id = p_round),
      'total', count(*) + (select coalesce(sum(x.ballots), 0) from public.budget_paper_boxes x where x.round_id = p_round),
      'eligible_members', (select count(distinct pm.account_id) from public.budget_round_panels rp
                           join public.panel_members pm on pm.panel_id = rp.panel_id
                           where rp.round_id = p_round and pm.status = 'active'),
      'codes_made', (select count(*) from private.budget_voting_codes c where c.round_id = p_round),
      'codes_used', (select count(*) from private.budget_voting_codes c where c.round_id = p_round and c.used_at is not null))
    from public.budget_ballots b where b.round_id = p_round
  );
end
$$;

-- ---------------------------------------------------------------------------------------------
-- Functions: tally, results and delivery
-- ---------------------------------------------------------------------------------------------

-- Everything the TypeScript tally needs, without anyone's identity: ballots are sorted by their
-- content, so not even the order they were cast in survives.
create function public.round_tally_input(p_round uuid) returns jsonb
language plpgsql stable security definer set search_path = '' as $$
declare r public.budget_rounds;
begin
  perform private.require_budget_role(p_round, '{partnership_admin,commissioner}');
  select * into r from public.budget_rounds where id = p_round;
  if r.phase not in ('results', 'delivery') then
    raise exception 'Close voting before counting' using errcode = 'PT409';
  end if;
  return jsonb_build_object(
    'round', jsonb_build_object('id', r.id, 'budget', r.budget, 'ballot_rule', r.ballot_rule, 'tally_rule', r.tally_rule,
                                'points_total', r.points_total, 'points_per_project', r.points_per_project),
    'projects', coalesce((
      select jsonb_agg(jsonb_build_object('id', p.id, 'cost', rv.estimated_cost) order by p.id)
      from public.budget_proposals p join public.budget_proposal_reviews rv on rv.proposal_id = p.id
      where p.round_id = p_round and p.status = 'approved' and p.merged_into is null and rv.shortlisted_at is not null
    ), '[]'::jsonb),
    'ballots', coalesce((
      select jsonb_agg(x.ballot order by x.ballot::text)
      from (
        select case when r.ballot_rule = 'points'
                    then jsonb_build_object('points', jsonb_object_agg(c.proposal_id::text, c.points))
                    else jsonb_build_object('approvals', jsonb_agg(c.proposal_id order by c.proposal_id)) end as ballot
        from public.budget_ballot_choices c where c.round_id = p_round
        group by c.ballot_id
      ) x
    ), '[]'::jsonb),
    'paper_boxes', coalesce((
      select jsonb_agg(jsonb_build_object('ballots', bx.ballots,
               'counts', coalesce((select jsonb_object_agg(k.proposal_id::text, k.votes)
                                   from public.budget_paper_box_counts k where k.box_id = bx.id), '{}'::jsonb))
             order by bx.recorded_at, bx.id)
      from public.budget_paper_boxes bx where bx.round_id = p_round
    ), '[]'::jsonb)
  );
end
$$;

create function public.publish_results(p_round uuid, p_results jsonb) returns void
language plpgsql security definer set search_path = '' as $$
declare v_partnership uuid := private.require_budget_role(p_round, '{partnership_admin,commissioner}');
        r public.budget_rounds; v_weeks integer; v_used bigint; v_greedy_used bigint; v_n integer; v_matched integer;
        v_greedy boolean;
begin
  select * into r from public.budget_rounds where id = p_round for update;
  if r.phase <> 'results' then
    raise exception 'Results are published in the results phase' using errcode = 'PT409';
  end if;
  if private.budget_results_published(p_round) then
    raise exception 'These results have already been published' using errcode = 'PT409';
  end if;
  if coalesce(jsonb_typeof(p_results), '') <> 'object' or coalesce(jsonb_typeof(p_results -> 'projects'), '') <> 'array'
     or coalesce(jsonb_typeof(p_results -> 'voters'), '') <> 'number'
     or coalesce(jsonb_typeof(p_results -> 'budget_used'), '') <> 'number' then
    raise exception 'Results need rule, voters, budget_used and projects' using errcode = '22023';
  end if;
  if p_results ->> 'rule' is distinct from r.tally_rule then
    raise exception 'These results were not counted with the round''s rule (%)', r.tally_rule using errcode = '22023';
  end if;
  v_greedy := coalesce(jsonb_typeof(p_results -> 'greedy'), 'null') <> 'null';
  if v_greedy and coalesce(jsonb_typeof(p_results #> '{greedy,budget_used}'), '') <> 'number' then
    raise exception 'The greedy outcome needs its budget_used' using errcode = '22023';
  end if;
  if exists (
       select 1 from jsonb_array_elements(p_results -> 'projects') e
       where jsonb_typeof(e) <> 'object'
          or coalesce(e ->> 'id', '') !~* '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$'
          or coalesce(jsonb_typeof(e -> 'votes'), '') <> 'number' or (e ->> 'votes')::numeric < 0
          or (e ->> 'votes')::numeric <> floor((e ->> 'votes')::numeric)
          or coalesce(jsonb_typeof(e -> 'cost'), '') <> 'number'
          or coalesce(jsonb_typeof(e -> 'funded'), '') <> 'boolean'
          or coalesce(jsonb_typeof(e -> 'reason'), '') <> 'string' or length(btrim(e ->> 'reason')) not between 1 and 300
          or (v_greedy and coalesce(jsonb_typeof(e -> 'greedy_funded'), '') <> 'boolean')) then
    raise exception 'Each project needs id, votes, cost, funded and a one-sentence reason' using errcode = '22023';
  end if;
  select count(*), count(distinct e ->> 'id') into v_n, v_matched from jsonb_array_elements(p_results -> 'projects') e;
  if v_n <> v_matched then
    raise exception 'Each project appears once in the results' using errcode = '22023';
  end if;
  select count(*) into v_matched
    from jsonb_array_elements(p_results -> 'projects') e
    join public.budget_proposals p on p.id = (e ->> 'id')::uuid and p.round_id = p_round and p.status = 'approved'
      and p.merged_into is null
    join public.budget_proposal_reviews rv on rv.proposal_id = p.id and rv.shortlisted_at is not null
      and rv.estimated_cost = (e ->> 'cost')::numeric;
  if v_matched <> v_n or v_n <> (
       select count(*) from public.budget_proposals p join public.budget_proposal_reviews rv on rv.proposal_id = p.id
       where p.round_id = p_round and p.status = 'approved' and p.merged_into is null and rv.shortlisted_at is not null) then
    raise exception 'The results must list every project on the ballot once, at its estimated cost' using errcode = '22023';
  end if;
  select coalesce(sum((e ->> 'cost')::bigint) filter (where (e ->> 'funded')::boolean), 0),
         coalesce(sum((e ->> 'cost')::bigint) filter (where (e ->> 'greedy_funded')::boolean), 0)
    into v_used, v_greedy_used from jsonb_array_elements(p_results -> 'projects') e;
  if v_used > r.budget or v_used <> (p_results ->> 'budget_used')::numeric then
    raise exception 'The funded projects cost £%: that must be the budget used, within the £% budget', v_used, r.budget
      using errcode = '22023';
  end if;
  if v_greedy and (v_greedy_used > r.budget or v_greedy_used <> (p_results #>> '{greedy,budget_used}')::numeric) then
    raise exception 'The greedy outcome costs £%, which must be its budget_used, within the budget', v_greedy_used
      using errcode = '22023';
  end if;
  if (p_results ->> 'voters')::numeric < 0 or (p_results ->> 'voters')::numeric > 100000000
     or (p_results ->> 'voters')::numeric <> floor((p_results ->> 'voters')::numeric) then
    raise exception 'Turnout is a whole number' using errcode = '22023';
  end if;

  select response_due_weeks into v_weeks from public.partnerships where id = v_partnership;
  insert into public.budget_results (round_id, tally_rule, voters, budget_used, greedy_budget_used, published_by, response_due_at)
    values (p_round, r.tally_rule, (p_results ->> 'voters')::integer, v_used, case when v_greedy then v_greedy_used end,
            auth.uid(), now() + make_interval(weeks => v_weeks));
  insert into public.budget_result_projects (round_id, proposal_id, title, votes, cost, funded, greedy_funded, reason)
    select p_round, p.id, p.title, (e ->> 'votes')::bigint, (e ->> 'cost')::integer, (e ->> 'funded')::boolean,
           case when v_greedy then (e ->> 'greedy_funded')::boolean end, btrim(e ->> 'reason')
    from jsonb_array_elements(p_results -> 'projects') e join public.budget_proposals p on p.id = (e ->> 'id')::uuid;
  insert into public.budget_deliverables (round_id, proposal_id, title, updated_by)
    select p_round, rp.proposal_id, rp.title, auth.uid() from public.budget_result_projects rp
    where rp.round_id = p_round and rp.funded;
  insert into public.audit_events (partnership_id, actor_id, action, subject_id, details)
    values (v_partnership, auth.uid(), 'budget_round.results_published', p_round,
            jsonb_build_object('budget_used', v_used, 'voters', (p_results ->> 'voters')::integer));
end
$$;

create function public.round_results(p_round uuid) returns jsonb
language plpgsql stable security definer set search_path = '' as $$
declare v jsonb;
begin
  select jsonb_build_object(
    'round', jsonb_build_object('id', r.id, 'partnership_id', r.partnership_id, 'title', r.title,
               'description', r.description, 'budget', r.budget, 'ballot_rule', r.ballot_rule,
               'tally_rule', r.tally_rule, 'phase', r.phase),
    'published_at', br.published_at, 'response_due_at', br.response_due_at, 'rule', br.tally_rule,
    'voters', br.voters, 'budget_used', br.budget_used,
    'greedy', case when br.greedy_budget_used is not null then jsonb_build_object('budget_used', br.greedy_budget_used) end,
    'projects', coalesce((
      select jsonb_agg(jsonb_build_object('id', rp.proposal_id, 'title', rp.title, 'category', p.category,
               'cost', rp.cost, 'votes', rp.votes, 'funded', rp.funded, 'greedy_funded', rp.greedy_funded,
               'reason', rp.reason,
               'deliverable', (select jsonb_build_object('id', d.id, 'status', d.status, 'status_reason', d.status_reason,
                                                         'updated_at', d.updated_at)
                               from public.budget_deliverables d where d.round_id = rp.round_id and d.proposal_id = rp.proposal_id))
             order by rp.votes desc, rp.cost, rp.title)
      from public.budget_result_projects rp join public.budget_proposals p on p.id = rp.proposal_id
      where rp.round_id = r.id), '[]'::jsonb),
    'not_feasible', coalesce((
      select jsonb_agg(jsonb_build_object('title', p.title, 'reason', rv.reason) order by p.title)
      from public.budget_proposals p join public.budget_proposal_reviews rv on rv.proposal_id = p.id
      where p.round_id = r.id and p.status = 'approved' and p.merged_into is null and rv.feasibility = 'not_feasible'),
      '[]'::jsonb))
  into v
  from public.budget_rounds r join public.budget_results br on br.round_id = r.id
  where r.id = p_round;
  if v is null then
    raise exception 'No published results for this round' using errcode = 'PT404';
  end if;
  return v;
end
$$;

create function public.set_deliverable_status(p_deliverable uuid, p_status text, p_reason text) returns void
language plpgsql security definer set search_path = '' as $$
declare v_round uuid;
begin
  select round_id into v_round from public.budget_deliverables where id = p_deliverable;
  if v_round is null then
    raise exception 'No such deliverable' using errcode = 'PT404';
  end if;
  perform private.require_budget_role(v_round, '{partnership_admin,commissioner}');
  if p_status is null or p_status not in ('planned', 'in_progress', 'done', 'not_possible') then
    raise exception 'Status is planned, in_progress, done or not_possible' using errcode = '22023';
  end if;
  -- not_possible without a reason is refused by the table's check constraint (23514)
  update public.budget_deliverables set status = p_status, status_reason = nullif(btrim(coalesce(p_reason, '')), ''),
    updated_at = now(), updated_by = auth.uid()
  where id = p_deliverable;
  insert into public.audit_events (partnership_id, actor_id, action, subject_id, details)
    values (private.budget_round_partnership(v_round), auth.uid(), 'budget_deliverable.updated', p_deliverable,
            jsonb_build_object('status', p_status));
end
$$;

-- ---------------------------------------------------------------------------------------------
-- The feedback loop: a published round owes young people a "we did" by its due date.
-- The recommendation branch is unchanged.
-- ---------------------------------------------------------------------------------------------

create or replace view public.owed_responses with (security_invoker = true) as
  select 'recommendation'::text as source_type, r.id as source_id, p.partnership_id, r.panel_id,
         r.title, r.commissioner_id as responsible_id, r.recorded_at as opened_at, r.response_due_at as due_at
  from public.recommendations r join public.panels p on p.id = r.panel_id
  union all
  select 'budget_round'::text, br.round_id, b.partnership_id, b.panel_id,
         b.title, br.published_by, br.published_at, br.response_due_at
  from public.budget_results br join public.budget_rounds b on b.id = br.round_id;

-- ---------------------------------------------------------------------------------------------
-- Execute privileges: Supabase grants every new public function to everyone; close them, then
-- open the three a person without an account needs (a voting code, a receipt, published results).
-- ---------------------------------------------------------------------------------------------

revoke execute on function
  public.create_budget_round(uuid, uuid, text, text, integer, uuid[], boolean, text, integer, integer, integer, integer, integer, text),
  public.update_budget_round(uuid, uuid, text, text, integer, uuid[], boolean, text, integer, integer, integer, integer, integer, text),
  public.set_round_phase_details(uuid, text, timestamptz, timestamptz, text), public.set_round_phase(uuid, text),
  public.submit_budget_proposal(uuid, text, text, text, integer, text), public.moderate_budget_proposal(uuid, boolean, text),
  public.review_budget_proposal(uuid, text, integer, text), public.merge_budget_proposals(uuid, uuid),
  public.shortlist_budget_proposal(uuid, boolean), public.round_ballot(uuid), public.cast_ballot(uuid, jsonb),
  public.my_ballot(uuid), public.check_receipt(text), public.generate_voting_codes(uuid, integer),
  public.code_ballot(text), public.cast_ballot_with_code(text, jsonb),
  public.record_paper_ballot(uuid, jsonb, text, uuid, text), public.record_paper_box(uuid, text, integer, jsonb),
  public.round_turnout(uuid), public.round_tally_input(uuid), public.publish_results(uuid, jsonb),
  public.round_results(uuid), public.set_deliverable_status(uuid, text, text)
  from public, anon;
grant execute on function
  public.create_budget_round(uuid, uuid, text, text, integer, uuid[], boolean, text, integer, integer, integer, integer, integer, text),
  public.update_budget_round(uuid, uuid, text, text, integer, uuid[], boolean, text, integer, integer, integer, integer, integer, text),
  public.set_round_phase_details(uuid, text, timestamptz, timestamptz, text), public.set_round_phase(uuid, text),
  public.submit_budget_proposal(uuid, text, text, text, integer, text), public.moderate_budget_proposal(uuid, boolean, text),
  public.review_budget_proposal(uuid, text, integer, text), public.merge_budget_proposals(uuid, uuid),
  public.shortlist_budget_proposal(uuid, boolean), public.round_ballot(uuid), public.cast_ballot(uuid, jsonb),
  public.my_ballot(uuid), public.check_receipt(text), public.generate_voting_codes(uuid, integer),
  public.code_ballot(text), public.cast_ballot_with_code(text, jsonb),
  public.record_paper_ballot(uuid, jsonb, text, uuid, text), public.record_paper_box(uuid, text, integer, jsonb),
  public.round_turnout(uuid), public.round_tally_input(uuid), public.publish_results(uuid, jsonb),
  public.round_results(uuid), public.set_deliverable_status(uuid, text, text)
  to authenticated, service_role;
grant execute on function public.check_receipt(text), public.code_ballot(text), public.cast_ballot_with_code(text, jsonb),
  public.round_results(uuid)
  to anon;
