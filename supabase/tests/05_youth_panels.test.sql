-- Youth panels (supabase/migrations/20261125000200_youth_panels.sql): the new tables sit behind
-- row-level security with read policies only (every write goes through a function), the schema
-- keeps its invariants whoever writes, has_contact_details answers as documented, and the
-- functions are security definer with a fixed search_path, closed to anon.
-- Who may read what, as each kind of person through the API, is src/lib/server/db/rls-panels.spec.ts.
-- Runs under `supabase test db` as well as src/lib/server/db/pgtap.spec.ts (PGlite and PostgreSQL).
begin;
create extension if not exists pgtap with schema extensions;
select plan(70);

-- Tables and row-level security --------------------------------------------------------------------
select has_table('public', 'panel_staff', 'public.panel_staff exists');
select has_table('public', 'ideas', 'public.ideas exists');
select has_table('public', 'recommendations', 'public.recommendations exists');
select has_table('public', 'recommendation_ideas', 'public.recommendation_ideas exists');
select has_table('public', 'meetings', 'public.meetings exists');
select has_table('public', 'meeting_attendance', 'public.meeting_attendance exists');
select has_table('public', 'offline_participation', 'public.offline_participation exists');
select has_view('public', 'owed_responses', 'public.owed_responses exists (the feedback-loop tracker)');
select is(
  array(select column_name::text from information_schema.columns
        where table_schema = 'public' and table_name = 'panels'
          and column_name in ('audience_age_bands', 'area', 'meeting_rhythm', 'can_change', 'cannot_change')
        order by column_name),
  array['area', 'audience_age_bands', 'can_change', 'cannot_change', 'meeting_rhythm'],
  'panels say who they are for, when they meet, and what they can and cannot change'
);

select is_empty(
  $$ select c.relname from pg_class c join pg_namespace n on n.oid = c.relnamespace
     where n.nspname = 'public' and c.relkind = 'r' and not c.relrowsecurity
       and c.relname in ('panel_staff', 'ideas', 'recommendations', 'recommendation_ideas', 'meetings',
                         'meeting_attendance', 'offline_participation') $$,
  'row-level security is enabled on every new table'
);
select is_empty(
  $$ select tablename || ' ' || policyname || ' ' || cmd from pg_policies
     where schemaname = 'public' and cmd <> 'SELECT'
       and tablename in ('panel_staff', 'ideas', 'recommendations', 'recommendation_ideas', 'meetings',
                         'meeting_attendance', 'offline_participation') $$,
  'no insert, update, delete or ALL policy on the new tables: every write goes through a function'
);
select is_empty(
  $$ select tablename || ' ' || policyname from pg_policies
     where schemaname = 'public' and roles <> array['authenticated']::name[]
       and tablename in ('panel_staff', 'ideas', 'recommendations', 'recommendation_ideas', 'meetings',
                         'meeting_attendance', 'offline_participation') $$,
  'the new read policies are for signed-in people only (anon reads nothing)'
);
select policies_are('public', 'panel_staff', array['panel_staff_visible'], 'panel_staff: one read policy');
select policies_are('public', 'ideas', array['ideas_visible'], 'ideas: one read policy');
select policies_are('public', 'recommendations', array['recommendations_visible'], 'recommendations: one read policy');
select policies_are('public', 'recommendation_ideas', array['recommendation_ideas_visible'], 'recommendation_ideas: one read policy');
select policies_are('public', 'meetings', array['meetings_for_staff'], 'meetings: staff read policy only (members use panel_meetings)');
select policies_are('public', 'meeting_attendance', array['meeting_attendance_for_managers'], 'meeting_attendance: managers only');
select policies_are('public', 'offline_participation', array['offline_participation_for_staff'], 'offline_participation: staff only');
select ok(
  (select coalesce(reloptions, '{}') from pg_class where oid = 'public.owed_responses'::regclass) @> array['security_invoker=true'],
  'owed_responses runs as the caller, so the policies on recommendations and panels apply'
);

-- Fixtures (as the owner): a partnership with a facilitator, a commissioner, a panel and a member ---
insert into public.partnerships (id, slug, name) values ('50000000-0000-4000-8000-000000000001', 'panelbay', 'Panelbay');
insert into public.accounts (id, kind, display_name) values
  ('50000000-0000-4000-8000-0000000000a1', 'staff', 'Fran Facilitator'),
  ('50000000-0000-4000-8000-0000000000a2', 'staff', 'Cal Commissioner');
