-- WhatsApp message templates: after 24 hours without a message from the guest WhatsApp delivers only templates the
-- business had approved. Admins register them here (or import them from the WhatsApp Business Management API); staff
-- send them into a conversation with their parameters filled in.
CREATE TABLE whatsapp_templates (
    id           BIGSERIAL PRIMARY KEY,
    -- name and language (WhatsApp's code: en, en_US, pt_BR) name the template at WhatsApp
    name         VARCHAR(512) NOT NULL CHECK (name ~ '^[a-z0-9_]+$'),
    language     VARCHAR(16)  NOT NULL CHECK (language ~ '^[a-z]{2,3}(_[A-Za-z0-9]{2,8})?$'),
    category     VARCHAR(32)  NOT NULL CHECK (category IN ('MARKETING', 'UTILITY', 'AUTHENTICATION')),
    -- WhatsApp's review state; only APPROVED ones are offered and sent
    status       VARCHAR(32)  NOT NULL DEFAULT 'APPROVED',
    -- {"header": {"format", "text"}, "body", "footer", "buttons": [{"type", "text", "url", "phone_number"}]}
    content      JSONB        NOT NULL,
    -- which parameters are filled from the guest's profile: {"1": "guest_name", "2": "room_number"}
    prefill      JSONB        NOT NULL DEFAULT '{"fields": {}}',
    whatsapp_id  VARCHAR(64),
    created_at   TIMESTAMPTZ  NOT NULL DEFAULT now(),
    updated_at   TIMESTAMPTZ  NOT NULL DEFAULT now(),
    UNIQUE (name, language)
);

-- A template message goes out as its own kind of send: the Cloud API's "template" object (name, language, the filled
-- parameters), written with the message in the append's transaction. body stays the text the guest reads.
ALTER TABLE whatsapp_outbox ADD COLUMN template JSONB;
