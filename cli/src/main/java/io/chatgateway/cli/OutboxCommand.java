package io.chatgateway.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.chatgateway.ConversationRef;
import io.chatgateway.OutgoingMessage;
import io.chatgateway.outbox.Outbox;
import io.chatgateway.outbox.OutboxEntry;
import io.chatgateway.outbox.OutboxOptions;
import io.chatgateway.outbox.OutboxStatus;
import io.chatgateway.store.OutboxStore;
import java.time.Duration;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code chatgw outbox submit|list|run}: durable, exactly-once delivery through the store. */
@Command(name = "outbox", mixinStandardHelpOptions = true,
        description = {"Durable delivery: submit messages (stored at once), list entries, run the delivery.",
            "Entries live in the store (default: the H2 file in the state directory; memory in sandbox mode)."},
        subcommands = {OutboxCommand.Submit.class, OutboxCommand.ListEntries.class, OutboxCommand.Run.class})
final class OutboxCommand extends BaseCommand {

    OutboxCommand(Context context) {
        super(context);
    }

    @Override
    public Integer call() {
        throw new UsageException("chatgw outbox needs a subcommand: submit, list or run (see 'chatgw outbox --help').");
    }

    /** Opens the outbox on the store the flags and mode ask for; the gateway keeps keys in the same database. */
    static Outbox open(Context context, String storeUrl) {
        context.durableSends(storeUrl);
        var gateway = context.gateway();
        OutboxStore store;
        if (context.sandbox() != null && storeUrl == null) {
            store = OutboxStore.inMemory();
        } else {
            store = Stores.open(storeUrl != null ? storeUrl : context.stateDirectory().defaultH2Url()).outbox();
        }
        return gateway.outbox(OutboxOptions.defaults().withStore(store).withWorkerId("chatgw-" + ProcessHandle.current().pid()));
    }

    static ObjectNode json(OutboxEntry e) {
        ObjectNode n = Json.object();
        n.put("key", e.key());
        n.put("conversation", e.to().toString());
        n.put("status", e.status().name());
        n.put("attempts", e.attempts());
        n.put("ref", e.result() == null ? null : e.result().toString());
        n.put("error", e.error());
        return n;
    }

    static void print(Context context, List<OutboxEntry> entries) {
        if (context.json()) {
            entries.forEach(e -> context.out.println(Json.line(json(e))));
            context.out.flush();
            return;
        }
        context.out.printf("%-24s %-18s %-20s %-8s %s%n", "KEY", "STATUS", "CONVERSATION", "ATTEMPTS", "REF / ERROR");
        for (OutboxEntry e : entries) {
            context.out.printf("%-24s %-18s %-20s %-8d %s%n", Table.cell(e.key()), e.status(), e.to(), e.attempts(),
                    e.result() != null ? e.result() : e.error() == null ? "" : Table.oneLine(e.error()));
        }
        context.out.flush();
    }

    /** {@code chatgw outbox submit REF TEXT --idempotency-key K}. */
    @Command(name = "submit", mixinStandardHelpOptions = true, description = "Store a message for delivery; prints the entry.")
    static final class Submit extends BaseCommand {
        @Parameters(index = "0", paramLabel = "REF", converter = Converters.ConversationRefConverter.class,
                description = "The conversation, e.g. fleet:5501.")
        ConversationRef conversation;

        @Parameters(index = "1", paramLabel = "TEXT", description = "The text (quote it).")
        String text;

        @Option(names = "--idempotency-key", paramLabel = "KEY", required = true,
                description = "Identifies the entry; submitting it again adds nothing.")
        String key;

        @Option(names = "--store", paramLabel = "URL", description = "jdbc:h2:… or jdbc:postgresql:… (default: the state directory's H2 file).")
        String store;

        Submit(Context context) {
            super(context);
        }

        @Override
        public Integer call() {
            try (Outbox outbox = open(context, store)) {
                print(context, List.of(outbox.submit(conversation, OutgoingMessage.text(text).withIdempotencyKey(key))));
            }
            return ChatgwCommand.OK;
        }
    }

    /** {@code chatgw outbox list [--status S]}. */
    @Command(name = "list", mixinStandardHelpOptions = true, description = "List entries, oldest first.")
    static final class ListEntries extends BaseCommand {
        @Option(names = "--status", paramLabel = "S", description = "Only this status: ${COMPLETION-CANDIDATES}.")
        OutboxStatus status;

        @Option(names = {"-n", "--limit"}, paramLabel = "N", description = "At most N entries (default 100).")
        int limit = 100;

        @Option(names = "--store", paramLabel = "URL", description = "jdbc:h2:… or jdbc:postgresql:… (default: the state directory's H2 file).")
        String store;

        ListEntries(Context context) {
            super(context);
        }

        @Override
        public Integer call() {
            try (Outbox outbox = open(context, store)) {
                print(context, outbox.entries(status, limit));
            }
            return ChatgwCommand.OK;
        }
    }

    /** {@code chatgw outbox run}: deliver until nothing is due; exit 1 when an entry ended other than delivered. */
    @Command(name = "run", mixinStandardHelpOptions = true,
            description = {"Deliver until no entry is pending; prints the entries that reached a final state.",
                "Exit 0 when every entry was delivered exactly once (SENT or RECONCILED), 1 otherwise."})
    static final class Run extends BaseCommand {
        @Option(names = "--store", paramLabel = "URL", description = "jdbc:h2:… or jdbc:postgresql:… (default: the state directory's H2 file).")
        String store;

        @Option(names = "--max-time", paramLabel = "D", converter = WatchCommand.DurationConverter.class,
                description = "Stop after this long (default 10m).")
        Duration maxTime = Duration.ofMinutes(10);

        Run(Context context) {
            super(context);
        }

        @Override
        public Integer call() {
            List<OutboxEntry> done = new java.util.concurrent.CopyOnWriteArrayList<>();
            try (Outbox outbox = open(context, store)) {
                outbox.drain(maxTime);
                done.addAll(outbox.entries(null, 10_000));
            }
            List<OutboxEntry> finished = done.stream().filter(e -> e.status().isTerminal()).toList();
            print(context, finished);
            boolean clean = done.stream().allMatch(e -> e.status() == OutboxStatus.SENT || e.status() == OutboxStatus.RECONCILED);
            return clean ? ChatgwCommand.OK : ChatgwCommand.FAILED;
        }
    }
}
