package io.chatgateway.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.chatgateway.BroadcastResult;
import io.chatgateway.ConversationRef;
import io.chatgateway.OutgoingMessage;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code chatgw broadcast TEXT REF...}: one outcome per recipient; exit code 1 when any recipient failed. */
@Command(name = "broadcast", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Send one text to many conversations and print each recipient's outcome.",
            "Natively where the provider can (Navixy, in chunks of 300), by bounded concurrent sends elsewhere.",
            "Prints one outcome per recipient; exits with 1 when any recipient failed."})
final class BroadcastCommand extends BaseCommand {

    /** Recipients per gateway call, so that progress can be shown; Navixy's native chunk size. */
    static final int CHUNK = 300;

    @Parameters(index = "0", paramLabel = "TEXT", description = "The text (quote it).")
    String text;

    @Parameters(index = "1..*", arity = "1..*", paramLabel = "REF", converter = Converters.ConversationRefConverter.class,
            description = "The recipients, e.g. fleet:5501 support:12.")
    List<ConversationRef> recipients;

    BroadcastCommand(Context context) {
        super(context);
    }

    @Override
    public Integer call() {
        OutgoingMessage message = OutgoingMessage.text(text);
        List<ConversationRef> distinct = new ArrayList<>(new LinkedHashSet<>(recipients));
        List<BroadcastResult.RecipientOutcome> outcomes = new ArrayList<>();
        try (Progress progress = new Progress(context)) {
            for (int from = 0; from < distinct.size(); from += CHUNK) {
                List<ConversationRef> chunk = distinct.subList(from, Math.min(distinct.size(), from + CHUNK));
                BroadcastResult result = gateway().broadcast(chunk, message);
                outcomes.addAll(result.outcomes());
                progress.update("sent to " + outcomes.size() + " of " + distinct.size() + " recipients");
            }
        }
        print(outcomes);
        long failed = outcomes.stream().filter(o -> !o.isSent()).count();
        if (failed > 0) {
            context.err.println("chatgw: the broadcast failed for " + failed + " of " + outcomes.size() + " recipients.");
            return ChatgwCommand.FAILED;
        }
        return ChatgwCommand.OK;
    }

    void print(List<BroadcastResult.RecipientOutcome> outcomes) {
        if (context.json()) {
            outcomes.forEach(o -> printJson(json(o)));
            return;
        }
        Table table = new Table("RECIPIENT", "OUTCOME", "MESSAGE / ERROR");
        for (BroadcastResult.RecipientOutcome o : outcomes) {
            table.row(o.conversation(), o.isSent() ? "sent" : "failed",
                    o.isSent() ? o.message() : o.error().getClass().getSimpleName() + ": " + o.error().getMessage());
        }
        table.print(context.out);
    }

    static ObjectNode json(BroadcastResult.RecipientOutcome o) {
        ObjectNode n = Json.object();
        n.put("conversation", o.conversation().toString());
        n.put("sent", o.isSent());
        n.put("ref", o.message() == null ? null : o.message().toString());
        if (o.error() == null) {
            n.putNull("error");
        } else {
            n.set("error", Json.error(o.error()));
        }
        return n;
    }
}
