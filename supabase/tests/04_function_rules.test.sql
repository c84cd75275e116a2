-- The rules inside the state-changing functions, checked as the caller would meet them: `set local
-- role` plus the JWT claims, exactly what PostgREST (and the embedded gateway) set per request.
-- Who may call what across partnerships is the RLS matrix's job (src/lib/server/db/rls-matrix.spec.ts);
-- this file checks each function's own invariants.
begin;
create extension if not exists pgtap with schema extensions;
select plan(27);

-- Fixtures: one partnership, an admin, a facilitator, a young person on a panel with a session ------
insert into public.partnerships (id, slug, name) values ('20000000-0000-4000-8000-000000000001', 'rulebay', 'Rulebay');
insert into public.accounts (id, kind, display_name, is_platform_admin) values
  ('20000000-0000-4000-8000-0000000000a1', 'staff', 'Ada Admin', false),
  ('20000000-0000-4000-8000-0000000000a2', 'staff', 'Fay Facilitator', false),
  ('20000000-0000-4000-8000-0000000000a3', 'staff', 'Pia Platform', true);
insert into public.memberships (partnership_id, account_id, role) values
  ('20000000-0000-4000-8000-000000000001', '20000000-0000-4000-8000-0000000000a1', 'partnership_admin'),
  ('20000000-0000-4000-8000-000000000001', '20000000-0000-4000-8000-0000000000a2', 'facilitator');
insert into public.panels (id, partnership_id, name, join_code, requires_approval) values
  ('20000000-0000-4000-8000-0000000000b1', '20000000-0000-4000-8000-000000000001', 'Open panel', 'RWXEBAY2', false),
  ('20000000-0000-4000-8000-0000000000b2', '20000000-0000-4000-8000-000000000001', 'Approval panel', 'RWXEBAY3', true);
insert into public.accounts (id, kind, age_band) values ('20000000-0000-4000-8000-0000000000c1', 'young_person', '13-15');
insert into public.panel_members (panel_id, account_id, pseudonym, privacy_notice_version)
  values ('20000000-0000-4000-8000-0000000000b1', '20000000-0000-4000-8000-0000000000c1', 'Rule Runner', 'v1');
insert into private.young_person_credentials (account_id, passphrase_hash)
  values ('20000000-0000-4000-8000-0000000000c1', '$argon2id$old');
insert into private.sessions (id, token_hash, account_id, idle_timeout, expires_at) values
  ('20000000-0000-4000-8000-0000000000e1', repeat('a', 64), '20000000-0000-4000-8000-0000000000c1', '1 hour', now() + interval '1 day'),
  ('20000000-0000-4000-8000-0000000000e2', repeat('b', 64), '20000000-0000-4000-8000-0000000000a2', '1 hour', now() + interval '1 day'),
  ('20000000-0000-4000-8000-0000000000e3', repeat('c', 64), '20000000-0000-4000-8000-0000000000a2', '1 hour', now() - interval '1 minute');

-- As the partnership admin -------------------------------------------------------------------------
set local "request.jwt.claims" = '{"sub": "20000000-0000-4000-8000-0000000000a1", "role": "authenticated"}';
set local role authenticated;

select throws_ok(
  $$ select public.set_staff_role('20000000-0000-4000-8000-000000000001', '20000000-0000-4000-8000-0000000000c1', 'facilitator', true) $$,
  '22023', 'Roles are for staff accounts only', 'set_staff_role never gives a young person a staff role'
);
select throws_ok(
  $$ select public.set_staff_role('20000000-0000-4000-8000-000000000001', '20000000-0000-4000-8000-0000000000a1', 'partnership_admin', false) $$,
  '22023', 'You cannot remove your own admin role', 'an admin cannot remove their own admin role (no orphaned partnership)'
);
select lives_ok(
  $$ select public.set_staff_role('20000000-0000-4000-8000-000000000001', '20000000-0000-4000-8000-0000000000a2', 'commissioner', true) $$,
  'an admin grants a colleague a role'
);
select lives_ok(
  $$ select public.set_staff_role('20000000-0000-4000-8000-000000000001', '20000000-0000-4000-8000-0000000000a2', 'commissioner', true) $$,
  'granting a role twice is harmless'
);
reset role;
select results_eq(
  $$ select role from public.memberships where account_id = '20000000-0000-4000-8000-0000000000a2' order by role $$,
  array['commissioner', 'facilitator'], 'the colleague now holds the role once'
);
select results_eq(
  $$ select action, details ->> 'role' from public.audit_events where subject_id = '20000000-0000-4000-8000-0000000000a2' order by id $$,
  $$ values ('role.granted', 'commissioner'), ('role.granted', 'commissioner') $$,
  'each role change is in the audit log'
);

