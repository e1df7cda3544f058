package io.chatgateway.cli;

import io.chatgateway.BroadcastResult;
import io.chatgateway.Capability;
import io.chatgateway.ChatGateway;
import io.chatgateway.ChatGatewayException;
import io.chatgateway.Conversation;
import io.chatgateway.ConversationQuery;
import io.chatgateway.ConversationRef;
import io.chatgateway.Message;
import io.chatgateway.MessageKind;
import io.chatgateway.MessageQuery;
import io.chatgateway.MessageRef;
import io.chatgateway.OutgoingMessage;
import io.chatgateway.Page;
import io.chatgateway.SendResult;
import io.chatgateway.UnsupportedCapabilityException;
import io.chatgateway.testkit.Fault;
import io.chatgateway.testkit.ProviderSimulator;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Command;

/**
 * {@code chatgw demo}: a scripted tour of every capability of every provider on the sandbox. Data-driven:
 * it asks each account what it supports and picks conversations from what the simulators hold, so it
 * works with whatever simulators are installed.
 */
@Command(name = "demo", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Run a scripted tour of every capability of every provider on the sandbox.",
            "The sandbox: in-process simulators with demo data (--config is ignored). The tour: unified inbox, history paging, send,"
                + " broadcast with a failing recipient, read receipts and unread counts, a status change,"
                + " deletion, an unsupported capability and its error, and a provider fault absorbed by the retry policy.",
            "Takes a few seconds; exits with 1 if any step fails."})
final class DemoCommand extends BaseCommand {

    /** Faster backoff than the defaults, so that the retry step does not keep the reader waiting. */
    static final Map<String, String> DEMO_POLICY = Map.of("retry.initial-backoff", "50ms", "retry.max-backoff", "200ms");

    private static final String RETRY_LOGGER = "io.chatgateway.retry";

    private PrintWriter out;
    private ChatGateway gateway;
    private Sandbox sandbox;
    private final Map<String, List<Conversation>> inbox = new LinkedHashMap<>();
    private final List<String> failures = new ArrayList<>();
    private int stepNumber;

    DemoCommand(Context context) {
        super(context);
    }

    @Override
    public Integer call() throws Exception {
        out = context.out;
        long started = System.nanoTime();
        if (context.config != null || context.env.get(Context.CONFIG_ENV) != null) {
            context.err.println("chatgw: the demo always runs on the sandbox; the configured accounts are not used.");
        }
        try (Sandbox box = Sandbox.start(DEMO_POLICY);
             AutoCloseable tap = Logging.tap(RETRY_LOGGER, Logging.printer(out))) {
            sandbox = box;
            gateway = box.gateway();
            out.println("chatgw demo: one API over " + box.providerIds().size() + " chat provider" + (box.providerIds().size() == 1 ? "" : "s") + " ("
                    + String.join(", ", box.providerIds()) + "), each a simulator running in-process with demo data.");
            step("Accounts and what their providers support", this::capabilities);
            step("Unified inbox: the conversations of every account, latest activity first", this::inbox);
            step("Last activity per conversation (Navixy: updated/list natively)", this::lastActivity);
            step("History paging: two messages per page, never a gap or a repeat", this::paging);
            step("Send a message (and read it back)", this::send);
            step("Send an attachment", this::sendAttachment);
            step("Broadcast to several conversations, some of which cannot receive", this::broadcast);
            step("Read receipts and unread counts", this::readReceipts);
            step("Conversation status change", this::status);
            step("Delete a conversation", this::delete);
            step("A capability the provider does not have", this::unsupported);
            step("A provider fault (HTTP 503) absorbed by the retry policy", this::fault);
            step("Change feed: a reply arrives through the inbox once, and never again after a restart", this::changeFeed);
        }
        long millis = (System.nanoTime() - started) / 1_000_000;
        out.println();
        if (failures.isEmpty()) {
            out.println("Demo complete in " + millis + " ms. Next: chatgw --help, chatgw simulate navixy, chatgw conversations -o json.");
            out.flush();
            return ChatgwCommand.OK;
        }
        out.flush();
        context.err.println("chatgw: the demo finished with " + failures.size() + " failed step(s): "
                + String.join("; ", failures));
        return ChatgwCommand.FAILED;
    }

