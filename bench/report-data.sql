-- A desk's history written straight into the product's schema, for reports: bench/reports.sh fills a throwaway
-- database with it (10 million messages), and the browser test gives the Reports screen a month to show. It writes
-- what the nodes would have written: conversations, guests' messages and staff replies in time order (ids ascend with
-- time, a conversation's messages interleaved with everyone else's as on a live desk), a few private notes, and for
-- most conversations the timeline's `closed` entry (V16) with the conversation closed.
--
--   SELECT pg_temp.seed_desk(departments, agents per department, conversations, messages per conversation (mean),
--                            days, until);
--
-- Conversations open at random over the `days` before `until` (the last six hours left for them to end in), each
-- with about `messages` messages: the guest first, then replies and the guest's answers alternating, a reply last. A
-- reply comes after a skewed wait (most within a minute or two, one in twenty after about twenty minutes: past a
-- 5-minute alert now and then), the guest answers within minutes; four conversations in five are closed half an hour
-- (on average) after their last message. Replies are mostly the conversation's agent's. On a database nobody else
-- writes conversations to meanwhile (their ids are taken to be consecutive).
CREATE OR REPLACE FUNCTION pg_temp.seed_desk(p_departments TEXT[], p_agents INT, p_conversations INT, p_messages INT,
                                             p_days INT, p_until TIMESTAMPTZ)
RETURNS VOID LANGUAGE plpgsql AS $$
DECLARE
    first_conversation BIGINT;
