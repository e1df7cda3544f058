package io.chatgateway.cli;

import io.chatgateway.ChatGateway;
import io.chatgateway.InvalidConfigurationException;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;

/**
 * What one run of {@code chatgw} works with: the output streams, the environment, the global options,
 * and the gateway, opened on first use (from the configuration, or on the sandbox) and closed at the end.
 */
final class Context implements AutoCloseable {

    /** Environment variable naming the properties file (used when {@code --config} is not given). */
    static final String CONFIG_ENV = "CHATGW_CONFIG";

    /** Blocks until the process is interrupted; tests replace it so that {@code simulate} returns. */
    interface Waiter {
        void awaitInterrupt() throws InterruptedException;
    }

    final PrintWriter out;
    final PrintWriter err;
    final Map<String, String> env;
    final boolean interactive;
    final Waiter waiter;

    Path config;
    OutputFormat output = OutputFormat.TABLE;
    boolean verbose;

    private ChatGateway gateway;
    private Sandbox sandbox;
    /** Set before {@link #gateway()} by commands that send with an idempotency key: keep keys durably. */
    private boolean durableSends;
    private String storeUrl;

    Context(PrintWriter out, PrintWriter err, Map<String, String> env, boolean interactive, Waiter waiter) {
        this.out = out;
        this.err = err;
        this.env = Map.copyOf(env);
        this.interactive = interactive;
        this.waiter = waiter;
    }

    /** @return a context on the process's streams and environment */
    static Context system() {
        PrintWriter out = new PrintWriter(new java.io.OutputStreamWriter(System.out, StandardCharsets.UTF_8), true);
        PrintWriter err = new PrintWriter(new java.io.OutputStreamWriter(System.err, StandardCharsets.UTF_8), true);
        return new Context(out, err, System.getenv(), System.console() != null, () -> new CountDownLatch(1).await());
    }

    boolean json() {
        return output == OutputFormat.JSON;
    }

    /**
     * @return the gateway of the configured accounts, or of the sandbox when no configuration is given
     * @throws InvalidConfigurationException when the configuration cannot be read or is invalid
     */
    ChatGateway gateway() {
        if (gateway == null) {
            Path file = configFile();
            if (file == null) {
                sandbox = Sandbox.start(Map.of());
                err.println("chatgw: sandbox mode (no --config or " + CONFIG_ENV + "): in-process simulators of "
                        + String.join(", ", sandbox.providerIds()) + " with demo data; accounts "
                        + String.join(", ", sandbox.accounts()) + ".");
                err.flush();
                gateway = sandbox.gateway();
            } else {
                ChatGateway.Builder builder = ChatGateway.builder().properties(readConfig(file));
                if (durableSends) {
                    String url = storeUrl != null ? storeUrl : stateDirectory().defaultH2Url();
                    builder.idempotencyStore(Stores.open(url).idempotency());
                }
                gateway = builder.build();
            }
        }
        return gateway;
    }

    /**
     * Makes the gateway keep idempotency keys in a durable store (configured accounts only; the sandbox stays in
     * memory). Call before {@link #gateway()}.
     *
     * @param url the store's JDBC URL, or {@code null} for the H2 file in the state directory
     */
    void durableSends(String url) {
        this.durableSends = true;
        this.storeUrl = url;
    }

    /** @return where durable state (checkpoints, idempotency records) lives for configured accounts */
    StateDirectory stateDirectory() {
        return StateDirectory.of(env);
    }

    /** @return the sandbox, when {@link #gateway()} started one */
    Sandbox sandbox() {
        return sandbox;
    }

    private Path configFile() {
        if (config != null) {
            return config;
        }
        String named = env.get(CONFIG_ENV);
        return named == null || named.isBlank() ? null : Path.of(named.trim());
    }

    static Properties readConfig(Path file) {
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            properties.load(reader);
        } catch (NoSuchFileException e) {
            throw new UsageException("The configuration file " + file + " does not exist.");
        } catch (IOException | IllegalArgumentException e) {
            throw new UsageException("The configuration file " + file + " could not be read ("
                    + e.getClass().getSimpleName() + ").");
        }
        return properties;
    }

    @Override
    public void close() {
        if (gateway != null) {
            gateway.close();
            gateway = null;
        }
        if (sandbox != null) {
            sandbox.close();
            sandbox = null;
        }
        out.flush();
        err.flush();
    }
}