    private void step(String title, Runnable body) {
        stepNumber++;
        out.println();
        out.println(stepNumber + ". " + title);
        try {
            body.run();
        } catch (RuntimeException e) {
            Throwable t = ChatgwCommand.unwrap(e);
            String message = ChatgwCommand.describe(t);
            out.println("   ! step failed: " + message);
            failures.add(stepNumber + " (" + message + ")");
        }
        out.flush();
    }

    private void say(String text) {
        out.println("   " + text);
    }

    private void table(Table table) {
        java.io.StringWriter buffer = new java.io.StringWriter();
        table.print(new PrintWriter(buffer));
        buffer.toString().lines().forEach(this::say);
    }

    private List<String> supporting(Capability capability) {
        return sandbox.accounts().stream().filter(a -> supports(a, capability)).toList();
    }

    private boolean supports(String account, Capability capability) {
        return gateway.capabilities(account).getOrDefault(capability, Capability.Support.UNSUPPORTED) != Capability.Support.UNSUPPORTED;
    }

    private List<Conversation> conversations(String account) {
        return inbox.getOrDefault(account, List.of());
    }

    private Optional<Conversation> firstConversation(String account) {
        return conversations(account).stream().findFirst();
    }

    // ---- steps ----

    private void capabilities() {
        List<String> accounts = sandbox.accounts();
        String[] headers = new String[accounts.size() + 1];
        headers[0] = "CAPABILITY";
        for (int i = 0; i < accounts.size(); i++) {
            headers[i + 1] = accounts.get(i) + " (" + gateway.provider(accounts.get(i)) + ")";
        }
        Table table = new Table(headers);
        for (Capability c : Capability.values()) {
            Object[] row = new Object[headers.length];
            row[0] = c.name();
            for (int i = 0; i < accounts.size(); i++) {
                row[i + 1] = gateway.capabilities(accounts.get(i)).getOrDefault(c, Capability.Support.UNSUPPORTED)
                        .name().toLowerCase(Locale.ROOT);
            }
            table.row(row);
        }
        table(table);
    }

    private void inbox() {
        List<Conversation> all = new ArrayList<>();
        for (String account : supporting(Capability.LIST_CONVERSATIONS)) {
            List<Conversation> list = gateway.conversations(ConversationQuery.forAccount(account).build()).stream().toList();
            inbox.put(account, list);
            all.addAll(list);
        }
        all.sort(Comparator.comparing(Conversation::lastMessageAt, Comparator.nullsLast(Comparator.reverseOrder())));
        Table table = new Table("REF", "PROVIDER", "STATUS", "UNREAD", "LAST MESSAGE", "TITLE");
        all.forEach(c -> table.row(c.ref(), c.provider(), c.status(), c.unreadCount(), c.lastMessageAt(), c.title()));
        table(table);
        say(all.size() + " conversations in " + inbox.size() + " accounts: the same record type whatever the provider.");
    }

    private void lastActivity() {
        List<String> accounts = supporting(Capability.LAST_ACTIVITY);
        if (accounts.isEmpty()) {
            say("No account supports LAST_ACTIVITY.");
            return;
        }
        List<ConversationRef> refs = new ArrayList<>();
        accounts.forEach(a -> conversations(a).stream().limit(3).forEach(c -> refs.add(c.ref())));
        Map<ConversationRef, Instant> activity = gateway.lastActivity(refs);
        Table table = new Table("CONVERSATION", "LAST ACTIVITY");
        refs.forEach(r -> table.row(r, activity.get(r)));
        table(table);
    }

