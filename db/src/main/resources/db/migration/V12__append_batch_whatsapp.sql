-- Staff replies when WhatsApp is configured share the group commit too: append_batch learns which requests are such
-- replies and leaves those of WhatsApp conversations (window check, outbox row) to the caller's transaction.
DROP FUNCTION append_batch(BIGINT[], VARCHAR[], BIGINT[], VARCHAR[], TEXT[], VARCHAR[], VARCHAR[], TEXT[]);

-- A group commit's plain text messages (no files), in one statement: run alone (autocommit), it is one round trip and
-- one commit for the batch. The batch's conversations are locked first, all at once and in id order, so concurrent
-- batches never deadlock; then each message in array order, as appending it alone would: skipped (nothing written,
-- no row returned) when its conversation is missing, outside the sender's departments (p_departments[i]: the comma-
-- separated names, NULL for any), or closed to a staff sender, or when its client_message_id was used already, or
-- when it is a reply to go out over WhatsApp (p_over_whatsapp[i]) in a conversation whose guest wrote over WhatsApp
-- (its 24-hour window is checked and its outbox row written in the caller's transaction). The
-- caller appends what was skipped the ordinary way, which gives each its precise answer. Returned per appended
-- message: its index (1-based), the message, and its conversation as it stood just before it (c_*).
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
LANGUAGE plpgsql AS $$
#variable_conflict use_column
DECLARE
    v RECORD;
    m RECORD;
BEGIN
    PERFORM 1 FROM conversations WHERE conversations.id = ANY (p_conversation_ids)
        ORDER BY conversations.id FOR UPDATE;
    FOR i IN 1 .. COALESCE(cardinality(p_conversation_ids), 0) LOOP
        -- The conversation as the earlier messages of the batch left it (the columns of ConversationMapper.COLUMNS).
        SELECT cv.id, cv.department_id, d.name AS department, cv.guest_id, g.name AS guest_name,
               g.whatsapp_number AS guest_whatsapp_number, g.room_number AS guest_room_number, cv.conversation_type,
               cv.status, cv.created_at, cv.updated_at, cv.last_message_id, cv.last_message_at,
               cv.last_message_preview, cv.last_guest_message_at, cv.assignee_id, a.name AS assignee_name,
               cv.snoozed_until, cv.waiting_since
        INTO v
        FROM conversations cv JOIN departments d ON d.id = cv.department_id JOIN guests g ON g.id = cv.guest_id
             LEFT JOIN staff_users a ON a.id = cv.assignee_id
        WHERE cv.id = p_conversation_ids[i];
        CONTINUE WHEN NOT FOUND
            OR (p_departments[i] IS NOT NULL AND NOT v.department = ANY (string_to_array(p_departments[i], ',')))
            OR (v.status = 'closed' AND p_sender_types[i] <> 'guest')
            OR (p_over_whatsapp[i] AND v.last_guest_message_at IS NOT NULL);
        SELECT * INTO m FROM append_message(p_conversation_ids[i], p_sender_types[i], p_sender_ids[i],
                                            p_sender_names[i], p_contents[i], p_client_message_ids[i], NULL, FALSE,
                                            NULL, p_previews[i]);
        CONTINUE WHEN NOT FOUND;
        ord := i;
        id := m.id; conversation_id := m.conversation_id; sender_type := m.sender_type; sender_id := m.sender_id;
        sender_name := m.sender_name; content := m.content; created_at := m.created_at;
        client_message_id := m.client_message_id; private_note := m.private_note; media := m.media;
        c_id := v.id; c_department_id := v.department_id; c_department := v.department; c_guest_id := v.guest_id;
        c_guest_name := v.guest_name; c_guest_whatsapp_number := v.guest_whatsapp_number;
        c_guest_room_number := v.guest_room_number; c_conversation_type := v.conversation_type;
        c_status := v.status; c_created_at := v.created_at; c_updated_at := v.updated_at;
        c_last_message_id := v.last_message_id; c_last_message_at := v.last_message_at;
        c_last_message_preview := v.last_message_preview; c_last_guest_message_at := v.last_guest_message_at;
        c_assignee_id := v.assignee_id; c_assignee_name := v.assignee_name; c_snoozed_until := v.snoozed_until;
        c_waiting_since := v.waiting_since;
        RETURN NEXT;
    END LOOP;
END $$;
