package io.chatgateway.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.chatgateway.ConversationRef;
import io.chatgateway.MessageKind;
import io.chatgateway.OutgoingMessage;
import io.chatgateway.ReconcileOptions;
import io.chatgateway.SendResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code chatgw send REF TEXT}: prints the sent message's reference. */
@Command(name = "send", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Send a message to one conversation and print the sent message's reference.",
            "A send is retried only when it provably did not reach the provider; an uncertain outcome fails"
                    + " (exit code 1) instead of risking a duplicate."})
final class SendCommand extends BaseCommand {

    @Parameters(index = "0", paramLabel = "REF", converter = Converters.ConversationRefConverter.class,
            description = "The conversation, e.g. fleet:5501.")
    ConversationRef conversation;

    @Parameters(index = "1", paramLabel = "TEXT", description = "The text (quote it).")
    String text;

    @Option(names = "--idempotency-key", paramLabel = "KEY",
            description = {"De-duplication key: a repeated send with the same key returns the first result and sends"
                    + " nothing, also from another chatgw run (keys are kept in the store; memory in sandbox mode)."})
    String idempotencyKey;

    @Option(names = "--store", paramLabel = "URL",
            description = "Where idempotency keys live: jdbc:h2:… or jdbc:postgresql:… (default: an H2 file in the"
                    + " state directory).")
    String store;

    @Option(names = "--reconcile",
            description = {"Settle an uncertain outcome by reading the conversation back: found, or resent once when"
                    + " not found. Exit 0 when the message arrived exactly once; a detected duplicate exits 1."})
    boolean reconcile;

    @Option(names = "--attach", paramLabel = "FILE",
            description = "Attach this file (where the provider supports SEND_ATTACHMENT); images go as photos.")
    Path attach;

    SendCommand(Context context) {
        super(context);
    }

    @Override
    public Integer call() {
        OutgoingMessage message = OutgoingMessage.text(text);
        if (attach != null) {
            message = message.withAttachment(attachment(attach));
        }
        if (idempotencyKey != null) {
            message = message.withIdempotencyKey(idempotencyKey);
        }
        if (idempotencyKey != null || store != null) {
            context.durableSends(store);
        }
        SendResult result = reconcile ? gateway().send(conversation, message, ReconcileOptions.DEFAULT)
                : gateway().send(conversation, message);
        if (context.json()) {
            printJson(json(result));
        } else {
            context.out.println(result.message());
        }
        if (result.reconciliation() == SendResult.Reconciliation.DUPLICATE_DETECTED) {
            context.err.println("chatgw: the first, uncertain copy arrived after all: the recipient has this message"
                    + " twice (the resent copy is " + result.message() + ").");
            context.err.flush();
            return ChatgwCommand.FAILED;
        }
        return ChatgwCommand.OK;
    }

    static OutgoingMessage.Attachment attachment(Path file) {
        byte[] data;
        String type;
        try {
            data = Files.readAllBytes(file);
            type = Files.probeContentType(file);
        } catch (IOException e) {
            throw new UsageException("The file " + file + " could not be read (" + e.getClass().getSimpleName() + ").");
        }
        if (type == null) {
            type = "application/octet-stream";
        }
        MessageKind kind = type.startsWith("image/") ? MessageKind.PHOTO : MessageKind.FILE;
        return new OutgoingMessage.Attachment(file.getFileName().toString(), type, kind, data);
    }

    static ObjectNode json(SendResult result) {
        ObjectNode n = Json.object();
        n.put("ref", result.message().toString());
        n.put("conversation", result.message().conversation().toString());
        n.put("delivery", result.delivery().name());
        n.put("acceptedAt", Json.instant(result.acceptedAt()));
        n.put("replayed", result.replayed());
        n.put("reconciliation", result.reconciliation().name());
        return n;
    }
}
