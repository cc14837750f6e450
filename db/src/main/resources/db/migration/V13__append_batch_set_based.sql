-- A group commit's plain texts appended set-based: one INSERT for all the batch's messages and one UPDATE for all its
-- conversations, where V12 ran three statements per message (the conversation's read, the insert, the update), each
-- paying executor start-up, its constraints' expressions read again and a function call (profiled with perf: those
-- were most of PostgreSQL's CPU per message). Same answers as V12, except that c_* is now each conversation as it
-- stood before the batch (the caller folds the batch's earlier messages in, as its transactional path does).
DROP FUNCTION append_batch(BIGINT[], VARCHAR[], BIGINT[], VARCHAR[], TEXT[], VARCHAR[], VARCHAR[], TEXT[], BOOLEAN[]);

-- The batch's conversations are locked first, all at once and in id order, so concurrent batches never deadlock.
-- Skipped (nothing written, no row returned), to be appended the ordinary way, which gives each its precise answer:
-- a message whose conversation is missing or outside the sender's departments (p_departments[i]: the comma-separated
-- names, NULL for any), or whose client_message_id was used already (by an earlier message of the batch too); and
-- every message of a conversation that is closed and gets a staff message in the batch (a guest's message would
-- reopen it first), or that gets a reply to go out over WhatsApp (p_over_whatsapp[i]) while its guest writes over
-- WhatsApp (the 24-hour window is checked and the outbox row written in the caller's transaction): held back whole,
-- those keep their order on the ordinary path. Ids and times ascend in array order. Returned per appended message, in
-- array order: its index (1-based), the message, and its conversation as it stood before the batch (c_*).
CREATE FUNCTION append_batch(p_conversation_ids BIGINT[], p_sender_types VARCHAR[], p_sender_ids BIGINT[],
                             p_sender_names VARCHAR[], p_contents TEXT[], p_client_message_ids VARCHAR[],
                             p_previews VARCHAR[], p_departments TEXT[], p_over_whatsapp BOOLEAN[])
RETURNS TABLE (ord INT, id BIGINT, conversation_id BIGINT, sender_type VARCHAR, sender_id BIGINT, sender_name VARCHAR,
               content TEXT, created_at TIMESTAMPTZ, client_message_id VARCHAR, private_note BOOLEAN, media JSONB,
               c_id BIGINT, c_department_id BIGINT, c_department VARCHAR, c_guest_id BIGINT, c_guest_name VARCHAR,
               c_guest_whatsapp_number VARCHAR, c_guest_room_number VARCHAR, c_conversation_type VARCHAR,
               c_status VARCHAR, c_created_at TIMESTAMPTZ, c_updated_at TIMESTAMPTZ, c_last_message_id BIGINT,
               c_last_message_at TIMESTAMPTZ, c_last_message_preview VARCHAR, c_last_guest_message_at TIMESTAMPTZ,
               c_assignee_id BIGINT, c_assignee_name VARCHAR, c_snoozed_until TIMESTAMPTZ, c_waiting_since TIMESTAMPTZ)
LANGUAGE plpgsql
-- One plan for every call (planning this statement costs more than running it for a few messages), and one that
-- reaches the batch's few rows by key whatever the statistics say: without them (a table never analyzed, autovacuum
-- off) the planner took sequential scans and hash joins, whose cost grew with the table's dead rows.
SET plan_cache_mode = force_generic_plan SET enable_seqscan = off SET enable_hashjoin = off SET enable_mergejoin = off
AS $$
#variable_conflict use_column
BEGIN
    PERFORM 1 FROM conversations WHERE conversations.id = ANY (p_conversation_ids)
        ORDER BY conversations.id FOR UPDATE;
    RETURN QUERY
    WITH input AS (
        SELECT * FROM unnest(p_conversation_ids, p_sender_types, p_sender_ids, p_sender_names, p_contents,
                             p_client_message_ids, p_previews, p_departments, p_over_whatsapp)
            WITH ORDINALITY AS i (conversation_id, sender_type, sender_id, sender_name, content, client_message_id,
                                  preview, departments, over_whatsapp, ord)
    ), before AS (
        -- The columns of ConversationMapper.COLUMNS, and whether the conversation is held back whole.
        SELECT cv.id, cv.department_id, d.name AS department, cv.guest_id, g.name AS guest_name,
               g.whatsapp_number AS guest_whatsapp_number, g.room_number AS guest_room_number, cv.conversation_type,
               cv.status, cv.created_at, cv.updated_at, cv.last_message_id, cv.last_message_at,
               cv.last_message_preview, cv.last_guest_message_at, cv.assignee_id, a.name AS assignee_name,
               cv.snoozed_until, cv.waiting_since,
               EXISTS (SELECT 1 FROM input i WHERE i.conversation_id = cv.id
                       AND ((i.over_whatsapp AND cv.last_guest_message_at IS NOT NULL)
                            OR (cv.status = 'closed' AND i.sender_type <> 'guest'))) AS held
        FROM conversations cv JOIN departments d ON d.id = cv.department_id JOIN guests g ON g.id = cv.guest_id
             LEFT JOIN staff_users a ON a.id = cv.assignee_id
        WHERE cv.id = ANY (p_conversation_ids)
    ), accepted AS (
        -- Volatile expressions are evaluated after the sort: ids and times ascend in array order.
        SELECT i.*, nextval('messages_id_seq') AS new_id, clock_timestamp() AS at
        FROM input i JOIN before b ON b.id = i.conversation_id
        WHERE NOT b.held AND (i.departments IS NULL OR b.department = ANY (string_to_array(i.departments, ',')))
        ORDER BY i.ord
    ), m AS (
        INSERT INTO messages (id, conversation_id, sender_type, sender_id, sender_name, content, client_message_id,
                              created_at)
        SELECT a.new_id, a.conversation_id, a.sender_type, a.sender_id, a.sender_name, a.content,
               a.client_message_id, a.at
        FROM accepted a
        ON CONFLICT DO NOTHING
        RETURNING messages.id, messages.conversation_id, messages.sender_type, messages.sender_id,
                  messages.sender_name, messages.content, messages.created_at, messages.client_message_id,
                  messages.private AS private_note, messages.media
    ), updated AS (
        -- Each conversation as V11's append_message leaves it after each message in turn (no private notes come
        -- here): l is its last message of the batch; a staff reply ends the wait, a guest's first message after the
        -- last staff reply starts one (or the wait goes on), a guest's message reopens.
        UPDATE conversations cv SET last_message_id = l.id, last_message_at = l.created_at,
               last_message_preview = a.preview, updated_at = clock_timestamp(),
               status = CASE WHEN s.any_guest THEN 'active' ELSE cv.status END,
               snoozed_until = CASE WHEN s.any_guest THEN NULL ELSE cv.snoozed_until END,
               waiting_since = CASE WHEN l.sender_type <> 'guest' THEN NULL
                                    WHEN s.last_staff_id IS NULL THEN COALESCE(cv.waiting_since, s.first_guest_at)
                                    ELSE (SELECT min(g.created_at) FROM m g
                                          WHERE g.conversation_id = l.conversation_id AND g.id > s.last_staff_id) END,
               waiting_alerted = cv.waiting_alerted AND cv.waiting_since IS NOT NULL AND s.last_staff_id IS NULL
        FROM m l JOIN accepted a ON a.new_id = l.id,
             LATERAL (SELECT max(x.id) AS last_id, max(x.id) FILTER (WHERE x.sender_type <> 'guest') AS last_staff_id,
                             bool_or(x.sender_type = 'guest') AS any_guest,
                             min(x.created_at) FILTER (WHERE x.sender_type = 'guest') AS first_guest_at
                      FROM m x WHERE x.conversation_id = l.conversation_id) s
        WHERE cv.id = l.conversation_id AND l.id = s.last_id
    )
    SELECT a.ord::INT, m.id, m.conversation_id, m.sender_type::VARCHAR, m.sender_id, m.sender_name::VARCHAR,
           m.content, m.created_at, m.client_message_id::VARCHAR, m.private_note, m.media,
           b.id, b.department_id, b.department::VARCHAR, b.guest_id, b.guest_name::VARCHAR,
           b.guest_whatsapp_number::VARCHAR, b.guest_room_number::VARCHAR, b.conversation_type::VARCHAR,
           b.status::VARCHAR, b.created_at, b.updated_at, b.last_message_id, b.last_message_at,
           b.last_message_preview::VARCHAR, b.last_guest_message_at, b.assignee_id, b.assignee_name::VARCHAR,
           b.snoozed_until, b.waiting_since
    FROM m JOIN accepted a ON a.new_id = m.id JOIN before b ON b.id = m.conversation_id
    ORDER BY a.ord;
END $$;
