package org.kvlab.command;

import java.util.concurrent.atomic.AtomicLongArray;

/**
 * A fixed log-linear histogram of durations in nanoseconds, for {@code INFO latencystats}: 16 buckets per power of
 * two from 16 ns up, exact below, so a percentile is within 1/32 of the recorded value (Redis uses an HdrHistogram
 * with two significant digits; kv-core takes no dependency). Values are clamped to Redis's range, 1 ns to 1 s.
 *
 * <p>Thread-safe: recording is one atomic increment and allocates nothing; a percentile read while values are
 * recorded sees some of them.
 */
final class LatencyHistogram {

    private static final int SUB_BITS = 4;
    private static final int SUB_BUCKETS = 1 << SUB_BITS;
    /** Redis's {@code LATENCY_HISTOGRAM_MAX_VALUE}: one second. */
    static final long MAX_NANOS = 1_000_000_000L;
    private static final int BUCKETS = index(MAX_NANOS) + 1;

    private final AtomicLongArray counts = new AtomicLongArray(BUCKETS);

    /** Records one duration; values under 1 ns count as 1 ns, over 1 s as 1 s. */
    void record(long nanos) {
        counts.getAndIncrement(index(Math.max(1, Math.min(MAX_NANOS, nanos))));
    }

    /** Returns how many durations were recorded. */
    long count() {
        long total = 0;
        for (int i = 0; i < BUCKETS; i++) {
            total += counts.get(i);
        }
        return total;
    }

    /**
     * Returns the duration at {@code percentile} (0 to 100) in nanoseconds: the middle of the bucket holding it, or 0
     * if nothing was recorded.
     */
    double percentile(double percentile) {
        long[] snapshot = new long[BUCKETS];
        long total = 0;
        for (int i = 0; i < BUCKETS; i++) {
            snapshot[i] = counts.get(i);
            total += snapshot[i];
        }
        if (total == 0) {
            return 0;
        }
        long rank = Math.max(1, (long) Math.ceil(percentile / 100 * total));
        long seen = 0;
        for (int i = 0; i < BUCKETS; i++) {
            seen += snapshot[i];
            if (seen >= rank) {
                return middle(i);
            }
        }
        return middle(BUCKETS - 1);
    }

    /** Returns how many recorded durations lie in buckets starting at or below {@code nanos}. */
    long countAtMost(long nanos) {
        int last = index(Math.max(1, Math.min(MAX_NANOS, nanos)));
        long total = 0;
        for (int i = 0; i <= last; i++) {
            total += counts.get(i);
        }
        return total;
    }

    /** Forgets every recorded duration. */
    void reset() {
        for (int i = 0; i < BUCKETS; i++) {
            counts.set(i, 0);
        }
    }

    static int index(long nanos) {
        if (nanos < SUB_BUCKETS) {
            return (int) nanos;
        }
        int exponent = 63 - Long.numberOfLeadingZeros(nanos);
        int sub = (int) (nanos >>> (exponent - SUB_BITS)) & (SUB_BUCKETS - 1);
        return (exponent - SUB_BITS + 1) * SUB_BUCKETS + sub;
    }

    /** Returns the middle of bucket {@code index}: its lowest value plus half its width. */
    static double middle(int index) {
        if (index < SUB_BUCKETS) {
            return index;
        }
        int exponent = index / SUB_BUCKETS + SUB_BITS - 1;
        long width = 1L << (exponent - SUB_BITS);
        long low = (1L << exponent) + (index % SUB_BUCKETS) * width;
        return low + (width - 1) / 2.0;
    }
}
