package io.chatgateway.benchmarks;

import com.sun.management.GarbageCollectionNotificationInfo;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.management.ListenerNotFoundException;
import javax.management.Notification;
import javax.management.NotificationEmitter;
import javax.management.NotificationListener;
import javax.management.openmbean.CompositeData;
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
 * sampler, the heap in use right after each collection (largest and last: flat when nothing accumulates),
 * the JVM's maximum heap, and
 * the stub's counters from {@link StubStats} (requests, most requests in flight at once, unexpected
 * requests).
 */
public final class BenchProfiler implements InternalProfiler {

    private static final double MB = 1024.0 * 1024.0;

    private volatile boolean sampling;
    private volatile long maxUsed;
    private volatile long maxLive;
    private volatile long lastLive;
    private volatile long collections;
    private Thread sampler;
    private final NotificationListener onGc = this::afterGc;

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
        lastLive = 0;
        collections = 0;
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            if (gc instanceof NotificationEmitter e) {
                e.addNotificationListener(onGc, null, null);
            }
        }
        sampling = true;
        sampler = new Thread(this::sample, "bench-heap-sampler");
        sampler.setDaemon(true);
        sampler.start();
    }

    /** After every collection: the heap still in use is the live set plus what the collector left for later. */
    private void afterGc(Notification n, Object handback) {
        if (!GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(n.getType())) {
            return;
        }
        GarbageCollectionNotificationInfo info = GarbageCollectionNotificationInfo.from((CompositeData) n.getUserData());
        long used = 0;
        Set<String> heap = new HashSet<>();
        for (MemoryPoolMXBean pool : heapPools()) {
            heap.add(pool.getName());
        }
        for (Map.Entry<String, MemoryUsage> e : info.getGcInfo().getMemoryUsageAfterGc().entrySet()) {
            if (heap.contains(e.getKey())) {
                used += e.getValue().getUsed();
            }
        }
        synchronized (this) {
            collections++;
            lastLive = used;
            maxLive = Math.max(maxLive, used);
        }
    }

    private void sample() {
        while (sampling) {
            long used = 0;
            for (MemoryPoolMXBean pool : heapPools()) {
                used += pool.getUsage().getUsed();
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
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            if (gc instanceof NotificationEmitter e) {
                try {
                    e.removeNotificationListener(onGc);
                } catch (ListenerNotFoundException ignored) {
                    // not registered on this collector
                }
            }
        }
        long peak = 0;
        for (MemoryPoolMXBean pool : heapPools()) {
            peak += pool.getPeakUsage().getUsed();
        }
        List<Result> out = new ArrayList<>();
        out.add(new ScalarResult("heap.peak", peak / MB, "MB", AggregationPolicy.MAX));
        out.add(new ScalarResult("heap.used.max", maxUsed / MB, "MB", AggregationPolicy.MAX));
        out.add(new ScalarResult("heap.afterGc.max", maxLive / MB, "MB", AggregationPolicy.MAX));
        out.add(new ScalarResult("heap.afterGc.last", lastLive / MB, "MB", AggregationPolicy.MAX));
        out.add(new ScalarResult("heap.collections", collections, "GCs", AggregationPolicy.SUM));
        out.add(new ScalarResult("heap.max", Runtime.getRuntime().maxMemory() / MB, "MB", AggregationPolicy.MAX));
        out.add(new ScalarResult("stub.maxInFlight", StubStats.maxInFlight(), "requests", AggregationPolicy.MAX));
        out.add(new ScalarResult("stub.requests", StubStats.requests(), "requests", AggregationPolicy.SUM));
        out.add(new ScalarResult("stub.unexpected", StubStats.unexpected(), "requests", AggregationPolicy.SUM));
        return out;
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
