package org.kvlab.bench.load;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;
import org.kvlab.spi.ClientConnection;
import org.kvlab.spi.ClientTransport;

/**
 * The loop of one client with per-request connections: connect, send one request, wait for its reply, close, and
 * again — the accept/close churn pattern. Runs on its own thread, because connecting blocks; latency counts from
 * before the connect to the reply.
 */
final class ChurnLoop implements Runnable {

    private static final long REPLY_TIMEOUT_NANOS = TimeUnit.SECONDS.toNanos(10);

    private final ClientTransport transport;
    private final InetSocketAddress address;
    private final CommandEncoder encoder;
    private final Phase phase;
    private long nulls;

    ChurnLoop(ClientTransport transport, InetSocketAddress address, CommandEncoder encoder, Phase phase) {
        this.transport = transport;
        this.address = address;
        this.encoder = encoder;
        this.phase = phase;
    }

    @Override
    public void run() {
        try {
            while (phase.claim(1) == 1) {
                oneRequest();
            }
        } finally {
            phase.loopStopped();
        }
    }

    private void oneRequest() {
        long start = System.nanoTime();
        OneReply reply = new OneReply();
        ClientConnection connection;
        try {
            connection = transport.connect(address, reply);
        } catch (IOException | RuntimeException e) {
            phase.error(1);
            return;
        }
        try {
            encoder.reset();
            encoder.next();
            connection.send(encoder.array(), 0, encoder.length());
            int outcome = reply.await(start + REPLY_TIMEOUT_NANOS);
            if (outcome == OneReply.OK) {
                phase.record(System.nanoTime() - start, 1);
            } else {
                phase.error(1);
            }
            if (reply.nulls > 0) {
                nulls++;
            }
        } catch (RuntimeException e) {
            phase.error(1);
        } catch (InterruptedException e) {
            phase.error(1);
            phase.cancel();
            Thread.currentThread().interrupt();
        } finally {
            connection.close();
        }
    }

    long sets() {
        return encoder.setCount();
    }

    long gets() {
        return encoder.getCount();
    }

    long nulls() {
        return nulls;
    }

    /** Waits for the one reply of a connection. */
    private static final class OneReply implements ClientConnection.Handler {
        static final int WAITING = 0;
        static final int OK = 1;
        static final int FAILED = 2;

        private final ReplyScanner scanner = new ReplyScanner();
        private int outcome = WAITING;
        private long nulls;

        @Override
        public synchronized void onRead(ByteBuffer in) {
            if (outcome != WAITING) {
                in.position(in.limit());
                return;
            }
            try {
                if (scanner.scan(in) > 0) {
                    outcome = scanner.errors() > 0 ? FAILED : OK;
                    nulls = scanner.nulls();
                    notifyAll();
                }
            } catch (IllegalStateException e) {
                outcome = FAILED;
                notifyAll();
            }
        }

        @Override
        public synchronized void onClose(Throwable cause) {
            if (outcome == WAITING) {
                outcome = FAILED;
                notifyAll();
            }
        }

        synchronized int await(long deadlineNanos) throws InterruptedException {
            while (outcome == WAITING) {
                long left = deadlineNanos - System.nanoTime();
                if (left <= 0) {
                    return FAILED;
                }
                TimeUnit.NANOSECONDS.timedWait(this, left);
            }
            return outcome;
        }
    }
}
