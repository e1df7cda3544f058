package io.chatgateway.cli;

import io.chatgateway.ChatGateway;
import io.chatgateway.spi.ChatProviderFactory;
import io.chatgateway.testkit.ProviderSimulator;
import io.chatgateway.testkit.ProviderSimulatorFactory;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every provider simulator found with {@link ServiceLoader} (and whose adapter is installed), running
 * in-process on free ports with demo data, and a gateway with one account on each.
 *
 * <p>Account names are those of the documentation: {@code fleet} (Navixy), {@code support} (SMSBAT),
 * {@code app} (QuickBlox); any other provider's account is named after its id.
 */
final class Sandbox implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Sandbox.class);
    private static final Map<String, String> ACCOUNT_NAMES = Map.of("navixy", "fleet", "smsbat", "support", "quickblox", "app");

    private static final List<String> KNOWN = List.of("navixy", "smsbat", "quickblox");
    /** Navixy, SMSBAT, QuickBlox first (the documentation's order), then others alphabetically. */
    private static final Comparator<String> ORDER = Comparator
            .comparingInt((String id) -> KNOWN.indexOf(id) < 0 ? 3
                    : KNOWN.indexOf(id))
            .thenComparing(Comparator.naturalOrder());

    private final Map<String, ProviderSimulator> simulatorsByAccount;
    private final ChatGateway gateway;

    private Sandbox(Map<String, ProviderSimulator> simulatorsByAccount, ChatGateway gateway) {
        this.simulatorsByAccount = simulatorsByAccount;
        this.gateway = gateway;
    }

    /**
     * Starts the simulators and the gateway.
     *
     * @param extraAccountProperties account keys (such as {@code retry.initial-backoff}) added to every account
     * @return the running sandbox
     * @throws IllegalStateException when no simulator with an installed adapter is found
     */
    static Sandbox start(Map<String, String> extraAccountProperties) {
        Set<String> adapters = adapterIds();
        Map<String, ProviderSimulator> started = new LinkedHashMap<>();
        try {
            for (ProviderSimulatorFactory factory : simulatorFactories()) {
                if (!adapters.contains(factory.providerId())) {
                    LOG.warn("The {} simulator is present but its adapter is not; it is left out of the sandbox.",
                            factory.providerId());
                    continue;
                }
                String account = accountName(factory.providerId());
                if (started.containsKey(account)) {
                    LOG.warn("A second {} simulator was found; only the first is used.", factory.providerId());
                    continue;
                }
                ProviderSimulator simulator = factory.start(0);
                started.put(account, simulator);
                simulator.seedDemoData();
            }
            if (started.isEmpty()) {
                throw new CliFailure("No provider simulator with an installed adapter was found for the sandbox;"
                        + " give accounts with --config FILE or " + Context.CONFIG_ENV + ".");
            }
            Properties properties = new Properties();
            started.forEach((account, simulator) -> {
                properties.putAll(simulator.accountProperties(account));
                extraAccountProperties.forEach((key, value) ->
                        properties.setProperty("chatgateway.account." + account + "." + key, value));
            });
            return new Sandbox(started, ChatGateway.fromProperties(properties));
        } catch (RuntimeException e) {
            started.values().forEach(ProviderSimulator::close);
            throw e;
        }
    }

    /** @return the simulator factories on the class path, ordered by provider id */
    static List<ProviderSimulatorFactory> simulatorFactories() {
        List<ProviderSimulatorFactory> all = new ArrayList<>();
        ServiceLoader.load(ProviderSimulatorFactory.class).forEach(all::add);
        all.sort(Comparator.comparing(ProviderSimulatorFactory::providerId, ORDER));
        return all;
    }

    /** @return the chat provider factories (adapters) on the class path, ordered by id */
    static List<ChatProviderFactory> adapterFactories() {
        List<ChatProviderFactory> all = new ArrayList<>();
        ServiceLoader.load(ChatProviderFactory.class).forEach(all::add);
        all.sort(Comparator.comparing(f -> f.metadata().id(), ORDER));
        return all;
    }

    private static Set<String> adapterIds() {
        return adapterFactories().stream().map(f -> f.metadata().id()).collect(Collectors.toSet());
    }

    /** @param providerId a provider id @return the sandbox's account name for it */
    static String accountName(String providerId) {
        return ACCOUNT_NAMES.getOrDefault(providerId, providerId);
    }

    /** @param providerId a provider id @return its simulator factory, if one is on the class path */
    static Optional<ProviderSimulatorFactory> simulatorFactory(String providerId) {
        return simulatorFactories().stream().filter(f -> f.providerId().equals(providerId)).findFirst();
    }

    ChatGateway gateway() {
        return gateway;
    }

    /** @return the account names, in the documentation's order */
    List<String> accounts() {
        return List.copyOf(simulatorsByAccount.keySet());
    }

    /** @return the provider ids of the running simulators */
    List<String> providerIds() {
        return simulatorsByAccount.values().stream().map(ProviderSimulator::providerId).toList();
    }

    /** @param account an account name @return its simulator */
    Optional<ProviderSimulator> simulator(String account) {
        return Optional.ofNullable(simulatorsByAccount.get(account));
    }

    /** @return account name to simulator, in order */
    Map<String, ProviderSimulator> simulators() {
        return Collections.unmodifiableMap(simulatorsByAccount);
    }

    @Override
    public void close() {
        gateway.close();
        simulatorsByAccount.values().forEach(ProviderSimulator::close);
    }
}
