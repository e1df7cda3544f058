package io.chatgateway.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.chatgateway.ChatGateway;
import io.chatgateway.inbox.Inbox;
import io.chatgateway.inbox.InboxEvent;
import io.chatgateway.inbox.InboxOptions;
import io.chatgateway.inbox.InboxStart;
import io.chatgateway.inbox.InboxSubscription;
import io.chatgateway.store.InboxStore;
import io.chatgateway.testkit.ProviderSimulator;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code chatgw watch}: prints inbox events as they arrive, until interrupted or --limit events. */
@Command(name = "watch", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Print new messages, delivery changes and conversation changes as they arrive, until Ctrl-C",
            "(which stops cleanly after committing) or --limit events.",
            "With a configuration, checkpoints live in an H2 file in the state directory ($CHATGW_STATE_DIR,",
            "else $XDG_STATE_HOME/chatgw, else ~/.local/state/chatgw), so the next watch resumes where this one",
            "stopped. In sandbox mode they live in memory and the simulators send a few scripted replies.",
            "JSON: {\"eventId\":…,\"type\":\"MESSAGE_RECEIVED\",\"conversation\":\"fleet:1\",\"observedAt\":…,",
            "\"providerTime\":…,\"message\":{…}} or …\"conversationSnapshot\":{…} per event."})
final class WatchCommand extends BaseCommand {

    /** The inbox name the CLI's checkpoints are kept under. */
    static final String INBOX_NAME = "chatgw-watch";

    @Option(names = {"-a", "--account"}, paramLabel = "A", description = "Only this account (repeatable).")
    List<String> accounts = new ArrayList<>();

    @Option(names = "--since", paramLabel = "T", converter = Converters.InstantConverter.class,
            description = "Where a first watch starts (ISO-8601 instant or date); default: now. A later watch resumes"
                    + " from its checkpoint.")
    Instant since;

    @Option(names = "--store", paramLabel = "URL",
            description = "Where checkpoints live: jdbc:h2:… or jdbc:postgresql:… (default: an H2 file in the state"
                    + " directory; memory in sandbox mode).")
    String store;

    @Option(names = "--interval", paramLabel = "D", converter = DurationConverter.class,
            description = "Poll interval per account, e.g. 5s or PT1S (default 5s; 1s in sandbox mode).")
    Duration interval;

    @Option(names = "--limit", paramLabel = "N", description = "Stop after N events.")
    Integer limit;

    WatchCommand(Context context) {
        super(context);
    }

