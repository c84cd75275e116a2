import type { Sql } from './driver';

/**
 * Recreates what every Supabase project already has, so the same migrations run unchanged on
 * PGlite and plain PostgreSQL: the API roles, the `auth` schema's `uid()`/`role()`/`jwt()` with
 * Supabase's own definitions, the `extensions` schema and Supabase's default grants on `public`
 * (so row-level security, not a missing grant, is what protects data, exactly as in production).
 *
 * Idempotent: everything is guarded, and the `auth` schema is only created where it is absent,
 * so pointing this at a real Supabase database would change nothing there.
 */
export const BOOTSTRAP_SQL = /* sql */ `
do $$
begin
  if not exists (select 1 from pg_roles where rolname = 'anon') then
    create role anon nologin noinherit;
  end if;
  if not exists (select 1 from pg_roles where rolname = 'authenticated') then
    create role authenticated nologin noinherit;
  end if;
  if not exists (select 1 from pg_roles where rolname = 'service_role') then
    create role service_role nologin noinherit bypassrls;
  end if;
end
$$;

create schema if not exists extensions;
grant usage on schema extensions to anon, authenticated, service_role;

do $$
begin
  if not exists (select 1 from pg_namespace where nspname = 'auth') then
    create schema auth;
    grant usage on schema auth to anon, authenticated, service_role;

    create function auth.uid() returns uuid language sql stable as $f$
      select coalesce(
        nullif(current_setting('request.jwt.claim.sub', true), ''),
        (nullif(current_setting('request.jwt.claims', true), '')::jsonb ->> 'sub')
      )::uuid
    $f$;

    create function auth.role() returns text language sql stable as $f$
      select coalesce(
        nullif(current_setting('request.jwt.claim.role', true), ''),
        (nullif(current_setting('request.jwt.claims', true), '')::jsonb ->> 'role')
      )::text
    $f$;

    create function auth.jwt() returns jsonb language sql stable as $f$
      select coalesce(
        nullif(current_setting('request.jwt.claim', true), ''),
        nullif(current_setting('request.jwt.claims', true), '')
      )::jsonb
    $f$;

    grant execute on all functions in schema auth to anon, authenticated, service_role;
  end if;
end
$$;

grant usage on schema public to anon, authenticated, service_role;
-- Default privileges only, as Supabase sets them: a blanket "grant all on all tables/routines"
-- here would run at every start and undo each migration's revokes (auth_* functions, column grants).
alter default privileges in schema public grant all on tables to anon, authenticated, service_role;
alter default privileges in schema public grant all on routines to anon, authenticated, service_role;
alter default privileges in schema public grant all on sequences to anon, authenticated, service_role;
`;

export async function bootstrap(sql: Sql): Promise<void> {
	await sql.exec(BOOTSTRAP_SQL);
}
