package io.chatgateway.it.readme;

import static org.assertj.core.api.Assertions.assertThat;

import io.chatgateway.ChatGateway;
import io.chatgateway.ConversationQuery;
import io.chatgateway.ConversationRef;
import io.chatgateway.Message;
import io.chatgateway.MessageQuery;
import io.chatgateway.OutgoingMessage;
import io.chatgateway.Secret;
import io.chatgateway.SendResult;
import io.chatgateway.navixy.NavixyConfig;
import io.chatgateway.testkit.navixy.NavixySimulator;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The usage example of the README, run as written against the Navixy simulator. */
class ReadmeExampleTest {

    @Test
    void should_run_the_readme_usage_example() {
        try (NavixySimulator simulator = new NavixySimulator(0)) {
            simulator.seedDemoData();
            List<String> printed = new ArrayList<>();
            try (ChatGateway gateway = ChatGateway.builder()
                    .account("fleet", NavixyConfig.builder()
                            .baseUri(simulator.baseUri())
                            .hash(Secret.of(NavixySimulator.DEMO_API_KEY))
                            .timeZone(ZoneId.of("Europe/Riga"))
                            .build())
                    .build()) {
                ConversationRef driver = gateway.conversations(ConversationQuery.forAccount("fleet").build()).items().get(0).ref();
                gateway.messages(MessageQuery.of(driver).since(Instant.now().minus(Duration.ofDays(2))).build())
                        .stream()
                        .forEach(m -> printed.add(m.direction() + " " + m.text()));
                SendResult sent = gateway.send(driver, OutgoingMessage.text("Please call dispatch").withIdempotencyKey("order-42"));
                gateway.markAllRead("fleet", List.of(driver));

                assertThat(printed).isNotEmpty();
                assertThat(gateway.messages(MessageQuery.of(driver).build()).stream().map(Message::ref))
                        .contains(sent.message());
                assertThat(gateway.unreadCounts("fleet").getOrDefault(driver, 0L)).isZero();
            }
        }
    }
}
