package org.kvlab.spi;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counts every I/O call a transport makes — one increment per system call, whether it moved bytes or not — so a
 * profile can be checked against {@code perf} and still works where perf is missing. Thread-safe and cheap:
 * event loops increment it on their hot path.
 */
public final class IoCounters {

    private final LongAdder reads = new LongAdder();
    private final LongAdder writes = new LongAdder();
    private final LongAdder accepts = new LongAdder();
    private final LongAdder connects = new LongAdder();
    private final LongAdder closes = new LongAdder();
    private final LongAdder wakeups = new LongAdder();
    private final LongAdder bytesRead = new LongAdder();
    private final LongAdder bytesWritten = new LongAdder();

    /** Counts one read call that returned {@code result} bytes (0 or -1 count as a call with no bytes). */
    public void read(long result) {
        reads.increment();
        if (result > 0) {
            bytesRead.add(result);
        }
    }

    /** Counts one write call (write, writev, sendto, or a write submission) that wrote {@code result} bytes. */
    public void write(long result) {
        writes.increment();
        if (result > 0) {
            bytesWritten.add(result);
        }
    }

    /** Counts one accept call. */
    public void accept() {
        accepts.increment();
    }

    /** Counts one connect call. */
    public void connect() {
        connects.increment();
    }

    /** Counts one close call. */
    public void close() {
        closes.increment();
    }

    /** Counts one wait for readiness or completion (select, epoll_wait, io_uring_enter with wait). */
    public void wakeup() {
        wakeups.increment();
    }

    /** Returns the counts now. */
    public Snapshot snapshot() {
        return new Snapshot(reads.sum(), writes.sum(), accepts.sum(), connects.sum(), closes.sum(), wakeups.sum(),
                bytesRead.sum(), bytesWritten.sum());
    }

    /**
     * The counts at one moment.
     *
     * @param reads read calls
     * @param writes write calls
     * @param accepts accept calls
     * @param connects connect calls
     * @param closes close calls
     * @param wakeups waits for readiness or completion
     * @param bytesRead bytes read
     * @param bytesWritten bytes written
     */
    public record Snapshot(long reads, long writes, long accepts, long connects, long closes, long wakeups,
            long bytesRead, long bytesWritten) {

        /** Returns the counts made since {@code earlier}. */
        public Snapshot minus(Snapshot earlier) {
            return new Snapshot(reads - earlier.reads, writes - earlier.writes, accepts - earlier.accepts,
                    connects - earlier.connects, closes - earlier.closes, wakeups - earlier.wakeups,
                    bytesRead - earlier.bytesRead, bytesWritten - earlier.bytesWritten);
        }

        /** Returns the call counts by name ({@code reads, writes, accepts, connects, closes, wakeups}), in that order. */
        public Map<String, Long> calls() {
            Map<String, Long> calls = new LinkedHashMap<>();
            calls.put("reads", reads);
            calls.put("writes", writes);
            calls.put("accepts", accepts);
            calls.put("connects", connects);
            calls.put("closes", closes);
            calls.put("wakeups", wakeups);
            return calls;
        }
    }
}
