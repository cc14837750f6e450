-- Reports (GET /chat/reports/): the conversations each department opened in a period, found by when they were opened.
-- Every other part of a report reaches its rows through indexes that exist already (conversations by department and
-- last activity, messages by conversation).
--
-- A plain CREATE INDEX, not CONCURRENTLY: Flyway runs it at a node's start, and CONCURRENTLY waits for every other
-- transaction, including a second node's, which waits for Flyway's lock at the same moment: a deadlock. A plain one
-- holds off writes to conversations (each message's append updates its conversation) while it reads the table: about
-- 0.3 s per million conversations on the benchmark machine (docs/benchmarks.md, "Reports"). Messages are not indexed.
CREATE INDEX conversations_department_created ON conversations (department_id, created_at);
