-- Invariants the schema itself enforces, whatever writes the row: keys, children's privacy
-- (pseudonyms that cannot carry contact details, age bands only for young people), staff names.
begin;
create extension if not exists pgtap with schema extensions;
select plan(40);

-- Keys and references ------------------------------------------------------------------------------
select col_is_pk('public', 'partnerships', 'id', 'partnerships are keyed by id');
select col_is_unique('public', 'partnerships', array['slug'], 'a partnership slug is unique (it is the public page address)');
select col_is_pk('public', 'accounts', 'id', 'accounts are keyed by id');
select col_is_pk('public', 'memberships', array['partnership_id', 'account_id', 'role'], 'a staff role is held once per partnership');
select col_is_pk('public', 'panels', 'id', 'panels are keyed by id');
select col_is_unique('public', 'panels', array['join_code'], 'a join code opens exactly one panel');
select col_is_pk('public', 'panel_members', array['panel_id', 'account_id'], 'a young person is on a panel once');
select col_is_unique('private', 'sessions', array['token_hash'], 'a session token hash is unique');
select fk_ok('public', 'memberships', 'partnership_id', 'public', 'partnerships', 'id', 'memberships belong to a partnership');
select fk_ok('public', 'memberships', 'account_id', 'public', 'accounts', 'id', 'memberships belong to an account');
select fk_ok('public', 'panels', 'partnership_id', 'public', 'partnerships', 'id', 'panels belong to a partnership');
select fk_ok('public', 'panel_members', 'panel_id', 'public', 'panels', 'id', 'panel members belong to a panel');
select fk_ok('public', 'panel_members', 'account_id', 'public', 'accounts', 'id', 'panel members are accounts');
select col_not_null('public', 'panel_members', 'privacy_notice_version', 'every member has agreed to a privacy notice version');

-- Fixtures (rolled back with the rest of this script) ----------------------------------------------
insert into public.partnerships (id, slug, name) values ('10000000-0000-4000-8000-000000000001', 'testbay', 'Testbay');
insert into public.panels (id, partnership_id, name, join_code)
  values ('10000000-0000-4000-8000-0000000000b1', '10000000-0000-4000-8000-000000000001', 'Test panel', 'TSTBAY22');
insert into public.accounts (id, kind, age_band) values
  ('10000000-0000-4000-8000-0000000000c1', 'young_person', '13-15'),
  ('10000000-0000-4000-8000-0000000000c2', 'young_person', '10-12');
insert into public.panel_members (panel_id, account_id, pseudonym, privacy_notice_version)
  values ('10000000-0000-4000-8000-0000000000b1', '10000000-0000-4000-8000-0000000000c1', 'Blue Otter', 'v1');

-- Pseudonyms cannot carry contact details ----------------------------------------------------------
-- (a function in pg_temp rather than PREPARE: prepared statements outlive the rollback)
create function pg_temp.join_as(p_pseudonym text) returns void language sql as $$
  insert into public.panel_members (panel_id, account_id, pseudonym, privacy_notice_version)
  values ('10000000-0000-4000-8000-0000000000b1', '10000000-0000-4000-8000-0000000000c2', p_pseudonym, 'v1')
$$;
select throws_ok($$ select pg_temp.join_as('kid@example.com') $$, '23514', null, 'a pseudonym cannot be an email address');
select throws_ok($$ select pg_temp.join_as('www.example.com') $$, '23514', null, 'a pseudonym cannot be a web address');
select throws_ok($$ select pg_temp.join_as('https://x.example') $$, '23514', null, 'a pseudonym cannot be a URL');
select throws_ok($$ select pg_temp.join_as('@bluefox') $$, '23514', null, 'a pseudonym cannot be a social media handle');
select throws_ok($$ select pg_temp.join_as('07700 900123') $$, '23514', null, 'a pseudonym cannot be a phone number');
select throws_ok($$ select pg_temp.join_as('Fox 0770 0900') $$, '23514', null, 'a pseudonym cannot hide four or more digits');
select throws_ok($$ select pg_temp.join_as('X') $$, '23514', null, 'a pseudonym has at least two characters');
select throws_ok($$ select pg_temp.join_as('A very long pseudonym indeed') $$, '23514', null, 'a pseudonym has at most 24 characters');
select throws_ok($$ select pg_temp.join_as(' Leading space') $$, '23514', null, 'a pseudonym starts with a letter or digit');
select throws_ok($$ select pg_temp.join_as('blue OTTER') $$, '23505', null, 'pseudonyms are unique on a panel, ignoring case');
select lives_ok($$ select pg_temp.join_as('Swift Fox_123') $$, 'letters, spaces, _ and up to three digits make a pseudonym');

