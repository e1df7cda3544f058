package io.chatgateway.testkit;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;

/**
 * A child JVM for crash tests: runs a main class on the current test class path, captures its standard
 * output line by line, and can be killed with {@code SIGKILL} — that child's pid only, through its own
 * {@link Process} handle (never by name).
 *
 * <pre>{@code
 * try (ChildJvm child = ChildJvm.builder(WorkerMain.class).systemProperty("db.url", url).start()) {
 *     child.awaitLine(line -> line.startsWith("READY"), Duration.ofSeconds(20));
 *     ...
 *     child.kill();                      // SIGKILL: no shutdown hooks, no finally blocks run in the child
 * }                                      // close() kills it too, when it still runs
 * }</pre>
 *
 * <p>The child gets the same {@code java} executable as this JVM and {@code java.class.path} as its
 * {@code -cp}. Waiting is always "until a line arrives or the timeout passes", never a fixed sleep. The child
 * main may call {@link #exitWhenParentDies()} so that it never outlives the test JVM, even when that JVM is
 * killed itself (its standard input then reaches end of file). Children still running when this JVM exits
 * normally are killed by a shutdown hook.
 *
 * <p>Thread-safe: output is read by two daemon threads; every method may be called from any thread.
 */
public final class ChildJvm implements AutoCloseable {

    /** Lines of standard error kept for error messages. */
    static final int STDERR_LINES_KEPT = 40;

