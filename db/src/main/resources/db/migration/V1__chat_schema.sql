-- The source of truth of the chat: every message is committed here before anyone is notified.

CREATE TABLE departments (
    id          BIGSERIAL PRIMARY KEY,
    name        VARCHAR(64) NOT NULL UNIQUE CHECK (name ~ '^[a-z0-9_-]{1,64}$'),
    created_at  TIMESTAMPTZ NOT NULL DEFAULT now()
);

CREATE TABLE staff_users (
    id             BIGSERIAL PRIMARY KEY,
    username       VARCHAR(150) NOT NULL UNIQUE,
    name           VARCHAR(200) NOT NULL,
    user_type      VARCHAR(32)  NOT NULL CHECK (user_type IN ('department_staff', 'admin')),
    password_hash  TEXT         NOT NULL,
    active         BOOLEAN      NOT NULL DEFAULT TRUE,
    created_at     TIMESTAMPTZ  NOT NULL DEFAULT now(),
    updated_at     TIMESTAMPTZ  NOT NULL DEFAULT now()
);

CREATE TABLE staff_departments (
    user_id        BIGINT NOT NULL REFERENCES staff_users (id) ON DELETE CASCADE,
    department_id  BIGINT NOT NULL REFERENCES departments (id) ON DELETE CASCADE,
    PRIMARY KEY (user_id, department_id)
);
CREATE INDEX staff_departments_department ON staff_departments (department_id);

CREATE TABLE guests (
    id               BIGSERIAL PRIMARY KEY,
    whatsapp_number  VARCHAR(20)  NOT NULL UNIQUE CHECK (whatsapp_number ~ '^\+[1-9][0-9]{6,14}$'),
    name             VARCHAR(200) NOT NULL,
    room_number      VARCHAR(32),
    created_at       TIMESTAMPTZ  NOT NULL DEFAULT now(),
    updated_at       TIMESTAMPTZ  NOT NULL DEFAULT now()
);

CREATE TABLE conversations (
    id                    BIGSERIAL PRIMARY KEY,
    department_id         BIGINT      NOT NULL REFERENCES departments (id),
    guest_id              BIGINT      NOT NULL REFERENCES guests (id),
    conversation_type     VARCHAR(32) NOT NULL DEFAULT 'general',
    status                VARCHAR(16) NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'closed')),
    created_at            TIMESTAMPTZ NOT NULL DEFAULT clock_timestamp(),
    updated_at            TIMESTAMPTZ NOT NULL DEFAULT clock_timestamp(),
    last_message_id       BIGINT,
    last_message_at       TIMESTAMPTZ,
    last_message_preview  VARCHAR(200),
    last_guest_message_at TIMESTAMPTZ
);
CREATE INDEX conversations_department_activity
    ON conversations (department_id, status, (COALESCE(last_message_at, created_at)) DESC);
CREATE INDEX conversations_guest ON conversations (guest_id, status);

CREATE TABLE messages (
    id                 BIGSERIAL PRIMARY KEY,
    conversation_id    BIGINT       NOT NULL REFERENCES conversations (id),
    sender_type        VARCHAR(16)  NOT NULL CHECK (sender_type IN ('staff', 'guest')),
    sender_id          BIGINT,
    sender_name        VARCHAR(200) NOT NULL,
    content            TEXT         NOT NULL,
    created_at         TIMESTAMPTZ  NOT NULL DEFAULT clock_timestamp(),
    external_id        VARCHAR(128) UNIQUE,
    client_message_id  VARCHAR(64)
);
CREATE INDEX messages_conversation ON messages (conversation_id, id);
-- Idempotent sends: a retried client_message_id of the same sender conflicts here, never a second row.
CREATE UNIQUE INDEX messages_client_message_id
    ON messages (sender_type, sender_id, client_message_id) WHERE client_message_id IS NOT NULL;

CREATE TABLE read_markers (
    user_id               BIGINT      NOT NULL REFERENCES staff_users (id) ON DELETE CASCADE,
    conversation_id       BIGINT      NOT NULL REFERENCES conversations (id) ON DELETE CASCADE,
    last_read_message_id  BIGINT      NOT NULL,
    updated_at            TIMESTAMPTZ NOT NULL DEFAULT now(),
    PRIMARY KEY (user_id, conversation_id)
);
