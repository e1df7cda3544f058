-- The provider message ref of a completed send is looked up by the inbox (IdempotencyStore.sentAmong), so that
-- another instance's keyed sends are not reported as MESSAGE_SENT.
CREATE INDEX IF NOT EXISTS chatgw_idempotency_message ON chatgw_idempotency (account, message_ref);