BEGIN
    INSERT INTO departments (name) SELECT unnest(p_departments) ON CONFLICT (name) DO NOTHING;
    INSERT INTO staff_users (username, name, user_type, password_hash)
    SELECT d || '_agent' || i,
           (ARRAY['Ana', 'Ben', 'Chloe', 'Dev', 'Elif', 'Femi', 'Greta', 'Hugo', 'Ines', 'Jon'])[1 + (n + i) % 10] || ' '
               || (ARRAY['Silva', 'Okafor', 'Rossi', 'Novak', 'Kaya', 'Berg', 'Moreau', 'Tanaka', 'Haddad', 'Lund'])
                      [1 + (3 * n + i) % 10],
           'department_staff', '!' -- no password: nobody logs in as them
    FROM unnest(p_departments) WITH ORDINALITY AS dn (d, n), generate_series(1, p_agents) i
    ON CONFLICT (username) DO NOTHING;
    INSERT INTO staff_departments (user_id, department_id)
    SELECT u.id, dp.id FROM departments dp JOIN staff_users u ON u.username LIKE dp.name || '\_agent%'
    WHERE dp.name = ANY (p_departments)
    ON CONFLICT DO NOTHING;
    INSERT INTO guests (whatsapp_number, name, room_number)
    SELECT '+1999' || lpad(i::TEXT, 8, '0'), 'Guest ' || i, (100 + i % 400)::TEXT
    FROM generate_series(1, least(p_conversations, 100000)) i
    ON CONFLICT (whatsapp_number) DO NOTHING;

    -- Each conversation's plan: department, agent, opening, length, and whether (and how long after) it is closed.
    CREATE TEMP TABLE seed_plan ON COMMIT DROP AS
    SELECT i, dp.id AS department_id, dp.name AS department, u.id AS agent_id, u.name AS agent_name,
           p_until - make_interval(secs => 21600 + random() * (p_days * 86400 - 21600)) AS opened,
           2 * greatest(1, round(p_messages * (0.5 + random()) / 2)::INT) AS messages, -- ends with a reply
           CASE WHEN random() < 0.8 THEN -ln(1 - random()) * 1800 END AS closes_after
    FROM generate_series(1, p_conversations) i
    CROSS JOIN LATERAL (SELECT p_departments[1 + floor(random() * array_length(p_departments, 1))::INT] AS name,
                               1 + floor(random() * p_agents)::INT AS agent
                        WHERE i > 0) pick -- i: drawn again for each conversation
    JOIN departments dp ON dp.name = pick.name
    JOIN staff_users u ON u.username = pick.name || '_agent' || pick.agent;

    INSERT INTO conversations (department_id, guest_id, created_at, updated_at)
    SELECT s.department_id, g.id, s.opened, s.opened
    FROM seed_plan s JOIN guests g ON g.whatsapp_number = '+1999' || lpad((1 + (s.i - 1) % 100000)::TEXT, 8, '0')
    ORDER BY s.i;
    first_conversation := currval('conversations_id_seq') - p_conversations + 1;

    -- Message j of a conversation: the guest's when j is even, a reply (now and then a note) when odd, mostly by the
    -- conversation's agent; its time is the opening plus the waits before it. Inserted in time order, so ids ascend
    -- with time and a conversation's messages lie among everyone else's, as on a live desk.
    CREATE TEMP TABLE seed_messages ON COMMIT DROP AS
    SELECT first_conversation + s.i - 1 AS conversation_id, j,
           CASE WHEN j % 2 = 1 AND random() < 0.15
                THEN s.department || '_agent' || (1 + floor(random() * p_agents)::INT) END AS stand_in,
           s.agent_id, s.agent_name, j % 2 = 1 AND random() < 0.05 AS note,
           s.opened + make_interval(secs => sum(CASE WHEN j = 0 THEN 0
                                                     WHEN j % 2 = 1 THEN -ln(1 - random()) * 90
                                                                        * CASE WHEN random() < 0.05 THEN 15 ELSE 1 END
                                                     ELSE -ln(1 - random()) * 400 END)
                                                OVER (PARTITION BY s.i ORDER BY j)) AS at
    FROM seed_plan s CROSS JOIN LATERAL generate_series(0, s.messages - 1) j;

    INSERT INTO messages (conversation_id, sender_type, sender_id, sender_name, content, created_at, private)
    SELECT m.conversation_id, CASE WHEN m.j % 2 = 0 THEN 'guest' ELSE 'staff' END,
           CASE WHEN m.j % 2 = 1 THEN COALESCE(u.id, m.agent_id) END,
           CASE WHEN m.j % 2 = 0 THEN 'Guest' ELSE COALESCE(u.name, m.agent_name) END,
           CASE WHEN m.j % 2 = 0 THEN 'Could you help with room ' || (m.j + 100)
                ELSE 'Of course, on its way (' || m.j || ')' END,
           m.at, m.note
    FROM seed_messages m LEFT JOIN staff_users u ON u.username = m.stand_in
    ORDER BY m.at;

    INSERT INTO messages (conversation_id, sender_type, sender_id, sender_name, content, created_at, private, activity)
    SELECT c.conversation_id, 'staff', s.agent_id, s.agent_name, s.agent_name || ' closed this conversation',
           c.last_at + make_interval(secs => s.closes_after), TRUE,
           jsonb_build_object('kind', 'closed', 'by', jsonb_build_object('id', s.agent_id, 'name', s.agent_name))
    FROM (SELECT conversation_id, max(at) AS last_at FROM seed_messages GROUP BY conversation_id) c
    JOIN seed_plan s ON first_conversation + s.i - 1 = c.conversation_id
    WHERE s.closes_after IS NOT NULL
    ORDER BY c.last_at + make_interval(secs => s.closes_after);

    UPDATE conversations c SET last_message_id = l.last_id, last_message_at = l.last_at,
           last_message_preview = 'Of course, on its way', updated_at = l.last_at,
           status = CASE WHEN s.closes_after IS NULL THEN 'active' ELSE 'closed' END
    FROM (SELECT conversation_id, max(id) AS last_id, max(created_at) FILTER (WHERE activity IS NULL) AS last_at
          FROM messages WHERE conversation_id >= first_conversation GROUP BY conversation_id) l,
         seed_plan s
    WHERE c.id = l.conversation_id AND first_conversation + s.i - 1 = c.id;
END $$;