    private void paging() {
        for (String account : supporting(Capability.LIST_MESSAGES)) {
            for (Conversation c : conversations(account)) {
                MessageQuery query = MessageQuery.of(c.ref()).pageSize(2).build();
                Page<Message> page = gateway.messages(query);
                if (!page.hasNext()) {
                    continue;
                }
                say("Messages of " + c.ref() + (c.title() == null ? "" : " (" + c.title() + ")") + ", 2 per page:");
                for (int n = 1; n <= 3; n++) {
                    for (Message m : page.items()) {
                        say("  page " + n + "  " + m.ref() + "  " + m.sentAt() + "  "
                                + (m.direction() == io.chatgateway.Message.Direction.INBOUND ? "in " : "out") + "  "
                                + Table.cell(MessagesCommand.author(m)) + ": " + Table.cell(MessagesCommand.text(m)));
                    }
                    if (!page.hasNext()) {
                        break;
                    }
                    page = page.next();
                }
                long total = gateway.messages(query).stream().count();
                say("…" + total + " messages in all; Page.stream() walks every page lazily, one page in memory.");
                MessageQuery filtered = MessageQuery.of(c.ref()).textContains("the").build();
                say("Where filters run for " + c.provider() + " (chatgw messages --explain):");
                gateway.explain(filtered).explain().lines().forEach(l -> say("  " + l));
                return;
            }
        }
        say("No conversation has more than one page of messages.");
    }

    private void send() {
        for (String account : supporting(Capability.SEND)) {
            Optional<Conversation> to = firstConversation(account);
            if (to.isEmpty()) {
                continue;
            }
            SendResult result = gateway.send(to.get().ref(),
                    OutgoingMessage.text("Hello from the chatgw demo to " + gateway.provider(account) + "!"));
            say("sent to " + to.get().ref() + ": " + result.message() + " (" + result.delivery() + ")");
            if (supports(account, Capability.GET_MESSAGE)) {
                gateway.message(result.message()).ifPresentOrElse(
                        m -> say("  read back: \"" + Table.cell(m.text()) + "\" " + m.direction() + " " + m.delivery()),
                        () -> say("  (the provider does not return it by id yet)"));
            }
        }
    }

    private void sendAttachment() {
        List<String> accounts = supporting(Capability.SEND_ATTACHMENT);
        if (accounts.isEmpty()) {
            say("No account supports SEND_ATTACHMENT.");
            return;
        }
        for (String account : accounts) {
            Optional<Conversation> to = firstConversation(account);
            if (to.isEmpty()) {
                continue;
            }
            OutgoingMessage message = OutgoingMessage.text("Route sheet attached.").withAttachment(new OutgoingMessage.Attachment(
                    "route.txt", "text/plain", MessageKind.FILE, "Riga - Tallinn, 310 km".getBytes(StandardCharsets.UTF_8)));
            SendResult result = gateway.send(to.get().ref(), message);
            say("sent a file to " + to.get().ref() + ": " + result.message());
        }
    }

    private void broadcast() {
        List<ConversationRef> recipients = new ArrayList<>();
        for (String account : supporting(Capability.BROADCAST)) {
            conversations(account).stream().limit(5).forEach(c -> recipients.add(c.ref()));
        }
        ConversationRef failing = failingRecipient();
        recipients.add(failing);
        BroadcastResult result = gateway.broadcast(recipients, OutgoingMessage.text("Road closed at km 42: take the bypass."));
        Table table = new Table("RECIPIENT", "OUTCOME", "MESSAGE / ERROR");
        for (BroadcastResult.RecipientOutcome o : result.outcomes()) {
            table.row(o.conversation(), o.isSent() ? "sent" : "failed",
                    o.isSent() ? o.message() : o.error().getClass().getSimpleName() + ": " + o.error().getMessage());
        }
        table(table);
        say(result.sent().size() + " sent, " + result.failed().size()
                + " failed: one recipient's error never fails the others.");
        if (result.failed().isEmpty()) {
            throw new CliFailure("the recipient " + failing + " was expected to fail");
        }
    }

    /** @return a conversation that cannot receive: one the simulator does not know, on the first broadcasting account */
    private ConversationRef failingRecipient() {
        List<String> accounts = supporting(Capability.BROADCAST);
        String account = accounts.isEmpty() ? sandbox.accounts().get(0) : accounts.get(0);
        String id = gateway.provider(account).equals("quickblox") ? "0000000000000000deadbeef" : "999999";
        return new ConversationRef(account, id);
    }

