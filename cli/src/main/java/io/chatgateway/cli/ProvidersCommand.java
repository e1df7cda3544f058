package io.chatgateway.cli;

import io.chatgateway.Capability;
import io.chatgateway.spi.ChatProviderFactory;
import io.chatgateway.spi.ProviderMetadata;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;

/** {@code chatgw providers}: the installed adapters and what each supports. */
@Command(name = "providers", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"List the installed provider adapters and what each supports.",
            "Capability.Support levels: NATIVE (the provider does it), EMULATED (the gateway builds it from other calls),"
                    + " UNSUPPORTED (fails at once with a clear error, before any network call).",
            "JSON: {\"id\":\"navixy\",\"name\":…,\"capabilities\":{\"SEND\":\"NATIVE\",…}} per adapter."})
final class ProvidersCommand extends BaseCommand {

    ProvidersCommand(Context context) {
        super(context);
    }

    @Override
    public Integer call() {
        List<ProviderMetadata> providers = new ArrayList<>();
        for (ChatProviderFactory factory : Sandbox.adapterFactories()) {
            providers.add(factory.metadata());
        }
        if (providers.isEmpty()) {
            throw new CliFailure("No provider adapter is installed (none was found with ServiceLoader).");
        }
        if (context.json()) {
            providers.forEach(p -> printJson(Json.provider(p)));
            return ChatgwCommand.OK;
        }
        String[] headers = new String[providers.size() + 1];
        headers[0] = "CAPABILITY";
        for (int i = 0; i < providers.size(); i++) {
            headers[i + 1] = providers.get(i).id();
        }
        Table table = new Table(headers);
        Object[] names = new Object[headers.length];
        names[0] = "(name)";
        for (int i = 0; i < providers.size(); i++) {
            names[i + 1] = providers.get(i).displayName();
        }
        table.row(names);
        for (Capability c : Capability.values()) {
            Object[] row = new Object[headers.length];
            row[0] = c.name();
            for (int i = 0; i < providers.size(); i++) {
                Capability.Support s = providers.get(i).support(c);
                row[i + 1] = s.name().toLowerCase(java.util.Locale.ROOT);
            }
            table.row(row);
        }
        table.print(context.out);
        return ChatgwCommand.OK;
    }
}
