package io.chatgateway.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.chatgateway.Capability;
import io.chatgateway.ConversationRef;
import io.chatgateway.InvalidRequestException;
import io.chatgateway.MessageRef;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code chatgw read MSGREF...} and {@code chatgw read --all [--account A] [REF...]}: read receipts. */
@Command(name = "read", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Mark messages read (read receipts).",
            "Without --all: the given messages (MSGREF, e.g. support:12/345).",
            "With --all: every message of the given conversations (REF), of --account A,"
                    + " or of every account that supports it."})
final class ReadCommand extends BaseCommand {

    @Option(names = "--all", description = "Mark every message of the conversations (or accounts) read.")
    boolean all;

    @Option(names = {"-a", "--account"}, paramLabel = "A", description = "With --all: every conversation of this account.")
    String account;

    @Parameters(paramLabel = "REF", arity = "0..*",
            description = "Message references (without --all) or conversation references (with --all).")
    List<String> refs = new ArrayList<>();

    ReadCommand(Context context) {
        super(context);
    }

    @Override
    public Integer call() {
        return all ? markAll() : markMessages();
    }

    private int markMessages() {
        if (account != null) {
            throw new UsageException("--account goes with --all; to mark single messages give their references.");
        }
        if (refs.isEmpty()) {
            throw new UsageException("Name the messages to mark read (account:conversation/message), or use --all.");
        }
        List<MessageRef> messages = new ArrayList<>();
        for (String ref : refs) {
            try {
                messages.add(MessageRef.parse(ref));
            } catch (InvalidRequestException e) {
                throw new UsageException(e.getMessage());
            }
        }
        gateway().markRead(messages);
        for (MessageRef m : messages) {
            if (context.json()) {
                ObjectNode n = Json.object();
                n.put("message", m.toString());
                n.put("read", true);
                printJson(n);
            } else {
                context.out.println("marked read: " + m);
            }
        }
        return ChatgwCommand.OK;
    }

    private int markAll() {
        Map<String, List<ConversationRef>> byAccount = new LinkedHashMap<>();
        for (String ref : refs) {
            ConversationRef c;
            try {
                c = ConversationRef.parse(ref);
            } catch (InvalidRequestException e) {
                throw new UsageException(e.getMessage());
            }
            if (account != null && !account.equals(c.account())) {
                throw new UsageException(c + " is not a conversation of account '" + Table.cell(account) + "'.");
            }
            byAccount.computeIfAbsent(c.account(), k -> new ArrayList<>()).add(c);
        }
        if (byAccount.isEmpty()) {
            List<String> accounts = accounts(account, Capability.MARK_ALL_READ);
            if (accounts.isEmpty()) {
                throw new UsageException("No configured account can mark all messages read.");
            }
            accounts.forEach(a -> byAccount.put(a, List.of()));
        }
        byAccount.forEach((a, conversations) -> {
            gateway().markAllRead(a, conversations);
            if (conversations.isEmpty()) {
                if (context.json()) {
                    ObjectNode n = Json.object();
                    n.put("account", a);
                    n.put("read", true);
                    printJson(n);
                } else {
                    context.out.println("marked read: every conversation of account " + a);
                }
            }
            for (ConversationRef c : conversations) {
                if (context.json()) {
                    ObjectNode n = Json.object();
                    n.put("conversation", c.toString());
                    n.put("read", true);
                    printJson(n);
                } else {
                    context.out.println("marked read: " + c);
                }
            }
        });
        return ChatgwCommand.OK;
    }
}
