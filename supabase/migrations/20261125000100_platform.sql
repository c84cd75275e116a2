-- Platform foundation: partnerships (tenants), accounts, staff roles, panels and panel
-- membership, sessions and rate limits. Who may do what lives here, as row-level security and
-- security-definer functions, so every caller (a page, a socket event, a job) meets the same rules.
--
-- Supabase already provides the roles anon/authenticated/service_role and auth.uid()/auth.jwt();
-- embedded mode recreates them before the first migration (src/lib/server/db/bootstrap.ts).

create schema if not exists private;
-- Policies call the helper functions below as the caller, so the API roles need to reach them;
-- private tables themselves get no grants and are never exposed through the API.
grant usage on schema private to anon, authenticated, service_role;

-- ---------------------------------------------------------------------------------------------
-- Tables
-- ---------------------------------------------------------------------------------------------

create table public.partnerships (
  id uuid primary key default gen_random_uuid(),
  slug text not null unique check (slug ~ '^[a-z0-9]+(-[a-z0-9]+)*$' and length(slug) between 2 and 40),
  name text not null check (length(btrim(name)) between 2 and 120),
  -- default time a "we did" response is owed in, used by later features
  response_due_weeks integer not null default 12 check (response_due_weeks between 1 and 52),
  created_at timestamptz not null default now()
);

create table public.accounts (
  id uuid primary key default gen_random_uuid(),
  kind text not null check (kind in ('staff', 'young_person')),
  -- staff show their name to colleagues; young people are known only by a per-panel pseudonym
  display_name text check (display_name is null or length(btrim(display_name)) between 1 and 80),
  -- the only age data we hold about a young person
  age_band text check (age_band in ('10-12', '13-15', '16-18')),
  is_platform_admin boolean not null default false,
  created_at timestamptz not null default now(),
  constraint staff_have_names check (kind <> 'staff' or display_name is not null),
  constraint only_young_people_have_age_bands check ((kind = 'young_person') = (age_band is not null)),
  constraint only_staff_administer check (kind = 'staff' or not is_platform_admin)
);

create table public.memberships (
  partnership_id uuid not null references public.partnerships (id) on delete cascade,
  account_id uuid not null references public.accounts (id) on delete cascade,
  role text not null check (role in ('partnership_admin', 'commissioner', 'facilitator', 'safeguarding_lead')),
  created_at timestamptz not null default now(),
  primary key (partnership_id, account_id, role)
);
create index memberships_account_idx on public.memberships (account_id);

-- 8 characters from a 30-symbol alphabet without look-alikes (no 0/O, 1/I/L, U): ~39 bits,
-- hopeless to guess under the per-IP and per-code rate limits.
create function private.new_join_code() returns text
language sql volatile set search_path = '' as $$
  select string_agg(
    substr('ABCDEFGHJKMNPQRSTVWXYZ23456789',
      ((get_byte(b, 2 * i) * 256 + get_byte(b, 2 * i + 1)) % 30) + 1, 1), '')
  from (select uuid_send(gen_random_uuid()) as b) r, generate_series(0, 7) as i
$$;

-- Accepts what people type ("nrth bay7", "NRTH-BAY7") and gives the stored form.
create function public.normalise_join_code(p_code text) returns text
language sql immutable set search_path = '' as $$
  select upper(regexp_replace(coalesce(p_code, ''), '[\s-]', '', 'g'))
$$;

create table public.panels (
  id uuid primary key default gen_random_uuid(),
  partnership_id uuid not null references public.partnerships (id) on delete cascade,
  name text not null check (length(btrim(name)) between 2 and 120),
  purpose text not null default '' check (length(purpose) <= 2000),
  join_code text not null unique default private.new_join_code()
    check (join_code ~ '^[ABCDEFGHJKMNPQRSTVWXYZ2-9]{8}$'),
  join_code_expires_at timestamptz,
  requires_approval boolean not null default false,
  archived_at timestamptz,
  created_at timestamptz not null default now()
);
create index panels_partnership_idx on public.panels (partnership_id);

