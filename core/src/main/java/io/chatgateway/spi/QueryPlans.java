package io.chatgateway.spi;

import io.chatgateway.MessageQuery;
import io.chatgateway.QueryPlan;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.Function;

/**
 * An adapter's message plans, made once per shape of query: for an adapter whose
 * {@link ChatProvider#plan(MessageQuery)} depends only on which filters a query sets ({@link LocalFilters#bitsIn}),
 * not on their values, its order or page size. The gateway asks for the plan on every {@code messages} call that
 * sets a filter; a plan kept per shape spares building its sets and notes each time.
 *
 * <p>Thread-safe: plans are immutable; two callers racing on a new shape may both make it, and either is kept.
 */
public final class QueryPlans {

    private final Function<MessageQuery, QueryPlan> make;
    private final AtomicReferenceArray<QueryPlan> plans = new AtomicReferenceArray<>(1 << LocalFilters.MESSAGE_FILTER_BITS);

    /**
     * @param make makes the plan of a query; called once per shape (and it may throw, e.g. for a typed provider
     *             query the adapter refuses: nothing is kept then)
     */
    public QueryPlans(Function<MessageQuery, QueryPlan> make) {
        this.make = make;
    }

    /**
     * @param query a message query
     * @return the plan of queries of its shape
     * @throws RuntimeException whatever the plan maker throws for this query
     */
    public QueryPlan plan(MessageQuery query) {
        int shape = LocalFilters.bitsIn(query);
        QueryPlan plan = plans.get(shape);
        if (plan == null) {
            plan = make.apply(query);
            plans.set(shape, plan);
        }
        return plan;
    }
}
