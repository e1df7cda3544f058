package io.chatgateway.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.chatgateway.Conversation;
import io.chatgateway.ConversationRef;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code chatgw status REF STATUS}. */
@Command(name = "status", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Set a conversation's status (SMSBAT).",
            "STATUS is a neutral name: NEW, OPEN, WAITING, PAUSED or CLOSED."})
final class StatusCommand extends BaseCommand {

    @Parameters(index = "0", paramLabel = "REF", converter = Converters.ConversationRefConverter.class,
            description = "The conversation, e.g. support:12.")
    ConversationRef conversation;

    @Parameters(index = "1", paramLabel = "STATUS", converter = Converters.StatusConverter.class,
            description = "The new status.")
    Conversation.Status status;

    StatusCommand(Context context) {
        super(context);
    }

    @Override
    public Integer call() {
        gateway().setStatus(conversation, status);
        if (context.json()) {
            ObjectNode n = Json.object();
            n.put("conversation", conversation.toString());
            n.put("status", status.name());
            printJson(n);
        } else {
            context.out.println(conversation + " is now " + status);
        }
        return ChatgwCommand.OK;
    }
}