-- Accounts: staff have names, only young people have age bands, only staff administer ----------------
select throws_ok(
  $$ insert into public.accounts (kind) values ('staff') $$,
  '23514', 'new row for relation "accounts" violates check constraint "staff_have_names"',
  'a staff account must have a name'
);
select throws_ok(
  $$ insert into public.accounts (kind, display_name, age_band) values ('staff', 'Alex', '13-15') $$,
  '23514', 'new row for relation "accounts" violates check constraint "only_young_people_have_age_bands"',
  'a staff account has no age band'
);
select throws_ok(
  $$ insert into public.accounts (kind) values ('young_person') $$,
  '23514', 'new row for relation "accounts" violates check constraint "only_young_people_have_age_bands"',
  'a young person has an age band'
);
select throws_ok(
  $$ insert into public.accounts (kind, age_band) values ('young_person', '9-11') $$,
  '23514', null, 'age bands are 10-12, 13-15 or 16-18 only'
);
select throws_ok(
  $$ insert into public.accounts (kind, age_band, is_platform_admin) values ('young_person', '13-15', true) $$,
  '23514', 'new row for relation "accounts" violates check constraint "only_staff_administer"',
  'a young person can never be a platform admin'
);
select lives_ok(
  $$ insert into public.accounts (kind, display_name) values ('staff', 'Alex Kim') $$,
  'a named staff account without an age band is fine'
);

-- Partnerships, memberships, panels ----------------------------------------------------------------
select throws_ok($$ insert into public.partnerships (slug, name) values ('North Bay', 'North Bay') $$,
  '23514', null, 'a slug is lowercase letters, digits and single hyphens');
select throws_ok($$ insert into public.partnerships (slug, name) values ('testbay', 'Another') $$,
  '23505', null, 'two partnerships cannot share a slug');
select throws_ok($$ insert into public.memberships (partnership_id, account_id, role)
                    values ('10000000-0000-4000-8000-000000000001', '10000000-0000-4000-8000-0000000000c1', 'superuser') $$,
  '23514', null, 'staff roles are the four known ones');
select throws_ok($$ insert into public.panels (partnership_id, name, join_code)
                    values ('10000000-0000-4000-8000-000000000001', 'Look-alikes', 'NORTH1IL') $$,
  '23514', null, 'a join code never contains the look-alike characters 0 O 1 I L');
select throws_ok($$ insert into public.panels (partnership_id, name, join_code)
                    values ('10000000-0000-4000-8000-000000000001', 'Taken', 'TSTBAY22') $$,
  '23505', null, 'a join code cannot be reused');
insert into public.panels (id, partnership_id, name)
  values ('10000000-0000-4000-8000-0000000000b2', '10000000-0000-4000-8000-000000000001', 'Default code');
select matches(
  (select join_code from public.panels where id = '10000000-0000-4000-8000-0000000000b2'),
  '^[ABCDEFGHJKMNPQRSTVWXYZ2-9]{8}$', 'a new panel gets a well-formed join code by default'
);
select throws_ok($$ update public.panel_members set status = 'banned' where pseudonym = 'Blue Otter' $$,
  '23514', null, 'a member is pending, active or left');
select throws_ok($$ insert into public.audit_events (id, action) values (1, 'forged') $$,
  '428C9', null, 'audit event ids cannot be chosen by the writer');
select throws_ok($$ insert into private.sessions (token_hash, account_id, idle_timeout, expires_at)
                    values ('not-a-hash', '10000000-0000-4000-8000-0000000000c1', '1 hour', now() + interval '1 day') $$,
  '23514', null, 'only a SHA-256 hex digest of a session token is stored');

select * from finish();
rollback;
