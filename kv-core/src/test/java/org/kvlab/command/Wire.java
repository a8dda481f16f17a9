package org.kvlab.command;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.kvlab.api.KeyValueStore;
import org.kvlab.server.KvServer;
import org.kvlab.server.ServerHandlers;
import org.kvlab.server.ServerSettings;
import org.kvlab.spi.Connection;
import org.kvlab.spi.ConnectionHandler;
import org.kvlab.spi.OutputBuffer;
import org.kvlab.spi.TransportConfig;
import org.kvlab.store.KvStore;

/**
 * Drives the real connection handler of a {@link KvServer} (no transport): requests go in as RESP bytes, replies
 * come out as the exact bytes the transport would write. The store is a real in-memory {@link KvStore} on a
 * {@link MutableClock}.
 */
public final class Wire implements AutoCloseable {

    /** Epoch ms the clock starts at: 2030-01-01T00:00:00Z. */
    public static final long START = 1_893_456_000_000L;

    public final MutableClock clock = new MutableClock(START);
    public final KeyValueStore store;
    public final ServerSettings settings;
    public final KvServer server;
    private final AtomicLong ids = new AtomicLong();

    public Wire() {
        this(new ServerSettings());
    }

    public Wire(ServerSettings settings) {
        this(settings, TransportConfig.defaults());
    }

    /** Serves an in-memory store with {@code settings}, as if bound as {@code transport} says. */
    public Wire(ServerSettings settings, TransportConfig transport) {
        this.store = KvStore.builder().clock(clock).build();
        this.settings = settings;
        this.server = KvServer.builder().store(store).settings(settings).transportConfig(transport)
                .onShutdown(() -> { }).build();
    }

    public Wire(KeyValueStore store, ServerSettings settings) {
        this(store, settings, () -> { });
    }

    /** Serves {@code store} (closed with this wire); {@code SHUTDOWN} runs {@code onShutdown}. */
    public Wire(KeyValueStore store, ServerSettings settings, Runnable onShutdown) {
        this.store = store;
        this.settings = settings;
        this.server = KvServer.builder().store(store).settings(settings).onShutdown(onShutdown).build();
    }

    /** Opens a new client connection from {@code 127.0.0.1}. */
    public Client connect() {
        return connect("127.0.0.1");
    }

    /** Opens a new client connection from {@code host}. */
    public Client connect(String host) {
        return new Client(ids.incrementAndGet(), host);
    }

    @Override
    public void close() {
        server.close();
        store.close();
    }

    /** Encodes a command as a RESP multibulk. */
    public static byte[] encode(String... args) {
        StringBuilder sb = new StringBuilder().append('*').append(args.length).append("\r\n");
        for (String a : args) {
            byte[] b = a.getBytes(StandardCharsets.UTF_8);
            sb.append('$').append(b.length).append("\r\n").append(new String(b, StandardCharsets.ISO_8859_1))
                    .append("\r\n");
        }
        return sb.toString().getBytes(StandardCharsets.ISO_8859_1);
    }

    /**
     * One client connection: a fake {@link Connection} and the server's handler for it. A {@link #wake()} is recorded,
     * and {@link #pushed()} then calls the handler's {@code onWake} as a transport would on the connection's thread.
     */
    public final class Client implements Connection {
        private final long id;
        private final InetSocketAddress remote;
        private final ConnectionHandler handler;
        private final OutputBuffer out = new OutputBuffer();
        private final String greeting;
        private final AtomicBoolean woken = new AtomicBoolean();
        private final AtomicInteger wakes = new AtomicInteger();
        private volatile boolean closed;
        private volatile long unwritten;
        private CompletionStage<?> lastStage;

        Client(long id, String host) {
            this.id = id;
            this.remote = new InetSocketAddress(host, 40000 + (int) id);
            this.handler = ServerHandlers.of(server).newConnection(this);
            handler.onOpen(out);
            this.greeting = new String(out.array(), 0, out.size(), StandardCharsets.ISO_8859_1);
            out.clear();
        }

