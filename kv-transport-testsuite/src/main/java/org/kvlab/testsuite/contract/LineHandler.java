package org.kvlab.testsuite.contract;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.kvlab.spi.Connection;
import org.kvlab.spi.ConnectionHandler;
import org.kvlab.spi.IoCounters;
import org.kvlab.spi.OutputBuffer;

/**
 * A line protocol for transport tests: {@code PING} → {@code +PONG}, {@code QUIT} → {@code +OK} and close,
 * {@code HOLD} → {@code +HELD} held back until the test completes the stage, {@code BIG n} → n bytes of {@code x},
 * anything else is echoed. Lines end with {@code \n}; replies with {@code \r\n}. When a held-back stage fails, the
 * handler closes the connection, or, if {@link Registry#rewriteFailedHolds} is set, puts {@code -FAIL} in place of
 * each {@code +HELD} of the batch (found by the offsets it had in {@code out}) and has the output written.
 */
public final class LineHandler implements ConnectionHandler {

    /** Shared state of every connection of one server. */
    public static final class Registry implements ConnectionHandler.Factory {
        public final BlockingQueue<Connection> opened = new LinkedBlockingQueue<>();
        public final BlockingQueue<Long> closed = new LinkedBlockingQueue<>();
        public final BlockingQueue<CompletableFuture<Void>> holds = new LinkedBlockingQueue<>();
        public final AtomicInteger onCloseCalls = new AtomicInteger();
        /** Whether {@link #onTurnEnd()} completes every held-back reply, on the serving thread, as a server's fsync does. */
        public volatile boolean releaseHoldsAtTurnEnd;
        /** The threads that ended turns while {@link #releaseHoldsAtTurnEnd} was set. */
        public final BlockingQueue<Thread> turnEndThreads = new LinkedBlockingQueue<>();
        /** What {@link #turnEndWaits()} answers while held-back replies wait. */
        public volatile boolean turnEndWaitsWhileHolding;
        /** How many times a serving thread asked {@link #turnEndWaits()} and got {@code true}. */
        public final AtomicInteger turnEndWaitsTrue = new AtomicInteger();
        /** Set by a test: each turn end that follows a read records the bytes these counters had written by then. */
        public volatile IoCounters watchedCounters;
        /** The bytes written when each turn that read something ended, while {@link #watchedCounters} is set. */
        public final BlockingQueue<Long> writtenAtTurnEnd = new LinkedBlockingQueue<>();
        /** Whether a failed held-back stage has its {@code +HELD} replies changed to {@code -FAIL} and written. */
        public volatile boolean rewriteFailedHolds;
        /** Whether {@code HOLD} returns a stage that has failed already. */
        public volatile boolean failHoldsAtOnce;
        private final AtomicBoolean readSinceTurnEnd = new AtomicBoolean();

        @Override
        public ConnectionHandler newConnection(Connection connection) {
            opened.add(connection);
            return new LineHandler(connection, this);
        }

        @Override
        public boolean turnEndWaits() {
            if (turnEndWaitsWhileHolding && !holds.isEmpty()) {
                turnEndWaitsTrue.incrementAndGet();
                return true;
            }
            return false;
        }

        @Override
        public void onTurnEnd() {
            IoCounters watched = watchedCounters;
            if (readSinceTurnEnd.getAndSet(false) && watched != null) {
                writtenAtTurnEnd.add(watched.snapshot().bytesWritten());
            }
            if (releaseHoldsAtTurnEnd) {
                turnEndThreads.add(Thread.currentThread());
                for (CompletableFuture<Void> hold; (hold = holds.poll()) != null; ) {
                    hold.complete(null);
                }
            }
        }
    }

    private static final byte[] PONG = "+PONG\r\n".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] FAIL = "-FAIL\r\n".getBytes(StandardCharsets.US_ASCII);

    private final Connection connection;
    private final Registry registry;
    private final ByteArrayOutputStream line = new ByteArrayOutputStream();
    private boolean closed;
    /** Where the {@code +HELD} replies of the last read start in its {@code out}. */
    private final List<Integer> heldAt = new ArrayList<>();

    private LineHandler(Connection connection, Registry registry) {
        this.connection = connection;
        this.registry = registry;
    }

    @Override
    public CompletionStage<?> onRead(ByteBuffer in, OutputBuffer out) {
        registry.readSinceTurnEnd.set(true);
        heldAt.clear();
        CompletableFuture<Void> hold = null;
        while (in.hasRemaining()) {
            byte b = in.get();
            if (b != '\n') {
                line.write(b);
                continue;
            }
            byte[] bytes = line.toByteArray();
            line.reset();
            String text = bytes.length <= 32 ? new String(bytes, StandardCharsets.US_ASCII) : "";
            if (text.equals("PING")) {
                out.write(PONG);
            } else if (text.equals("QUIT")) {
                out.writeAscii("+OK\r\n");
                connection.close();
            } else if (text.equals("HOLD")) {
                heldAt.add(out.size());
                out.writeAscii("+HELD\r\n");
                if (hold == null) {
                    hold = new CompletableFuture<>();
                    if (registry.failHoldsAtOnce) {
                        hold.completeExceptionally(new IllegalStateException("failed at once"));
                    } else {
                        registry.holds.add(hold);
                    }
                }
            } else if (text.startsWith("BIG ")) {
                int n = Integer.parseInt(text.substring(4));
                byte[] x = new byte[n];
                Arrays.fill(x, (byte) 'x');
                out.write(x);
                out.writeAscii("\r\n");
            } else {
                out.write(bytes);
                out.writeAscii("\r\n");
            }
        }
        return hold;
    }

    @Override
    public boolean onHoldFailed(Throwable failure, OutputBuffer held) {
        if (!registry.rewriteFailedHolds) {
            return false;
        }
        for (int at : heldAt) {
            System.arraycopy(FAIL, 0, held.array(), at, FAIL.length);
        }
        return true;
    }

    @Override
    public void onClose() {
        if (closed) {
            throw new AssertionError("onClose called twice on connection " + connection.id());
        }
        closed = true;
        registry.onCloseCalls.incrementAndGet();
        registry.closed.add(connection.id());
    }
}
