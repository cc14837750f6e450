-- A webhook body that failed (for example a status for a message id not committed yet) waits before its next try.
ALTER TABLE whatsapp_inbox ADD COLUMN next_attempt_at TIMESTAMPTZ NOT NULL DEFAULT now();
