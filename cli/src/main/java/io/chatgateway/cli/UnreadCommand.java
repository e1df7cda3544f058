package io.chatgateway.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.chatgateway.Capability;
import io.chatgateway.ConversationRef;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code chatgw unread}: unread counts per conversation. */
@Command(name = "unread", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Print the unread message count of each conversation.",
            "Of --account A, or of every account that supports it.",
            "JSON: {\"conversation\":\"fleet:5501\",\"unread\":2} per conversation."})
final class UnreadCommand extends BaseCommand {

    @Option(names = {"-a", "--account"}, paramLabel = "A", description = "Only this account.")
    String account;

    UnreadCommand(Context context) {
        super(context);
    }

    @Override
    public Integer call() {
        Map<ConversationRef, Long> counts = new LinkedHashMap<>();
        List<String> accounts = accounts(account, Capability.UNREAD_COUNTS);
        for (String a : accounts) {
            gateway().unreadCounts(a).entrySet().stream()
                    .sorted(Map.Entry.<ConversationRef, Long>comparingByValue(Comparator.reverseOrder())
                            .thenComparing(e -> e.getKey().toString()))
                    .forEach(e -> counts.put(e.getKey(), e.getValue()));
        }
        if (context.json()) {
            counts.forEach((c, n) -> {
                ObjectNode node = Json.object();
                node.put("conversation", c.toString());
                node.put("unread", n);
                printJson(node);
            });
            return ChatgwCommand.OK;
        }
        Table table = new Table("CONVERSATION", "UNREAD");
        counts.forEach(table::row);
        table.print(context.out);
        return ChatgwCommand.OK;
    }
}
