-- The outbox (chat-gateway OutboxStore). Times are epoch milliseconds; attachments are JSON with base64 data.
CREATE TABLE IF NOT EXISTS chatgw_outbox (
    account         VARCHAR(64)       NOT NULL,
    idem_key        VARCHAR(256)      NOT NULL,
    conversation    VARCHAR(2048)     NOT NULL,
    body            TEXT              NOT NULL,
    attachments     TEXT,
    status          VARCHAR(24)       NOT NULL,
    attempts        INT               NOT NULL,
    created_at      BIGINT            NOT NULL,
    next_attempt_at BIGINT            NOT NULL,
    lease_owner     VARCHAR(64),
    lease_until     BIGINT,
    result_ref      VARCHAR(2048),
    error           VARCHAR(4000),
    PRIMARY KEY (account, idem_key)
);
CREATE INDEX IF NOT EXISTS chatgw_outbox_due ON chatgw_outbox (status, next_attempt_at);
CREATE INDEX IF NOT EXISTS chatgw_outbox_created ON chatgw_outbox (created_at);
