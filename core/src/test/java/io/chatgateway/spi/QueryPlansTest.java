package io.chatgateway.spi;

import static org.assertj.core.api.Assertions.assertThat;

import io.chatgateway.ConversationRef;
import io.chatgateway.MessageQuery;
import io.chatgateway.QueryPlan;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class QueryPlansTest {

    private static final ConversationRef C = new ConversationRef("acc", "1");

    @Test
    void should_make_a_plan_once_per_shape_of_query_and_hand_it_to_queries_of_that_shape() {
        AtomicInteger made = new AtomicInteger();
        QueryPlans plans = new QueryPlans(q -> {
            made.incrementAndGet();
            return new QueryPlan(Set.of(), LocalFilters.setIn(q), List.of("plan " + made.get()));
        });
        MessageQuery bounded = MessageQuery.of(C).since(Instant.EPOCH).until(Instant.EPOCH.plusSeconds(9)).build();
        MessageQuery otherBounds = MessageQuery.of(C).since(Instant.EPOCH.plusSeconds(5)).until(Instant.EPOCH.plusSeconds(7))
                .pageSize(3).build();
        MessageQuery text = MessageQuery.of(C).textContains("x").build();

        QueryPlan first = plans.plan(bounded);
        assertThat(plans.plan(otherBounds)).isSameAs(first);
        assertThat(first.local()).containsExactlyInAnyOrder(QueryPlan.Filter.SINCE, QueryPlan.Filter.UNTIL);
        assertThat(plans.plan(text).local()).containsExactly(QueryPlan.Filter.TEXT);
        assertThat(plans.plan(MessageQuery.of(C).build()).local()).isEmpty();
        assertThat(made.get()).isEqualTo(3);
    }

    @Test
    void should_give_every_filter_a_query_sets_its_own_bit() {
        MessageQuery all = MessageQuery.of(C).since(Instant.EPOCH).until(Instant.EPOCH.plusSeconds(1)).textContains("t")
                .sendersIn("a").sendersNotIn("b").recipientsIn("c").recipientsNotIn("d")
                .updatedSince(Instant.EPOCH).updatedUntil(Instant.EPOCH.plusSeconds(1)).build();
        Set<QueryPlan.Filter> set = LocalFilters.setIn(all);
        assertThat(set).hasSize(9).doesNotContain(QueryPlan.Filter.PROVIDER_QUERY);
        int bits = 0;
        for (QueryPlan.Filter f : set) {
            bits |= 1 << f.ordinal();
        }
        assertThat(LocalFilters.bitsIn(all)).isEqualTo(bits);
        assertThat(LocalFilters.bitsIn(MessageQuery.of(C).build())).isZero();
        assertThat(LocalFilters.anyIn(MessageQuery.of(C).build())).isFalse();
    }
}
