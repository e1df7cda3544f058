package io.chatgateway.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.chatgateway.Capability;
import io.chatgateway.ChatGateway;
import io.chatgateway.Support;
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
     * @param account    an account named on the command line, or {@code null} for all
     * @param capability what the command needs
     * @return the named account, or every account whose provider supports the capability
     */
    List<String> accounts(String account, Capability capability) {
        ChatGateway gateway = gateway();
        if (account != null) {
            if (!gateway.accounts().contains(account)) {
                throw new UsageException("There is no account '" + Table.cell(account) + "'; the accounts are "
                        + String.join(", ", gateway.accounts()) + ".");
            }
            return List.of(account);
        }
        return gateway.accounts().stream()
                .filter(a -> gateway.capabilities(a).getOrDefault(capability, Support.UNSUPPORTED) != Support.UNSUPPORTED)
                .toList();
    }
}
