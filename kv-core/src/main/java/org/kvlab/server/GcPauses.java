package org.kvlab.server;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.util.Map;

/**
 * The stop-the-world pauses of a JVM's garbage collector, as its {@link GarbageCollectorMXBean}s count them: how
 * many, and their accumulated time. Collectors that report their concurrent work apart from their pauses (ZGC's and
 * Shenandoah's {@code Cycles}, G1's {@code Concurrent GC}) have that work left out, so for every collector this is
 * the time the application stood still, which every latency measured meanwhile includes. INFO's {@code # Memory}
 * section reports the server's as {@code jvm_gc_pauses} and {@code jvm_gc_pause_ms}. Immutable.
 *
 * @param count pauses
 * @param millis their accumulated time in milliseconds
 */
public record GcPauses(long count, long millis) {

    /** Returns this JVM's pauses since it started. */
    public static GcPauses ofThisJvm() {
        long count = 0;
        long millis = 0;
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            String name = gc.getName();
            if (name.endsWith(" Cycles") || name.endsWith(" Concurrent GC")) {
                continue;
            }
            count += Math.max(0, gc.getCollectionCount()); // -1: this collector does not say
            millis += Math.max(0, gc.getCollectionTime());
        }
        return new GcPauses(count, millis);
    }

    /**
     * Returns the pauses a kv-server reports in INFO's {@code # Memory} section, or {@code null} when it reports
     * none (Redis).
     *
     * @param memorySection the section's fields
     * @throws NumberFormatException if a field is not a number
     */
    public static GcPauses fromInfo(Map<String, String> memorySection) {
        String count = memorySection.get("jvm_gc_pauses");
        String millis = memorySection.get("jvm_gc_pause_ms");
        if (count == null || millis == null) {
            return null;
        }
        return new GcPauses(Long.parseLong(count.trim()), Long.parseLong(millis.trim()));
    }

    /** Returns the pauses between {@code earlier} and these totals. */
    public GcPauses since(GcPauses earlier) {
        return new GcPauses(count - earlier.count, millis - earlier.millis);
    }
}
