package org.kvlab.bench.profile;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The seed's pattern table applied to one side's counts: which patterns hold, what they mean and which fix
 * applies, every figure computed from the counts. Stateless.
 */
final class Findings {

    /** A read or write count at least this many times the other "dominates" it. */
    static final double DOMINANCE = 2.0;
    /** A dominant read or write count must also be at least this per request to matter. */
    static final double SIGNIFICANT_PER_REQUEST = 0.1;
    /** accept and close both at least this per request: connections live for 10 requests or fewer. */
    static final double CHURN_PER_REQUEST = 0.1;
    /** More syscalls per request than a read, a write and a wait: kernel-bound. */
    static final double HIGH_TOTAL_PER_REQUEST = 3.0;
    /** Fewer syscalls per second than this over the window: idle. */
    static final double LOW_PER_SECOND = 1_000;
    /** fsync and fdatasync at least this per request: durability paid per write. */
    static final double FSYNC_PER_REQUEST = 0.01;

    private Findings() {
    }

    /**
     * A pattern that holds.
     *
     * @param pattern the pattern, as the seed names it
     * @param meaning what it means here, with the figures
     * @param fix what to change
     */
    record Finding(String pattern, String meaning, String fix) {
    }

    /** Returns the patterns that hold for {@code side} over a window of {@code seconds}. */
    static List<Finding> of(Side side, double seconds) {
        Map<String, Long> c = side.syscalls();
        long requests = side.requests();
        long reads = sum(c, "read", "readv", "recvfrom", "recvmsg");
        long writes = sum(c, "write", "writev", "sendto", "sendmsg");
        long accepts = sum(c, "accept", "accept4");
        long closes = sum(c, "close");
        long fsyncs = sum(c, "fsync", "fdatasync");
        long total = c.containsKey(PerfSession.TOTAL) ? c.get(PerfSession.TOTAL)
                : c.values().stream().mapToLong(Long::longValue).sum();
        List<Finding> found = new ArrayList<>();
        if (reads >= SIGNIFICANT_PER_REQUEST * requests && reads > 0 && reads >= DOMINANCE * Math.max(1, writes)) {
            found.add(new Finding("read() ≫ write()", f("%,d reads vs %,d writes (%.2f:1): the %s mostly waits for "
                    + "input — I/O wait, underutilized", reads, writes, ratio(reads, writes), side.role()),
                    "use non-blocking reads, increase client concurrency"));
        }
        if (writes >= SIGNIFICANT_PER_REQUEST * requests && writes > 0 && writes >= DOMINANCE * Math.max(1, reads)) {
            found.add(new Finding("write() ≫ read()", f("%,d writes vs %,d reads (%.2f:1): output-heavy, possible "
                    + "backpressure or one write per reply", writes, reads, ratio(writes, reads)),
                    "buffer or batch writes, apply flow control"));
        }
        if (requests > 0 && accepts >= CHURN_PER_REQUEST * requests && closes >= CHURN_PER_REQUEST * requests) {
            found.add(new Finding("accept() and close() both high", f("%,d accepts and %,d closes for %,d requests "
                    + "(%.2f and %.2f per request): frequent short connections, connection churn", accepts, closes,
                    requests, (double) accepts / requests, (double) closes / requests),
                    "reuse connections, enable persistent sessions (connection pooling)"));
        }
        if (requests > 0 && total > HIGH_TOTAL_PER_REQUEST * requests) {
            found.add(new Finding("all syscall counts very high", f("%,d syscalls for %,d requests (%.2f per "
                    + "request, more than %.0f): too many kernel transitions, kernel-bound", total, requests,
                    (double) total / requests, HIGH_TOTAL_PER_REQUEST), "batch I/O (pipelining), use asynchronous "
                    + "operations"));
        }
        if (seconds > 0 && total / seconds < LOW_PER_SECOND) {
            found.add(new Finding("low syscall counts overall", f("%,d syscalls in %.1f s (%.0f/s): idle or lightly "
                    + "loaded, underutilized", total, seconds, total / seconds),
                    "increase the request rate to stress test properly"));
        }
        if (requests > 0 && fsyncs >= FSYNC_PER_REQUEST * requests) {
            found.add(new Finding("frequent fsync()", f("%,d fsync/fdatasync for %,d requests (one per %.1f "
                    + "requests): I/O wait for durability", fsyncs, requests, (double) requests / fsyncs),
                    "group commits, delayed fsync, async WAL flush"));
        }
        return found;
    }

    private static long sum(Map<String, Long> counts, String... names) {
        long s = 0;
        for (String n : names) {
            s += counts.getOrDefault(n, 0L);
        }
        return s;
    }

    private static double ratio(long a, long b) {
        return b == 0 ? a : (double) a / b;
    }

    private static String f(String format, Object... args) {
        return String.format(Locale.ROOT, format, args);
    }
}