    @Override
    public Integer call() throws Exception {
        if (limit != null && limit < 1) {
            throw new UsageException("--limit must be at least 1, not " + limit + ".");
        }
        ChatGateway gateway = gateway();
        accounts.forEach(this::requireAccount);
        Sandbox sandbox = context.sandbox();
        InboxOptions.Builder options = InboxOptions.builder().name(INBOX_NAME).accounts(accounts)
                .pollInterval(interval != null ? interval : sandbox != null ? Duration.ofSeconds(1) : Duration.ofSeconds(5))
                .store(store(sandbox != null))
                .start(since != null ? InboxStart.at(since) : InboxStart.now());
        CountDownLatch enough = new CountDownLatch(1);
        AtomicInteger printed = new AtomicInteger();
        Object lock = new Object();
        if (!context.json()) {
            context.out.printf("%-21s %-21s %-16s %s%n", "OBSERVED", "TYPE", "CONVERSATION", "WHAT");
            context.out.flush();
        }
        Inbox inbox = gateway.inbox(options.build());
        InboxSubscription subscription = inbox.start(event -> {
            synchronized (lock) {
                if (limit != null && printed.get() >= limit) {
                    // not acknowledged: a later watch delivers it
                    throw new IllegalStateException("chatgw watch: --limit reached, leaving this event for the next watch");
                }
                print(event, context.out);
                if (limit != null && printed.incrementAndGet() >= limit) {
                    enough.countDown();
                }
            }
        });
        Thread hook = new Thread(() -> stop(subscription), "chatgw-watch-stop");
        Runtime.getRuntime().addShutdownHook(hook);
        Thread trickle = sandbox == null ? null : trickle(sandbox);
        try {
            if (limit != null) {
                while (!enough.await(200, TimeUnit.MILLISECONDS)) {
                    if (!subscription.isRunning()) {
                        break;
                    }
                }
            } else {
                context.waiter.awaitInterrupt();
            }
        } finally {
            if (trickle != null) {
                trickle.interrupt();
            }
            stop(subscription);
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // the hook is running already
            }
        }
        if (subscription.failure().isPresent()) {
            Throwable t = subscription.failure().get();
            throw t instanceof RuntimeException r ? r : new CliFailure(t.getMessage());
        }
        return ChatgwCommand.OK;
    }

    private static void stop(InboxSubscription subscription) {
        subscription.stop();
        try {
            subscription.awaitTermination(Duration.ofSeconds(10));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void print(InboxEvent e, PrintWriter out) {
        if (context.json()) {
            ObjectNode n = Json.object();
            n.put("eventId", e.eventId());
            n.put("type", e.type().name());
            n.put("conversation", e.conversation().toString());
            n.put("observedAt", Json.instant(e.observedAt()));
            n.put("providerTime", Json.instant(e.providerTime()));
            if (e.message() != null) {
                n.set("message", Json.message(e.message()));
            }
            if (e.conversationSnapshot() != null) {
                n.set("conversationSnapshot", Json.conversation(e.conversationSnapshot()));
            }
            out.println(Json.line(n));
        } else {
            String what = e.message() != null
                    ? e.message().direction() + " " + e.message().delivery() + " " + Table.cell(e.message().text())
                    : e.conversationSnapshot().status() + " unread=" + e.conversationSnapshot().unreadCount() + " "
                      + Table.cell(e.conversationSnapshot().title());
            out.printf("%-21s %-21s %-16s %s%n", Json.instant(e.observedAt()), e.type(), e.conversation(), what);
        }
        out.flush();
    }

    /** @return the store the flags and mode ask for */
    private InboxStore store(boolean sandbox) {
        String url = store;
        if (url == null) {
            if (sandbox) {
                return InboxStore.inMemory();
            }
            url = context.stateDirectory().defaultH2Url();
        }
        return Stores.open(url).inbox();
    }

    /** In sandbox mode: a few replies arrive in each simulator's demo conversation, one every two seconds. */
    private Thread trickle(Sandbox sandbox) {
        List<ProviderSimulator> simulators = new ArrayList<>();
        for (Map.Entry<String, ProviderSimulator> e : sandbox.simulators().entrySet()) {
            if (accounts.isEmpty() || accounts.contains(e.getKey())) {
                simulators.add(e.getValue());
            }
        }
        String[] replies = {"On my way.", "Arrived, waiting at the gate.", "Done, thanks!"};
        Thread t = new Thread(() -> {
            try {
                for (String reply : replies) {
                    Thread.sleep(1500); // a real pace for a person watching; tests wait for events, not for time
                    for (ProviderSimulator s : simulators) {
                        try {
                            s.addInbound(s.demoConversation(), reply);
                        } catch (UnsupportedOperationException ignored) {
                            // a third-party simulator without inbound hooks: nothing to trickle
                        }
                    }
                }
            } catch (InterruptedException stop) {
                Thread.currentThread().interrupt();
            }
        }, "chatgw-sandbox-replies");
        t.setDaemon(true);
        t.start();
        return t;
    }

    /** Parses {@code 5s}, {@code 500ms}, {@code 2m} or ISO-8601 ({@code PT5S}). */
    static final class DurationConverter implements picocli.CommandLine.ITypeConverter<Duration> {
        @Override
        public Duration convert(String value) {
            String v = value.trim().toLowerCase(java.util.Locale.ROOT);
            try {
                Duration d;
                if (v.startsWith("pt") || v.startsWith("p")) {
                    d = Duration.parse(v.toUpperCase(java.util.Locale.ROOT));
                } else if (v.endsWith("ms")) {
                    d = Duration.ofMillis(Long.parseLong(v.substring(0, v.length() - 2)));
                } else if (v.endsWith("s")) {
                    d = Duration.ofSeconds(Long.parseLong(v.substring(0, v.length() - 1)));
                } else if (v.endsWith("m")) {
                    d = Duration.ofMinutes(Long.parseLong(v.substring(0, v.length() - 1)));
                } else {
                    throw new IllegalArgumentException();
                }
                if (d.compareTo(Duration.ofMillis(100)) < 0 || d.compareTo(Duration.ofHours(1)) > 0) {
                    throw new picocli.CommandLine.TypeConversionException("'" + value + "' is not between 100ms and 1h");
                }
                return d;
            } catch (RuntimeException e) {
                if (e instanceof picocli.CommandLine.TypeConversionException t) {
                    throw t;
                }
                throw new picocli.CommandLine.TypeConversionException("'" + value + "' is not a duration (5s, 500ms, 2m, PT5S)");
            }
        }
    }

}
