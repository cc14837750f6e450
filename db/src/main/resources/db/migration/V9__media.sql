-- Media: files guests and staff send (photos, voice notes, videos, documents, stickers) and shared locations.

-- What a message carries besides its text, as the message shows it: {"attachments": [...], "location": {...}}.
-- The files' bytes live in a media store (PostgreSQL below, or an S3 bucket), described by the media table.
ALTER TABLE messages ADD COLUMN media JSONB;

CREATE TABLE media (
    id                VARCHAR(64)  PRIMARY KEY,
    type              VARCHAR(16)  NOT NULL CHECK (type IN ('image', 'audio', 'video', 'document', 'sticker')),
    content_type      VARCHAR(128) NOT NULL,
    size_bytes        BIGINT       NOT NULL CHECK (size_bytes >= 0),
    file_name         VARCHAR(255) NOT NULL,
    sha256            CHAR(64)     NOT NULL,
    storage           VARCHAR(16)  NOT NULL,
    uploaded_by_type  VARCHAR(16)  NOT NULL CHECK (uploaded_by_type IN ('staff', 'guest', 'whatsapp')),
    uploaded_by_id    BIGINT,
    -- Set in the transaction that commits the message using the upload; an upload never used is removed after a day.
    message_id        BIGINT REFERENCES messages (id),
    conversation_id   BIGINT REFERENCES conversations (id),
    created_at        TIMESTAMPTZ  NOT NULL DEFAULT now()
);
CREATE INDEX media_unused ON media (created_at) WHERE message_id IS NULL;
CREATE INDEX media_message ON media (message_id) WHERE message_id IS NOT NULL;

-- The PostgreSQL media store: a file in chunks of up to 1 MiB, so neither side holds a 100 MB value at once.
CREATE TABLE media_chunks (
    media_key  VARCHAR(128) NOT NULL,
    seq        INT          NOT NULL,
    bytes      BYTEA        NOT NULL,
    PRIMARY KEY (media_key, seq)
);

-- A staff message with files goes to WhatsApp as one send per file (the text is the first file's caption, or its
-- own send when the first file cannot have one): one outbox row per send, in order, each sent exactly once.
ALTER TABLE whatsapp_outbox DROP CONSTRAINT whatsapp_outbox_message_id_key;
ALTER TABLE whatsapp_outbox ADD COLUMN part INT NOT NULL DEFAULT 0;
ALTER TABLE whatsapp_outbox ADD COLUMN media_id VARCHAR(64) REFERENCES media (id);
CREATE UNIQUE INDEX whatsapp_outbox_message_part ON whatsapp_outbox (message_id, part);
