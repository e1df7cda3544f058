package io.chatgateway.cli;

import io.chatgateway.store.jdbc.JdbcStores;

/** The one place a {@code --store URL} becomes JDBC stores (watch checkpoints, send idempotency records, outbox). */
final class Stores {

    private Stores() {
    }

    /**
     * @param url {@code jdbc:h2:…} or {@code jdbc:postgresql:…} (credentials in the URL)
     * @return the stores on that database, on a small connection pool
     * @throws UsageException for any other URL
     */
    static JdbcStores open(String url) {
        if (url.startsWith("jdbc:h2:") || url.startsWith("jdbc:postgresql:")) {
            return JdbcStores.url(url);
        }
        throw new UsageException("--store must be a jdbc:h2:… or jdbc:postgresql:… URL.");
    }
}
