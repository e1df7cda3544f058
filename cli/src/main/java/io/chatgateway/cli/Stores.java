package io.chatgateway.cli;

import io.chatgateway.store.jdbc.JdbcStores;
import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.logging.Logger;
import javax.sql.DataSource;

/** The one place a {@code --store URL} becomes JDBC stores (watch checkpoints, send idempotency records). */
final class Stores {

    private Stores() {
    }

    /**
     * @param url {@code jdbc:h2:…} or {@code jdbc:postgresql:…} (credentials in the URL)
     * @return the stores on that database
     * @throws UsageException for any other URL
     */
    static JdbcStores open(String url) {
        if (url.startsWith("jdbc:h2:")) {
            return JdbcStores.h2(url);
        }
        if (url.startsWith("jdbc:postgresql:")) {
            return JdbcStores.on(new UrlDataSource(url));
        }
        throw new UsageException("--store must be a jdbc:h2:… or jdbc:postgresql:… URL.");
    }

    /** A data source on a JDBC URL through {@link DriverManager} (credentials in the URL), without pooling. */
    static final class UrlDataSource implements DataSource {
        private final String url;

        UrlDataSource(String url) {
            this.url = url;
        }

        @Override
        public Connection getConnection() throws SQLException {
            return DriverManager.getConnection(url);
        }

        @Override
        public Connection getConnection(String username, String password) throws SQLException {
            return DriverManager.getConnection(url, username, password);
        }

        @Override
        public PrintWriter getLogWriter() {
            return null;
        }

        @Override
        public void setLogWriter(PrintWriter out) {
        }

        @Override
        public void setLoginTimeout(int seconds) {
        }

        @Override
        public int getLoginTimeout() {
            return 0;
        }

        @Override
        public Logger getParentLogger() throws SQLFeatureNotSupportedException {
            throw new SQLFeatureNotSupportedException();
        }

        @Override
        public <T> T unwrap(Class<T> type) throws SQLException {
            throw new SQLException("not a wrapper");
        }

        @Override
        public boolean isWrapperFor(Class<?> type) {
            return false;
        }
    }
}
