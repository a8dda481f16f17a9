package org.kvlab.bench.report;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.util.List;
import java.util.Map;

/**
 * Garbage collections of one JVM over a window, as its {@link GarbageCollectorMXBean}s count them: how many, and
 * their accumulated time. For stop-the-world collectors, such as the Parallel collector kv-server runs with by
 * default, that time is pauses, and every latency measured in the window includes them. Immutable.
 *
 * @param collections collections in the window
 * @param millis their accumulated time in milliseconds
 */
public record GcActivity(@JsonProperty("collections") long collections, @JsonProperty("millis") long millis) {

    /** Returns the totals of the running JVM since it started. */
    public static GcActivity ofThisJvm() {
        List<GarbageCollectorMXBean> collectors = ManagementFactory.getGarbageCollectorMXBeans();
        // -1: that collector does not say
        return new GcActivity(collectors.stream().mapToLong(gc -> Math.max(0, gc.getCollectionCount())).sum(),
                collectors.stream().mapToLong(gc -> Math.max(0, gc.getCollectionTime())).sum());
    }

    /**
     * Returns the totals a kv-server reports in INFO's {@code # Memory} section ({@code jvm_gc_count},
     * {@code jvm_gc_time_ms}), or {@code null} when it has none (Redis).
     *
     * @throws NumberFormatException if a field is not a number
     */
    public static GcActivity fromInfo(Map<String, String> memorySection) {
        String count = memorySection.get("jvm_gc_count");
        String millis = memorySection.get("jvm_gc_time_ms");
        if (count == null || millis == null) {
            return null;
        }
        return new GcActivity(Long.parseLong(count.trim()), Long.parseLong(millis.trim()));
    }

    /** Returns what happened between {@code earlier} and these totals. */
    public GcActivity since(GcActivity earlier) {
        return new GcActivity(collections - earlier.collections, millis - earlier.millis);
    }
}
