package org.kvlab.bench.load;

import java.nio.ByteBuffer;
import org.kvlab.spi.ClientConnection;

/**
 * The closed loop of one persistent connection: send a batch, and when its last reply arrives send the next from
 * the I/O thread that read it, so no thread hand-off sits between requests. One thread at a time drives it: the
 * coordinator starts a phase only while the loop is idle, then the connection's I/O thread runs it.
 */
final class PersistentLoop implements ClientConnection.Handler {

    private final int pipeline;
    private final CommandEncoder encoder;
    private final ReplyScanner scanner = new ReplyScanner();
    private volatile ClientConnection connection;
    private volatile Phase phase;
    private volatile boolean closed;
    private int inFlight;
    private long sentAt;
    private long seenErrors;
    private long batches;

    PersistentLoop(int pipeline, CommandEncoder encoder) {
        this.pipeline = pipeline;
        this.encoder = encoder;
    }

    void attach(ClientConnection connection) {
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
        encoder.reset();
        for (int i = 0; i < n; i++) {
            encoder.next();
        }
        inFlight = n;
        batches++;
        sentAt = System.nanoTime();
        try {
            connection.send(encoder.array(), 0, encoder.length());
        } catch (RuntimeException e) {
            fail();
        }
    }

    @Override
    public void onRead(ByteBuffer in) {
        long now = System.nanoTime();
        Phase current = phase;
        int replies;
        try {
            replies = scanner.scan(in);
        } catch (IllegalStateException e) {
            fail();
            connection.close();
            return;
        }
        if (replies == 0) {
            return;
        }
        if (replies > inFlight) {
            fail();
            connection.close();
            return;
        }
        current.record(now - sentAt, replies);
        long errorsNow = scanner.errors();
        if (errorsNow != seenErrors) {
            current.errorReplies(errorsNow - seenErrors);
            seenErrors = errorsNow;
        }
        inFlight -= replies;
        if (inFlight == 0) {
            sendNext(current);
        }
    }

    @Override
    public void onClose(Throwable cause) {
        boolean wasBusy = inFlight > 0;
        closed = true;
        if (wasBusy) {
            fail();
        }
    }

    private void fail() {
        Phase current = phase;
        if (inFlight > 0) {
            current.error(inFlight);
            inFlight = 0;
            current.loopStopped();
        }
        closed = true;
    }

    boolean isClosed() {
        return closed;
    }

    long batches() {
        return batches;
    }

    long sets() {
        return encoder.setCount();
    }

    long gets() {
        return encoder.getCount();
    }

    long nulls() {
        return scanner.nulls();
    }

    void close() {
        ClientConnection c = connection;
        if (c != null) {
            c.close();
        }
    }
}
