package io.chatgateway.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.chatgateway.ConversationRef;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code chatgw delete REF}. */
@Command(name = "delete", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Delete a conversation (SMSBAT, QuickBlox).", "There is no undo."})
final class DeleteCommand extends BaseCommand {

    @Parameters(index = "0", paramLabel = "REF", converter = Converters.ConversationRefConverter.class,
            description = "The conversation, e.g. app:5f0c…")
    ConversationRef conversation;

    DeleteCommand(Context context) {
        super(context);
    }

    @Override
    public Integer call() {
        gateway().deleteConversation(conversation);
        if (context.json()) {
            ObjectNode n = Json.object();
            n.put("conversation", conversation.toString());
            n.put("deleted", true);
            printJson(n);
        } else {
            context.out.println("deleted " + conversation);
        }
        return ChatgwCommand.OK;
    }
}
