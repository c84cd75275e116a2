-- Demo content for `npm start` and the tests: fictional partnerships, people and a youth panel.
-- Every later feature has people to use it. Loaded once, on first start, in embedded mode (and
-- with SAYSO_SEED=demo on PostgreSQL). All names are made up.
--
-- Staff sign-in (every demo staff account): password  northbay-demo-2026
--   platform@sayso.example         platform admin (can create partnerships)
--   admin@northbay.example         partnership admin, Northbay
--   commissioner@northbay.example  commissioner, Northbay
--   facilitator@northbay.example   facilitator, Northbay
--   safeguarding@northbay.example  safeguarding lead, Northbay
--   admin@eastmere.example         partnership admin and facilitator, Eastmere (the second partnership)
-- Youth panel join code: NRTH-BAY7 (Northbay Youth Voice); EAST-MERE (Eastmere Young Advisers)
-- Demo members sign in with their pseudonym, the panel code and the passphrase  maple river lantern

insert into public.partnerships (id, slug, name) values
  ('00000000-0000-4000-8000-000000000001', 'northbay', 'Northbay HeadStart — demo'),
  ('00000000-0000-4000-8000-000000000002', 'eastmere', 'Eastmere HeadStart — demo');

insert into public.accounts (id, kind, display_name, is_platform_admin) values
  ('a0000000-0000-4000-8000-000000000001', 'staff', 'Pat Morgan (platform admin)', true),
  ('a0000000-0000-4000-8000-000000000002', 'staff', 'Asha Patel', false),
  ('a0000000-0000-4000-8000-000000000003', 'staff', 'Tom Reed', false),
  ('a0000000-0000-4000-8000-000000000004', 'staff', 'Jade Okafor', false),
  ('a0000000-0000-4000-8000-000000000005', 'staff', 'Sam Hughes', false),
  ('a0000000-0000-4000-8000-000000000006', 'staff', 'Morgan Price', false);

insert into private.staff_credentials (account_id, email, password_hash) values
  ('a0000000-0000-4000-8000-000000000001', 'platform@sayso.example', '$argon2id$v=19$m=19456,t=2,p=1$ang5ua14BA2zJ/Kq3e+XYQ$lUazwFX6OHjYY9pQ0+0JYNMRYlAbzUG3J6In1scqU5I'),
  ('a0000000-0000-4000-8000-000000000002', 'admin@northbay.example', '$argon2id$v=19$m=19456,t=2,p=1$ang5ua14BA2zJ/Kq3e+XYQ$lUazwFX6OHjYY9pQ0+0JYNMRYlAbzUG3J6In1scqU5I'),
  ('a0000000-0000-4000-8000-000000000003', 'commissioner@northbay.example', '$argon2id$v=19$m=19456,t=2,p=1$ang5ua14BA2zJ/Kq3e+XYQ$lUazwFX6OHjYY9pQ0+0JYNMRYlAbzUG3J6In1scqU5I'),
  ('a0000000-0000-4000-8000-000000000004', 'facilitator@northbay.example', '$argon2id$v=19$m=19456,t=2,p=1$ang5ua14BA2zJ/Kq3e+XYQ$lUazwFX6OHjYY9pQ0+0JYNMRYlAbzUG3J6In1scqU5I'),
  ('a0000000-0000-4000-8000-000000000005', 'safeguarding@northbay.example', '$argon2id$v=19$m=19456,t=2,p=1$ang5ua14BA2zJ/Kq3e+XYQ$lUazwFX6OHjYY9pQ0+0JYNMRYlAbzUG3J6In1scqU5I'),
  ('a0000000-0000-4000-8000-000000000006', 'admin@eastmere.example', '$argon2id$v=19$m=19456,t=2,p=1$ang5ua14BA2zJ/Kq3e+XYQ$lUazwFX6OHjYY9pQ0+0JYNMRYlAbzUG3J6In1scqU5I');

insert into public.memberships (partnership_id, account_id, role) values
  ('00000000-0000-4000-8000-000000000001', 'a0000000-0000-4000-8000-000000000002', 'partnership_admin'),
  ('00000000-0000-4000-8000-000000000001', 'a0000000-0000-4000-8000-000000000003', 'commissioner'),
  ('00000000-0000-4000-8000-000000000001', 'a0000000-0000-4000-8000-000000000004', 'facilitator'),
  ('00000000-0000-4000-8000-000000000001', 'a0000000-0000-4000-8000-000000000005', 'safeguarding_lead'),
  ('00000000-0000-4000-8000-000000000002', 'a0000000-0000-4000-8000-000000000006', 'partnership_admin'),
  ('00000000-0000-4000-8000-000000000002', 'a0000000-0000-4000-8000-000000000006', 'facilitator');

