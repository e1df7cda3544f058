package io.chatgateway.navixy;

import io.chatgateway.ChatGateway;
import io.chatgateway.ConversationRef;
import io.chatgateway.testkit.ConformanceTarget;
import io.chatgateway.testkit.FakeTime;
import io.chatgateway.testkit.navixy.NavixySimulator;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Optional;
import java.util.function.UnaryOperator;
import java.util.Optional;

/** A gateway with one Navixy account ("fleet") pointed at a {@link NavixySimulator}, on a {@link FakeTime}. */
final class NavixyTarget implements ConformanceTarget {

    static final String ACCOUNT = "fleet";

    final FakeTime time;
    final NavixySimulator sim;
    final ChatGateway gateway;
    private int conversations;

    NavixyTarget(ZoneId simulatorZone, UnaryOperator<NavixyConfig.Builder> config) {
        this(FakeTime.standard(), simulatorZone, config);
    }

    NavixyTarget(FakeTime time, ZoneId simulatorZone, UnaryOperator<NavixyConfig.Builder> config) {
        this.time = time;
        this.sim = new NavixySimulator(0, time, simulatorZone);
        NavixyConfig.Builder b = NavixyConfig.builder().baseUri(sim.baseUri());
        this.gateway = ChatGateway.builder()
                .account(ACCOUNT, config.apply(b).build())
                .clock(time)
                .sleeper(time)
                .build();
    }

    /** @return a target with the demo API key, ISO mode, simulator zone Asia/Kathmandu */
    static NavixyTarget standard() {
        return new NavixyTarget(NavixySimulator.DEFAULT_ZONE, b -> b.hash(NavixySimulator.DEMO_API_KEY));
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
        return sim.requestCount();
    }

    @Override
    public Optional<Faults> faults() {
        return Optional.of(Faults.of(sim));
    }

    @Override
    public int maxPageSize() {
        return NavixyChatProviderFactory.MAX_PAGE_SIZE;
    }

    @Override
    public ConversationRef conversationWithInboundMessages(int count) {
        long tracker = sim.addTracker("conformance " + (++conversations));
        Instant base = time.instant().minus(Duration.ofHours(1));
        for (int i = 0; i < count; i++) {
            // three messages per second: paging must cope with many messages in one second
            sim.addIncoming(tracker, "msg-" + i, base.plusSeconds(i / 3), 4200L + i % 2);
        }
        return ref(tracker);
    }

    ConversationRef ref(long tracker) {
        return new ConversationRef(ACCOUNT, Long.toString(tracker));
    }

    @Override
    public ConversationRef unknownConversation() {
        return new ConversationRef(ACCOUNT, "999999999");
    }

    @Override
    public Optional<ConversationRef> unavailableConversation() {
        long tracker = sim.addTracker("conformance without chat tariff");
        sim.setTrackerTariffHasChat(tracker, false);
        return Optional.of(ref(tracker));
    }

    @Override
    public Optional<Inbound> inbound() {
        return Optional.of(Inbound.of(sim));
    }

    @Override
    public void close() {
        gateway.close();
        sim.close();
    }
}