insert into public.memberships (partnership_id, account_id, role) values
  ('50000000-0000-4000-8000-000000000001', '50000000-0000-4000-8000-0000000000a1', 'facilitator'),
  ('50000000-0000-4000-8000-000000000001', '50000000-0000-4000-8000-0000000000a2', 'commissioner');
insert into public.panels (id, partnership_id, name, join_code) values
  ('50000000-0000-4000-8000-0000000000b1', '50000000-0000-4000-8000-000000000001', 'Panelbay Voice', 'PNSBAY22');
insert into public.panels (id, partnership_id, name, join_code, archived_at) values
  ('50000000-0000-4000-8000-0000000000b2', '50000000-0000-4000-8000-000000000001', 'Old Panel', 'PNSBAY33', now());
insert into public.accounts (id, kind, age_band) values
  ('50000000-0000-4000-8000-0000000000c1', 'young_person', '13-15'),
  ('50000000-0000-4000-8000-0000000000c2', 'young_person', '10-12');
insert into public.panel_members (panel_id, account_id, pseudonym, privacy_notice_version) values
  ('50000000-0000-4000-8000-0000000000b1', '50000000-0000-4000-8000-0000000000c1', 'Tap Tester', 'v1'),
  ('50000000-0000-4000-8000-0000000000b2', '50000000-0000-4000-8000-0000000000c1', 'Tap Tester', 'v1');
insert into public.meetings (id, panel_id, starts_at, notes) values
  ('50000000-0000-4000-8000-0000000000d1', '50000000-0000-4000-8000-0000000000b1', now() - interval '1 day', 'Draft notes');

