-- append_batch without joins between its own intermediate results. V13 joined them by nested loops (the planner sees
-- about ten rows in each and is kept off hash and merge joins), so its work grew with the square of the batch: per
-- message 185 µs of PostgreSQL CPU at 8 messages, 151 at 32, 160 at 64 and 244 at 128, where a plain INSERT and
-- UPDATE of the same rows fall to 70 (bench/append-batch.sh, STATEMENTS="append_batch insert+update"). A group commit
-- batches more when the node is busier, so the statement got dearer per message exactly under load. Here every
-- message is joined to its own conversation by key, and what V13 computed by scanning the batch again for each row
-- (whether a conversation is held back, its last message, the guest's wait) comes from window functions: sorts.
--
-- Same arguments, same answers and the same rows written as V13, with one difference in how a client_message_id
-- used already is skipped: V13 let the INSERT's ON CONFLICT DO NOTHING drop it and then joined the inserted rows back;
-- here it is looked up (in the batch and in the table, by the unique index) before anything is written, and the
-- INSERT has no conflict clause. Should another transaction commit the same client_message_id between that look-up and
-- the INSERT, the statement fails with a unique violation and writes nothing, and the caller appends the batch the
-- ordinary way, which answers the retry with its original.
CREATE OR REPLACE FUNCTION append_batch(p_conversation_ids BIGINT[], p_sender_types VARCHAR[], p_sender_ids BIGINT[],
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
-- As V13: one plan for every call, reaching the batch's rows by key whatever the statistics say.
SET plan_cache_mode = force_generic_plan SET enable_seqscan = off SET enable_hashjoin = off SET enable_mergejoin = off
AS $$
#variable_conflict use_column
BEGIN
    PERFORM 1 FROM conversations WHERE conversations.id = ANY (p_conversation_ids)
        ORDER BY conversations.id FOR UPDATE;
    RETURN QUERY
    WITH joined AS (
        -- Each message with its conversation as it stood before the batch (the columns of ConversationMapper.COLUMNS);
        -- a message whose conversation is missing drops out here.
        SELECT i.*, cv.department_id AS c_department_id, d.name AS c_department, cv.guest_id AS c_guest_id,
               g.name AS c_guest_name, g.whatsapp_number AS c_guest_whatsapp_number,
               g.room_number AS c_guest_room_number, cv.conversation_type AS c_conversation_type,
               cv.status AS c_status, cv.created_at AS c_created_at, cv.updated_at AS c_updated_at,
               cv.last_message_id AS c_last_message_id, cv.last_message_at AS c_last_message_at,
               cv.last_message_preview AS c_last_message_preview, cv.last_guest_message_at AS c_last_guest_message_at,
               cv.assignee_id AS c_assignee_id, a.name AS c_assignee_name, cv.snoozed_until AS c_snoozed_until,
               cv.waiting_since AS c_waiting_since
        FROM unnest(p_conversation_ids, p_sender_types, p_sender_ids, p_sender_names, p_contents,
                    p_client_message_ids, p_previews, p_departments, p_over_whatsapp)
                 WITH ORDINALITY AS i (conversation_id, sender_type, sender_id, sender_name, content, client_message_id,
                                       preview, departments, over_whatsapp, ord)
             JOIN conversations cv ON cv.id = i.conversation_id
             JOIN departments d ON d.id = cv.department_id
             JOIN guests g ON g.id = cv.guest_id
             LEFT JOIN staff_users a ON a.id = cv.assignee_id
    ), eligible AS (
        -- Held back whole: a conversation that is closed and gets a staff message, or that gets a reply to go out over
        -- WhatsApp while its guest writes over WhatsApp. Then the sender's departments.
        SELECT h.* FROM (
            SELECT j.*, bool_or((j.over_whatsapp AND j.c_last_guest_message_at IS NOT NULL)
                                OR (j.c_status = 'closed' AND j.sender_type <> 'guest'))
                            OVER (PARTITION BY j.conversation_id) AS held
            FROM joined j
        ) h
        WHERE NOT h.held AND (h.departments IS NULL OR h.c_department = ANY (string_to_array(h.departments, ',')))
    ), accepted AS (
        -- A client_message_id used already by the same sender, in the table or by an earlier message of the batch, is
        -- skipped (a sender without an id has no such index entry). Volatile expressions are evaluated after the
        -- sort: ids and times ascend in array order.
        SELECT e.*, nextval('messages_id_seq') AS new_id, clock_timestamp() AS at
        FROM (
            SELECT n.* FROM (
                SELECT el.*, row_number() OVER (PARTITION BY el.sender_type, el.sender_id, el.client_message_id
                                                ORDER BY el.ord) AS use_of_id
                FROM eligible el
            ) n
            WHERE n.client_message_id IS NULL OR n.sender_id IS NULL
               OR (n.use_of_id = 1 AND NOT EXISTS (SELECT 1 FROM messages x
                                                  WHERE x.sender_type = n.sender_type AND x.sender_id = n.sender_id
                                                    AND x.client_message_id = n.client_message_id))
        ) e
        ORDER BY e.ord
    ), inserted AS (
        INSERT INTO messages (id, conversation_id, sender_type, sender_id, sender_name, content, client_message_id,
                              created_at)
        SELECT a.new_id, a.conversation_id, a.sender_type, a.sender_id, a.sender_name, a.content,
               a.client_message_id, a.at
        FROM accepted a
    ), in_conversation AS (
        -- Per conversation: its last message of the batch (last = 1), its last staff message, whether a guest wrote.
        SELECT a.conversation_id, a.new_id, a.at, a.sender_type, a.preview,
               row_number() OVER (PARTITION BY a.conversation_id ORDER BY a.new_id DESC) AS last,
               max(a.new_id) FILTER (WHERE a.sender_type <> 'guest') OVER w AS last_staff_id,
               bool_or(a.sender_type = 'guest') OVER w AS any_guest,
               min(a.at) FILTER (WHERE a.sender_type = 'guest') OVER w AS first_guest_at
        FROM accepted a
        WINDOW w AS (PARTITION BY a.conversation_id)
    ), summary AS (
        -- ... and the guest's first message after that last staff message, when a wait starts again in the batch.
        SELECT s.*, min(s.at) FILTER (WHERE s.sender_type = 'guest' AND s.new_id > s.last_staff_id)
                        OVER (PARTITION BY s.conversation_id) AS first_guest_after_staff
        FROM in_conversation s
    ), updated AS (
        -- Each conversation as V11's append_message leaves it after each message in turn (no private notes come
        -- here): a staff reply ends the wait, a guest's first message after the last staff reply starts one (or the
        -- wait goes on), a guest's message reopens.
        UPDATE conversations cv SET last_message_id = s.new_id, last_message_at = s.at,
               last_message_preview = s.preview, updated_at = clock_timestamp(),
               status = CASE WHEN s.any_guest THEN 'active' ELSE cv.status END,
               snoozed_until = CASE WHEN s.any_guest THEN NULL ELSE cv.snoozed_until END,
               waiting_since = CASE WHEN s.sender_type <> 'guest' THEN NULL
                                    WHEN s.last_staff_id IS NULL THEN COALESCE(cv.waiting_since, s.first_guest_at)
                                    ELSE s.first_guest_after_staff END,
               waiting_alerted = cv.waiting_alerted AND cv.waiting_since IS NOT NULL AND s.last_staff_id IS NULL
        FROM summary s
        WHERE cv.id = s.conversation_id AND s.last = 1
    )
    SELECT a.ord::INT, a.new_id, a.conversation_id, a.sender_type::VARCHAR, a.sender_id, a.sender_name::VARCHAR,
           a.content, a.at, a.client_message_id::VARCHAR, FALSE, NULL::JSONB,
           a.conversation_id, a.c_department_id, a.c_department::VARCHAR, a.c_guest_id, a.c_guest_name::VARCHAR,
           a.c_guest_whatsapp_number::VARCHAR, a.c_guest_room_number::VARCHAR, a.c_conversation_type::VARCHAR,
           a.c_status::VARCHAR, a.c_created_at, a.c_updated_at, a.c_last_message_id, a.c_last_message_at,
           a.c_last_message_preview::VARCHAR, a.c_last_guest_message_at, a.c_assignee_id, a.c_assignee_name::VARCHAR,
           a.c_snoozed_until, a.c_waiting_since
    FROM accepted a
    ORDER BY a.ord;
END $$;
