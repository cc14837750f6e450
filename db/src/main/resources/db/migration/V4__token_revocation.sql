-- Token revocation. Tokens are signed and verified without the database; these two facts withdraw them early.

-- A password change (own or by an admin) withdraws every token of the user issued before it.
ALTER TABLE staff_users ADD COLUMN tokens_valid_after TIMESTAMPTZ;

-- A logout withdraws one token, until it would have expired anyway.
CREATE TABLE revoked_tokens (
    token_id    VARCHAR(64) PRIMARY KEY,
    user_id     BIGINT      NOT NULL REFERENCES staff_users (id) ON DELETE CASCADE,
    expires_at  TIMESTAMPTZ NOT NULL,
    revoked_at  TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX revoked_tokens_expiry ON revoked_tokens (expires_at);
