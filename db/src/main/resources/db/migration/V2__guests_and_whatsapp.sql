-- Guests over WhatsApp: a durable inbox for webhooks, a transactional outbox for replies, delivery states.

-- conversations.last_guest_message_at (V1) is the time of the guest's last WhatsApp message: the 24-hour window.

ALTER TABLE messages ADD COLUMN delivery_status VARCHAR(16)
    CHECK (delivery_status IN ('pending', 'sent', 'delivered', 'read', 'failed'));
ALTER TABLE messages ADD COLUMN delivery_error TEXT;

-- Every webhook body is stored here before WhatsApp gets its 200, then processed.
CREATE TABLE whatsapp_inbox (
    id            BIGSERIAL PRIMARY KEY,
    payload       TEXT        NOT NULL,
    received_at   TIMESTAMPTZ NOT NULL DEFAULT now(),
    processed_at  TIMESTAMPTZ,
    attempts      INT         NOT NULL DEFAULT 0,
    last_error    TEXT
);
CREATE INDEX whatsapp_inbox_pending ON whatsapp_inbox (id) WHERE processed_at IS NULL;

-- A staff message to a WhatsApp guest is queued here in the same transaction as the message itself.
CREATE TABLE whatsapp_outbox (
    id               BIGSERIAL PRIMARY KEY,
    message_id       BIGINT       NOT NULL UNIQUE REFERENCES messages (id),
    to_number        VARCHAR(20)  NOT NULL,
    body             TEXT         NOT NULL,
    status           VARCHAR(16)  NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'sent', 'failed')),
    attempts         INT          NOT NULL DEFAULT 0,
    next_attempt_at  TIMESTAMPTZ  NOT NULL DEFAULT now(),
    external_id      VARCHAR(128),
    last_error       TEXT,
    created_at       TIMESTAMPTZ  NOT NULL DEFAULT now(),
    updated_at       TIMESTAMPTZ  NOT NULL DEFAULT now()
);
CREATE INDEX whatsapp_outbox_due ON whatsapp_outbox (next_attempt_at) WHERE status = 'pending';
