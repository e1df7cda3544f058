package io.chatgateway.cli;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.Objects;

/**
 * Where {@code chatgw} keeps durable state between runs (inbox checkpoints, idempotency records) when it
 * runs on configured accounts: {@code $CHATGW_STATE_DIR} if set, else {@code $XDG_STATE_HOME/chatgw}, else
 * {@code ~/.local/state/chatgw}. The sandbox never uses it (its state lives in memory).
 *
 * <p>The directory is created on first use ({@link #ensureExists()}), readable by its owner only where the
 * file system supports POSIX permissions.
 */
final class StateDirectory {

    /** Environment variable that names the state directory outright. */
    static final String STATE_DIR_ENV = "CHATGW_STATE_DIR";
    /** The XDG base-directory variable for state files. */
    static final String XDG_STATE_HOME_ENV = "XDG_STATE_HOME";
    /** Base name of the default H2 database file inside the directory. */
    static final String DEFAULT_DATABASE = "chatgw";

    private final Path path;

    private StateDirectory(Path path) {
        this.path = path.toAbsolutePath().normalize();
    }

    /**
     * @param env      the process environment
     * @param userHome the user's home directory (the {@code user.home} system property)
     * @return the state directory those name (not created yet)
     */
    static StateDirectory resolve(Map<String, String> env, Path userHome) {
        Objects.requireNonNull(env, "env");
        String named = env.get(STATE_DIR_ENV);
        if (named != null && !named.isBlank()) {
            return new StateDirectory(Path.of(named.trim()));
        }
        String xdg = env.get(XDG_STATE_HOME_ENV);
        if (xdg != null && !xdg.isBlank() && Path.of(xdg.trim()).isAbsolute()) {
            return new StateDirectory(Path.of(xdg.trim(), "chatgw"));
        }
        return new StateDirectory(userHome.resolve(".local").resolve("state").resolve("chatgw"));
    }

    /** @return the state directory of this process's environment and user */
    static StateDirectory of(Map<String, String> env) {
        return resolve(env, Path.of(System.getProperty("user.home")));
    }

    /** @return the directory (absolute; may not exist yet) */
    Path path() {
        return path;
    }

    /**
     * Creates the directory (and its parents) when missing.
     *
     * @return the directory
     * @throws UsageException when it cannot be created, naming the directory and the variable to change it
     */
    Path ensureExists() {
        try {
            if (!Files.isDirectory(path)) {
                Files.createDirectories(path);
                if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
                    Files.setPosixFilePermissions(path, PosixFilePermissions.fromString("rwx------"));
                }
            }
            return path;
        } catch (IOException | UnsupportedOperationException e) {
            throw new UsageException("The state directory " + path + " could not be created ("
                    + e.getClass().getSimpleName() + "); set " + STATE_DIR_ENV + " to a writable directory.");
        }
    }

    /**
     * The JDBC URL of the default H2 database in this directory, creating the directory. Several
     * {@code chatgw} processes may open it at once (H2's automatic mixed mode).
     *
     * @return e.g. {@code jdbc:h2:file:/home/me/.local/state/chatgw/chatgw;AUTO_SERVER=TRUE}
     */
    String defaultH2Url() {
        return h2Url(DEFAULT_DATABASE);
    }

    /**
     * @param database base name of the database file, letters, digits, '-' and '_' only
     * @return the JDBC URL of an H2 file database of that name in this directory, creating the directory
     */
    String h2Url(String database) {
        if (database == null || !database.matches("[A-Za-z0-9_-]+")) {
            throw new IllegalArgumentException("database name must be letters, digits, '-' or '_': " + database);
        }
        return "jdbc:h2:file:" + ensureExists().resolve(database) + ";AUTO_SERVER=TRUE";
    }

    @Override
    public String toString() {
        return path.toString();
    }
}