-- As the facilitator: passphrase resets -----------------------------------------------------------
set local "request.jwt.claims" = '{"sub": "20000000-0000-4000-8000-0000000000a2", "role": "authenticated"}';
set local role authenticated;
select throws_ok(
  $$ select public.reset_member_passphrase('20000000-0000-4000-8000-0000000000b1', '20000000-0000-4000-8000-0000000000c1', 'hunter2') $$,
  '22023', 'Passphrase must be hashed with argon2id', 'a passphrase is only ever stored as an argon2id hash'
);
select throws_ok(
  $$ select public.reset_member_passphrase('20000000-0000-4000-8000-0000000000b2', '20000000-0000-4000-8000-0000000000c1', '$argon2id$new') $$,
  '42501', null, 'a reset names the panel the member is actually on'
);
select lives_ok(
  $$ select public.reset_member_passphrase('20000000-0000-4000-8000-0000000000b1', '20000000-0000-4000-8000-0000000000c1', '$argon2id$new') $$,
  'a facilitator resets a member''s passphrase'
);
select is(
  (select count(*)::int from public.my_sessions()), 1,
  'my_sessions lists only my live sessions (not the expired one, nor anyone else''s)'
);
select throws_ok(
  $$ select public.revoke_my_session('20000000-0000-4000-8000-0000000000e1') $$,
  'PT404', 'No such session', 'nobody can revoke another person''s session'
);
select lives_ok($$ select public.revoke_my_session('20000000-0000-4000-8000-0000000000e2') $$, 'I can end my own session');
select is((select count(*)::int from public.my_sessions()), 0, 'an ended session is gone from my_sessions');
reset role;
select is(
  (select passphrase_hash || ' ' || (reset_at is not null) from private.young_person_credentials
   where account_id = '20000000-0000-4000-8000-0000000000c1'),
  '$argon2id$new true', 'the new hash is stored and the reset time recorded'
);
select isnt_empty(
  $$ select 1 from private.sessions where id = '20000000-0000-4000-8000-0000000000e1' and revoked_at is not null $$,
  'a reset signs the member out everywhere'
);
select is(
  (select actor_id::text || ' ' || action from public.audit_events where subject_id = '20000000-0000-4000-8000-0000000000c1'),
  '20000000-0000-4000-8000-0000000000a2 member.passphrase_reset', 'the reset is logged with who did it'
);

-- As the young person: leaving a panel -------------------------------------------------------------
set local "request.jwt.claims" = '{"sub": "20000000-0000-4000-8000-0000000000c1", "role": "authenticated"}';
set local role authenticated;
select lives_ok($$ select public.leave_panel('20000000-0000-4000-8000-0000000000b1') $$, 'a member can leave their panel');
select throws_ok($$ select public.leave_panel('20000000-0000-4000-8000-0000000000b1') $$,
  'PT404', 'You are not a member of this panel', 'leaving twice says so');
select throws_ok($$ select public.leave_panel('20000000-0000-4000-8000-0000000000b2') $$,
  'PT404', 'You are not a member of this panel', 'nobody can leave a panel they are not on');
select is_empty($$ select 1 from public.panels where id = '20000000-0000-4000-8000-0000000000b1' $$,
  'after leaving, the panel is no longer visible to the former member');
reset role;
select is((select status from public.panel_members where account_id = '20000000-0000-4000-8000-0000000000c1'), 'left',
  'the membership is kept as left (for the record), not deleted');

-- As the server (service role): joining with a code ---------------------------------------------------
set local "request.jwt.claims" = '{"role": "service_role"}';
set local role service_role;
select is(
  (select panel_name from public.auth_panel_by_code('rwxe-bay2')), 'Open panel',
  'auth_panel_by_code accepts the code as people type it'
);
select lives_ok(
  $$ select public.auth_join_panel('rwxebay3', '  Quiet Owl ', '10-12', '$argon2id$x', 'v1') $$,
  'a young person joins with a code, a pseudonym, an age band and a passphrase hash'
);
select is(
  (select status || ' ' || a.age_band from public.panel_members pm join public.accounts a on a.id = pm.account_id
   where pm.pseudonym = 'Quiet Owl'),
  'pending 10-12', 'joining a panel that requires approval leaves the (trimmed) member pending'
);
select throws_ok(
  $$ select public.auth_join_panel('RWXEBAY2', 'Rule Runner', '10-12', '$argon2id$x', 'v1') $$,
  '23505', null, 'a taken pseudonym (even of a member who left) cannot be joined with again'
);
select throws_ok(
  $$ select public.auth_join_panel('NOPE2345', 'Someone', '10-12', '$argon2id$x', 'v1') $$,
  'PT404', 'That join code is not valid', 'an unknown join code is refused'
);
select is_empty(
  $$ select 1 from public.auth_young_person_credentials('RWXEBAY2', 'rule runner') $$,
  'a member who left can no longer sign in with that panel''s code'
);
reset role;

select * from finish();
rollback;
