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
