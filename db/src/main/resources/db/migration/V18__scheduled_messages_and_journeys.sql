-- Scheduled messages: a text or a template that goes into a conversation at a time, sent exactly once in the cluster.
-- Every node looks for due rows; the transaction that sends one holds its row (FOR UPDATE SKIP LOCKED), appends the
-- message (and its outbox row) and marks the row sent or failed before it commits: a node that dies meanwhile leaves
-- the row as it was, for another node, and a committed row is never sent again.
--
-- Guest journey rules: per department (off by default), a template sent automatically some days before the guest's
-- check-in or on the morning of their check-out, from the guest's profile. A rule's message to a guest is a scheduled
-- message with the rule's id; the unique index below makes it at most one per guest and rule, whatever the nodes do.
CREATE TABLE journey_rules (
    id             BIGSERIAL PRIMARY KEY,
    department_id  BIGINT       NOT NULL REFERENCES departments (id) ON DELETE CASCADE,
    name           VARCHAR(100) NOT NULL,
    template_id    BIGINT       NOT NULL REFERENCES whatsapp_templates (id),
    -- before_check_in: days_before days before the check-in date; check_out: on the check-out date
    occasion       VARCHAR(16)  NOT NULL CHECK (occasion IN ('before_check_in', 'check_out')),
    days_before    INT          NOT NULL DEFAULT 0 CHECK (days_before BETWEEN 0 AND 90),
    -- the hotel's local time of day it goes out (CHAT_HOTEL_TIME_ZONE)
    send_time      TIME         NOT NULL DEFAULT '09:00',
    active         BOOLEAN      NOT NULL DEFAULT FALSE,
    created_at     TIMESTAMPTZ  NOT NULL DEFAULT now(),
    updated_at     TIMESTAMPTZ  NOT NULL DEFAULT now(),
    UNIQUE (department_id, name)
);

CREATE TABLE scheduled_messages (
    id               BIGSERIAL PRIMARY KEY,
    conversation_id  BIGINT        NOT NULL REFERENCES conversations (id),
    -- who it goes out as: the staff member who scheduled it (null for a journey rule's, sent as sender_name)
    created_by       BIGINT        REFERENCES staff_users (id) ON DELETE SET NULL,
    sender_name      VARCHAR(200)  NOT NULL,
    send_at          TIMESTAMPTZ   NOT NULL,
    kind             VARCHAR(16)   NOT NULL CHECK (kind IN ('text', 'template')),
    -- a text's words; a template's text as it read when scheduled (filled again when it goes)
    content          VARCHAR(4096) NOT NULL,
    template_id      BIGINT        REFERENCES whatsapp_templates (id) ON DELETE SET NULL,
    -- the values staff gave the template's parameters: {"header": {...}, "body": {...}}
    parameters       JSONB,
    status           VARCHAR(16)   NOT NULL DEFAULT 'scheduled'
                     CHECK (status IN ('scheduled', 'sent', 'failed', 'cancelled')),
    message_id       BIGINT        REFERENCES messages (id),
    failure          TEXT,
    -- failed attempts (an error, not a refusal); the row is given up after a few
    attempts         INT           NOT NULL DEFAULT 0,
    journey_rule_id  BIGINT        REFERENCES journey_rules (id) ON DELETE CASCADE,
    guest_id         BIGINT        REFERENCES guests (id),
    created_at       TIMESTAMPTZ   NOT NULL DEFAULT now(),
    updated_at       TIMESTAMPTZ   NOT NULL DEFAULT now(),
    -- a template's row keeps its values even when the template is deleted meanwhile (it then fails, saying so)
    CHECK (kind = 'text' OR parameters IS NOT NULL),
    CHECK ((status = 'sent') = (message_id IS NOT NULL)),
    CHECK ((journey_rule_id IS NULL) = (guest_id IS NULL))
);
CREATE INDEX scheduled_messages_due ON scheduled_messages (send_at) WHERE status = 'scheduled';
CREATE INDEX scheduled_messages_conversation ON scheduled_messages (conversation_id, send_at);
CREATE UNIQUE INDEX scheduled_messages_journey ON scheduled_messages (journey_rule_id, guest_id)
    WHERE journey_rule_id IS NOT NULL;
-- A journey rule looks for the guests whose check-in (or check-out) date is the one it is for.
CREATE INDEX guests_check_in ON guests (check_in_date) WHERE check_in_date IS NOT NULL;
CREATE INDEX guests_check_out ON guests (check_out_date) WHERE check_out_date IS NOT NULL;
