package org.kvlab.bench.load;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiConsumer;
import org.kvlab.client.KvConnection;
import org.kvlab.client.KvServerException;

/**
 * The requests of one persistent {@link KvConnection}, in a closed loop or an open one.
 *
 * <p>Closed ({@link #start}): send a batch with {@link KvConnection#sendBatch}, and when its future completes on
 * the transport's read thread, send the next from that callback, so no thread hand-off sits between requests. One
 * thread at a time drives it: the coordinator starts a phase only while the loop is idle, then the connection's
 * read thread runs it.
 *
 * <p>Open ({@link #sendPaced}): a {@link Pacer} sends each batch at its scheduled time, whatever is in flight;
 * the latency counts from that time. Replies complete on the read thread.
 */
final class PersistentLoop {

    private final int pipeline;
    private final RequestMix mix;
    private final KvConnection connection;
    private final BiConsumer<List<Object>, Throwable> onReplies = this::onReplies;
    private final AtomicInteger pacedInFlight = new AtomicInteger();
    private volatile Phase phase;
    private volatile boolean closed;
    private int inFlight;
    private long sentAt;
    /** Written by the read thread only. */
    private long nulls;
    /** The sum of the integer replies (PUBLISH's: how many subscribers got the message); the read thread only. */
    private long integers;
    private long batches;

    PersistentLoop(int pipeline, RequestMix mix, KvConnection connection) {
        this.pipeline = pipeline;
        this.mix = mix;
        this.connection = connection;
    }

    /** Starts {@code next} on this idle loop. */
    void start(Phase next) {
        this.phase = next;
        if (closed) {
            next.loopStopped();
            return;
        }
        sendNext(next);
    }

    private void sendNext(Phase current) {
        int n = current.claim(pipeline);
        if (n == 0) {
            current.loopStopped();
            return;
        }
        List<byte[][]> batch = mix.next(n);
        inFlight = n;
        batches++;
        sentAt = System.nanoTime();
        connection.sendBatch(batch).whenComplete(onReplies);
    }

    private void onReplies(List<Object> replies, Throwable failure) {
        long now = System.nanoTime();
        Phase current = phase;
        if (failure != null) {
            current.error(inFlight);
            inFlight = 0;
            closed = true;
            current.loopStopped();
            return;
        }
        current.record(now - sentAt, inFlight);
        tally(current, replies);
        inFlight = 0;
        sendNext(current);
    }

    /**
     * Sends a batch of {@code n} requests now, for an open loop, whatever is in flight; its latency counts from
     * {@code intendedNanos}, the time it was scheduled for, and {@link Phase#recordService its service time} from
     * now. Called by one pacer thread; {@code done} runs on the read thread once the replies are in or lost.
     */
    void sendPaced(Phase current, int n, long intendedNanos, Runnable done) {
        List<byte[][]> batch = mix.next(n);
        batches++;
        pacedInFlight.incrementAndGet();
        long sent = System.nanoTime();
        connection.sendBatch(batch).whenComplete((replies, failure) -> {
            long now = System.nanoTime();
            if (failure != null) {
                current.error(n);
                closed = true;
            } else {
                current.record(now - intendedNanos, n);
                current.recordService(now - sent, n);
                tally(current, replies);
            }
            pacedInFlight.decrementAndGet();
            done.run();
        });
    }

    private void tally(Phase current, List<Object> replies) {
        long errors = 0;
        for (int i = 0, n = replies.size(); i < n; i++) {
            Object reply = replies.get(i);
            if (reply == null) {
                nulls++;
            } else if (reply instanceof KvServerException) {
                errors++;
            } else if (reply instanceof Long value) {
                integers += value;
            }
        }
        if (errors > 0) {
            current.errorReplies(errors);
        }
    }

    /** Returns the batches of an open loop sent and not yet answered. */
    int pacedInFlight() {
        return pacedInFlight.get();
    }

    /** Returns whether the connection was lost or closed. */
    boolean isClosed() {
        return closed;
    }

    /** Returns the sum of the integer replies so far: for PUBLISH, the subscribers its messages reached. */
    long integers() {
        return integers;
    }

    long batches() {
        return batches;
    }

    long sets() {
        return mix.setCount();
    }

    long gets() {
        return mix.getCount();
    }

    long nulls() {
        return nulls;
    }

    void close() {
        closed = true;
        connection.close();
    }
}
