-- Schema for the gateway conformance tests (gateway.spec.ts) and nothing else. Loaded after
-- bootstrap(), so the default grants on `public` apply and row-level security is what protects data.

-- A read-mostly table with one column of each type the filters must compare correctly.
create table public.items (
  id integer primary key,
  name text not null,
  qty integer,
  price numeric,
  tag text,
  ref uuid not null,
  happened_at timestamptz,
  active boolean
);
alter table public.items enable row level security;
create policy items_read on public.items for select to anon, authenticated using (true);

insert into public.items (id, name, qty, price, tag, ref, happened_at, active) values
  (1, 'Apple',      9,    0.5,  'fruit', '00000000-0000-4000-8000-000000000001', '2026-01-01T10:00:00Z', true),
  (2, 'banana',     10,   0.25, 'fruit', '00000000-0000-4000-8000-000000000002', '2026-01-02T10:00:00Z', false),
  (3, 'Carrot',     100,  0.1,  'veg',   '00000000-0000-4000-8000-000000000003', '2026-01-03T10:00:00Z', null),
  (4, 'date',       null, 2,    'c,d',   '00000000-0000-4000-8000-000000000004', null,                   true),
  (5, 'Elderberry', 2,    3.5,  null,    '00000000-0000-4000-8000-000000000005', '2025-12-31T23:59:59Z', false);

-- Per-user rows: every policy keys on auth.uid(), as Sayso's tables do.
create table public.notes (
  id serial primary key,
  owner uuid not null default auth.uid(),
  title text not null,
  slug text unique,
  score integer,
  created_at timestamptz not null default now(),
  constraint notes_score_range check (score is null or score between 0 and 100)
);
create index notes_owner on public.notes (owner);
alter table public.notes enable row level security;
create policy notes_select on public.notes for select to authenticated using (owner = (select auth.uid()));
create policy notes_insert on public.notes for insert to authenticated with check (owner = (select auth.uid()));
create policy notes_update on public.notes for update to authenticated
  using (owner = (select auth.uid())) with check (owner = (select auth.uid()));
create policy notes_delete on public.notes for delete to authenticated using (owner = (select auth.uid()));

-- Anyone may drop a suggestion in the box, nobody may read it back (return=minimal needs no SELECT).
create table public.suggestions (
  id serial primary key,
  body text not null
);
alter table public.suggestions enable row level security;
create policy suggestions_insert on public.suggestions for insert to anon, authenticated with check (true);

-- Counted by a volatile function to show GET /rpc runs read-only.
create table public.counters (name text primary key, value integer not null default 0);
alter table public.counters enable row level security;
create policy counters_all on public.counters for all to anon, authenticated using (true) with check (true);
insert into public.counters (name) values ('hits');

create function public.add_them(a integer, b integer) returns integer
  language sql immutable as $$ select a + b $$;

create function public.greet(name text default 'world') returns text
  language sql stable as $$ select 'hello ' || name $$;

create function public.items_tagged(t text) returns setof public.items
  language sql stable as $$ select * from public.items where tag = t order by id $$;

create function public.item_by_id(p_id integer) returns public.items
  language sql stable as $$ select * from public.items where id = p_id $$;

create function public.small_numbers() returns setof integer
  language sql immutable as $$ select generate_series(1, 3) $$;

create function public.my_notes() returns table (id integer, title text, score integer)
  language sql stable as $$ select id, title, score from public.notes order by id $$;

create function public.add_note(note_title text) returns void
  language sql volatile as $$ insert into public.notes (title) values (note_title) $$;

create function public.bump() returns integer
  language sql volatile as $$ update public.counters set value = value + 1 where name = 'hits' returning value $$;

create function public.whoami() returns json
  language sql stable as $$
    select json_build_object(
      'uid', auth.uid(),
      'role', current_user,
      'claim_role', auth.role(),
      'method', current_setting('request.method', true),
      'path', current_setting('request.path', true))
  $$;

create function public.sum_all(variadic nums integer[]) returns integer
  language sql immutable as $$ select sum(n)::integer from unnest(nums) n $$;

create function public.echo_array(vals integer[]) returns integer[]
  language sql immutable as $$ select vals $$;

create function public.echo_json(doc jsonb) returns jsonb
  language sql immutable as $$ select doc $$;

-- Overloads resolved by argument names.
create function public.pick(a integer) returns text language sql immutable as $$ select 'a' $$;
create function public.pick(b text) returns text language sql immutable as $$ select 'b' $$;

-- A security definer helper that refuses, the way Sayso's state-changing functions do.
create function public.refuse(reason text) returns void
  language plpgsql security definer set search_path = '' as $$
begin
  raise exception 'refused: %', reason using hint = 'ask a facilitator', detail = 'rule R1';
end
$$;

-- A function choosing its own HTTP status, as PostgREST allows with SQLSTATE PTxyz.
create function public.teapot() returns void
  language plpgsql as $$ begin raise sqlstate 'PT418' using message = 'I am a teapot'; end $$;
