-- What a young person's panel pages (src/routes/me, src/routes/panels) need that row-level
-- security on the tables cannot give them, as two narrow read-only functions. Nothing here widens
-- what a member may read about other members: no pseudonyms, no account ids, no supporter counts.

-- A young person's own panels, with each panel's name even while they wait for a facilitator to
-- say yes (panels_visible hides a panel from a pending member, but they saw its name when they
-- joined). Only the caller's own memberships; a member who left or was removed is not listed.
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
