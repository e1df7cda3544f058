package io.chatgateway.cli;

import io.chatgateway.ConversationRef;
import io.chatgateway.Message;
import io.chatgateway.MessageQuery;
import io.chatgateway.Page;
import io.chatgateway.QueryPlan;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code chatgw messages REF}: a conversation's history, paged through to the end or to {@code --limit}. */
@Command(name = "messages", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"List the messages of one conversation.",
            "Oldest first (--desc: newest first), every page until the end or --limit.",
            "Without --since the provider's default window applies (Navixy: the last 7 days); --explain says so.",
            "Listing never marks anything read."})
final class MessagesCommand extends BaseCommand {

    @Parameters(index = "0", paramLabel = "REF", converter = Converters.ConversationRefConverter.class,
            description = "The conversation, e.g. fleet:5501.")
    ConversationRef conversation;

    @Option(names = "--since", paramLabel = "T", converter = Converters.InstantConverter.class,
            description = "Oldest send time, inclusive: 2026-11-20T00:00:00Z or 2026-11-20 (UTC midnight).")
    Instant since;

    @Option(names = "--until", paramLabel = "T", converter = Converters.InstantConverter.class,
            description = "Send time to stop before (exclusive), same forms as --since.")
    Instant until;

    @Option(names = "--contains", paramLabel = "T", description = "Keep messages whose text contains T (any case).")
    String contains;

    @Option(names = "--from", paramLabel = "ID", split = ",", description = "Keep messages from these participant ids.")
    List<String> from = new ArrayList<>();

    @Option(names = "--not-from", paramLabel = "ID", split = ",", description = "Drop messages from these participant ids.")
    List<String> notFrom = new ArrayList<>();

    @Option(names = "--to", paramLabel = "ID", split = ",", description = "Keep messages addressed to these participant ids.")
    List<String> to = new ArrayList<>();

    @Option(names = "--not-to", paramLabel = "ID", split = ",", description = "Drop messages addressed to these participant ids.")
    List<String> notTo = new ArrayList<>();

    @Option(names = "--updated-since", paramLabel = "T", converter = Converters.InstantConverter.class,
            description = "Oldest update (delivery) time, inclusive; same forms as --since. Drops messages without one.")
    Instant updatedSince;

    @Option(names = "--updated-until", paramLabel = "T", converter = Converters.InstantConverter.class,
            description = "Update time to stop before (exclusive); same forms as --since.")
    Instant updatedUntil;

    @Option(names = "--desc", description = "Newest first.")
    boolean descending;

    @Option(names = {"-n", "--limit"}, paramLabel = "N", description = "At most N messages (default: all).")
    Integer limit;

    @Option(names = "--page-size", paramLabel = "N", description = "Messages per provider request (default: the provider's).")
    Integer pageSize;

    @Option(names = "--explain", description = "Print which filters run at the provider and which locally, and fetch nothing.")
    boolean explain;

    MessagesCommand(Context context) {
        super(context);
    }

    @Override
    public Integer call() {
        if (limit != null && limit < 1) {
            throw new UsageException("--limit must be at least 1, not " + limit + ".");
        }
        if (pageSize != null && pageSize < 1) {
            throw new UsageException("--page-size must be at least 1, not " + pageSize + ".");
        }
        MessageQuery.Builder builder = MessageQuery.of(conversation).since(since).until(until).textContains(contains)
                .sendersIn(from.toArray(String[]::new)).sendersNotIn(notFrom.toArray(String[]::new))
                .recipientsIn(to.toArray(String[]::new)).recipientsNotIn(notTo.toArray(String[]::new))
                .updatedSince(updatedSince).updatedUntil(updatedUntil).pageSize(pageSize == null ? 0 : pageSize);
        if (descending) {
            builder.newestFirst();
        }
        MessageQuery query = builder.build();
        if (explain) {
            QueryPlan plan = gateway().explain(query);
            if (context.json()) {
                printJson(Json.plan(plan));
            } else {
                context.out.println(plan.explain());
            }
            return ChatgwCommand.OK;
        }
        Page<Message> first = gateway().messages(query);
        Stream<Message> stream = first.stream();
        if (limit != null) {
            stream = stream.limit(limit);
        }
        if (context.json()) {
            stream.forEach(m -> printJson(Json.message(m)));
            return ChatgwCommand.OK;
        }
        Table table = new Table("REF", "SENT AT", "DIR", "AUTHOR", "DELIVERY", "READ", "TEXT");
        try (Progress progress = new Progress(context)) {
            int[] count = {0};
            stream.forEach(m -> {
                table.row(m.ref(), m.sentAt(), m.direction() == io.chatgateway.Message.Direction.INBOUND ? "in" : "out",
                        author(m), m.delivery(), m.readStatus(), text(m));
                progress.update("fetched " + ++count[0] + " messages");
            });
        }
        table.print(context.out);
        return ChatgwCommand.OK;
    }

    static String author(Message m) {
        if (m.author() == null) {
            return null;
        }
        String name = m.author().name() != null ? m.author().name() : m.author().id();
        return name == null ? m.author().role().name() : name;
    }

    static String text(Message m) {
        if (m.attachments().isEmpty()) {
            return m.text();
        }
        return (m.text().isEmpty() ? "" : m.text() + " ") + "[" + m.attachments().size() + " attachment"
                + (m.attachments().size() == 1 ? "" : "s") + "]";
    }
}