-- Constraints: the schema keeps its invariants whoever writes ----------------------------------------
select lives_ok(
  $$ insert into public.panel_members (panel_id, account_id, pseudonym, status, privacy_notice_version)
     values ('50000000-0000-4000-8000-0000000000b1', '50000000-0000-4000-8000-0000000000c2', 'Gone Soon', 'removed', 'v1') $$,
  'a membership may be "removed" (by a facilitator), as well as pending, active or left'
);
select throws_ok(
  $$ insert into public.recommendations (panel_id, commissioner_id, title, body, supporters, members_present, response_due_at)
     values ('50000000-0000-4000-8000-0000000000b1', '50000000-0000-4000-8000-0000000000a2', 'Buses', 'Later buses', 8, 7, now() + interval '1 week') $$,
  '23514', 'new row for relation "recommendations" violates check constraint "supporters_were_there"',
  'a recommendation cannot have more supporters than members present'
);
select lives_ok(
  $$ insert into public.recommendations (panel_id, commissioner_id, title, body, supporters, members_present, response_due_at)
     values ('50000000-0000-4000-8000-0000000000b1', '50000000-0000-4000-8000-0000000000a2', 'Buses', 'Later buses', 7, 7, now() + interval '1 week') $$,
  'everyone present may support it'
);
select throws_ok(
  $$ insert into public.recommendations (panel_id, commissioner_id, title, body, supporters, members_present, response_due_at)
     values ('50000000-0000-4000-8000-0000000000b1', '50000000-0000-4000-8000-0000000000a2', 'Buses', 'Later buses', -1, 7, now() + interval '1 week') $$,
  '23514', 'new row for relation "recommendations" violates check constraint "recommendations_supporters_check"',
  'supporters are never negative'
);
select throws_ok(
  $$ insert into public.recommendations (panel_id, commissioner_id, title, body, supporters, members_present, recorded_at, response_due_at)
     values ('50000000-0000-4000-8000-0000000000b1', '50000000-0000-4000-8000-0000000000a2', 'Buses', 'Later buses', 1, 7, now(), now()) $$,
  '23514', 'new row for relation "recommendations" violates check constraint "due_after_recording"',
  'a response is not due the moment the recommendation is recorded'
);
select throws_ok(
  $$ insert into public.recommendations (panel_id, commissioner_id, title, body, supporters, members_present, response_due_at)
     values ('50000000-0000-4000-8000-0000000000b1', '50000000-0000-4000-8000-0000000000a2', 'Buses', 'Later buses', 1, 7, now() - interval '1 day') $$,
  '23514', 'new row for relation "recommendations" violates check constraint "due_after_recording"',
  'a response cannot be due before the recommendation was recorded'
);
select throws_ok(
  $$ insert into public.recommendations (panel_id, commissioner_id, title, body, supporters, members_present)
     values ('50000000-0000-4000-8000-0000000000b1', '50000000-0000-4000-8000-0000000000a2', 'Buses', 'Later buses', 1, 7) $$,
  '23502', null, 'a recommendation always has a response due date'
);
select throws_ok(
  $$ insert into public.ideas (panel_id, author_id, title, status)
     values ('50000000-0000-4000-8000-0000000000b1', '50000000-0000-4000-8000-0000000000c1', 'More benches', 'rejected') $$,
  '23514', 'new row for relation "ideas" violates check constraint "rejected_ideas_have_reasons"',
  'a rejected idea needs a reason'
);
select throws_ok(
  $$ insert into public.ideas (panel_id, author_id, title, status, reject_reason)
     values ('50000000-0000-4000-8000-0000000000b1', '50000000-0000-4000-8000-0000000000c1', 'More benches', 'approved', 'unkind') $$,
  '23514', 'new row for relation "ideas" violates check constraint "rejected_ideas_have_reasons"',
  'an approved idea has no rejection reason'
);
select throws_ok(
  $$ insert into public.ideas (panel_id, author_id, title, reject_reason)
     values ('50000000-0000-4000-8000-0000000000b1', '50000000-0000-4000-8000-0000000000c1', 'More benches', 'off_topic') $$,
  '23514', 'new row for relation "ideas" violates check constraint "rejected_ideas_have_reasons"',
  'a pending idea has no rejection reason'
);
select lives_ok(
  $$ insert into public.ideas (panel_id, author_id, title, status, reject_reason)
     values ('50000000-0000-4000-8000-0000000000b1', '50000000-0000-4000-8000-0000000000c1', 'More benches', 'rejected', 'duplicate') $$,
  'a rejected idea with a reason is fine'
);
select throws_ok(
  $$ insert into public.ideas (panel_id, author_id, title, status, reject_reason)
     values ('50000000-0000-4000-8000-0000000000b1', '50000000-0000-4000-8000-0000000000c1', 'More benches', 'rejected', 'because I said so') $$,
  '23514', 'new row for relation "ideas" violates check constraint "ideas_reject_reason_check"',
  'reasons are the kind, fixed codes shown to the author, never free text'
);
select throws_ok(
  $$ insert into public.ideas (panel_id, author_id, title) values ('50000000-0000-4000-8000-0000000000b1', '50000000-0000-4000-8000-0000000000c1', '  ab  ') $$,
  '23514', 'new row for relation "ideas" violates check constraint "ideas_title_check"',
  'an idea needs a title of at least 3 characters (after trimming)'
);
select throws_ok(
  $$ update public.panels set audience_age_bands = '{10-12,17-19}' where id = '50000000-0000-4000-8000-0000000000b1' $$,
  '23514', 'new row for relation "panels" violates check constraint "panels_audience_age_bands_check"',
  'a panel''s audience is made of the known age bands only'
);
select throws_ok(
  $$ update public.panels set audience_age_bands = '{}' where id = '50000000-0000-4000-8000-0000000000b1' $$,
  '23514', 'new row for relation "panels" violates check constraint "panels_audience_age_bands_check"',
  'a panel is for at least one age band'
);
select lives_ok(
  $$ update public.panels set audience_age_bands = '{16-18,10-12}' where id = '50000000-0000-4000-8000-0000000000b1' $$,
  'any non-empty subset of the age bands will do'
);
select throws_ok(
  $$ insert into public.offline_participation (partnership_id, activity, place, gathered_on, participants)
     values ('50000000-0000-4000-8000-000000000001', 'Paper vote', 'Youth club', current_date, 0) $$,
  '23514', 'new row for relation "offline_participation" violates check constraint "offline_participation_participants_check"',
  'offline participation counts at least one young person'
);
select lives_ok(
  $$ insert into public.offline_participation (partnership_id, activity, place, gathered_on, participants)
     values ('50000000-0000-4000-8000-000000000001', 'Paper vote', 'Youth club', current_date, 1) $$,
  'one young person on paper counts'
);
select throws_ok(
  $$ insert into public.offline_participation (partnership_id, activity, place, gathered_on, participants, results)
     values ('50000000-0000-4000-8000-000000000001', 'Paper vote', 'Youth club', current_date, 3, '{"A": 3}') $$,
  '23514', 'new row for relation "offline_participation" violates check constraint "offline_participation_results_check"',
  'offline results are a list of options and counts'
);
select throws_ok(
  $$ insert into public.panel_staff (panel_id, account_id, role)
     values ('50000000-0000-4000-8000-0000000000b1', '50000000-0000-4000-8000-0000000000a2', 'safeguarding_lead') $$,
  '23514', 'new row for relation "panel_staff" violates check constraint "panel_staff_role_check"',
  'a panel''s staff are its facilitators and the commissioners it advises'
);

