package io.chatgateway.cli;

import io.chatgateway.Capability;
import io.chatgateway.Channel;
import io.chatgateway.Conversation;
import io.chatgateway.ConversationQuery;
import io.chatgateway.InvalidRequestException;
import io.chatgateway.smsbat.SmsbatChatFilter;
import io.chatgateway.smsbat.SmsbatConfig;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code chatgw conversations}: one account's conversations, or the unified inbox of all accounts. */
@Command(name = "conversations", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"List conversations (Navixy trackers, SMSBAT chats, QuickBlox dialogs).",
            "Without --account: the unified inbox of every account, latest activity first."})
final class ConversationsCommand extends BaseCommand {

    @Option(names = {"-a", "--account"}, paramLabel = "A", description = "Only this account.")
    String account;

    @Option(names = {"-s", "--status"}, paramLabel = "S", converter = Converters.StatusConverter.class,
            description = "Keep this status (repeatable): NEW, OPEN, WAITING, PAUSED, CLOSED.")
    List<Conversation.Status> statuses = new ArrayList<>();

    @Option(names = {"--search"}, paramLabel = "T", description = "Free-text search (title, and what the provider searches).")
    String search;

    @Option(names = {"--channel"}, paramLabel = "C", converter = Converters.ChannelConverter.class,
            description = "Keep this channel (repeatable): SMS, VIBER, TELEGRAM, WHATSAPP, FACEBOOK, INSTAGRAM,"
                    + " WEB_WIDGET, IN_APP, DEVICE, UNKNOWN.")
    List<Channel> channels = new ArrayList<>();

    @Option(names = {"--phone"}, paramLabel = "P",
            description = "SMSBAT: the client's phone (digits, optional +). Lists SMSBAT accounts only.")
    String phone;

    @Option(names = {"--telegram-user"}, paramLabel = "ID",
            description = "SMSBAT: a Telegram user id. Lists SMSBAT accounts only.")
    Long telegramUser;

    @Option(names = {"--organization"}, paramLabel = "ID",
            description = "SMSBAT: an organization id. Lists SMSBAT accounts only.")
    Long organization;

    @Option(names = {"-n", "--limit"}, paramLabel = "N", description = "At most N conversations (default: all).")
    Integer limit;

    ConversationsCommand(Context context) {
        super(context);
    }

    @Override
    public Integer call() {
        if (limit != null && limit < 1) {
            throw new UsageException("--limit must be at least 1, not " + limit + ".");
        }
        List<Conversation> all = new ArrayList<>();
        SmsbatChatFilter smsbat = smsbatFilter();
        List<String> accounts = accounts(account, Capability.LIST_CONVERSATIONS);
        if (smsbat != null && account == null) {
            accounts = accounts.stream().filter(a -> SmsbatConfig.PROVIDER_ID.equals(gateway().provider(a))).toList();
        }
        try (Progress progress = new Progress(context)) {
            for (String a : accounts) {
                ConversationQuery.Builder query = ConversationQuery.forAccount(a).text(search);
                statuses.forEach(query::status);
                channels.forEach(query::channel);
                query.providerQuery(smsbat);
                var stream = gateway().conversations(query.build()).stream();
                if (limit != null) {
                    stream = stream.limit(limit);
                }
                stream.forEach(c -> {
                    all.add(c);
                    progress.update("fetched " + all.size() + " conversations");
                });
            }
        }
        if (accounts.size() > 1) {
            all.sort(Comparator.comparing(Conversation::lastMessageAt, Comparator.nullsLast(Comparator.reverseOrder())));
        }
        List<Conversation> shown = limit == null || all.size() <= limit ? all : all.subList(0, limit);
        if (context.json()) {
            shown.forEach(c -> printJson(Json.conversation(c)));
            return ChatgwCommand.OK;
        }
        Table table = new Table("REF", "PROVIDER", "STATUS", "UNREAD", "LAST MESSAGE", "ASSIGNEE", "TITLE");
        for (Conversation c : shown) {
            table.row(c.ref(), c.provider(), c.status(), c.unreadCount(), c.lastMessageAt(),
                    c.assignee() == null ? null : c.assignee().name() != null ? c.assignee().name() : c.assignee().id(),
                    c.title());
        }
        table.print(context.out);
        return ChatgwCommand.OK;
    }

    /** @return the SMSBAT filters given on the command line, or {@code null} */
    private SmsbatChatFilter smsbatFilter() {
        if (phone == null && telegramUser == null && organization == null) {
            return null;
        }
        try {
            return new SmsbatChatFilter(phone, telegramUser, organization);
        } catch (InvalidRequestException e) {
            throw new UsageException(e.getMessage());
        }
    }
}