    private void readReceipts() {
        List<String> accounts = supporting(Capability.UNREAD_COUNTS);
        if (accounts.isEmpty()) {
            say("No account supports UNREAD_COUNTS.");
            return;
        }
        Map<ConversationRef, Long> before = unread(accounts);
        Table table = new Table("CONVERSATION", "UNREAD");
        before.forEach(table::row);
        table(table);
        for (String account : accounts) {
            Optional<ConversationRef> target = before.entrySet().stream()
                    .filter(e -> e.getKey().account().equals(account) && e.getValue() > 0).map(Map.Entry::getKey).findFirst();
            if (target.isEmpty()) {
                continue;
            }
            ConversationRef c = target.get();
            if (supports(account, Capability.MARK_READ) && supports(account, Capability.LIST_MESSAGES)) {
                List<Message> history = gateway.messages(MessageQuery.of(c).build()).stream().toList();
                // the first unread message; a provider without per-message read state (Navixy) gets its latest inbound one
                List<MessageRef> unread = history.stream().filter(m -> m.readStatus() == Message.ReadStatus.UNREAD)
                        .map(Message::ref).limit(1).toList();
                if (unread.isEmpty()) {
                    unread = history.stream().filter(m -> m.direction() == io.chatgateway.Message.Direction.INBOUND
                            && m.readStatus() == Message.ReadStatus.UNKNOWN).reduce((x, y) -> y).map(Message::ref).stream().toList();
                }
                if (!unread.isEmpty()) {
                    gateway.markRead(unread);
                    say("marked read: " + unread.get(0) + " -> " + c + " has " + unreadOf(account, c) + " unread");
                }
            }
            if (supports(account, Capability.MARK_ALL_READ)) {
                gateway.markAllRead(account, List.of(c));
                say("marked all read: " + c + " -> " + unreadOf(account, c) + " unread");
            }
        }
    }

    private Map<ConversationRef, Long> unread(List<String> accounts) {
        Map<ConversationRef, Long> counts = new LinkedHashMap<>();
        for (String account : accounts) {
            gateway.unreadCounts(account).entrySet().stream()
                    .sorted(Map.Entry.comparingByKey(Comparator.comparing(ConversationRef::toString)))
                    .forEach(e -> counts.put(e.getKey(), e.getValue()));
        }
        return counts;
    }

    private long unreadOf(String account, ConversationRef c) {
        return gateway.unreadCounts(account).getOrDefault(c, 0L);
    }

    private void status() {
        List<String> accounts = supporting(Capability.SET_STATUS);
        if (accounts.isEmpty()) {
            say("No account supports SET_STATUS.");
            return;
        }
        for (String account : accounts) {
            Optional<Conversation> target = firstConversation(account);
            if (target.isEmpty()) {
                continue;
            }
            Conversation c = target.get();
            Conversation.Status next = c.status() == Conversation.Status.CLOSED ? Conversation.Status.OPEN : Conversation.Status.CLOSED;
            gateway.setStatus(c.ref(), next);
            Conversation.Status now = gateway.conversations(ConversationQuery.forAccount(account).build()).stream()
                    .filter(x -> x.ref().equals(c.ref())).findFirst().map(Conversation::status).orElse(Conversation.Status.UNKNOWN);
            say(c.ref() + ": " + c.status() + " -> " + next + " (listed again: " + now + ")");
        }
    }

    private void delete() {
        List<String> accounts = supporting(Capability.DELETE_CONVERSATION);
        if (accounts.isEmpty()) {
            say("No account supports DELETE_CONVERSATION.");
            return;
        }
        for (String account : accounts) {
            List<Conversation> list = conversations(account);
            if (list.isEmpty()) {
                continue;
            }
            ConversationRef last = list.get(list.size() - 1).ref();
            gateway.deleteConversation(last);
            long left = gateway.conversations(ConversationQuery.forAccount(account).build()).stream().count();
            say("deleted " + last + "; " + account + " now lists " + left + " conversations (was " + list.size() + ")");
        }
    }

