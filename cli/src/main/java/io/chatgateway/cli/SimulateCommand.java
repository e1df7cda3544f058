package io.chatgateway.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.chatgateway.testkit.ProviderSimulator;
import io.chatgateway.testkit.ProviderSimulatorFactory;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code chatgw simulate PROVIDER [--port N]}: one simulator, standalone, until interrupted. */
@Command(name = "simulate", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Run one provider simulator standalone until interrupted (Ctrl-C).",
            "It starts with the demo data unless --empty is given.",
            "Prints its base URL and the account properties (demo credentials) to put in a --config file,"
                    + " so that chatgw or your own tests can talk to it.",
            "Admin endpoints at its root let tests and users make things happen:"
                    + " POST /_chatgw/inbound {\"conversation\":ID,\"text\":T} adds an inbound message,"
                    + " POST /_chatgw/deliver {\"conversation\":ID,\"message\":ID[,\"status\":S]} moves an outbound"
                    + " message's delivery status."})
final class SimulateCommand extends BaseCommand {

    @Parameters(index = "0", paramLabel = "PROVIDER", description = "navixy, smsbat or quickblox (or another installed simulator).")
    String provider;

    @Option(names = {"-p", "--port"}, paramLabel = "N", description = "Port on 127.0.0.1 (default 0: a free port).")
    int port;

    @Option(names = {"-a", "--account"}, paramLabel = "A",
            description = "Account name in the printed properties (default: fleet, support or app).")
    String account;

    @Option(names = "--empty", description = "Start without the demo data.")
    boolean empty;

    SimulateCommand(Context context) {
        super(context);
    }

    @Override
    public Integer call() throws InterruptedException {
        if (port < 0 || port > 65535) {
            throw new UsageException("--port must be between 0 and 65535, not " + port + ".");
        }
        ProviderSimulatorFactory factory = Sandbox.simulatorFactory(provider).orElseThrow(() -> new UsageException(
                "There is no simulator of '" + Table.cell(provider) + "'; the simulators are "
                        + (Sandbox.simulatorFactories().isEmpty() ? "(none installed)"
                                : Sandbox.simulatorFactories().stream().map(ProviderSimulatorFactory::providerId)
                                        .collect(Collectors.joining(", "))) + "."));
        String name = account == null ? Sandbox.accountName(factory.providerId()) : account;
        ProviderSimulator simulator = start(factory);
        Thread hook = new Thread(simulator::close, "chatgw-simulator-shutdown");
        try {
            if (!empty) {
                simulator.seedDemoData();
            }
            Runtime.getRuntime().addShutdownHook(hook);
            // provider first, then the other keys alphabetically
            Map<String, String> properties = new TreeMap<>((a, b) -> a.endsWith(".provider") == b.endsWith(".provider")
                    ? a.compareTo(b) : a.endsWith(".provider") ? -1 : 1);
            properties.putAll(simulator.accountProperties(name));
            if (context.json()) {
                ObjectNode n = Json.object();
                n.put("provider", simulator.providerId());
                n.put("baseUrl", simulator.baseUri().toString());
                n.put("adminUrl", simulator.adminUri().toString());
                ObjectNode props = n.putObject("properties");
                properties.forEach(props::put);
                printJson(n);
            } else {
                context.out.println("# " + simulator.providerId() + " simulator listening on " + simulator.baseUri()
                        + (empty ? "" : " with demo data") + "; Ctrl-C stops it.");
                context.out.println("# Make things happen: POST " + simulator.adminUri() + "inbound {\"conversation\":ID,\"text\":T}"
                        + " adds an inbound message; POST " + simulator.adminUri() + "deliver {\"conversation\":ID,\"message\":ID}"
                        + " moves an outbound message's delivery status (optional \"status\":\"READ\" etc.).");
                context.out.println("# Account properties (demo credentials) for chatgw --config FILE:");
                properties.forEach((k, v) -> context.out.println(k + "=" + v));
            }
            context.out.flush();
            context.waiter.awaitInterrupt();
        } finally {
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // the hook closes the simulator
            }
            simulator.close();
        }
        return ChatgwCommand.OK;
    }

    /** Starts the simulator; a busy port is one sentence, not a stack trace. */
    private ProviderSimulator start(ProviderSimulatorFactory factory) {
        try {
            return factory.start(port);
        } catch (RuntimeException e) {
            for (Throwable t = e; t != null; t = t.getCause()) {
                if (t instanceof java.net.BindException) {
                    throw new CliFailure("Port " + port + " on 127.0.0.1 is already in use; choose another with --port,"
                            + " or leave it out for a free one.");
                }
            }
            throw e;
        }
    }
}
