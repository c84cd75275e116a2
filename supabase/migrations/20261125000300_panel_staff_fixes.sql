-- Fixes to the youth panels schema (…_youth_panels.sql) found while building the staff pages.
--
-- 1. An archived panel is read-only, but six staff functions still changed it: admitting or
--    removing members, choosing its facilitators and commissioners, checking ideas, meeting notes,
--    attendance and offline participation recorded against it. Each now refuses with PT409, as
--    update_panel, rotate_join_code, create_meeting and record_recommendation already did.
-- 2. moderate_idea accepted "not shared" without a valid reason and left the table's check
--    constraint to refuse it (23514, a message about constraints); it now says what is wrong (22023).
-- 3. archive_panel wrote a second "panel.archived" audit event when run on an archived panel.
-- 4. record_offline_participation compared the date with the database's current_date (UTC), so in
--    the first hour of a British Summer Time day "today" was refused as "in the future"; it now uses
--    the UK date. A result row without an "option" or "count" key slipped through its check (the
--    comparison with a missing key is null); it is now refused.
-- Signatures, grants and everything else are unchanged.

create or replace function public.set_panel_staff(p_panel uuid, p_account uuid, p_role text, p_on boolean) returns void
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

create or replace function public.archive_panel(p_panel uuid) returns void
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

create or replace function public.set_member_status(p_panel uuid, p_account uuid, p_status text) returns void
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
  insert into public.audit_events (partnership_id, actor_id, action, subject_id, details)
    values (v_partnership, auth.uid(), 'member.' || p_status, p_account, jsonb_build_object('panel', p_panel));
end
$$;

create or replace function public.moderate_idea(p_idea uuid, p_approve boolean, p_reason text) returns void
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

create or replace function public.save_meeting_notes(p_meeting uuid, p_notes text, p_publish boolean) returns void
language plpgsql security definer set search_path = '' as $$
declare v_panel uuid;
begin
  select panel_id into v_panel from public.meetings where id = p_meeting;
  if v_panel is null then
    raise exception 'No such meeting' using errcode = 'PT404';
  end if;
  perform private.require_manager(v_panel);
  perform private.require_open(v_panel);
  update public.meetings set notes = btrim(coalesce(p_notes, '')),
    notes_published_at = case when p_publish then coalesce(notes_published_at, now()) else null end
  where id = p_meeting;
end
$$;

create or replace function public.set_attendance(p_meeting uuid, p_account uuid, p_present boolean) returns void
language plpgsql security definer set search_path = '' as $$
declare v_panel uuid;
begin
  select panel_id into v_panel from public.meetings where id = p_meeting;
  if v_panel is null then
    raise exception 'No such meeting' using errcode = 'PT404';
  end if;
  perform private.require_manager(v_panel);
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

create or replace function public.record_offline_participation(
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