insert into public.panels (id, partnership_id, name, purpose, join_code) values
  ('b0000000-0000-4000-8000-000000000001', '00000000-0000-4000-8000-000000000001', 'Northbay Youth Voice',
   'We help decide how Northbay spends money on things for young people, and we tell the council what needs to change.', 'NRTHBAY7'),
  ('b0000000-0000-4000-8000-000000000002', '00000000-0000-4000-8000-000000000002', 'Eastmere Young Advisers',
   'We advise Eastmere council on services for young people.', 'EASTMERE');

insert into public.accounts (id, kind, age_band) values
  ('c0000000-0000-4000-8000-000000000001', 'young_person', '10-12'),
  ('c0000000-0000-4000-8000-000000000002', 'young_person', '13-15'),
  ('c0000000-0000-4000-8000-000000000003', 'young_person', '13-15'),
  ('c0000000-0000-4000-8000-000000000004', 'young_person', '10-12'),
  ('c0000000-0000-4000-8000-000000000005', 'young_person', '16-18'),
  ('c0000000-0000-4000-8000-000000000006', 'young_person', '13-15'),
  ('c0000000-0000-4000-8000-000000000007', 'young_person', '10-12'),
  ('c0000000-0000-4000-8000-000000000008', 'young_person', '13-15'),
  ('c0000000-0000-4000-8000-000000000009', 'young_person', '13-15'),
  ('c0000000-0000-4000-8000-000000000010', 'young_person', '10-12'),
  ('c0000000-0000-4000-8000-000000000011', 'young_person', '16-18'),
  ('c0000000-0000-4000-8000-000000000012', 'young_person', '13-15'),
  ('c0000000-0000-4000-8000-000000000013', 'young_person', '13-15');

insert into private.young_person_credentials (account_id, passphrase_hash) values
  ('c0000000-0000-4000-8000-000000000001', '$argon2id$v=19$m=19456,t=2,p=1$qnsMuLj504ppiQ86Qn8hag$yztkt4uzxK8G8uuoEsj/wL/Z29SooZJUIYc2VyehDnY'),
  ('c0000000-0000-4000-8000-000000000002', '$argon2id$v=19$m=19456,t=2,p=1$qnsMuLj504ppiQ86Qn8hag$yztkt4uzxK8G8uuoEsj/wL/Z29SooZJUIYc2VyehDnY'),
  ('c0000000-0000-4000-8000-000000000003', '$argon2id$v=19$m=19456,t=2,p=1$qnsMuLj504ppiQ86Qn8hag$yztkt4uzxK8G8uuoEsj/wL/Z29SooZJUIYc2VyehDnY'),
  ('c0000000-0000-4000-8000-000000000004', '$argon2id$v=19$m=19456,t=2,p=1$qnsMuLj504ppiQ86Qn8hag$yztkt4uzxK8G8uuoEsj/wL/Z29SooZJUIYc2VyehDnY'),
  ('c0000000-0000-4000-8000-000000000005', '$argon2id$v=19$m=19456,t=2,p=1$qnsMuLj504ppiQ86Qn8hag$yztkt4uzxK8G8uuoEsj/wL/Z29SooZJUIYc2VyehDnY'),
  ('c0000000-0000-4000-8000-000000000006', '$argon2id$v=19$m=19456,t=2,p=1$qnsMuLj504ppiQ86Qn8hag$yztkt4uzxK8G8uuoEsj/wL/Z29SooZJUIYc2VyehDnY'),
  ('c0000000-0000-4000-8000-000000000007', '$argon2id$v=19$m=19456,t=2,p=1$qnsMuLj504ppiQ86Qn8hag$yztkt4uzxK8G8uuoEsj/wL/Z29SooZJUIYc2VyehDnY'),
  ('c0000000-0000-4000-8000-000000000008', '$argon2id$v=19$m=19456,t=2,p=1$qnsMuLj504ppiQ86Qn8hag$yztkt4uzxK8G8uuoEsj/wL/Z29SooZJUIYc2VyehDnY'),
  ('c0000000-0000-4000-8000-000000000009', '$argon2id$v=19$m=19456,t=2,p=1$qnsMuLj504ppiQ86Qn8hag$yztkt4uzxK8G8uuoEsj/wL/Z29SooZJUIYc2VyehDnY'),
  ('c0000000-0000-4000-8000-000000000010', '$argon2id$v=19$m=19456,t=2,p=1$qnsMuLj504ppiQ86Qn8hag$yztkt4uzxK8G8uuoEsj/wL/Z29SooZJUIYc2VyehDnY'),
  ('c0000000-0000-4000-8000-000000000011', '$argon2id$v=19$m=19456,t=2,p=1$qnsMuLj504ppiQ86Qn8hag$yztkt4uzxK8G8uuoEsj/wL/Z29SooZJUIYc2VyehDnY'),
  ('c0000000-0000-4000-8000-000000000012', '$argon2id$v=19$m=19456,t=2,p=1$qnsMuLj504ppiQ86Qn8hag$yztkt4uzxK8G8uuoEsj/wL/Z29SooZJUIYc2VyehDnY'),
  ('c0000000-0000-4000-8000-000000000013', '$argon2id$v=19$m=19456,t=2,p=1$qnsMuLj504ppiQ86Qn8hag$yztkt4uzxK8G8uuoEsj/wL/Z29SooZJUIYc2VyehDnY');

