-- Inbox state (chat-gateway CheckpointStore and LeaseStore). Times are epoch milliseconds.
-- One lease row per inbox and account; its token only grows (release expires the row, never deletes it),
-- and every checkpoint commit checks it (fencing).
CREATE TABLE IF NOT EXISTS chatgw_inbox_lease (
    inbox_name  VARCHAR(64)   NOT NULL,
    account     VARCHAR(64)   NOT NULL,
    owner       VARCHAR(200)  NOT NULL,
    token       BIGINT        NOT NULL,
    expires_at  BIGINT        NOT NULL,
    PRIMARY KEY (inbox_name, account)
);
-- Positions: key '' is the account's change-detector position, other keys are conversation ids.
CREATE TABLE IF NOT EXISTS chatgw_inbox_checkpoint (
    inbox_name  VARCHAR(64)   NOT NULL,
    account     VARCHAR(64)   NOT NULL,
    ckey        VARCHAR(200)  NOT NULL,
    provider    VARCHAR(64)   NOT NULL,
    version     INT           NOT NULL,
    position    VARCHAR(100000) NOT NULL,
    updated_at  BIGINT        NOT NULL,
    PRIMARY KEY (inbox_name, account, ckey)
);
-- Events the handler failed on after every attempt.
CREATE TABLE IF NOT EXISTS chatgw_inbox_dead_letter (
    inbox_name   VARCHAR(64)   NOT NULL,
    account      VARCHAR(64)   NOT NULL,
    event_id     VARCHAR(512)  NOT NULL,
    conversation VARCHAR(512)  NOT NULL,
    event_type   VARCHAR(32)   NOT NULL,
    attempts     INT           NOT NULL,
    error        VARCHAR(1000) NOT NULL,
    failed_at    BIGINT        NOT NULL,
    PRIMARY KEY (inbox_name, account, event_id)
);