    private static final Set<Process> RUNNING = ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> RUNNING.forEach(Process::destroyForcibly),
                "chatgw-child-jvm-cleanup"));
    }

    private final String name;
    private final Process process;
    private final List<String> lines = new ArrayList<>();
    private final Deque<String> stderrTail = new ArrayDeque<>();
    private boolean stdoutClosed;

    private ChildJvm(String name, Process process) {
        this.name = name;
        this.process = process;
        RUNNING.add(process);
        process.onExit().thenRun(() -> RUNNING.remove(process));
        reader(process.getInputStream(), this::addLine, this::stdoutEnded, "stdout");
        reader(process.getErrorStream(), this::addStderr, () -> { }, "stderr");
    }

    /**
     * @param mainClass the class whose {@code main} the child runs; it must be on this JVM's class path
     * @return a builder
     */
    public static Builder builder(Class<?> mainClass) {
        return new Builder(Objects.requireNonNull(mainClass, "mainClass").getName());
    }

    /**
     * @param mainClassName the fully qualified name of the class whose {@code main} the child runs
     * @return a builder
     */
    public static Builder builder(String mainClassName) {
        return new Builder(Objects.requireNonNull(mainClassName, "mainClassName"));
    }

    /**
     * For the child's {@code main}: exits this JVM (status 3) when its standard input reaches end of file,
     * which happens when the parent that started it through {@link ChildJvm} dies, however it died. The
     * watcher is a daemon thread; nothing else may read standard input.
     */
    public static void exitWhenParentDies() {
        Thread t = new Thread(() -> {
            try {
                InputStream in = System.in;
                while (in.read() >= 0) {
                    // the parent never writes; anything it does write is ignored
                }
            } catch (IOException e) {
                // the pipe broke: the parent is gone as well
            }
            Runtime.getRuntime().halt(3);
        }, "chatgw-child-parent-watch");
        t.setDaemon(true);
        t.start();
    }

    /** @return the child's process id */
    public long pid() {
        return process.pid();
    }

    /** @return whether the child still runs */
    public boolean isAlive() {
        return process.isAlive();
    }

    /** @return every line the child printed on standard output so far, in order */
    public synchronized List<String> lines() {
        return List.copyOf(lines);
    }

    /**
     * Waits for a line on the child's standard output (any line printed since the start counts, also one
     * printed before this call).
     *
     * @param matcher which line
     * @param timeout the longest wait
     * @return the first matching line
     * @throws IllegalStateException when no such line came within the timeout, or the child's output ended
     *                               (it exited) without one; the message holds the child's last error lines
     */
    public String awaitLine(Predicate<String> matcher, Duration timeout) {
        Objects.requireNonNull(matcher, "matcher");
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (this) {
            int checked = 0;
            while (true) {
                for (; checked < lines.size(); checked++) {
                    if (matcher.test(lines.get(checked))) {
                        return lines.get(checked);
                    }
                }
                if (stdoutClosed) {
                    throw failure("ended its output without the awaited line");
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw failure("printed no awaited line within " + timeout);
                }
                try {
                    TimeUnit.NANOSECONDS.timedWait(this, left);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("Interrupted while waiting for a line from " + this, e);
                }
            }
        }
    }

    /**
     * Waits for a line that starts with {@code prefix}.
     *
     * @param prefix  the line's beginning
     * @param timeout the longest wait
     * @return the first such line
     * @throws IllegalStateException as {@link #awaitLine(Predicate, Duration)}
     */
    public String awaitLine(String prefix, Duration timeout) {
        Objects.requireNonNull(prefix, "prefix");
        return awaitLine(line -> line.startsWith(prefix), timeout);
    }

    /**
     * Kills the child with {@code SIGKILL} ({@link Process#destroyForcibly()} on this child's process only)
     * and waits until it is gone. Nothing runs in the child after the signal: no shutdown hook, no
     * {@code finally}. Does nothing when the child has already exited.
     *
     * @return the child's exit status (137 on Linux after the kill)
     * @throws IllegalStateException when the child is still alive 30 s after the signal
     */
    public int kill() {
        process.destroyForcibly();
        return awaitExit(Duration.ofSeconds(30));
    }

    /**
     * Waits for the child to exit by itself.
     *
     * @param timeout the longest wait
     * @return the exit status
     * @throws IllegalStateException when it still runs after the timeout
     */
    public int awaitExit(Duration timeout) {
        try {
            if (!process.waitFor(timeout.toNanos(), TimeUnit.NANOSECONDS)) {
                throw failure("did not exit within " + timeout);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while waiting for " + this + " to exit", e);
        }
        return process.exitValue();
    }

    /** Kills the child ({@link #kill()}) when it still runs. Never throws. */
    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroyForcibly();
            try {
                process.waitFor(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public String toString() {
        return "ChildJvm[" + name + ", pid " + process.pid() + (process.isAlive() ? "" : ", exited") + "]";
    }

    private IllegalStateException failure(String what) {
        String exit = process.isAlive() ? "still running" : "exit status " + process.exitValue();
        List<String> err;
        synchronized (this) {
            err = new ArrayList<>(stderrTail);
        }
        return new IllegalStateException("Child JVM " + name + " (pid " + process.pid() + ", " + exit + ") " + what
                + "; its last error lines: " + (err.isEmpty() ? "(none)" : String.join(" | ", err)));
    }

    private synchronized void addLine(String line) {
        lines.add(line);
        notifyAll();
    }

    private synchronized void stdoutEnded() {
        stdoutClosed = true;
        notifyAll();
    }

    private synchronized void addStderr(String line) {
        if (stderrTail.size() == STDERR_LINES_KEPT) {
            stderrTail.removeFirst();
        }
        stderrTail.addLast(line);
    }

    private void reader(InputStream in, java.util.function.Consumer<String> sink, Runnable atEnd, String stream) {
        Thread t = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                for (String line = r.readLine(); line != null; line = r.readLine()) {
                    sink.accept(line);
                }
            } catch (IOException e) {
                // the child is gone
            } finally {
                atEnd.run();
            }
        }, "chatgw-child-" + name + "-" + stream);
        t.setDaemon(true);
        t.start();
    }

    /** Builds and starts a {@link ChildJvm}; not thread-safe. */
    public static final class Builder {
        private final String mainClass;
        private final Map<String, String> properties = new LinkedHashMap<>();
        private final List<String> jvmArgs = new ArrayList<>();
        private final List<String> args = new ArrayList<>();
        private String name;
        private @Nullable Path directory;

        private Builder(String mainClass) {
            this.mainClass = mainClass;
            this.name = mainClass.substring(mainClass.lastIndexOf('.') + 1);
        }

        /**
         * @param key   a system property of the child ({@code -Dkey=value})
         * @param value its value
         * @return this
         */
        public Builder systemProperty(String key, String value) {
            properties.put(Objects.requireNonNull(key, "key"), Objects.requireNonNull(value, "value"));
            return this;
        }

        /**
         * @param values system properties of the child
         * @return this
         */
        public Builder systemProperties(Map<String, String> values) {
            values.forEach(this::systemProperty);
            return this;
        }

        /**
         * @param value a JVM option placed before the main class, e.g. {@code -Xmx128m}
         * @return this
         */
        public Builder jvmArg(String value) {
            jvmArgs.add(Objects.requireNonNull(value, "value"));
            return this;
        }

        /**
         * @param values program arguments, after the main class (adds to earlier calls)
         * @return this
         */
        public Builder args(String... values) {
            for (String v : values) {
                args.add(Objects.requireNonNull(v, "arg"));
            }
            return this;
        }

        /**
         * @param value a short name for thread names and error messages (default the main class's simple name)
         * @return this
         */
        public Builder name(String value) {
            this.name = Objects.requireNonNull(value, "name");
            return this;
        }

        /**
         * @param value the child's working directory (default this JVM's)
         * @return this
         */
        public Builder directory(Path value) {
            this.directory = Objects.requireNonNull(value, "directory");
            return this;
        }

        /** @return the command line the child is started with */
        public List<String> command() {
            List<String> cmd = new ArrayList<>();
            cmd.add(javaExecutable());
            cmd.addAll(jvmArgs);
            properties.forEach((k, v) -> cmd.add("-D" + k + "=" + v));
            cmd.add("-cp");
            cmd.add(System.getProperty("java.class.path"));
            cmd.add(mainClass);
            cmd.addAll(args);
            return Collections.unmodifiableList(cmd);
        }

        /**
         * Starts the child. It runs until it exits, {@link ChildJvm#kill()} or {@link ChildJvm#close()}.
         *
         * @return the running child
         * @throws UncheckedIOException when the process cannot be started
         */
        public ChildJvm start() {
            ProcessBuilder pb = new ProcessBuilder(command());
            if (directory != null) {
                pb.directory(directory.toFile());
            }
            try {
                return new ChildJvm(name, pb.start());
            } catch (IOException e) {
                throw new UncheckedIOException("Could not start a child JVM for " + mainClass, e);
            }
        }

        private static String javaExecutable() {
            return ProcessHandle.current().info().command()
                    .orElseGet(() -> Path.of(System.getProperty("java.home"), "bin", "java").toString());
        }
    }
}