insert into public.panel_members (panel_id, account_id, pseudonym, status, privacy_notice_version) values
  ('b0000000-0000-4000-8000-000000000001', 'c0000000-0000-4000-8000-000000000001', 'Blue Otter', 'active', '13-16@2026-11-25.1'),
  ('b0000000-0000-4000-8000-000000000001', 'c0000000-0000-4000-8000-000000000002', 'Quiet Fox', 'active', '13-16@2026-11-25.1'),
  ('b0000000-0000-4000-8000-000000000001', 'c0000000-0000-4000-8000-000000000003', 'Sunny Kite', 'active', '13-16@2026-11-25.1'),
  ('b0000000-0000-4000-8000-000000000001', 'c0000000-0000-4000-8000-000000000004', 'River Stone', 'active', '13-16@2026-11-25.1'),
  ('b0000000-0000-4000-8000-000000000001', 'c0000000-0000-4000-8000-000000000005', 'Green Comet', 'active', '13-16@2026-11-25.1'),
  ('b0000000-0000-4000-8000-000000000001', 'c0000000-0000-4000-8000-000000000006', 'Brave Heron', 'active', '13-16@2026-11-25.1'),
  ('b0000000-0000-4000-8000-000000000001', 'c0000000-0000-4000-8000-000000000007', 'Swift Maple', 'active', '13-16@2026-11-25.1'),
  ('b0000000-0000-4000-8000-000000000001', 'c0000000-0000-4000-8000-000000000008', 'Calm Badger', 'active', '13-16@2026-11-25.1'),
  ('b0000000-0000-4000-8000-000000000001', 'c0000000-0000-4000-8000-000000000009', 'Bright Puffin', 'active', '13-16@2026-11-25.1'),
  ('b0000000-0000-4000-8000-000000000001', 'c0000000-0000-4000-8000-000000000010', 'Jolly Acorn', 'active', '13-16@2026-11-25.1'),
  ('b0000000-0000-4000-8000-000000000001', 'c0000000-0000-4000-8000-000000000011', 'Misty Wren', 'active', '13-16@2026-11-25.1'),
  ('b0000000-0000-4000-8000-000000000001', 'c0000000-0000-4000-8000-000000000012', 'Lucky Pebble', 'active', '13-16@2026-11-25.1'),
  ('b0000000-0000-4000-8000-000000000002', 'c0000000-0000-4000-8000-000000000013', 'Eastmere Member', 'active', '13-16@2026-11-25.1');

-- What the demo panel can and can't change (youth panels: Lundy's "space" and "voice").
update public.panels set
  audience_age_bands = '{10-12,13-15,16-18}',
  area = 'Northbay town and villages',
  meeting_rhythm = 'Every other Tuesday, 4pm to 5.30pm, at the Northbay youth centre',
  can_change = 'How the £20,000 youth fund is spent this year, and what the council asks young people about next.',
  cannot_change = 'School term dates, bus fares, or things the police decide.'
