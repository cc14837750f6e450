-- The desk's tools: private notes and mentions, canned replies, labels, the guest profile, search.

-- A private note is a message only staff see: same id sequence, same ordering, never sent to the guest.
ALTER TABLE messages ADD COLUMN private BOOLEAN NOT NULL DEFAULT FALSE;
ALTER TABLE messages DROP CONSTRAINT messages_sender_type_check;
ALTER TABLE messages ADD CONSTRAINT messages_sender_type_check
    CHECK (sender_type IN ('staff', 'guest') AND (NOT private OR sender_type = 'staff'));

CREATE TABLE mentions (
    message_id       BIGINT      NOT NULL REFERENCES messages (id),
    user_id          BIGINT      NOT NULL REFERENCES staff_users (id) ON DELETE CASCADE,
    conversation_id  BIGINT      NOT NULL REFERENCES conversations (id),
    read_at          TIMESTAMPTZ,
    PRIMARY KEY (message_id, user_id)
);
CREATE INDEX mentions_unread ON mentions (user_id, conversation_id) WHERE read_at IS NULL;

-- Canned replies: a department's (department_id) or a staff member's own (owner_id), exactly one of them.
CREATE TABLE canned_replies (
    id             BIGSERIAL PRIMARY KEY,
    department_id  BIGINT REFERENCES departments (id) ON DELETE CASCADE,
    owner_id       BIGINT REFERENCES staff_users (id) ON DELETE CASCADE,
    code           VARCHAR(32)   NOT NULL CHECK (code ~ '^[a-z0-9_-]{1,32}$'),
    text           VARCHAR(4096) NOT NULL,
    created_by     BIGINT REFERENCES staff_users (id) ON DELETE SET NULL,
    created_at     TIMESTAMPTZ   NOT NULL DEFAULT now(),
    updated_at     TIMESTAMPTZ   NOT NULL DEFAULT now(),
    CHECK ((department_id IS NULL) <> (owner_id IS NULL))
);
CREATE UNIQUE INDEX canned_replies_department_code ON canned_replies (department_id, code) WHERE department_id IS NOT NULL;
CREATE UNIQUE INDEX canned_replies_owner_code ON canned_replies (owner_id, code) WHERE owner_id IS NOT NULL;

CREATE TABLE labels (
    id     BIGSERIAL PRIMARY KEY,
    name   VARCHAR(40) NOT NULL UNIQUE CHECK (name ~ '^[a-z0-9][a-z0-9 _-]{0,39}$'),
    color  CHAR(7)     NOT NULL CHECK (color ~ '^#[0-9a-f]{6}$')
);
CREATE TABLE conversation_labels (
    conversation_id  BIGINT NOT NULL REFERENCES conversations (id),
    label_id         BIGINT NOT NULL REFERENCES labels (id) ON DELETE CASCADE,
    PRIMARY KEY (conversation_id, label_id)
);
CREATE INDEX conversation_labels_label ON conversation_labels (label_id);

ALTER TABLE guests
    ADD COLUMN check_in_date   DATE,
    ADD COLUMN check_out_date  DATE,
    ADD COLUMN language        VARCHAR(16),
    ADD COLUMN profile_notes   VARCHAR(2000),
    ADD CONSTRAINT guests_stay_check CHECK (check_out_date IS NULL OR check_in_date IS NULL OR check_out_date >= check_in_date);

-- Full-text search: 'simple' (no stemming: guests write in every language), over messages and notes, and guests.
-- The vector is stored: a filter or a recheck reads it instead of parsing the content again (measured: a
-- mid-frequency word at 1 million messages went from 372 ms to 15 ms; bench/search.sh).
ALTER TABLE messages ADD COLUMN search_vector tsvector GENERATED ALWAYS AS (to_tsvector('simple', content)) STORED;
CREATE INDEX messages_search ON messages USING gin (search_vector);
-- The number both with and without its '+' (the parser keeps the sign as part of the token).
CREATE INDEX guests_search ON guests USING gin (to_tsvector('simple',
    name || ' ' || COALESCE(room_number, '') || ' ' || whatsapp_number || ' ' || substr(whatsapp_number, 2)));
