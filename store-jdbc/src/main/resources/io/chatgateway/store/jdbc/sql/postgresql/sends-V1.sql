-- Idempotency records of sends with a key (chat-gateway IdempotencyStore). Times are epoch milliseconds,
-- except accepted_at, which keeps the provider's instant exactly (ISO-8601).
CREATE TABLE IF NOT EXISTS chatgw_idempotency (
    account        VARCHAR(64)   NOT NULL,
    idem_key       VARCHAR(256)  NOT NULL,
    fingerprint    VARCHAR(64)   NOT NULL,
    state          VARCHAR(16)   NOT NULL,
    owner_token    VARCHAR(64)   NOT NULL,
    reserved_at    BIGINT        NOT NULL,
    expires_at     BIGINT        NOT NULL,
    message_ref    VARCHAR(2048),
    delivery       VARCHAR(16),
    accepted_at    VARCHAR(40),
    reconciliation VARCHAR(24)   NOT NULL,
    PRIMARY KEY (account, idem_key)
);
CREATE INDEX IF NOT EXISTS chatgw_idempotency_expires ON chatgw_idempotency (expires_at);
