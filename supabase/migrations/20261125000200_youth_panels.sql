-- Youth panels: set-up, joining with approval, ideas (pre-moderated), recommendations that owe a
-- response, meetings with attendance counts, and offline participation. Lundy's model throughout:
-- members see what they can change (space, voice), recommendations name who must answer
-- (audience) and carry a due date (influence).

-- ---------------------------------------------------------------------------------------------
-- Panels: what a panel is for, and who runs and hears it
-- ---------------------------------------------------------------------------------------------

alter table public.panels
  add column audience_age_bands text[] not null default '{10-12,13-15}'
    check (audience_age_bands <@ '{10-12,13-15,16-18}'::text[] and cardinality(audience_age_bands) > 0),
  add column area text not null default '' check (length(area) <= 200),
  add column meeting_rhythm text not null default '' check (length(meeting_rhythm) <= 200),
  add column can_change text not null default '' check (length(can_change) <= 2000),
  add column cannot_change text not null default '' check (length(cannot_change) <= 2000);

-- Facilitators who run the panel and commissioners it advises (each must hold that role in the
-- panel's partnership: checked by set_panel_staff).
create table public.panel_staff (
  panel_id uuid not null references public.panels (id) on delete cascade,
  account_id uuid not null references public.accounts (id) on delete cascade,
  role text not null check (role in ('facilitator', 'commissioner')),
  primary key (panel_id, account_id, role)
);
create index panel_staff_account_idx on public.panel_staff (account_id);

-- A facilitator may remove a member; that is different from the member choosing to leave.
alter table public.panel_members drop constraint panel_members_status_check;
alter table public.panel_members add constraint panel_members_status_check
  check (status in ('pending', 'active', 'left', 'removed'));

-- ---------------------------------------------------------------------------------------------
-- Ideas: written by members, seen by others only once a facilitator has approved them
-- ---------------------------------------------------------------------------------------------

create table public.ideas (
  id uuid primary key default gen_random_uuid(),
  panel_id uuid not null references public.panels (id) on delete cascade,
  author_id uuid references public.accounts (id) on delete set null,
  title text not null check (length(btrim(title)) between 3 and 120),
  body text not null default '' check (length(body) <= 2000),
  status text not null default 'pending' check (status in ('pending', 'approved', 'rejected')),
  -- a kind reason code shown to the author when an idea is not shared
  reject_reason text check (reject_reason in ('contact_details', 'unkind', 'off_topic', 'duplicate', 'other')),
  created_at timestamptz not null default now(),
  moderated_at timestamptz,
  moderated_by uuid references public.accounts (id) on delete set null,
  constraint rejected_ideas_have_reasons check ((status = 'rejected') = (reject_reason is not null))
);
create index ideas_panel_idx on public.ideas (panel_id, status);
create index ideas_author_idx on public.ideas (author_id);

-- ---------------------------------------------------------------------------------------------
-- Recommendations: what the panel asks a named commissioner to do. Each owes a response by a date.
-- ---------------------------------------------------------------------------------------------

create table public.recommendations (
  id uuid primary key default gen_random_uuid(),
  panel_id uuid not null references public.panels (id) on delete cascade,
  commissioner_id uuid not null references public.accounts (id),
  title text not null check (length(btrim(title)) between 3 and 160),
  body text not null check (length(btrim(body)) between 1 and 4000),
  supporters integer not null check (supporters >= 0),
  members_present integer not null check (members_present >= 0),
  recorded_by uuid references public.accounts (id) on delete set null,
  recorded_at timestamptz not null default now(),
  response_due_at timestamptz not null,
  constraint supporters_were_there check (supporters <= members_present),
  constraint due_after_recording check (response_due_at > recorded_at)
);
create index recommendations_panel_idx on public.recommendations (panel_id);
create index recommendations_commissioner_idx on public.recommendations (commissioner_id);

create table public.recommendation_ideas (
  recommendation_id uuid not null references public.recommendations (id) on delete cascade,
  idea_id uuid not null references public.ideas (id) on delete cascade,
  primary key (recommendation_id, idea_id)
);
create index recommendation_ideas_idea_idx on public.recommendation_ideas (idea_id);

-- ---------------------------------------------------------------------------------------------
-- Meetings and attendance. Members never see who came: only how many.
-- ---------------------------------------------------------------------------------------------

create table public.meetings (
  id uuid primary key default gen_random_uuid(),
  panel_id uuid not null references public.panels (id) on delete cascade,
  starts_at timestamptz not null,
  agenda text not null default '' check (length(agenda) <= 4000),
  notes text not null default '' check (length(notes) <= 8000),
  notes_published_at timestamptz,
  created_by uuid references public.accounts (id) on delete set null,
  created_at timestamptz not null default now()
);
create index meetings_panel_idx on public.meetings (panel_id, starts_at desc);

create table public.meeting_attendance (
  meeting_id uuid not null references public.meetings (id) on delete cascade,
  account_id uuid not null references public.accounts (id) on delete cascade,
  recorded_by uuid references public.accounts (id) on delete set null,
  recorded_at timestamptz not null default now(),
  primary key (meeting_id, account_id)
);
create index meeting_attendance_account_idx on public.meeting_attendance (account_id);

-- ---------------------------------------------------------------------------------------------
-- Offline participation: views gathered on paper or in a room without accounts still count.
-- ---------------------------------------------------------------------------------------------

create table public.offline_participation (
  id uuid primary key default gen_random_uuid(),
  partnership_id uuid not null references public.partnerships (id) on delete cascade,
  panel_id uuid references public.panels (id) on delete set null,
  activity text not null check (length(btrim(activity)) between 3 and 200),
  place text not null check (length(btrim(place)) between 2 and 200),
  gathered_on date not null,
  participants integer not null check (participants between 1 and 100000),
  -- [{ "option": "A", "count": 9 }, …]: what they said, when it was a choice
  results jsonb not null default '[]' check (jsonb_typeof(results) = 'array'),
  recorded_by uuid references public.accounts (id) on delete set null,
  recorded_at timestamptz not null default now()
);
create index offline_participation_partnership_idx on public.offline_participation (partnership_id, gathered_on desc);

-- ---------------------------------------------------------------------------------------------
-- Helpers
-- ---------------------------------------------------------------------------------------------

create function private.panel_partnership(p_panel uuid) returns uuid
language sql stable security definer set search_path = '' as $$
  select partnership_id from public.panels where id = p_panel
$$;

-- Facilitators and partnership admins manage a panel's members, ideas, meetings and records.
create function private.manages_panel(p_panel uuid) returns boolean
language sql stable security definer set search_path = '' as $$
  select private.has_role(private.panel_partnership(p_panel), '{partnership_admin,facilitator}')
$$;

create function private.panel_is_open(p_panel uuid) returns boolean
language sql stable security definer set search_path = '' as $$
  select exists (select 1 from public.panels where id = p_panel and archived_at is null)
$$;

-- Phone numbers, emails, web addresses, @handles and UK postcodes. The app explains first; this
-- is the rule the database keeps whoever calls it.
create function public.has_contact_details(p_text text) returns boolean
language sql immutable set search_path = '' as $$
  select coalesce(p_text, '') ~* any (array[
    '[a-z0-9._%+-]+@[a-z0-9-]{2,}',
    '(^|[^a-z0-9])@[a-z_][a-z0-9_.]+',
    '(https?://|www\.)',
    '[a-z0-9-]+\.(com|co\.uk|uk|org|net|io|ly|gg|tv|app)([^a-z0-9-]|$)',
    '[a-z0-9-]+\.[a-z]{2,}/',
    '(\+?\d[ \t\n\r\f\v\u00a0\u2000-\u200b\u202f\u205f\u3000().-]*){10,}',
    '(^|[^a-z0-9])([beglmnsw]|[a-pr-uwyz][a-hk-y])[0-9][a-z0-9]?\s*[0-9][abd-hjlnp-uw-z]{2}($|[^a-z0-9])'
  ])
$$;

revoke all on function private.panel_partnership(uuid), private.manages_panel(uuid), private.panel_is_open(uuid) from public;
grant execute on function private.panel_partnership(uuid), private.manages_panel(uuid), private.panel_is_open(uuid)
  to anon, authenticated, service_role;

-- ---------------------------------------------------------------------------------------------
-- Row-level security
-- ---------------------------------------------------------------------------------------------

alter table public.panel_staff enable row level security;
alter table public.ideas enable row level security;
alter table public.recommendations enable row level security;
alter table public.recommendation_ideas enable row level security;
alter table public.meetings enable row level security;
alter table public.meeting_attendance enable row level security;
alter table public.offline_participation enable row level security;

create policy panel_staff_visible on public.panel_staff
  for select to authenticated
  using ((select private.is_staff_of(private.panel_partnership(panel_id))) or (select private.is_active_member(panel_id)));

-- An idea is seen by its author, by the panel's managers, and by active members once approved.
create policy ideas_visible on public.ideas
  for select to authenticated
  using (
    author_id = (select auth.uid())
    or (select private.manages_panel(panel_id))
    or (status = 'approved' and (select private.is_active_member(panel_id)))
    or (status = 'approved' and (select private.is_staff_of(private.panel_partnership(panel_id))))
  );

create policy recommendations_visible on public.recommendations
  for select to authenticated
  using ((select private.is_staff_of(private.panel_partnership(panel_id))) or (select private.is_active_member(panel_id)));

create policy recommendation_ideas_visible on public.recommendation_ideas
  for select to authenticated
  using (exists (select 1 from public.recommendations r where r.id = recommendation_id));

-- Members read meetings through panel_meetings(), which hides unpublished notes.
create policy meetings_for_staff on public.meetings
  for select to authenticated
  using ((select private.is_staff_of(private.panel_partnership(panel_id))));

create policy meeting_attendance_for_managers on public.meeting_attendance
  for select to authenticated
  using (exists (select 1 from public.meetings m where m.id = meeting_id and (select private.manages_panel(m.panel_id))));

create policy offline_participation_for_staff on public.offline_participation
  for select to authenticated
  using ((select private.is_staff_of(partnership_id)));

-- All writes go through the functions below: no insert/update/delete policies on these tables.

-- ---------------------------------------------------------------------------------------------
-- Functions: panel set-up (staff)
-- ---------------------------------------------------------------------------------------------

create function private.require_manager(p_panel uuid) returns uuid
language plpgsql stable security definer set search_path = '' as $$
declare v_partnership uuid := private.panel_partnership(p_panel);
begin
  if v_partnership is null or not private.has_role(v_partnership, '{partnership_admin,facilitator}') then
    raise exception 'Only the panel''s facilitators can do that' using errcode = '42501';
  end if;
  return v_partnership;
end
$$;
revoke all on function private.require_manager(uuid) from public;
grant execute on function private.require_manager(uuid) to authenticated, service_role;

create function private.require_open(p_panel uuid) returns void
language plpgsql stable security definer set search_path = '' as $$
begin
  if not private.panel_is_open(p_panel) then
    raise exception 'This panel is archived: it can be read but not changed' using errcode = 'PT409';
  end if;
end
$$;
revoke all on function private.require_open(uuid) from public;
grant execute on function private.require_open(uuid) to authenticated, service_role;

create function public.update_panel(
  p_panel uuid, p_name text, p_purpose text, p_audience_age_bands text[], p_area text,
  p_meeting_rhythm text, p_can_change text, p_cannot_change text, p_requires_approval boolean
) returns void
language plpgsql security definer set search_path = '' as $$
declare v_partnership uuid := private.require_manager(p_panel);
begin
  perform private.require_open(p_panel);
  update public.panels set name = btrim(p_name), purpose = btrim(p_purpose),
    audience_age_bands = p_audience_age_bands, area = btrim(p_area), meeting_rhythm = btrim(p_meeting_rhythm),
    can_change = btrim(p_can_change), cannot_change = btrim(p_cannot_change), requires_approval = p_requires_approval
  where id = p_panel;
  insert into public.audit_events (partnership_id, actor_id, action, subject_id)
    values (v_partnership, auth.uid(), 'panel.updated', p_panel);
end
$$;

-- Adds or removes a facilitator or an advised commissioner; they must hold that partnership role.
create function public.set_panel_staff(p_panel uuid, p_account uuid, p_role text, p_on boolean) returns void
language plpgsql security definer set search_path = '' as $$
declare v_partnership uuid := private.require_manager(p_panel);
begin
  perform private.require_open(p_panel);
  if p_on then
    if not exists (select 1 from public.memberships where partnership_id = v_partnership and account_id = p_account and role = p_role) then
      raise exception 'That person does not have the % role in this partnership', p_role using errcode = '22023';
    end if;
    insert into public.panel_staff (panel_id, account_id, role) values (p_panel, p_account, p_role) on conflict do nothing;
  else
    delete from public.panel_staff where panel_id = p_panel and account_id = p_account and role = p_role;
  end if;
end
$$;

create function public.rotate_join_code(p_panel uuid, p_expires_at timestamptz) returns text
language plpgsql security definer set search_path = '' as $$
declare v_partnership uuid := private.require_manager(p_panel); v_code text;
begin
  perform private.require_open(p_panel);
  if p_expires_at is not null and p_expires_at <= now() then
    raise exception 'The expiry must be in the future' using errcode = '22023';
  end if;
  update public.panels set join_code = private.new_join_code(), join_code_expires_at = p_expires_at
    where id = p_panel returning join_code into v_code;
  insert into public.audit_events (partnership_id, actor_id, action, subject_id)
    values (v_partnership, auth.uid(), 'panel.join_code_rotated', p_panel);
  return v_code;
end
$$;

create function public.archive_panel(p_panel uuid) returns void
language plpgsql security definer set search_path = '' as $$
declare v_partnership uuid := private.require_manager(p_panel);
begin
  update public.panels set archived_at = now() where id = p_panel and archived_at is null;
  if found then
    insert into public.audit_events (partnership_id, actor_id, action, subject_id)
      values (v_partnership, auth.uid(), 'panel.archived', p_panel);
  end if;
end
$$;

-- Admit a pending member, or remove a member. Removal takes them off the list at once.
create function public.set_member_status(p_panel uuid, p_account uuid, p_status text) returns void
language plpgsql security definer set search_path = '' as $$
declare v_partnership uuid := private.require_manager(p_panel);
begin
  perform private.require_open(p_panel);
  if p_status not in ('active', 'removed') then
    raise exception 'A member can be admitted or removed' using errcode = '22023';
  end if;
  update public.panel_members
    set status = p_status, left_at = case when p_status = 'removed' then now() end
    where panel_id = p_panel and account_id = p_account and status in ('pending', 'active');
  if not found then
    raise exception 'That person is not on this panel' using errcode = 'PT404';
  end if;
  -- Removed from their only panel: signed out everywhere now, not at the next idle timeout.
  if p_status = 'removed' and not exists (
       select 1 from public.panel_members where account_id = p_account and status in ('pending', 'active')) then
    update private.sessions set revoked_at = now() where account_id = p_account and revoked_at is null;
  end if;
  insert into public.audit_events (partnership_id, actor_id, action, subject_id, details)
    values (v_partnership, auth.uid(), 'member.' || p_status, p_account, jsonb_build_object('panel', p_panel));
end
$$;

-- ---------------------------------------------------------------------------------------------
-- Functions: ideas
-- ---------------------------------------------------------------------------------------------

create function public.post_idea(p_panel uuid, p_title text, p_body text) returns uuid
language plpgsql security definer set search_path = '' as $$
declare v_id uuid;
begin
  if not private.is_active_member(p_panel) then
    raise exception 'Only members of this panel can share ideas here' using errcode = '42501';
  end if;
  perform private.require_open(p_panel);
  if public.has_contact_details(p_title) or public.has_contact_details(p_body) then
    raise exception 'To keep you safe, ideas cannot include contact details' using errcode = '22023';
  end if;
  insert into public.ideas (panel_id, author_id, title, body) values (p_panel, auth.uid(), btrim(p_title), btrim(coalesce(p_body, '')))
    returning id into v_id;
  return v_id;
end
$$;

create function public.moderate_idea(p_idea uuid, p_approve boolean, p_reason text) returns void
language plpgsql security definer set search_path = '' as $$
declare v_panel uuid;
begin
  select panel_id into v_panel from public.ideas where id = p_idea;
  if v_panel is null then
    raise exception 'No such idea' using errcode = 'PT404';
  end if;
  perform private.require_manager(v_panel);
  perform private.require_open(v_panel);
  if not coalesce(p_approve, false)
     and (p_reason is null or p_reason not in ('contact_details', 'unkind', 'off_topic', 'duplicate', 'other')) then
    raise exception 'Say why the idea is not shared' using errcode = '22023';
  end if;
  update public.ideas
    set status = case when p_approve then 'approved' else 'rejected' end,
        reject_reason = case when p_approve then null else p_reason end,
        moderated_at = now(), moderated_by = auth.uid()
    where id = p_idea;
end
$$;

-- ---------------------------------------------------------------------------------------------
-- Functions: recommendations (recorded by a facilitator after a meeting)
-- ---------------------------------------------------------------------------------------------

create function public.record_recommendation(
  p_panel uuid, p_commissioner uuid, p_title text, p_body text, p_supporters integer,
  p_members_present integer, p_idea_ids uuid[], p_response_due_at timestamptz
) returns uuid
language plpgsql security definer set search_path = '' as $$
declare v_partnership uuid := private.require_manager(p_panel); v_id uuid; v_weeks integer;
begin
  perform private.require_open(p_panel);
  if not exists (select 1 from public.memberships where partnership_id = v_partnership and account_id = p_commissioner and role = 'commissioner') then
    raise exception 'A recommendation must go to a commissioner of this partnership' using errcode = '22023';
  end if;
  if exists (select 1 from unnest(coalesce(p_idea_ids, '{}')) i
             where not exists (select 1 from public.ideas where id = i and panel_id = p_panel and status = 'approved')) then
    raise exception 'Only this panel''s approved ideas can be part of a recommendation' using errcode = '22023';
  end if;
  select response_due_weeks into v_weeks from public.partnerships where id = v_partnership;
  insert into public.recommendations (panel_id, commissioner_id, title, body, supporters, members_present, recorded_by, response_due_at)
    values (p_panel, p_commissioner, btrim(p_title), btrim(p_body), p_supporters, p_members_present, auth.uid(),
            coalesce(p_response_due_at, now() + make_interval(weeks => v_weeks)))
    returning id into v_id;
  insert into public.recommendation_ideas (recommendation_id, idea_id)
    select v_id, i from unnest(coalesce(p_idea_ids, '{}')) i on conflict do nothing;
  insert into public.audit_events (partnership_id, actor_id, action, subject_id)
    values (v_partnership, auth.uid(), 'recommendation.recorded', v_id);
  return v_id;
end
$$;

-- Everything that owes young people a "we did" response, with its due date. The feedback-loop
-- feature adds its other sources (consultations, budget results, live sessions) to this view.
create view public.owed_responses with (security_invoker = true) as
  select 'recommendation'::text as source_type, r.id as source_id, p.partnership_id, r.panel_id,
         r.title, r.commissioner_id as responsible_id, r.recorded_at as opened_at, r.response_due_at as due_at
  from public.recommendations r join public.panels p on p.id = r.panel_id;

-- ---------------------------------------------------------------------------------------------
-- Functions: meetings
-- ---------------------------------------------------------------------------------------------

create function public.create_meeting(p_panel uuid, p_starts_at timestamptz, p_agenda text) returns uuid
language plpgsql security definer set search_path = '' as $$
declare v_id uuid;
begin
  perform private.require_manager(p_panel);
  perform private.require_open(p_panel);
  insert into public.meetings (panel_id, starts_at, agenda, created_by)
    values (p_panel, p_starts_at, btrim(coalesce(p_agenda, '')), auth.uid()) returning id into v_id;
  return v_id;
end
$$;

-- The meeting's panel, once the caller is known to manage it.
create function private.require_meeting_manager(p_meeting uuid) returns uuid
language plpgsql stable security definer set search_path = '' as $$
declare v_panel uuid;
begin
  select panel_id into v_panel from public.meetings where id = p_meeting;
  if v_panel is null then
    raise exception 'No such meeting' using errcode = 'PT404';
  end if;
  perform private.require_manager(v_panel);
  return v_panel;
end
$$;
revoke all on function private.require_meeting_manager(uuid) from public;
grant execute on function private.require_meeting_manager(uuid) to authenticated, service_role;

create function public.save_meeting_notes(p_meeting uuid, p_notes text, p_publish boolean) returns void
language plpgsql security definer set search_path = '' as $$
begin
  perform private.require_open(private.require_meeting_manager(p_meeting));
  update public.meetings set notes = btrim(coalesce(p_notes, '')),
    notes_published_at = case when p_publish then coalesce(notes_published_at, now()) else null end
  where id = p_meeting;
end
$$;

-- One tap per member on a phone: present or not.
create function public.set_attendance(p_meeting uuid, p_account uuid, p_present boolean) returns void
language plpgsql security definer set search_path = '' as $$
declare v_panel uuid := private.require_meeting_manager(p_meeting);
begin
  perform private.require_open(v_panel);
  if not exists (select 1 from public.panel_members where panel_id = v_panel and account_id = p_account and status = 'active') then
    raise exception 'That person is not a member of this panel' using errcode = '22023';
  end if;
  if p_present then
    insert into public.meeting_attendance (meeting_id, account_id, recorded_by) values (p_meeting, p_account, auth.uid())
      on conflict do nothing;
  else
    delete from public.meeting_attendance where meeting_id = p_meeting and account_id = p_account;
  end if;
end
$$;

-- What a member sees of their panel's meetings: notes only once published, attendance as a count.
create function public.panel_meetings(p_panel uuid)
returns table (id uuid, starts_at timestamptz, agenda text, notes text, notes_published_at timestamptz, attended integer)
language sql stable security definer set search_path = '' as $$
  select m.id, m.starts_at, m.agenda,
         case when m.notes_published_at is not null or private.is_staff_of(private.panel_partnership(m.panel_id)) then m.notes end,
         m.notes_published_at,
         (select count(*)::integer from public.meeting_attendance a where a.meeting_id = m.id)
  from public.meetings m
  where m.panel_id = p_panel
    and (private.is_active_member(p_panel) or private.is_staff_of(private.panel_partnership(p_panel)))
  order by m.starts_at desc
$$;

-- ---------------------------------------------------------------------------------------------
-- Functions: offline participation and the participation summary
-- ---------------------------------------------------------------------------------------------

create function public.record_offline_participation(
  p_partnership uuid, p_panel uuid, p_activity text, p_place text, p_gathered_on date, p_participants integer, p_results jsonb
) returns uuid
language plpgsql security definer set search_path = '' as $$
declare v_id uuid; v_total bigint;
begin
  if not private.has_role(p_partnership, '{partnership_admin,facilitator}') then
    raise exception 'Only facilitators can record offline participation' using errcode = '42501';
  end if;
  if p_panel is not null and private.panel_partnership(p_panel) is distinct from p_partnership then
    raise exception 'That panel is not in this partnership' using errcode = '22023';
  end if;
  if p_panel is not null then
    perform private.require_open(p_panel);
  end if;
  if p_gathered_on > (now() at time zone 'Europe/London')::date then
    raise exception 'The date cannot be in the future' using errcode = '22023';
  end if;
  if jsonb_typeof(coalesce(p_results, '[]')) <> 'array' or exists (
       select 1 from jsonb_array_elements(coalesce(p_results, '[]')) e
       where coalesce(jsonb_typeof(e -> 'option'), '') <> 'string' or coalesce(jsonb_typeof(e -> 'count'), '') <> 'number'
          or (e ->> 'count')::numeric < 0 or (e ->> 'count')::numeric <> floor((e ->> 'count')::numeric)) then
    raise exception 'Each result needs an option and a whole number' using errcode = '22023';
  end if;
  select coalesce(sum((e ->> 'count')::bigint), 0) into v_total from jsonb_array_elements(coalesce(p_results, '[]')) e;
  if v_total > p_participants then
    raise exception 'More votes (%) than people (%)', v_total, p_participants using errcode = '22023';
  end if;
  insert into public.offline_participation (partnership_id, panel_id, activity, place, gathered_on, participants, results, recorded_by)
    values (p_partnership, p_panel, btrim(p_activity), btrim(p_place), p_gathered_on, p_participants, coalesce(p_results, '[]'), auth.uid())
    returning id into v_id;
  return v_id;
end
$$;

-- For facilitators: how many took part in each activity. Never a ranking of individuals.
create function public.panel_participation_summary(p_panel uuid)
returns table (activity text, happened_at timestamptz, took_part integer, out_of integer)
language plpgsql stable security definer set search_path = '' as $$
declare v_members integer;
begin
  perform private.require_manager(p_panel);
  select count(*)::integer into v_members from public.panel_members where panel_id = p_panel and status = 'active';
  return query
    select 'meeting'::text, m.starts_at, (select count(*)::integer from public.meeting_attendance a where a.meeting_id = m.id), v_members
      from public.meetings m where m.panel_id = p_panel
    union all
    select 'ideas'::text, null::timestamptz, (select count(distinct author_id)::integer from public.ideas i where i.panel_id = p_panel), v_members
    union all
    select 'offline: ' || o.activity, o.gathered_on::timestamptz, o.participants, null::integer
      from public.offline_participation o where o.panel_id = p_panel
    order by 2 desc nulls first;
end
$$;

revoke execute on function
  public.update_panel(uuid, text, text, text[], text, text, text, text, boolean),
  public.set_panel_staff(uuid, uuid, text, boolean), public.rotate_join_code(uuid, timestamptz),
  public.archive_panel(uuid), public.set_member_status(uuid, uuid, text),
  public.post_idea(uuid, text, text), public.moderate_idea(uuid, boolean, text),
  public.record_recommendation(uuid, uuid, text, text, integer, integer, uuid[], timestamptz),
  public.create_meeting(uuid, timestamptz, text), public.save_meeting_notes(uuid, text, boolean),
  public.set_attendance(uuid, uuid, boolean), public.panel_meetings(uuid),
  public.record_offline_participation(uuid, uuid, text, text, date, integer, jsonb),
  public.panel_participation_summary(uuid)
  from public, anon;

-- ---------------------------------------------------------------------------------------------
-- What a young person's panel pages need that row-level security on the tables cannot give them:
-- two narrow read-only functions. Nothing here widens what a member may read about other members.
-- ---------------------------------------------------------------------------------------------

create function public.my_panels()
returns table (panel_id uuid, panel_name text, pseudonym text, status text, archived boolean, joined_at timestamptz)
language sql stable security definer set search_path = '' as $$
  select pm.panel_id, p.name, pm.pseudonym, pm.status, p.archived_at is not null, pm.joined_at
  from public.panel_members pm join public.panels p on p.id = pm.panel_id
  where pm.account_id = (select auth.uid()) and pm.status in ('pending', 'active')
  order by lower(p.name), pm.joined_at
$$;

-- Recommendations as a member sees them: what the panel asked, who must answer (the
-- commissioner's name, which accounts_visible keeps from young people) and by when (Lundy's
-- "audience" and "influence"). For the panel's active members and its partnership's staff only.
create function public.panel_recommendations_for_members(p_panel uuid)
returns table (id uuid, title text, body text, commissioner_name text, recorded_at timestamptz, response_due_at timestamptz)
language sql stable security definer set search_path = '' as $$
  select r.id, r.title, r.body, a.display_name, r.recorded_at, r.response_due_at
  from public.recommendations r join public.accounts a on a.id = r.commissioner_id
  where r.panel_id = p_panel
    and (private.is_active_member(p_panel) or private.is_staff_of(private.panel_partnership(p_panel)))
  order by r.response_due_at, r.recorded_at
$$;

revoke execute on function public.my_panels(), public.panel_recommendations_for_members(uuid) from public, anon;
grant execute on function public.my_panels(), public.panel_recommendations_for_members(uuid) to authenticated, service_role;
