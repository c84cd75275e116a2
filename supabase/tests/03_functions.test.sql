-- The functions: they exist, run with the right security and a fixed search_path, and only the
-- right roles may call them (the sign-in machinery is for the service role alone).
begin;
create extension if not exists pgtap with schema extensions;
select plan(77);

-- Functions for signed-in people: security definer, checking the caller themselves ----------------
select is_definer('public', 'create_partnership', array['text', 'text'], 'create_partnership is security definer');
select is_definer('public', 'set_staff_role', array['uuid', 'uuid', 'text', 'boolean'], 'set_staff_role is security definer');
select is_definer('public', 'reset_member_passphrase', array['uuid', 'uuid', 'text'], 'reset_member_passphrase is security definer');
select is_definer('public', 'leave_panel', array['uuid'], 'leave_panel is security definer');
select is_definer('public', 'my_sessions', array[]::text[], 'my_sessions is security definer');
select is_definer('public', 'revoke_my_session', array['uuid'], 'revoke_my_session is security definer');

-- The sign-in machinery ------------------------------------------------------------------------------
select is_definer('public', 'auth_rate_limit_hit', array['text', 'integer', 'integer'], 'auth_rate_limit_hit is security definer');
select is_definer('public', 'auth_rate_limit_count', array['text', 'integer'], 'auth_rate_limit_count is security definer');
select is_definer('public', 'auth_rate_limit_clear', array['text'], 'auth_rate_limit_clear is security definer');
select is_definer('public', 'auth_staff_credentials', array['text'], 'auth_staff_credentials is security definer');
select is_definer('public', 'auth_create_staff', array['text', 'text', 'text'], 'auth_create_staff is security definer');
select is_definer('public', 'auth_panel_by_code', array['text'], 'auth_panel_by_code is security definer');
select is_definer('public', 'auth_join_panel', array['text', 'text', 'text', 'text', 'text'], 'auth_join_panel is security definer');
select is_definer('public', 'auth_young_person_credentials', array['text', 'text'], 'auth_young_person_credentials is security definer');
select is_definer('public', 'auth_create_session', array['uuid', 'text', 'text', 'integer', 'integer'], 'auth_create_session is security definer');
select is_definer('public', 'auth_session', array['text'], 'auth_session is security definer');
select is_definer('public', 'auth_end_session', array['text'], 'auth_end_session is security definer');

-- Policy helpers: security definer and stable, as the design asks --------------------------------
select is_definer('private', 'has_role', array['uuid', 'text[]'], 'private.has_role is security definer');
select is_definer('private', 'is_staff_of', array['uuid'], 'private.is_staff_of is security definer');
select is_definer('private', 'is_platform_admin', array[]::text[], 'private.is_platform_admin is security definer');
select is_definer('private', 'is_active_member', array['uuid'], 'private.is_active_member is security definer');
select is_definer('private', 'can_see_account', array['uuid'], 'private.can_see_account is security definer');
select volatility_is('private', 'has_role', array['uuid', 'text[]'], 'stable', 'private.has_role is stable');
select volatility_is('private', 'is_staff_of', array['uuid'], 'stable', 'private.is_staff_of is stable');
select volatility_is('private', 'is_platform_admin', array[]::text[], 'stable', 'private.is_platform_admin is stable');
select volatility_is('private', 'is_active_member', array['uuid'], 'stable', 'private.is_active_member is stable');
select volatility_is('private', 'can_see_account', array['uuid'], 'stable', 'private.can_see_account is stable');

-- Functions that need no privileges run as the caller --------------------------------------------
select isnt_definer('public', 'normalise_join_code', array['text'], 'normalise_join_code runs as the caller');
select volatility_is('public', 'normalise_join_code', array['text'], 'immutable', 'normalise_join_code is immutable');
select isnt_definer('private', 'new_join_code', array[]::text[], 'private.new_join_code runs as the caller');
select volatility_is('private', 'new_join_code', array[]::text[], 'volatile', 'private.new_join_code is volatile (random)');

