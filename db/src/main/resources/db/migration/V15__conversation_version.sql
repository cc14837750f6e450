-- A conversation's version: a number that grows with every committed change of what the desk sees of it (status,
-- snooze, assignee, department, labels, the guest's profile), taken in the transaction that makes the change. Every
-- conversation-level event carries it, so a node never hands its sessions an older state after a newer one, and a
-- node that missed an event knows it did (the database's version is higher than the last one it delivered).
-- version_at: when the version last grew (a node that joined a department after it did had the state from the list).
ALTER TABLE conversations
    ADD COLUMN version    BIGINT      NOT NULL DEFAULT 1,
    ADD COLUMN version_at TIMESTAMPTZ NOT NULL DEFAULT clock_timestamp();

-- Status, snooze, assignee and department change in many statements (the desk's, the appends that reopen, closing,
-- the snooze timer, auto-assignment): one trigger counts them all, and runs only when one of them really changed (the
-- WHEN clause is checked without calling the function, so an append that leaves them as they were costs nothing
-- here). Labels and the guest's profile live in other tables: their statements add one to the version themselves.
CREATE FUNCTION conversation_next_version() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    NEW.version := OLD.version + 1;
    NEW.version_at := clock_timestamp();
    RETURN NEW;
END $$;

CREATE TRIGGER conversation_version
    BEFORE UPDATE OF status, snoozed_until, assignee_id, department_id ON conversations
    FOR EACH ROW
    WHEN (OLD.status IS DISTINCT FROM NEW.status OR OLD.snoozed_until IS DISTINCT FROM NEW.snoozed_until
          OR OLD.assignee_id IS DISTINCT FROM NEW.assignee_id OR OLD.department_id IS DISTINCT FROM NEW.department_id)
    EXECUTE FUNCTION conversation_next_version();

-- The version a transfer gave the conversation: a node that missed the transfer tells the department it left, once.
ALTER TABLE conversation_transfers ADD COLUMN version BIGINT;