create table public.panel_members (
  panel_id uuid not null references public.panels (id) on delete cascade,
  account_id uuid not null references public.accounts (id) on delete cascade,
  -- Letters, digits, spaces, _ and - only: no email, @handle or URL can be written, and at most
  -- three digits so a phone number cannot hide in it. The app says so before the database does.
  pseudonym text not null check (
    pseudonym ~ '^[A-Za-z0-9][A-Za-z0-9 _-]{1,23}$'
    and pseudonym !~ '[0-9].*[0-9].*[0-9].*[0-9]'
  ),
  status text not null default 'active' check (status in ('pending', 'active', 'left')),
  privacy_notice_version text not null,
  joined_at timestamptz not null default now(),
  left_at timestamptz,
  primary key (panel_id, account_id)
);
create unique index panel_members_pseudonym_unique on public.panel_members (panel_id, lower(pseudonym));
create index panel_members_account_idx on public.panel_members (account_id);

-- Credentials never leave the private schema: only service-role functions read them.
create table private.staff_credentials (
  account_id uuid primary key references public.accounts (id) on delete cascade,
  email text not null,
  password_hash text not null
);
create unique index staff_credentials_email_unique on private.staff_credentials (lower(email));

create table private.young_person_credentials (
  account_id uuid primary key references public.accounts (id) on delete cascade,
  passphrase_hash text not null,
  reset_at timestamptz
);

create table private.sessions (
  id uuid primary key default gen_random_uuid(),
  -- SHA-256 of the cookie token, hex: a stolen table does not sign anybody in
  token_hash text not null unique check (token_hash ~ '^[0-9a-f]{64}$'),
  account_id uuid not null references public.accounts (id) on delete cascade,
  created_at timestamptz not null default now(),
  last_seen_at timestamptz not null default now(),
  idle_timeout interval not null,
  expires_at timestamptz not null,
  user_agent text not null default '' check (length(user_agent) <= 300),
  revoked_at timestamptz
);
create index sessions_account_idx on private.sessions (account_id);

create table private.rate_limits (
  bucket text not null,
  window_start timestamptz not null,
  hits integer not null default 0,
  primary key (bucket, window_start)
);

create table public.audit_events (
  id bigint generated always as identity primary key,
  at timestamptz not null default now(),
  partnership_id uuid references public.partnerships (id) on delete cascade,
  actor_id uuid references public.accounts (id) on delete set null,
  action text not null,
  subject_id uuid,
  details jsonb not null default '{}'
);
create index audit_events_partnership_idx on public.audit_events (partnership_id, at desc);

-- ---------------------------------------------------------------------------------------------
-- Helpers used by policies: security definer so a policy on one table can look at another
-- without recursion, stable so Postgres evaluates them once per statement.
-- ---------------------------------------------------------------------------------------------

create function private.has_role(p_partnership uuid, p_roles text[]) returns boolean
language sql stable security definer set search_path = '' as $$
  select exists (
    select 1 from public.memberships m
    where m.partnership_id = p_partnership and m.account_id = (select auth.uid()) and m.role = any (p_roles)
  )
$$;

create function private.is_staff_of(p_partnership uuid) returns boolean
language sql stable security definer set search_path = '' as $$
  select exists (
    select 1 from public.memberships m
    where m.partnership_id = p_partnership and m.account_id = (select auth.uid())
  )
$$;

create function private.is_platform_admin() returns boolean
language sql stable security definer set search_path = '' as $$
  select coalesce((select a.is_platform_admin from public.accounts a where a.id = (select auth.uid())), false)
$$;

create function private.is_active_member(p_panel uuid) returns boolean
language sql stable security definer set search_path = '' as $$
  select exists (
    select 1 from public.panel_members pm
    where pm.panel_id = p_panel and pm.account_id = (select auth.uid()) and pm.status = 'active'
  )