where id = 'b0000000-0000-4000-8000-000000000001';
insert into public.panel_staff (panel_id, account_id, role) values
  ('b0000000-0000-4000-8000-000000000001', 'a0000000-0000-4000-8000-000000000004', 'facilitator'),
  ('b0000000-0000-4000-8000-000000000001', 'a0000000-0000-4000-8000-000000000003', 'commissioner');

-- Participatory budgeting (supabase/migrations/20261125000500_budgets.sql): Northbay Youth Voice
-- is voting on how to spend the £20,000 youth fund. Six feasible, costed projects are on the
-- ballot (knapsack: any projects that fit the budget); one idea was found not feasible, with the
-- reason its author and, after the review phase, everyone is shown. Nobody has voted yet.
insert into public.budget_rounds (id, partnership_id, panel_id, title, description, budget, allow_codes, ballot_rule,
    tally_rule, phase, created_by, created_at) values
  ('d0000000-0000-4000-8000-000000000001', '00000000-0000-4000-8000-000000000001', 'b0000000-0000-4000-8000-000000000001',
   'Northbay Youth Fund 2026',
   'Northbay has £20,000 to spend on things for young people this year. You shared ideas, the council checked what each one would cost, and now you choose.',
   20000, true, 'knapsack', 'mes_add1u', 'voting', 'a0000000-0000-4000-8000-000000000002', now() - interval '8 weeks');
insert into public.budget_round_panels (round_id, panel_id) values
  ('d0000000-0000-4000-8000-000000000001', 'b0000000-0000-4000-8000-000000000001');
insert into public.budget_round_phases (round_id, phase, starts_at, ends_at, description) values
  ('d0000000-0000-4000-8000-000000000001', 'ideas', now() - interval '8 weeks', now() - interval '5 weeks',
   'Share your ideas for making Northbay better for young people.'),
  ('d0000000-0000-4000-8000-000000000001', 'review', now() - interval '5 weeks', now() - interval '1 week',
   'The council checks each idea: can it be done, and what would it cost?'),
  ('d0000000-0000-4000-8000-000000000001', 'voting', now() - interval '1 week', now() + interval '2 weeks',
   'Choose the projects you want. They must add up to £20,000 or less.'),
  ('d0000000-0000-4000-8000-000000000001', 'results', now() + interval '2 weeks', now() + interval '3 weeks',
   'We count the votes and show which projects won, and why.'),
  ('d0000000-0000-4000-8000-000000000001', 'delivery', now() + interval '3 weeks', null,
   'The council makes the winning projects happen, and tells you how it is going.');
insert into public.budget_phase_log (round_id, from_phase, to_phase, changed_at, changed_by) values
  ('d0000000-0000-4000-8000-000000000001', null, 'ideas', now() - interval '8 weeks', 'a0000000-0000-4000-8000-000000000002'),
  ('d0000000-0000-4000-8000-000000000001', 'ideas', 'review', now() - interval '5 weeks', 'a0000000-0000-4000-8000-000000000002'),
  ('d0000000-0000-4000-8000-000000000001', 'review', 'voting', now() - interval '1 week', 'a0000000-0000-4000-8000-000000000002');
