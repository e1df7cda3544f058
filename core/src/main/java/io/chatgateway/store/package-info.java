/**
 * Durable state behind small interfaces: where the inbox keeps its checkpoints and leases and where sends
 * keep idempotency records and the outbox. Each interface has an in-memory implementation in core (the
 * default for tests and the sandbox); {@code chat-gateway-store-jdbc} implements them on H2 and
 * PostgreSQL. A store that cannot be reached fails with {@link io.chatgateway.store.StoreUnavailableException}.
 */
@NullMarked
package io.chatgateway.store;

import org.jspecify.annotations.NullMarked;