    private void unsupported() {
        boolean shown = false;
        for (String account : sandbox.accounts()) {
            Optional<Conversation> c = firstConversation(account);
            ConversationRef ref = c.map(Conversation::ref).orElse(new ConversationRef(account, "1"));
            for (Capability capability : List.of(Capability.SET_STATUS, Capability.DELETE_CONVERSATION,
                    Capability.BROADCAST, Capability.LAST_ACTIVITY, Capability.MARK_ALL_READ, Capability.UNREAD_COUNTS)) {
                if (supports(account, capability)) {
                    continue;
                }
                long requestsBefore = requests(account);
                try {
                    invoke(capability, account, ref);
                    throw new CliFailure(capability + " on " + account + " did not fail although it is UNSUPPORTED");
                } catch (UnsupportedCapabilityException e) {
                    say(account + " (" + gateway.provider(account) + ") " + capability + " -> "
                            + e.getClass().getSimpleName() + ": " + e.getMessage());
                    say("  network calls made: " + (requests(account) - requestsBefore)
                            + " (it fails before any call; capabilities() tells in advance)");
                }
                shown = true;
                break;
            }
        }
        if (!shown) {
            say("Every account supports every capability the demo can call.");
        }
    }

    private long requests(String account) {
        return sandbox.simulator(account).map(s -> (long) s.server().requestCount()).orElse(0L);
    }

    private void invoke(Capability capability, String account, ConversationRef ref) {
        switch (capability) {
            case SET_STATUS -> gateway.setStatus(ref, Conversation.Status.CLOSED);
            case DELETE_CONVERSATION -> gateway.deleteConversation(ref);
            case BROADCAST -> gateway.broadcast(List.of(ref), OutgoingMessage.text("hello"));
            case LAST_ACTIVITY -> gateway.lastActivity(List.of(ref));
            case MARK_ALL_READ -> gateway.markAllRead(account, List.of(ref));
            case UNREAD_COUNTS -> gateway.unreadCounts(account);
            default -> throw new IllegalArgumentException(capability.name());
        }
    }

    private void fault() {
        String account = supporting(Capability.LIST_CONVERSATIONS).get(0);
        ProviderSimulator simulator = sandbox.simulator(account).orElseThrow();
        simulator.server().inject(null, Fault.respond(503, Map.of("Content-Type", "text/plain"), "Service Unavailable"));
        say("The " + simulator.providerId() + " simulator will answer the next request with HTTP 503.");
        int before = simulator.server().requestCount();
        try {
            long count = gateway.conversations(ConversationQuery.forAccount(account).build()).stream().count();
            say("Listing " + account + " succeeded anyway: " + count + " conversations, "
                    + (simulator.server().requestCount() - before) + " HTTP requests in all, the 503 retried as logged above.");
        } catch (ChatGatewayException e) {
            simulator.server().clearFaults();
            throw e;
        }
    }

    private void changeFeed() {
        String account = supporting(Capability.LIST_CONVERSATIONS).get(0);
        ProviderSimulator simulator = sandbox.simulator(account).orElseThrow();
        io.chatgateway.store.InboxStore store = io.chatgateway.store.InboxStore.inMemory();
        io.chatgateway.inbox.InboxOptions options = io.chatgateway.inbox.InboxOptions.builder().name("demo").accounts(account)
                .store(store).pollInterval(java.time.Duration.ofMillis(50)).build();
        try (io.chatgateway.inbox.Inbox inbox = gateway.inbox(options)) {
            inbox.poll(java.time.Duration.ZERO);
            simulator.addInbound(simulator.demoConversation(), "Unloading done, heading back.");
            io.chatgateway.inbox.InboxBatch batch = inbox.poll(java.time.Duration.ofSeconds(10));
            Table table = new Table("EVENT", "TYPE", "WHAT");
            batch.events().forEach(e -> table.row(e.eventId(), e.type(), e.message() != null ? e.message().text()
                    : "unread " + e.conversationSnapshot().unreadCount()));
            table(table);
            batch.commit();
            say(batch.events().size() + " events handled and committed; the checkpoint moved past them.");
        }
        try (io.chatgateway.inbox.Inbox restarted = gateway.inbox(options.toBuilder().owner("restarted").build())) {
            long again = restarted.poll(java.time.Duration.ZERO).events().stream().filter(e -> e.message() != null).count();
            say("A new inbox on the same store (a restart): messages delivered again: " + again + ".");
        }
    }
}