        /** Returns what the server wrote as the connection opened, before any request (a refusal, or nothing). */
        public String greeting() {
            return greeting;
        }

        /** Sends one command and returns the reply bytes as ISO-8859-1 text. */
        public String call(String... args) {
            return send(encode(args));
        }

        /** Sends raw text (ISO-8859-1) and returns everything replied. */
        public String raw(String text) {
            return send(text.getBytes(StandardCharsets.ISO_8859_1));
        }

        /** Sends raw bytes and returns everything replied. */
        public String send(byte[] bytes) {
            ByteBuffer in = ByteBuffer.wrap(bytes);
            lastStage = handler.onRead(in, out);
            if (in.hasRemaining()) {
                throw new AssertionError("handler left " + in.remaining() + " bytes unconsumed");
            }
            String reply = new String(out.array(), 0, out.size(), StandardCharsets.ISO_8859_1);
            out.clear();
            return reply;
        }

        /**
         * Returns what the handler appends in {@code onWake} if {@link #wake()} was called since the last call (the
         * wakes made meanwhile coalesce into this one call, as in a transport), else the empty string without
         * calling it.
         */
        public String pushed() {
            if (!woken.getAndSet(false)) {
                return "";
            }
            lastStage = handler.onWake(out);
            String pushed = new String(out.array(), 0, out.size(), StandardCharsets.ISO_8859_1);
            out.clear();
            return pushed;
        }

        /**
         * Waits up to 10 seconds for a {@link #wake()} (from any thread: a timer, another client's write), then
         * returns what {@link #pushed()} returns.
         *
         * @throws AssertionError if nothing woke the connection
         */
        public String awaitWake() {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            synchronized (this) {
                try {
                    while (!woken.get()) {
                        long left = deadline - System.nanoTime();
                        if (left <= 0) {
                            throw new AssertionError("connection " + id + " was not woken");
                        }
                        TimeUnit.NANOSECONDS.timedWait(this, left);
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new AssertionError(e);
                }
            }
            return pushed();
        }

        /** Returns how many times {@link #wake()} was called while the connection was open. */
        public int wakes() {
            return wakes.get();
        }

        /** Makes {@link #unwrittenBytes()} report {@code bytes}, as a transport does for a client slow to read. */
        public void unwritten(long bytes) {
            unwritten = bytes;
        }

        /**
         * Tells the handler, as a transport does, that the stage its last call returned failed with {@code failure},
         * {@code held} being the replies that call gave; returns the output it then has written, or {@code null} if it
         * has the connection closed instead.
         */
        public String holdFailed(Throwable failure, String held) {
            OutputBuffer output = new OutputBuffer();
            output.writeAscii(held);
            if (!handler.onHoldFailed(failure, output)) {
                return null;
            }
            return new String(output.array(), 0, output.size(), StandardCharsets.ISO_8859_1);
        }

        /** Returns the stage the last read or {@link #pushed()} returned, {@code null} for "write now". */
        public CompletionStage<?> lastStage() {
            return lastStage;
        }

        /** Returns whether the handler asked for the connection to be closed. */
        public boolean isClosed() {
            return closed;
        }

        /** Tells the handler the connection closed, as a transport does. */
        public void disconnect() {
            closed = true;
            handler.onClose();
        }

        @Override
        public long id() {
            return id;
        }

        @Override
        public InetSocketAddress remoteAddress() {
            return remote;
        }

        @Override
        public InetSocketAddress localAddress() {
            return new InetSocketAddress("127.0.0.1", 6399);
        }

        @Override
        public void close() {
            closed = true;
        }

        @Override
        public void wake() {
            if (!closed) {
                wakes.incrementAndGet();
                woken.set(true);
                synchronized (this) {
                    notifyAll();
                }
            }
        }

        /** Returns 0, as every reply is handed back at once, or what {@link #unwritten(long)} set. */
        @Override
        public long unwrittenBytes() {
            return unwritten;
        }
    }
}