$$;

-- Accounts a staff member may see: colleagues in their partnerships and young people on their
-- partnerships' panels.
create function private.can_see_account(p_account uuid) returns boolean
language sql stable security definer set search_path = '' as $$
  select p_account = (select auth.uid())
    or exists (
      select 1 from public.memberships mine
      join public.memberships theirs on theirs.partnership_id = mine.partnership_id
      where mine.account_id = (select auth.uid()) and theirs.account_id = p_account
    )
    or exists (
      select 1 from public.memberships mine
      join public.panels p on p.partnership_id = mine.partnership_id
      join public.panel_members pm on pm.panel_id = p.id
      where mine.account_id = (select auth.uid()) and pm.account_id = p_account
    )
$$;

revoke all on all functions in schema private from public;
grant execute on function private.has_role(uuid, text[]), private.is_staff_of(uuid),
  private.is_platform_admin(), private.is_active_member(uuid), private.can_see_account(uuid)
  to anon, authenticated, service_role;
-- column default of panels.join_code, evaluated as the inserting role
grant execute on function private.new_join_code() to authenticated, service_role;

-- ---------------------------------------------------------------------------------------------
-- Row-level security: reads by policy; most writes go through the functions further down.
-- ---------------------------------------------------------------------------------------------

alter table public.partnerships enable row level security;
alter table public.accounts enable row level security;
alter table public.memberships enable row level security;
alter table public.panels enable row level security;
alter table public.panel_members enable row level security;
alter table public.audit_events enable row level security;
alter table private.staff_credentials enable row level security;
alter table private.young_person_credentials enable row level security;
alter table private.sessions enable row level security;
alter table private.rate_limits enable row level security;

-- A partnership's name and slug are public: its public page lives at /p/<slug>.
create policy partnerships_public_read on public.partnerships
  for select to anon, authenticated using (true);

create policy accounts_visible on public.accounts
  for select to authenticated using ((select private.can_see_account(id)));

create policy memberships_visible on public.memberships
  for select to authenticated
  using (account_id = (select auth.uid()) or (select private.is_staff_of(partnership_id)));

create policy panels_visible on public.panels
  for select to authenticated
  using ((select private.is_staff_of(partnership_id)) or (select private.is_active_member(id)));
create policy panels_created_by_staff on public.panels
  for insert to authenticated
  with check ((select private.has_role(partnership_id, '{partnership_admin,facilitator}')));
-- Panels change only through functions (update_panel, rotate_join_code, archive_panel), which keep
-- archived panels read-only and write the audit trail.

-- A member sees their own membership only: member lists are for facilitators, never for peers.
create policy panel_members_visible on public.panel_members
  for select to authenticated
  using (
    account_id = (select auth.uid())
    or exists (select 1 from public.panels p where p.id = panel_id and (select private.is_staff_of(p.partnership_id)))
  );
create policy audit_events_for_leads on public.audit_events
  for select to authenticated
  using ((select private.has_role(partnership_id, '{partnership_admin,safeguarding_lead}')));

-- Memberships change only through functions (joining, leave_panel, set_member_status): nobody
-- rewrites whose membership it is, its status or which privacy notice the young person was shown.
revoke insert, update, delete on public.panel_members from anon, authenticated;

-- ---------------------------------------------------------------------------------------------
-- Functions for signed-in people (security definer, checking the caller themselves)
-- ---------------------------------------------------------------------------------------------

create function public.create_partnership(p_slug text, p_name text) returns uuid
language plpgsql security definer set search_path = '' as $$
declare v_id uuid;
begin
  if not (select private.is_platform_admin()) then
    raise exception 'Only a platform admin can create a partnership' using errcode = '42501';
  end if;
  insert into public.partnerships (slug, name) values (lower(btrim(p_slug)), btrim(p_name)) returning id into v_id;
  insert into public.audit_events (partnership_id, actor_id, action, subject_id)
    values (v_id, auth.uid(), 'partnership.created', v_id);
  return v_id;