-- Every security definer function (now and later) pins its search_path ---------------------------
select is_empty(
  $$ select p.oid::regprocedure::text from pg_proc p join pg_namespace n on n.oid = p.pronamespace
     where n.nspname in ('public', 'private') and p.prosecdef
       and not exists (select 1 from unnest(coalesce(p.proconfig, '{}')) c where c like 'search\_path=%') $$,
  'every security definer function in public and private sets its own search_path'
);

-- Who may execute the sign-in machinery: the service role, nobody else ---------------------------
select is_empty(
  $$ select p.oid::regprocedure::text from pg_proc p join pg_namespace n on n.oid = p.pronamespace
     where n.nspname = 'public' and p.proname like 'auth\_%'
       and (has_function_privilege('anon', p.oid, 'execute') or has_function_privilege('authenticated', p.oid, 'execute')
            or exists (select 1 from aclexplode(coalesce(p.proacl, acldefault('f', p.proowner))) a where a.grantee = 0)) $$,
  'no auth_* function (now or later) is executable by anon, authenticated or PUBLIC'
);
select is(
  (select count(*)::int from pg_proc p join pg_namespace n on n.oid = p.pronamespace
   where n.nspname = 'public' and p.proname like 'auth\_%'),
  11, 'the sign-in machinery is the 11 auth_* functions checked here'
);
select function_privs_are('public', 'auth_rate_limit_hit', array['text', 'integer', 'integer'], 'service_role', array['EXECUTE'], 'service_role may execute auth_rate_limit_hit');
select function_privs_are('public', 'auth_rate_limit_hit', array['text', 'integer', 'integer'], 'anon', array[]::text[], 'anon may not execute auth_rate_limit_hit');
select function_privs_are('public', 'auth_rate_limit_hit', array['text', 'integer', 'integer'], 'authenticated', array[]::text[], 'authenticated may not execute auth_rate_limit_hit');
select function_privs_are('public', 'auth_rate_limit_count', array['text', 'integer'], 'service_role', array['EXECUTE'], 'service_role may execute auth_rate_limit_count');
select function_privs_are('public', 'auth_rate_limit_count', array['text', 'integer'], 'authenticated', array[]::text[], 'authenticated may not execute auth_rate_limit_count');
select function_privs_are('public', 'auth_rate_limit_clear', array['text'], 'service_role', array['EXECUTE'], 'service_role may execute auth_rate_limit_clear');
select function_privs_are('public', 'auth_rate_limit_clear', array['text'], 'authenticated', array[]::text[], 'authenticated may not execute auth_rate_limit_clear');
select function_privs_are('public', 'auth_staff_credentials', array['text'], 'service_role', array['EXECUTE'], 'service_role may execute auth_staff_credentials');
select function_privs_are('public', 'auth_staff_credentials', array['text'], 'anon', array[]::text[], 'anon may not read staff password hashes');
select function_privs_are('public', 'auth_staff_credentials', array['text'], 'authenticated', array[]::text[], 'authenticated may not read staff password hashes');
select function_privs_are('public', 'auth_create_staff', array['text', 'text', 'text'], 'service_role', array['EXECUTE'], 'service_role may execute auth_create_staff');
select function_privs_are('public', 'auth_create_staff', array['text', 'text', 'text'], 'authenticated', array[]::text[], 'authenticated may not create staff accounts');
select function_privs_are('public', 'auth_panel_by_code', array['text'], 'service_role', array['EXECUTE'], 'service_role may execute auth_panel_by_code');
select function_privs_are('public', 'auth_panel_by_code', array['text'], 'anon', array[]::text[], 'anon may not probe join codes directly');
select function_privs_are('public', 'auth_join_panel', array['text', 'text', 'text', 'text', 'text'], 'service_role', array['EXECUTE'], 'service_role may execute auth_join_panel');
select function_privs_are('public', 'auth_join_panel', array['text', 'text', 'text', 'text', 'text'], 'anon', array[]::text[], 'anon may not join a panel without the server (rate limits)');
select function_privs_are('public', 'auth_young_person_credentials', array['text', 'text'], 'service_role', array['EXECUTE'], 'service_role may execute auth_young_person_credentials');
select function_privs_are('public', 'auth_young_person_credentials', array['text', 'text'], 'anon', array[]::text[], 'anon may not read passphrase hashes');
select function_privs_are('public', 'auth_young_person_credentials', array['text', 'text'], 'authenticated', array[]::text[], 'authenticated may not read passphrase hashes');
select function_privs_are('public', 'auth_create_session', array['uuid', 'text', 'text', 'integer', 'integer'], 'service_role', array['EXECUTE'], 'service_role may execute auth_create_session');
select function_privs_are('public', 'auth_create_session', array['uuid', 'text', 'text', 'integer', 'integer'], 'authenticated', array[]::text[], 'authenticated may not mint sessions');
select function_privs_are('public', 'auth_session', array['text'], 'service_role', array['EXECUTE'], 'service_role may execute auth_session');
select function_privs_are('public', 'auth_session', array['text'], 'anon', array[]::text[], 'anon may not look sessions up');
select function_privs_are('public', 'auth_end_session', array['text'], 'service_role', array['EXECUTE'], 'service_role may execute auth_end_session');
select function_privs_are('public', 'auth_end_session', array['text'], 'authenticated', array[]::text[], 'authenticated may not end sessions by hash');