-- has_contact_details ---------------------------------------------------------------------------------
select ok(public.has_contact_details('text me on 07700 900 123'), 'has_contact_details: a mobile number');
select ok(public.has_contact_details('ring +44 (0)114 496 0123'), 'has_contact_details: a landline in international form');
select ok(public.has_contact_details('me@example.com'), 'has_contact_details: an email address');
select ok(public.has_contact_details('follow @coolkid'), 'has_contact_details: an @handle');
select ok(public.has_contact_details('see https://example.org'), 'has_contact_details: a web address');
select ok(public.has_contact_details('tiktok.com/abc'), 'has_contact_details: a bare domain');
select ok(public.has_contact_details('I live at M1 1AE'), 'has_contact_details: a UK postcode');
select ok(not public.has_contact_details('Year 7 club at 3pm costs £5, open 24/7 in 2026'), 'has_contact_details: ordinary numbers, years, times and prices are fine');
select ok(not public.has_contact_details('More skateparks please'), 'has_contact_details: an ordinary idea is fine');
select is(public.has_contact_details(null), false, 'has_contact_details: no text has no contact details');
select is(
  (select provolatile::text from pg_proc where oid = 'public.has_contact_details(text)'::regprocedure), 'i',
  'has_contact_details is immutable (usable in checks and indexes)'
);

-- Functions: security definer, fixed search_path, closed to anon ----------------------------------------
create temporary table panel_functions (sig regprocedure) on commit drop;
insert into panel_functions values
  ('public.update_panel(uuid, text, text, text[], text, text, text, text, boolean)'),
  ('public.set_panel_staff(uuid, uuid, text, boolean)'),
  ('public.rotate_join_code(uuid, timestamptz)'),
  ('public.archive_panel(uuid)'),
  ('public.set_member_status(uuid, uuid, text)'),
  ('public.post_idea(uuid, text, text)'),
  ('public.moderate_idea(uuid, boolean, text)'),
  ('public.record_recommendation(uuid, uuid, text, text, integer, integer, uuid[], timestamptz)'),
  ('public.create_meeting(uuid, timestamptz, text)'),
  ('public.save_meeting_notes(uuid, text, boolean)'),
  ('public.set_attendance(uuid, uuid, boolean)'),
  ('public.panel_meetings(uuid)'),
  ('public.record_offline_participation(uuid, uuid, text, text, date, integer, jsonb)'),
  ('public.panel_participation_summary(uuid)');
create temporary table panel_helpers (sig regprocedure) on commit drop;
insert into panel_helpers values
  ('private.panel_partnership(uuid)'), ('private.manages_panel(uuid)'), ('private.panel_is_open(uuid)'),
  ('private.require_manager(uuid)'), ('private.require_open(uuid)'), ('private.require_meeting_manager(uuid)');

select is((select count(*)::int from panel_functions), 14, 'the youth-panel functions under test (all present: regprocedure resolved them)');
select is_empty(
  $$ select sig::text from panel_functions f join pg_proc p on p.oid = f.sig where not p.prosecdef
     union all select sig::text from panel_helpers f join pg_proc p on p.oid = f.sig where not p.prosecdef $$,
  'every youth-panel function and helper is security definer'
);
select is_empty(
  $$ select sig::text from (select sig from panel_functions union all select sig from panel_helpers
                            union all select 'public.has_contact_details(text)'::regprocedure
                            union all select 'public.auth_young_person_credentials(text, text)'::regprocedure) f
     join pg_proc p on p.oid = f.sig
     where not coalesce(p.proconfig, '{}') @> array['search_path=""'] $$,
  'every youth-panel function and helper runs with an empty, fixed search_path'
);
select is_empty(
  $$ select sig::text from panel_functions where has_function_privilege('anon', sig, 'execute') $$,
  'anon may execute none of the youth-panel functions'
);
select is_empty(
  $$ select f.sig::text from panel_functions f join pg_proc p on p.oid = f.sig,
            aclexplode(coalesce(p.proacl, acldefault('f', p.proowner))) a
     where a.grantee = 0 and a.privilege_type = 'EXECUTE' $$,
  'PUBLIC holds no execute privilege on them either'
);
select is_empty(
  $$ select sig::text from panel_functions where not has_function_privilege('authenticated', sig, 'execute') $$,
  'signed-in people may call them (each function checks who is asking)'
);
select is_empty(
  $$ select sig::text from panel_helpers
     where sig::text like 'private.require%' and has_function_privilege('anon', sig, 'execute') $$,
  'anon may not execute the private require_* checks'
);
select ok(
  not has_function_privilege('anon', 'public.auth_young_person_credentials(text, text)', 'execute')
  and not has_function_privilege('authenticated', 'public.auth_young_person_credentials(text, text)', 'execute')
  and has_function_privilege('service_role', 'public.auth_young_person_credentials(text, text)', 'execute'),
  'auth_young_person_credentials, redefined here, is still for the server (service role) only'
);