end
$$;

create function public.set_staff_role(p_partnership uuid, p_account uuid, p_role text, p_granted boolean)
returns void
language plpgsql security definer set search_path = '' as $$
begin
  if not (select private.has_role(p_partnership, '{partnership_admin}') or private.is_platform_admin()) then
    raise exception 'Only a partnership admin can change roles' using errcode = '42501';
  end if;
  if not exists (select 1 from public.accounts where id = p_account and kind = 'staff') then
    raise exception 'Roles are for staff accounts only' using errcode = '22023';
  end if;
  if p_granted then
    insert into public.memberships (partnership_id, account_id, role)
      values (p_partnership, p_account, p_role) on conflict do nothing;
  else
    if p_role = 'partnership_admin' and p_account = auth.uid() then
      raise exception 'You cannot remove your own admin role' using errcode = '22023';
    end if;
    delete from public.memberships where partnership_id = p_partnership and account_id = p_account and role = p_role;
  end if;
  insert into public.audit_events (partnership_id, actor_id, action, subject_id, details)
    values (p_partnership, auth.uid(), case when p_granted then 'role.granted' else 'role.revoked' end,
            p_account, jsonb_build_object('role', p_role));
end
$$;

-- A facilitator sets a new passphrase (hashed by the server) for a member of one of their
-- partnership's panels; the member's sessions end, and the reset is logged.
create function public.reset_member_passphrase(p_panel uuid, p_account uuid, p_passphrase_hash text)
returns void
language plpgsql security definer set search_path = '' as $$
declare v_partnership uuid;
begin
  select p.partnership_id into v_partnership
    from public.panels p join public.panel_members pm on pm.panel_id = p.id
    where p.id = p_panel and pm.account_id = p_account and pm.status in ('pending', 'active');
  if v_partnership is null or not (select private.has_role(v_partnership, '{partnership_admin,facilitator}')) then
    raise exception 'You can only reset passphrases for members of your own panels' using errcode = '42501';
  end if;
  if p_passphrase_hash !~ '^\$argon2id\$' then
    raise exception 'Passphrase must be hashed with argon2id' using errcode = '22023';
  end if;
  update private.young_person_credentials set passphrase_hash = p_passphrase_hash, reset_at = now()
    where account_id = p_account;
  update private.sessions set revoked_at = now() where account_id = p_account and revoked_at is null;
  insert into public.audit_events (partnership_id, actor_id, action, subject_id, details)
    values (v_partnership, auth.uid(), 'member.passphrase_reset', p_account, jsonb_build_object('panel', p_panel));
end
$$;

-- A member leaves a panel: they drop off the member list at once.
create function public.leave_panel(p_panel uuid) returns void
language plpgsql security definer set search_path = '' as $$
begin
  update public.panel_members set status = 'left', left_at = now()
    where panel_id = p_panel and account_id = auth.uid() and status in ('pending', 'active');
  if not found then
    raise exception 'You are not a member of this panel' using errcode = 'PT404';
  end if;
end
$$;

create function public.my_sessions()
returns table (id uuid, created_at timestamptz, last_seen_at timestamptz, expires_at timestamptz, user_agent text)
language sql stable security definer set search_path = '' as $$
  select s.id, s.created_at, s.last_seen_at, least(s.expires_at, s.last_seen_at + s.idle_timeout), s.user_agent
  from private.sessions s
  where s.account_id = auth.uid() and s.revoked_at is null
    and s.expires_at > now() and s.last_seen_at + s.idle_timeout > now()
  order by s.last_seen_at desc
$$;

create function public.revoke_my_session(p_session uuid) returns void
language plpgsql security definer set search_path = '' as $$
begin
  update private.sessions set revoked_at = now()
    where id = p_session and account_id = auth.uid() and revoked_at is null;
  if not found then
    raise exception 'No such session' using errcode = 'PT404';
  end if;
