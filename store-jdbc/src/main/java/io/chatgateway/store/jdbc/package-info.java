/**
 * The JDBC implementations of the {@link io.chatgateway.store} interfaces. Entry point:
 * {@link io.chatgateway.store.jdbc.JdbcStores}, built on a {@link javax.sql.DataSource} or an H2 JDBC URL.
 * The schema is created on first use and versioned per component; the same SQL ships in this jar under
 * {@code io/chatgateway/store/jdbc/sql/<dialect>/} for DBAs who create schemas themselves.
 */
@NullMarked
package io.chatgateway.store.jdbc;

import org.jspecify.annotations.NullMarked;
