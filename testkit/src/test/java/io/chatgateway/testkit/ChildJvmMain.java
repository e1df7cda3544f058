package io.chatgateway.testkit;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

/** The child of {@link ChildJvmTest}: prints a ready line, then waits to be killed, or exits as told. */
public final class ChildJvmMain {

    private ChildJvmMain() {
    }

    /** @param args {@code wait} or {@code exit <status>} @throws Exception never on purpose */
    public static void main(String[] args) throws Exception {
        ChildJvm.exitWhenParentDies();
        String marker = System.getProperty("marker");
        if (marker != null) {
            // runs on a normal exit or SIGTERM, never after SIGKILL
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    Files.writeString(Path.of(marker), "shutdown hook ran");
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }));
        }
        if (args.length == 2 && args[0].equals("exit")) {
            System.err.println("failing on purpose");
            System.exit(Integer.parseInt(args[1]));
        }
        System.out.println("starting");
        System.out.println("READY pid=" + ProcessHandle.current().pid() + " greeting=" + System.getProperty("greeting")
                + " args=" + String.join(",", args));
        new CountDownLatch(1).await();
    }
}