insert into public.budget_proposals (id, round_id, submitted_by, on_behalf_of, title, description, category, rough_cost,
    status, moderated_at, moderated_by, created_at) values
  ('d0000000-0000-4000-8000-000000000011', 'd0000000-0000-4000-8000-000000000001', 'c0000000-0000-4000-8000-000000000001', null,
   'Lights for the skate park', 'Lights so we can skate after school in winter, when it gets dark at 4.', 'Sport and play', 5000,
   'approved', now() - interval '7 weeks', 'a0000000-0000-4000-8000-000000000004', now() - interval '7 weeks'),
  ('d0000000-0000-4000-8000-000000000012', 'd0000000-0000-4000-8000-000000000001', 'c0000000-0000-4000-8000-000000000002', null,
   'Youth café at weekends', 'Open the youth café on Saturdays and Sundays, with hot food and games.', 'Places to go', 10000,
   'approved', now() - interval '7 weeks', 'a0000000-0000-4000-8000-000000000004', now() - interval '7 weeks'),
  ('d0000000-0000-4000-8000-000000000013', 'd0000000-0000-4000-8000-000000000001', 'c0000000-0000-4000-8000-000000000003', null,
   'Free bus passes trial', 'Free bus travel for under-18s for six months, so we can get to clubs and college.', 'Getting around', 8000,
   'approved', now() - interval '7 weeks', 'a0000000-0000-4000-8000-000000000004', now() - interval '7 weeks'),
  ('d0000000-0000-4000-8000-000000000014', 'd0000000-0000-4000-8000-000000000001', 'a0000000-0000-4000-8000-000000000004',
   'Year 9 art club, Northbay Academy',
   'Mural project', 'Young people design and paint a mural on the wall by the station.', 'Arts', 3000,
   'approved', now() - interval '6 weeks', 'a0000000-0000-4000-8000-000000000004', now() - interval '6 weeks'),
  ('d0000000-0000-4000-8000-000000000015', 'd0000000-0000-4000-8000-000000000001', 'c0000000-0000-4000-8000-000000000004', null,
   'Gaming club kit', 'Consoles, screens and games for a gaming club at the youth centre.', 'Places to go', 2000,
   'approved', now() - interval '6 weeks', 'a0000000-0000-4000-8000-000000000004', now() - interval '6 weeks'),
  ('d0000000-0000-4000-8000-000000000016', 'd0000000-0000-4000-8000-000000000001', 'c0000000-0000-4000-8000-000000000005', null,
   'Sports kit library', 'Borrow football boots, rackets and bikes for free, like library books.', 'Sport and play', 4000,
   'approved', now() - interval '6 weeks', 'a0000000-0000-4000-8000-000000000004', now() - interval '6 weeks'),
  ('d0000000-0000-4000-8000-000000000017', 'd0000000-0000-4000-8000-000000000001', 'c0000000-0000-4000-8000-000000000006', null,
   'Swimming pool on the seafront', 'An outdoor pool by the beach for everyone to use in summer.', 'Sport and play', 20000,
   'approved', now() - interval '6 weeks', 'a0000000-0000-4000-8000-000000000004', now() - interval '6 weeks');
insert into public.budget_proposal_authors (proposal_id, account_id) values
  ('d0000000-0000-4000-8000-000000000011', 'c0000000-0000-4000-8000-000000000001'),
  ('d0000000-0000-4000-8000-000000000012', 'c0000000-0000-4000-8000-000000000002'),
  ('d0000000-0000-4000-8000-000000000013', 'c0000000-0000-4000-8000-000000000003'),
  ('d0000000-0000-4000-8000-000000000015', 'c0000000-0000-4000-8000-000000000004'),
  ('d0000000-0000-4000-8000-000000000016', 'c0000000-0000-4000-8000-000000000005'),
  ('d0000000-0000-4000-8000-000000000017', 'c0000000-0000-4000-8000-000000000006');
insert into public.budget_proposal_reviews (proposal_id, feasibility, estimated_cost, reason, reviewed_by, reviewed_at, shortlisted_at) values
  ('d0000000-0000-4000-8000-000000000011', 'feasible', 6000, null, 'a0000000-0000-4000-8000-000000000003', now() - interval '3 weeks', now() - interval '2 weeks'),
  ('d0000000-0000-4000-8000-000000000012', 'feasible', 8000, null, 'a0000000-0000-4000-8000-000000000003', now() - interval '3 weeks', now() - interval '2 weeks'),
  ('d0000000-0000-4000-8000-000000000013', 'feasible', 9500, null, 'a0000000-0000-4000-8000-000000000003', now() - interval '3 weeks', now() - interval '2 weeks'),
  ('d0000000-0000-4000-8000-000000000014', 'feasible', 3000, null, 'a0000000-0000-4000-8000-000000000003', now() - interval '3 weeks', now() - interval '2 weeks'),
  ('d0000000-0000-4000-8000-000000000015', 'feasible', 2500, null, 'a0000000-0000-4000-8000-000000000003', now() - interval '3 weeks', now() - interval '2 weeks'),
  ('d0000000-0000-4000-8000-000000000016', 'feasible', 4000, null, 'a0000000-0000-4000-8000-000000000003', now() - interval '3 weeks', now() - interval '2 weeks'),
  ('d0000000-0000-4000-8000-000000000017', 'not_feasible', 2500000,
   'A pool would cost about £2.5 million to build, far more than the whole fund, and the council cannot run it safely on the beach.',
   'a0000000-0000-4000-8000-000000000003', now() - interval '3 weeks', null);