-- The functions' own rules, as the caller meets them ------------------------------------------------------
set local "request.jwt.claims" = '{"sub": "50000000-0000-4000-8000-0000000000a2", "role": "authenticated"}';
set local role authenticated;
select throws_ok(
  $$ select public.create_meeting('50000000-0000-4000-8000-0000000000b1', now() + interval '1 day', 'Agenda') $$,
  '42501', 'Only the panel''s facilitators can do that', 'a commissioner does not run the panel''s meetings'
);
select throws_ok(
  $$ select public.post_idea('50000000-0000-4000-8000-0000000000b1', 'Staff idea', '') $$,
  '42501', 'Only members of this panel can share ideas here', 'staff do not post ideas as members'
);
reset role;

set local "request.jwt.claims" = '{"sub": "50000000-0000-4000-8000-0000000000c1", "role": "authenticated"}';
set local role authenticated;
select throws_ok(
  $$ select public.post_idea('50000000-0000-4000-8000-0000000000b1', 'Call me', 'on 07700 900123') $$,
  '22023', 'To keep you safe, ideas cannot include contact details', 'post_idea refuses contact details'
);
select throws_ok(
  $$ select public.post_idea('50000000-0000-4000-8000-0000000000b2', 'Old idea', '') $$,
  'PT409', 'This panel is archived: it can be read but not changed', 'post_idea refuses an archived panel'
);
select lives_ok(
  $$ select public.post_idea('50000000-0000-4000-8000-0000000000b1', '  Later buses  ', 'Please') $$,
  'an active member posts an idea'
);
select results_eq(
  $$ select title, status, author_id from public.ideas where panel_id = '50000000-0000-4000-8000-0000000000b1' and title = 'Later buses' $$,
  $$ values ('Later buses', 'pending', '50000000-0000-4000-8000-0000000000c1'::uuid) $$,
  'the idea waits for a check, trimmed, under its author (who can see it)'
);
select results_eq(
  $$ select notes, attended from public.panel_meetings('50000000-0000-4000-8000-0000000000b1') $$,
  $$ values (null::text, 0) $$,
  'panel_meetings hides notes that are not published yet from a member'
);
reset role;

set local "request.jwt.claims" = '{"sub": "50000000-0000-4000-8000-0000000000a1", "role": "authenticated"}';
set local role authenticated;
select lives_ok(
  $$ select public.record_recommendation('50000000-0000-4000-8000-0000000000b1', '50000000-0000-4000-8000-0000000000a2',
                                         'Run the 42 later', 'Until 10pm on school nights', 5, 6, '{}', null) $$,
  'the facilitator records a recommendation without choosing a due date'
);
select is(
  (select response_due_at - recorded_at from public.recommendations where title = 'Run the 42 later'),
  interval '84 days', 'its response is due in the partnership''s 12 weeks'
);
select throws_ok(
  $$ select public.record_recommendation('50000000-0000-4000-8000-0000000000b1', '50000000-0000-4000-8000-0000000000a1',
                                         'Later buses', 'Run the 42 until 10pm', 5, 6, '{}', null) $$,
  '22023', 'A recommendation must go to a commissioner of this partnership', 'a recommendation goes to a commissioner'
);
select throws_ok(
  $$ select public.create_meeting('50000000-0000-4000-8000-0000000000b2', now(), 'Agenda') $$,
  'PT409', 'This panel is archived: it can be read but not changed', 'no new meetings on an archived panel'
);
reset role;

select * from finish();
rollback;
