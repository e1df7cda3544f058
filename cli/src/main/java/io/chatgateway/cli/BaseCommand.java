package io.chatgateway.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.chatgateway.Capability;
import io.chatgateway.ChatGateway;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;

/** What every command shares: the run's context, the global options, output helpers. */
abstract class BaseCommand implements Callable<Integer> {

    final Context context;

    @Mixin
    GlobalOptions options;

    BaseCommand(Context context) {
        this.context = context;
    }

    ChatGateway gateway() {
        return context.gateway();
    }

    /** @param node one JSON Lines record */
    void printJson(JsonNode node) {
        context.out.println(Json.line(node));
        context.out.flush();
    }

    /**
     * Fails for an account the gateway does not have, with the gateway's own wording (the same as for a
     * conversation reference naming an unknown account), so every command says it the same way.
     *
     * @param account an account named on the command line
     * @throws io.chatgateway.InvalidRequestException when there is no such account
     */
    void requireAccount(String account) {
        gateway().provider(account);
    }

    /**
     * @param account    an account named on the command line, or {@code null} for all
     * @param capability what the command needs
     * @return the named account, or every account whose provider supports the capability
     */
    List<String> accounts(String account, Capability capability) {
        ChatGateway gateway = gateway();
        if (account != null) {
            requireAccount(account);
            return List.of(account);
        }
        return gateway.accounts().stream()
                .filter(a -> gateway.capabilities(a).getOrDefault(capability, Capability.Support.UNSUPPORTED) != Capability.Support.UNSUPPORTED)
                .toList();
    }
}