-- Functions for signed-in people: authenticated yes, anon no ---------------------------------------
select function_privs_are('public', 'create_partnership', array['text', 'text'], 'anon', array[]::text[], 'anon may not execute create_partnership');
select function_privs_are('public', 'create_partnership', array['text', 'text'], 'authenticated', array['EXECUTE'], 'authenticated may execute create_partnership (it checks the caller)');
select function_privs_are('public', 'set_staff_role', array['uuid', 'uuid', 'text', 'boolean'], 'anon', array[]::text[], 'anon may not execute set_staff_role');
select function_privs_are('public', 'reset_member_passphrase', array['uuid', 'uuid', 'text'], 'anon', array[]::text[], 'anon may not execute reset_member_passphrase');
select function_privs_are('public', 'leave_panel', array['uuid'], 'anon', array[]::text[], 'anon may not execute leave_panel');
select function_privs_are('public', 'my_sessions', array[]::text[], 'anon', array[]::text[], 'anon may not execute my_sessions');
select function_privs_are('public', 'revoke_my_session', array['uuid'], 'anon', array[]::text[], 'anon may not execute revoke_my_session');
select function_privs_are('public', 'revoke_my_session', array['uuid'], 'authenticated', array['EXECUTE'], 'authenticated may execute revoke_my_session');

-- Private helpers are reachable by the API roles (policies call them), nothing else in private is --
select ok(has_function_privilege('anon', 'private.is_staff_of(uuid)', 'execute'), 'anon can evaluate policies that call private.is_staff_of');
select ok(has_function_privilege('authenticated', 'private.can_see_account(uuid)', 'execute'), 'authenticated can evaluate private.can_see_account');
select ok(not has_function_privilege('anon', 'private.new_join_code()', 'execute'), 'anon may not generate join codes');

-- normalise_join_code accepts what people type -----------------------------------------------------
select is(public.normalise_join_code('nrth bay7'), 'NRTHBAY7', 'normalise_join_code upper-cases and removes spaces');
select is(public.normalise_join_code('NRTH-BAY7'), 'NRTHBAY7', 'normalise_join_code removes hyphens');
select is(public.normalise_join_code(E' nrth-\tbay 7\n'), 'NRTHBAY7', 'normalise_join_code removes tabs, newlines and surrounding blanks');
select is(public.normalise_join_code(null), '', 'normalise_join_code turns null into an empty code (never matches)');

-- private.new_join_code: 8 symbols from the 30-symbol alphabet, no look-alikes, no repeats ------------
select is_empty(
  $$ select c from (select private.new_join_code() as c from generate_series(1, 500)) s
     where c !~ '^[ABCDEFGHJKMNPQRSTVWXYZ2-9]{8}$' $$,
  '500 new join codes are all 8 symbols from ABCDEFGHJKMNPQRSTVWXYZ23456789'
);
select is(
  (select count(distinct private.new_join_code())::int from generate_series(1, 500)),
  500, '500 new join codes are all different'
);
select is(
  (select count(distinct ch)::int
   from (select private.new_join_code() as c from generate_series(1, 500)) s,
        regexp_split_to_table(s.c, '') as ch),
  30, 'new join codes use every one of the 30 symbols (the alphabet is not truncated)'
);

select * from finish();
rollback;
