-- Search reads only the caller's departments' index entries: each message carries its conversation's department
-- (set on insert, moved with the conversation by a transfer), and the search index leads with it (btree_gin gives
-- GIN a bigint column). At 10 million messages the cost of a search no longer grows with the other departments'
-- matches (bench/search.sh, docs/benchmarks.md).
CREATE EXTENSION IF NOT EXISTS btree_gin;
ALTER TABLE messages ADD COLUMN department_id BIGINT;
UPDATE messages m SET department_id = c.department_id FROM conversations c WHERE c.id = m.conversation_id;
ALTER TABLE messages ALTER COLUMN department_id SET NOT NULL;
DROP INDEX messages_search;
CREATE INDEX messages_search ON messages USING gin (department_id, search_vector);
