package io.chatgateway.quickblox;

import io.chatgateway.ChatGateway;
import io.chatgateway.ConversationRef;
import io.chatgateway.Secret;
import io.chatgateway.testkit.ConformanceTarget;
import io.chatgateway.testkit.FakeTime;
import io.chatgateway.testkit.quickblox.QuickbloxSimulator;
import java.util.Optional;

/** A QuickBlox simulator and a gateway pointed at it, sharing one {@link FakeTime}. */
final class QuickbloxTarget implements ConformanceTarget {

    static final String ACCOUNT = "app";

    final FakeTime time = FakeTime.standard();
    final QuickbloxSimulator simulator = new QuickbloxSimulator(0, time);
    final ChatGateway gateway;
    private int conversations;

    QuickbloxTarget(boolean apiKey) {
        this(apiKey ? apiKeyConfig() : sessionConfig());
    }

    QuickbloxTarget(QuickbloxConfig.Builder config) {
        this.gateway = ChatGateway.builder()
                .account(ACCOUNT, config.baseUri(simulator.baseUri()).build())
                .clock(time)
                .sleeper(time)
                .build();
    }

    static QuickbloxConfig.Builder sessionConfig() {
        return QuickbloxConfig.builder()
                .applicationId(QuickbloxSimulator.APPLICATION_ID)
                .authKey(Secret.of(QuickbloxSimulator.AUTH_KEY))
                .authSecret(Secret.of(QuickbloxSimulator.AUTH_SECRET))
                .login(QuickbloxSimulator.DEMO_LOGIN)
                .password(Secret.of(QuickbloxSimulator.DEMO_PASSWORD));
    }

    static QuickbloxConfig.Builder apiKeyConfig() {
        return QuickbloxConfig.builder().apiKey(QuickbloxSimulator.API_KEY).onBehalfOf(QuickbloxSimulator.DEMO_USER_ID);
    }

    @Override
    public ChatGateway gateway() {
        return gateway;
    }

    @Override
    public String account() {
        return ACCOUNT;
    }

    @Override
    public int requestCount() {
        return simulator.requestCount();
    }

    @Override
    public Optional<Faults> faults() {
        return Optional.of(Faults.of(simulator));
    }

    @Override
    public int maxPageSize() {
        return QuickbloxChatProviderFactory.MAX_PAGE_SIZE;
    }

    /** Three messages per second, so that pages end inside a second. */
    @Override
    public ConversationRef conversationWithInboundMessages(int count) {
        long customer = simulator.addUser();
        String dialog = simulator.createDialog(QuickbloxSimulator.PRIVATE, "Customer " + (++conversations),
                QuickbloxSimulator.DEMO_USER_ID, customer);
        long base = time.instant().getEpochSecond() - 10_000;
        for (int i = 0; i < count; i++) {
            simulator.addMessage(dialog, customer, "msg-" + i, base + i / 3);
        }
        return new ConversationRef(ACCOUNT, dialog);
    }

    @Override
    public ConversationRef unknownConversation() {
        return new ConversationRef(ACCOUNT, "0123456789abcdef01234567");
    }

    /** A public dialog that must be joined first: listed and readable, but QuickBlox refuses the user's messages. */
    @Override
    public Optional<ConversationRef> unavailableConversation() {
        long owner = simulator.addUser();
        String dialog = simulator.createDialog(QuickbloxSimulator.PUBLIC_GROUP, "Join first " + (++conversations), owner);
        simulator.requireJoin(dialog);
        return Optional.of(new ConversationRef(ACCOUNT, dialog));
    }

    @Override
    public Optional<Inbound> inbound() {
        return Optional.of(Inbound.of(simulator));
    }

    @Override
    public void close() {
        gateway.close();
        simulator.close();
    }
}
