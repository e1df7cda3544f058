package io.chatgateway.store;

import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * Where an inbox keeps its positions (one per account and one per conversation) and its dead letters.
 * Implementations must be thread-safe; every method is one atomic step. Failures to reach the store are
 * {@link StoreUnavailableException}.
 *
 * <p>Implementations: {@link InboxStore#inMemory()} (the default, lost with the JVM) and the JDBC store of
 * {@code chat-gateway-store-jdbc} (H2, PostgreSQL).
 */
public interface CheckpointStore {

    /**
     * @param name    the inbox name
     * @param account the account
     * @return every checkpoint of that inbox and account, by {@link Checkpoint#key()}
     * @throws StoreUnavailableException when the store cannot be read
     */
    Map<String, Checkpoint> load(String name, String account);

    /**
     * Writes checkpoints atomically (all or none), replacing those with the same keys, provided the lease
     * is still current: its token must be the newest token known for that inbox and account.
     *
     * @param lease       the caller's lease
     * @param checkpoints the checkpoints to write
     * @throws LeaseLostException        when a newer lease exists (nothing is written)
     * @throws StoreUnavailableException when the store cannot be written (nothing is written)
     */
    void commit(Lease lease, Collection<Checkpoint> checkpoints);

    /**
     * Records a dead-lettered event. Recording the same event id twice keeps one record.
     *
     * @param name   the inbox name
     * @param record what to keep
     * @throws StoreUnavailableException when the store cannot be written
     */
    void recordDeadLetter(String name, DeadLetterRecord record);

    /**
     * @param name    the inbox name
     * @param account the account
     * @return the dead letters recorded for it, oldest first
     * @throws StoreUnavailableException when the store cannot be read
     */
    List<DeadLetterRecord> deadLetters(String name, String account);
}
