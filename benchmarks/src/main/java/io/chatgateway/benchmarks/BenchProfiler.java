package io.chatgateway.benchmarks;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.profile.InternalProfiler;
import org.openjdk.jmh.results.AggregationPolicy;
import org.openjdk.jmh.results.IterationResult;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.ScalarResult;

/**
 * JMH profiler (runs inside the forked JVM) that adds to every iteration's results: the heap's peak
 * (sum of the heap pools' peaks, from {@link MemoryPoolMXBean}), the largest heap use seen by a 20 ms
 * sampler, the largest live set (old generation right after a collection), the JVM's maximum heap, and
 * the stub's counters from {@link StubStats} (requests, most requests in flight at once, unexpected
 * requests).
 */
public final class BenchProfiler implements InternalProfiler {

    private static final double MB = 1024.0 * 1024.0;

    private volatile boolean sampling;
    private volatile long maxUsed;
    private volatile long maxLive;
    private Thread sampler;

    @Override
    public String getDescription() {
        return "heap peak and live set (MemoryPoolMXBeans) and stub counters";
    }

    @Override
    public void beforeIteration(BenchmarkParams benchmarkParams, IterationParams iterationParams) {
        for (MemoryPoolMXBean pool : heapPools()) {
            pool.resetPeakUsage();
        }
        maxUsed = 0;
        maxLive = 0;
        sampling = true;
        sampler = new Thread(this::sample, "bench-heap-sampler");
        sampler.setDaemon(true);
        sampler.start();
    }

    private void sample() {
        while (sampling) {
            long used = 0;
            for (MemoryPoolMXBean pool : heapPools()) {
                used += pool.getUsage().getUsed();
                MemoryUsage afterGc = pool.getCollectionUsage();
                if (afterGc != null && isOld(pool)) {
                    maxLive = Math.max(maxLive, afterGc.getUsed());
                }
            }
            maxUsed = Math.max(maxUsed, used);
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    @Override
    public Collection<? extends Result> afterIteration(BenchmarkParams benchmarkParams, IterationParams iterationParams,
                                                       IterationResult result) {
        sampling = false;
        try {
            sampler.join(1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        long peak = 0;
        for (MemoryPoolMXBean pool : heapPools()) {
            peak += pool.getPeakUsage().getUsed();
            MemoryUsage afterGc = pool.getCollectionUsage();
            if (afterGc != null && isOld(pool)) {
                maxLive = Math.max(maxLive, afterGc.getUsed());
            }
        }
        List<Result> out = new ArrayList<>();
        out.add(new ScalarResult("heap.peak", peak / MB, "MB", AggregationPolicy.MAX));
        out.add(new ScalarResult("heap.used.max", maxUsed / MB, "MB", AggregationPolicy.MAX));
        out.add(new ScalarResult("heap.live.max", maxLive / MB, "MB", AggregationPolicy.MAX));
        out.add(new ScalarResult("heap.max", Runtime.getRuntime().maxMemory() / MB, "MB", AggregationPolicy.MAX));
        out.add(new ScalarResult("stub.maxInFlight", StubStats.maxInFlight(), "requests", AggregationPolicy.MAX));
        out.add(new ScalarResult("stub.requests", StubStats.requests(), "requests", AggregationPolicy.SUM));
        out.add(new ScalarResult("stub.unexpected", StubStats.unexpected(), "requests", AggregationPolicy.SUM));
        return out;
    }

    private static boolean isOld(MemoryPoolMXBean pool) {
        String n = pool.getName();
        return n.contains("Old") || n.contains("Tenured");
    }

    private static List<MemoryPoolMXBean> heapPools() {
        List<MemoryPoolMXBean> heap = new ArrayList<>();
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP && pool.isValid()) {
                heap.add(pool);
            }
        }
        return heap;
    }
}
