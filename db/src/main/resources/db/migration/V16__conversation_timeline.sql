-- A conversation's timeline: who assigned, snoozed, transferred, closed or labelled it, as entries among its messages.
--
-- An entry is a private message (staff only, like a note) with its facts in `activity` ({"kind": ..., ...}, the JSON
-- clients get), written by the transaction that makes the change, after it. So it takes its id from the messages'
-- sequence under the conversation's row lock and has its place among the messages; every staff feed orders, resumes
-- and gap-fills it, and a guest's feed steps over it as over a note. Its content is a readable sentence.
ALTER TABLE messages ADD COLUMN activity JSONB;
-- Only staff ever see an entry. NOT VALID: every existing row has no activity, so nothing needs scanning (a full
-- table's check would hold the table while reading it); new rows are checked.
ALTER TABLE messages ADD CONSTRAINT messages_activity_private CHECK (activity IS NULL OR private) NOT VALID;

-- V11's append_message with the entry's facts. The old one is dropped, not overloaded: a node of the previous release
-- (during a rolling upgrade) calls it with ten arguments and reaches this one through the default, and there stays one
-- definition of an append. An entry leaves the conversation as a note does (no new preview, the guest's wait goes on)
-- and does not move last_message_at either: the list's time and order are those of messages, not of desk changes.
DROP FUNCTION append_message(BIGINT, VARCHAR, BIGINT, VARCHAR, TEXT, VARCHAR, VARCHAR, BOOLEAN, JSONB, VARCHAR);
CREATE FUNCTION append_message(p_conversation_id BIGINT, p_sender_type VARCHAR, p_sender_id BIGINT,
                               p_sender_name VARCHAR, p_content TEXT, p_client_message_id VARCHAR,
                               p_external_id VARCHAR, p_private BOOLEAN, p_media JSONB, p_preview VARCHAR,
                               p_activity JSONB DEFAULT NULL)
RETURNS TABLE (id BIGINT, conversation_id BIGINT, sender_type VARCHAR, sender_id BIGINT, sender_name VARCHAR,
               content TEXT, created_at TIMESTAMPTZ, client_message_id VARCHAR, private_note BOOLEAN, media JSONB)
LANGUAGE plpgsql AS $$
#variable_conflict use_column
BEGIN
    RETURN QUERY
    WITH m AS (
        INSERT INTO messages (conversation_id, sender_type, sender_id, sender_name, content, client_message_id,
                              external_id, private, media, activity)
        VALUES (p_conversation_id, p_sender_type, p_sender_id, p_sender_name, p_content, p_client_message_id,
                p_external_id, p_private, p_media, p_activity)
        ON CONFLICT DO NOTHING
        RETURNING messages.id, messages.conversation_id, messages.sender_type, messages.sender_id,
                  messages.sender_name, messages.content, messages.created_at, messages.client_message_id,
                  messages.private AS private_note, messages.media
    ), c AS (
        UPDATE conversations SET last_message_id = m.id,
               last_message_at = CASE WHEN p_activity IS NULL THEN m.created_at ELSE conversations.last_message_at END,
               last_message_preview = CASE WHEN m.private_note THEN conversations.last_message_preview
                                           ELSE p_preview END,
               updated_at = clock_timestamp(),
               status = CASE WHEN m.sender_type = 'guest' THEN 'active' ELSE conversations.status END,
               snoozed_until = CASE WHEN m.sender_type = 'guest' THEN NULL ELSE conversations.snoozed_until END,
               waiting_since = CASE WHEN m.sender_type = 'guest'
                                    THEN COALESCE(conversations.waiting_since, m.created_at)
                                    WHEN m.private_note THEN conversations.waiting_since END,
               waiting_alerted = (m.sender_type = 'guest' OR m.private_note)
                                 AND conversations.waiting_since IS NOT NULL AND conversations.waiting_alerted
        FROM m WHERE conversations.id = m.conversation_id
    )
    SELECT m.id, m.conversation_id, m.sender_type::VARCHAR, m.sender_id, m.sender_name::VARCHAR, m.content,
           m.created_at, m.client_message_id::VARCHAR, m.private_note, m.media
    FROM m;
END $$;