end
$$;

-- ---------------------------------------------------------------------------------------------
-- Sign-in machinery: service role only (the server's auth module). These read credentials and
-- sessions, which nobody else may reach.
-- ---------------------------------------------------------------------------------------------

-- Fixed-window counter. Returns true while the bucket is within its limit. Old windows are
-- swept opportunistically so the table stays small without a job.
create function public.auth_rate_limit_hit(p_bucket text, p_max integer, p_window_seconds integer)
returns boolean
language plpgsql security definer set search_path = '' as $$
declare v_window timestamptz := to_timestamp(floor(extract(epoch from now()) / p_window_seconds) * p_window_seconds);
        v_hits integer;
begin
  insert into private.rate_limits (bucket, window_start, hits) values (p_bucket, v_window, 1)
    on conflict (bucket, window_start) do update set hits = private.rate_limits.hits + 1
    returning hits into v_hits;
  if random() < 0.01 then
    delete from private.rate_limits where window_start < now() - interval '1 day';
  end if;
  return v_hits <= p_max;
end
$$;

create function public.auth_rate_limit_count(p_bucket text, p_window_seconds integer) returns integer
language sql stable security definer set search_path = '' as $$
  select coalesce(sum(hits), 0)::integer from private.rate_limits
  where bucket = p_bucket
    and window_start = to_timestamp(floor(extract(epoch from now()) / p_window_seconds) * p_window_seconds)
$$;

create function public.auth_rate_limit_clear(p_bucket text) returns void
language sql security definer set search_path = '' as $$
  delete from private.rate_limits where bucket = p_bucket
$$;

create function public.auth_staff_credentials(p_email text)
returns table (account_id uuid, password_hash text)
language sql stable security definer set search_path = '' as $$
  select c.account_id, c.password_hash from private.staff_credentials c where lower(c.email) = lower(btrim(p_email))
$$;

create function public.auth_create_staff(p_email text, p_name text, p_password_hash text) returns uuid
language plpgsql security definer set search_path = '' as $$
declare v_id uuid;
begin
  insert into public.accounts (kind, display_name) values ('staff', btrim(p_name)) returning id into v_id;
  insert into private.staff_credentials (account_id, email, password_hash) values (v_id, lower(btrim(p_email)), p_password_hash);
  return v_id;
end
$$;

create function public.auth_panel_by_code(p_code text)
returns table (panel_id uuid, panel_name text, partnership_name text, requires_approval boolean)
language sql stable security definer set search_path = '' as $$
  select p.id, p.name, pa.name, p.requires_approval
  from public.panels p join public.partnerships pa on pa.id = p.partnership_id
  where p.join_code = public.normalise_join_code(p_code)
    and p.archived_at is null
    and (p.join_code_expires_at is null or p.join_code_expires_at > now())
$$;

-- Creates the young person's account and panel membership in one transaction. A pseudonym that
-- is already taken on the panel fails with the unique violation (409 through the API).
create function public.auth_join_panel(
  p_code text, p_pseudonym text, p_age_band text, p_passphrase_hash text, p_privacy_notice_version text
) returns uuid
language plpgsql security definer set search_path = '' as $$
declare v_panel record; v_id uuid;
begin
  select * into v_panel from public.auth_panel_by_code(p_code);
  if v_panel.panel_id is null then
    raise exception 'That join code is not valid' using errcode = 'PT404';
  end if;
  insert into public.accounts (kind, age_band) values ('young_person', p_age_band) returning id into v_id;
  insert into public.panel_members (panel_id, account_id, pseudonym, status, privacy_notice_version)
    values (v_panel.panel_id, v_id, btrim(p_pseudonym),
            case when v_panel.requires_approval then 'pending' else 'active' end, p_privacy_notice_version);
  insert into private.young_person_credentials (account_id, passphrase_hash) values (v_id, p_passphrase_hash);
  return v_id;
end
$$;

create function public.auth_young_person_credentials(p_code text, p_pseudonym text)
returns table (account_id uuid, passphrase_hash text)
language sql stable security definer set search_path = '' as $$
  select c.account_id, c.passphrase_hash
  from public.panels p
  join public.panel_members pm on pm.panel_id = p.id
  join private.young_person_credentials c on c.account_id = pm.account_id
  where p.join_code = public.normalise_join_code(p_code)
    and p.archived_at is null
    and lower(pm.pseudonym) = lower(btrim(p_pseudonym))
    and pm.status in ('pending', 'active')
$$;

create function public.auth_create_session(
  p_account uuid, p_token_hash text, p_user_agent text, p_idle_seconds integer, p_absolute_seconds integer
) returns uuid
language sql security definer set search_path = '' as $$
  insert into private.sessions (token_hash, account_id, user_agent, idle_timeout, expires_at)
  values (p_token_hash, p_account, left(coalesce(p_user_agent, ''), 300),
          make_interval(secs => p_idle_seconds), now() + make_interval(secs => p_absolute_seconds))
  returning id
$$;

-- Looks a session up by token hash and, at most once a minute, slides its idle expiry. Returns
-- no row for an unknown, revoked or expired session.
create function public.auth_session(p_token_hash text)
returns table (session_id uuid, account_id uuid, kind text, display_name text, is_platform_admin boolean)
language plpgsql security definer set search_path = '' as $$
begin
  update private.sessions s set last_seen_at = now()
    where s.token_hash = p_token_hash and s.revoked_at is null
      and s.last_seen_at < now() - interval '1 minute'
      and s.expires_at > now() and s.last_seen_at + s.idle_timeout > now();
  return query
    select s.id, a.id, a.kind,
           coalesce(a.display_name,
             (select pm.pseudonym from public.panel_members pm
               where pm.account_id = a.id and pm.status in ('pending', 'active') order by pm.joined_at limit 1)),
           a.is_platform_admin
    from private.sessions s join public.accounts a on a.id = s.account_id
    where s.token_hash = p_token_hash and s.revoked_at is null
      and s.expires_at > now() and s.last_seen_at + s.idle_timeout > now();
end
$$;

create function public.auth_end_session(p_token_hash text) returns void
language sql security definer set search_path = '' as $$
  update private.sessions set revoked_at = now() where token_hash = p_token_hash and revoked_at is null
$$;

-- Supabase grants execute on new public functions to everyone; these are for the server only.
revoke execute on function
  public.auth_rate_limit_hit(text, integer, integer), public.auth_rate_limit_count(text, integer),
  public.auth_rate_limit_clear(text), public.auth_staff_credentials(text),
  public.auth_create_staff(text, text, text), public.auth_panel_by_code(text),
  public.auth_join_panel(text, text, text, text, text), public.auth_young_person_credentials(text, text),
  public.auth_create_session(uuid, text, text, integer, integer), public.auth_session(text),
  public.auth_end_session(text)
  from public, anon, authenticated;
grant execute on function
  public.auth_rate_limit_hit(text, integer, integer), public.auth_rate_limit_count(text, integer),
  public.auth_rate_limit_clear(text), public.auth_staff_credentials(text),
  public.auth_create_staff(text, text, text), public.auth_panel_by_code(text),
  public.auth_join_panel(text, text, text, text, text), public.auth_young_person_credentials(text, text),
  public.auth_create_session(uuid, text, text, integer, integer), public.auth_session(text),
  public.auth_end_session(text)
  to service_role;

revoke execute on function public.create_partnership(text, text), public.set_staff_role(uuid, uuid, text, boolean),
  public.reset_member_passphrase(uuid, uuid, text), public.leave_panel(uuid), public.my_sessions(),
  public.revoke_my_session(uuid)
  from public, anon;
