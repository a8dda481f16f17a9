package org.kvlab.bench.load;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * One measured stretch of a run: hands out request budget, records latencies (ns) and knows when every loop
 * stopped. Thread-safe: the I/O threads claim and record, the coordinator and the progress line read.
 */
final class Phase {

    private final long deadlineNanos;
    private final AtomicLong remaining;
    private final CountDownLatch stopped;
    private final Recorder recorder = new Recorder(3);
    private final Histogram total = new Histogram(3);
    /** An open loop's service times: from the actual send, where {@code recorder} counts from the intended one. */
    private final Recorder service = new Recorder(3);
    private final LongAdder completed = new LongAdder();
    private final LongAdder errors = new LongAdder();
    private final LongAdder errorReplies = new LongAdder();
    private final long startNanos = System.nanoTime();
    private Histogram recycled;
    private volatile boolean cancelled;

    /**
     * @param requests the requests to hand out in all, or 0 for no limit but the deadline
     * @param deadlineNanos the {@link System#nanoTime()} after which no batch starts
     * @param loops how many loops will report {@link #loopStopped()}
     */
    Phase(long requests, long deadlineNanos, int loops) {
        this.deadlineNanos = deadlineNanos;
        this.remaining = new AtomicLong(requests == 0 ? Long.MAX_VALUE : requests);
        this.stopped = new CountDownLatch(loops);
    }

    /** Claims up to {@code max} requests for the next batch; 0 when the phase is over for the caller. */
    int claim(int max) {
        if (cancelled || System.nanoTime() - deadlineNanos > 0) {
            return 0;
        }
        while (true) {
            long left = remaining.get();
            if (left <= 0) {
                return 0;
            }
            int take = (int) Math.min(max, left);
            if (remaining.compareAndSet(left, left - take)) {
                return take;
            }
        }
    }

    /** Records {@code count} replies that took {@code nanos} each. */
    void record(long nanos, int count) {
        recorder.recordValueWithCount(Math.max(1, nanos), count);
        completed.add(count);
    }

    /**
     * Records, for an open loop, the service time of {@code count} replies: from when their batch was actually sent,
     * which is later than the time {@link #record} counts from when the sender fell behind its schedule.
     */
    void recordService(long nanos, int count) {
        service.recordValueWithCount(Math.max(1, nanos), count);
    }

    /** Counts {@code count} failed requests: error replies, or requests lost with their connection. */
    void error(long count) {
        errors.add(count);
    }

    /** Counts {@code count} error replies among replies already {@link #record recorded}. */
    void errorReplies(long count) {
        errorReplies.add(count);
        errors.add(count);
    }

    /** Called once by each loop when it sends no more. */
    void loopStopped() {
        stopped.countDown();
    }

    /** Stops handing out requests. */
    void cancel() {
        cancelled = true;
    }

    boolean isCancelled() {
        return cancelled;
    }

    CountDownLatch stopped() {
        return stopped;
    }

    long startNanos() {
        return startNanos;
    }

    long completed() {
        return completed.sum();
    }

    long errors() {
        return errors.sum();
    }

    long errorReplies() {
        return errorReplies.sum();
    }

    /** Moves what was recorded since the last call into the total, and returns that interval's histogram. */
    synchronized Histogram drainInterval() {
        Histogram interval = recorder.getIntervalHistogram(recycled);
        total.add(interval);
        recycled = interval;
        return interval;
    }

    /** Returns every service time {@link #recordService recorded}; empty for a closed loop. Call once, at the end. */
    Histogram serviceTotal() {
        return service.getIntervalHistogram();
    }

    /** Returns a copy of every latency recorded, after a final {@link #drainInterval()}. */
    synchronized Histogram total() {
        drainInterval();
        return total.copy();
    }
}
