package org.kvlab.testsuite.contract;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicInteger;
import org.kvlab.spi.Connection;
import org.kvlab.spi.ConnectionHandler;
import org.kvlab.spi.OutputBuffer;

/**
 * A line protocol for the wake tests: each connection has an outbox of lines that anyone may {@link #push} to (which
 * calls {@link Connection#wake()}), and its {@code onWake} writes what the outbox holds, one line each, in order; the
 * line {@code HOLD} is written as {@code +HELD} and holds the output back until the test completes the stage.
 * Requests: {@code PUSH id text} pushes {@code text} to connection {@code id}, {@code PUSHN id n} pushes {@code m0} to
 * {@code m(n-1)}, one wake each, both answering {@code +OK}; {@code BIG n} → n bytes of {@code x}; {@code PING} →
 * {@code +PONG}; anything else is echoed. Lines end with {@code \n}; output lines with {@code \r\n}.
 */
public final class WakeHandler implements ConnectionHandler {

    /** Shared state of every connection of one server. */
    public static final class Registry implements ConnectionHandler.Factory {
        public final BlockingQueue<WakeHandler> opened = new LinkedBlockingQueue<>();
        public final BlockingQueue<Long> closed = new LinkedBlockingQueue<>();
        /** The stages of {@code HOLD} lines, for the test to complete. */
        public final BlockingQueue<CompletableFuture<Void>> holds = new LinkedBlockingQueue<>();
        private final Map<Long, WakeHandler> byId = new ConcurrentHashMap<>();

        @Override
        public ConnectionHandler newConnection(Connection connection) {
            WakeHandler handler = new WakeHandler(connection, this);
            byId.put(connection.id(), handler);
            opened.add(handler);
            return handler;
        }

        /** Returns the handler of connection {@code id}. */
        public WakeHandler handler(long id) {
            WakeHandler handler = byId.get(id);
            if (handler == null) {
                throw new AssertionError("no connection " + id);
            }
            return handler;
        }
    }

    public final Connection connection;
    /** How many times {@code onWake} was called. */
    public final AtomicInteger wakeCalls = new AtomicInteger();
    /** What {@link Connection#unwrittenBytes()} said as each {@code onWake} call began, in order. */
    public final BlockingQueue<Long> unwrittenAtWake = new LinkedBlockingQueue<>();
    /** The number of each {@code onWake} call that has returned, in order. */
    public final BlockingQueue<Integer> wakesDone = new LinkedBlockingQueue<>();
    /** Counted down when an {@code onWake} call has written the outbox and waits for {@link #gate}. */
    public volatile CountDownLatch atGate;
    /** If set, the next {@code onWake} call waits for it after writing the outbox (then clears it). */
    public volatile CountDownLatch gate;
    private final Registry registry;
    private final Queue<String> outbox = new ConcurrentLinkedQueue<>();
    private final ByteArrayOutputStream line = new ByteArrayOutputStream();

    private WakeHandler(Connection connection, Registry registry) {
        this.connection = connection;
        this.registry = registry;
    }

    /** Adds {@code text} to this connection's outbox and wakes it; thread-safe. */
    public void push(String text) {
        outbox.add(text);
        connection.wake();
    }

    @Override
    public CompletionStage<?> onRead(ByteBuffer in, OutputBuffer out) {
        while (in.hasRemaining()) {
            byte b = in.get();
            if (b != '\n') {
                line.write(b);
                continue;
            }
            String text = line.toString(StandardCharsets.US_ASCII);
            line.reset();
            String[] words = text.split(" ", 3);
            if (words[0].equals("PUSH")) {
                registry.handler(Long.parseLong(words[1])).push(words[2]);
                out.writeAscii("+OK\r\n");
            } else if (words[0].equals("PUSHN")) {
                WakeHandler target = registry.handler(Long.parseLong(words[1]));
                int n = Integer.parseInt(words[2]);
                for (int i = 0; i < n; i++) {
                    target.push("m" + i);
                }
                out.writeAscii("+OK\r\n");
            } else if (words[0].equals("BIG")) {
                byte[] x = new byte[Integer.parseInt(words[1])];
                Arrays.fill(x, (byte) 'x');
                out.write(x);
                out.writeAscii("\r\n");
            } else if (text.equals("PING")) {
                out.writeAscii("+PONG\r\n");
            } else {
                out.writeAscii(text + "\r\n");
            }
        }
        return null;
    }

    @Override
    public CompletionStage<?> onWake(OutputBuffer out) {
        int call = wakeCalls.incrementAndGet();
        unwrittenAtWake.add(connection.unwrittenBytes());
        CompletableFuture<Void> hold = null;
        for (String text; (text = outbox.poll()) != null; ) {
            if (text.equals("HOLD")) {
                out.writeAscii("+HELD\r\n");
                if (hold == null) {
                    hold = new CompletableFuture<>();
                    registry.holds.add(hold);
                }
            } else {
                out.writeAscii(text + "\r\n");
            }
        }
        CountDownLatch g = gate;
        if (g != null) {
            gate = null;
            atGate.countDown();
            try {
                g.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        wakesDone.add(call);
        return hold;
    }

    @Override
    public void onClose() {
        registry.closed.add(connection.id());
    }
}
