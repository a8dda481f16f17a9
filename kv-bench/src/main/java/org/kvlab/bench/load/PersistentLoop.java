package org.kvlab.bench.load;

import java.util.List;
import java.util.function.BiConsumer;
import org.kvlab.client.KvConnection;
import org.kvlab.client.KvServerException;

/**
 * The closed loop of one persistent {@link KvConnection}: send a batch with {@link KvConnection#sendBatch}, and when
 * its future completes on the transport's read thread, send the next from that callback, so no thread hand-off
 * sits between requests. One thread at a time drives it: the coordinator starts a phase only while the loop is
 * idle, then the connection's read thread runs it.
 */
final class PersistentLoop {

    private final int pipeline;
    private final RequestMix mix;
    private final KvConnection connection;
    private final BiConsumer<List<Object>, Throwable> onReplies = this::onReplies;
    private volatile Phase phase;
    private volatile boolean closed;
    private int inFlight;
    private long sentAt;
    private long nulls;
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
        long errors = 0;
        for (int i = 0, n = replies.size(); i < n; i++) {
            Object reply = replies.get(i);
            if (reply == null) {
                nulls++;
            } else if (reply instanceof KvServerException) {
                errors++;
            }
        }
        current.record(now - sentAt, inFlight);
        if (errors > 0) {
            current.errorReplies(errors);
        }
        inFlight = 0;
        sendNext(current);
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
        connection.close();
    }
}
