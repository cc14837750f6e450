-- The desk's queue: who answers which guest, statuses beyond active/closed, waiting times, transfers.
ALTER TABLE conversations DROP CONSTRAINT conversations_status_check;
ALTER TABLE conversations ADD CONSTRAINT conversations_status_check
    CHECK (status IN ('active', 'pending', 'snoozed', 'closed'));
ALTER TABLE conversations
    ADD COLUMN assignee_id     BIGINT REFERENCES staff_users (id) ON DELETE SET NULL,
    -- set exactly while status = 'snoozed': when it turns back to 'active' by itself
    ADD COLUMN snoozed_until   TIMESTAMPTZ,
    -- the first guest message after the last staff message; null while nobody waits for an answer
    ADD COLUMN waiting_since   TIMESTAMPTZ,
    -- the department's waiting alert was raised for this wait (once per wait, by one node)
    ADD COLUMN waiting_alerted BOOLEAN NOT NULL DEFAULT FALSE,
    ADD CONSTRAINT conversations_snooze_check CHECK ((status = 'snoozed') = (snoozed_until IS NOT NULL));
CREATE INDEX conversations_assignee ON conversations (assignee_id, status) WHERE assignee_id IS NOT NULL;
CREATE INDEX conversations_snoozed ON conversations (snoozed_until) WHERE status = 'snoozed';
CREATE INDEX conversations_waiting ON conversations (waiting_since) WHERE waiting_since IS NOT NULL AND NOT waiting_alerted;

ALTER TABLE departments
    ADD COLUMN auto_assign           BOOLEAN NOT NULL DEFAULT FALSE,
    ADD COLUMN auto_assign_cap       INT     NOT NULL DEFAULT 10  CHECK (auto_assign_cap BETWEEN 1 AND 1000),
    ADD COLUMN waiting_alert_seconds INT     NOT NULL DEFAULT 300 CHECK (waiting_alert_seconds BETWEEN 5 AND 604800);

-- Round-robin among members with equally many open conversations: the one assigned longest ago goes first.
ALTER TABLE staff_departments ADD COLUMN last_auto_assigned_at TIMESTAMPTZ;

CREATE TABLE conversation_transfers (
    id                  BIGSERIAL PRIMARY KEY,
    conversation_id     BIGINT      NOT NULL REFERENCES conversations (id),
    from_department_id  BIGINT      NOT NULL REFERENCES departments (id),
    to_department_id    BIGINT      NOT NULL REFERENCES departments (id),
    by_user_id          BIGINT      REFERENCES staff_users (id) ON DELETE SET NULL,
    note                VARCHAR(1000),
    created_at          TIMESTAMPTZ NOT NULL DEFAULT clock_timestamp()
);
CREATE INDEX conversation_transfers_conversation ON conversation_transfers (conversation_id, id);
