-- The platform's tables exist, every table is behind row-level security, each public table has
-- exactly the policies we reviewed, and the private schema is out of the API roles' reach.
-- Runs under `supabase test db` as well as src/lib/server/db/pgtap.spec.ts (PGlite and PostgreSQL).
begin;
create extension if not exists pgtap with schema extensions;
select plan(48);

-- Tables ------------------------------------------------------------------------------------------
select has_schema('private', 'credentials and sessions live in their own schema');
select has_table('public', 'partnerships', 'public.partnerships exists');
select has_table('public', 'accounts', 'public.accounts exists');
select has_table('public', 'memberships', 'public.memberships exists');
select has_table('public', 'panels', 'public.panels exists');
select has_table('public', 'panel_members', 'public.panel_members exists');
select has_table('public', 'audit_events', 'public.audit_events exists');
select has_table('private', 'staff_credentials', 'private.staff_credentials exists');
select has_table('private', 'young_person_credentials', 'private.young_person_credentials exists');
select has_table('private', 'sessions', 'private.sessions exists');
select has_table('private', 'rate_limits', 'private.rate_limits exists');
select hasnt_table('public', 'sessions', 'sessions are not in the API schema');
select hasnt_column('public', 'accounts', 'email', 'accounts hold no email (credentials are private)');
select hasnt_column('public', 'accounts', 'date_of_birth', 'accounts hold no date of birth (only an age band)');

-- Row-level security everywhere (any table, including ones later migrations add) -----------------
select is_empty(
  $$ select n.nspname || '.' || c.relname
     from pg_class c join pg_namespace n on n.oid = c.relnamespace
     where n.nspname in ('public', 'private') and c.relkind in ('r', 'p') and not c.relrowsecurity $$,
  'every table in public and private has row-level security enabled'
);
select isnt_empty(
  $$ select 1 from pg_class c join pg_namespace n on n.oid = c.relnamespace
     where n.nspname in ('public', 'private') and c.relkind = 'r' and c.relrowsecurity $$,
  'the RLS check above looked at real tables'
);
select is_empty(
  $$ select c.relname from pg_class c join pg_namespace n on n.oid = c.relnamespace
     where n.nspname = 'public' and c.relkind in ('r', 'p')
       and not exists (select 1 from pg_policy p where p.polrelid = c.oid) $$,
  'every public table has at least one explicit policy'
);
select is_empty(
  $$ select schemaname || '.' || tablename || ' ' || policyname from pg_policies
     where schemaname in ('public', 'private')
       and (coalesce(qual, '') ~* '(?<!select )auth\.uid\(\)' or coalesce(with_check, '') ~* '(?<!select )auth\.uid\(\)') $$,
  'policies call auth.uid() as (select auth.uid()), evaluated once per statement'
);
select is_empty(
  $$ select schemaname || '.' || tablename || ' ' || policyname from pg_policies
     where schemaname in ('public', 'private') and 'public' = any (roles) $$,
  'no policy applies to PUBLIC: each names the API roles it is for'
);

-- Exactly these policies ---------------------------------------------------------------------------
select policies_are('public', 'partnerships', array['partnerships_public_read'],
  'partnerships: public read only; never written through the API');
select policies_are('public', 'accounts', array['accounts_visible'],
  'accounts: read policy only');
select policies_are('public', 'memberships', array['memberships_visible'],
  'memberships: read policy only (roles change through set_staff_role)');
select policies_are('public', 'panels', array['panels_visible', 'panels_created_by_staff'],
  'panels: read and insert policies; changes only through functions');
select policies_are('public', 'panel_members', array['panel_members_visible'],
  'panel_members: read policy only; memberships change through functions');
select policies_are('public', 'audit_events', array['audit_events_for_leads'],
  'audit_events: read policy only (written by functions)');
select is_empty(
  $$ select tablename || ' ' || policyname from pg_policies
     where schemaname = 'private' $$,
  'private tables have no policies: nobody reaches them except through functions'
);

select policy_cmd_is('public', 'partnerships', 'partnerships_public_read', 'select', 'partnerships_public_read is for select');
select policy_roles_are('public', 'partnerships', 'partnerships_public_read', array['anon', 'authenticated'],
  'anyone, signed in or not, may read partnerships');
select policy_cmd_is('public', 'accounts', 'accounts_visible', 'select', 'accounts_visible is for select');
select policy_roles_are('public', 'accounts', 'accounts_visible', array['authenticated'], 'anonymous visitors see no accounts');
select policy_roles_are('public', 'memberships', 'memberships_visible', array['authenticated'], 'anonymous visitors see no memberships');
select policy_roles_are('public', 'panels', 'panels_visible', array['authenticated'], 'anonymous visitors see no panels (join codes)');
select policy_cmd_is('public', 'panels', 'panels_created_by_staff', 'insert', 'panels_created_by_staff is for insert');
select ok(not has_table_privilege('authenticated', 'public.panels', 'update')
  or not exists (select 1 from pg_policies where tablename = 'panels' and cmd = 'UPDATE'),
  'nobody updates a panel row directly');
select ok(not has_table_privilege('authenticated', 'public.panel_members', 'update'),
  'signed-in people have no update privilege on panel_members');
select policy_roles_are('public', 'panel_members', 'panel_members_visible', array['authenticated'],
  'anonymous visitors see no panel members');
select policy_roles_are('public', 'audit_events', 'audit_events_for_leads', array['authenticated'],
  'anonymous visitors see no audit events');

-- The private schema: no table privileges for the API roles ----------------------------------------
select table_privs_are('private', 'staff_credentials', 'anon', array[]::text[], 'anon has no privileges on staff_credentials');
select table_privs_are('private', 'staff_credentials', 'authenticated', array[]::text[], 'authenticated has no privileges on staff_credentials');
select table_privs_are('private', 'young_person_credentials', 'anon', array[]::text[], 'anon has no privileges on young_person_credentials');
select table_privs_are('private', 'young_person_credentials', 'authenticated', array[]::text[], 'authenticated has no privileges on young_person_credentials');
select table_privs_are('private', 'sessions', 'anon', array[]::text[], 'anon has no privileges on sessions');
select table_privs_are('private', 'sessions', 'authenticated', array[]::text[], 'authenticated has no privileges on sessions');
select table_privs_are('private', 'rate_limits', 'anon', array[]::text[], 'anon has no privileges on rate_limits');
select table_privs_are('private', 'rate_limits', 'authenticated', array[]::text[], 'authenticated has no privileges on rate_limits');

-- Indexes behind the policies' filters --------------------------------------------------------------
select has_index('public', 'memberships', 'memberships_account_idx', array['account_id'], 'memberships are indexed by account (policy helpers filter on it)');
select has_index('public', 'panels', 'panels_partnership_idx', array['partnership_id'], 'panels are indexed by partnership');
select has_index('public', 'panel_members', 'panel_members_account_idx', array['account_id'], 'panel members are indexed by account');

select * from finish();
rollback;
