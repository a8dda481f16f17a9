package org.kvlab.transport.blocking;

import java.util.Objects;
import org.kvlab.spi.ClientTransport;
import org.kvlab.spi.ServerTransport;
import org.kvlab.spi.TransportConfig;
import org.kvlab.spi.TransportProvider;

/**
 * The {@code blocking} transport, priority 10: an acceptor thread and one thread per connection over
 * {@link java.net.Socket}s.
 *
 * <p>Trade-off: the fewest system calls per request — one {@code read} for whatever arrived and one {@code write}
 * for all replies of it, with no readiness wait — and the simplest code, portable to any JDK; but a thread (and its
 * stack) per connection, and a context switch each time a connection's thread blocks and wakes, so it stops paying
 * when connections are many or mostly idle. Pick it for a handful of busy connections, or as the baseline the other
 * I/O models are measured against; pick {@code nio} or the native transports to serve many clients.
 *
 * <p>Output no request asked for ({@link org.kvlab.spi.Connection#wake()}: a published message, a woken blocking
 * command) costs a second thread per connection that receives any, started on its first wake and ending with the
 * connection: the connection's own thread is blocked in {@code read} meanwhile. The two take turns calling the
 * handler and writing, so each wake's output is one more write, never merged with a read's replies.
 *
 * <p>A reader too slow for its replies blocks only its own connection's threads, which then read no more from it:
 * memory stays bounded by one batch's replies. {@link TransportConfig#outputBufferLimit()} applies to those: a
 * batch whose replies exceed it closes the connection unwritten, as Redis's hard limit does.
 *
 * <p>What its transports count in {@link org.kvlab.spi.IoCounters}: each {@code read} (the {@code -1} at end of
 * stream too), each {@code write} (the JDK splits a write over 128 KiB into 128 KiB calls, counted as such),
 * {@code accept}, {@code connect} and {@code close}. It makes no readiness waits, so it counts no wake-ups.
 *
 * <p>Thread-safe; the constructor does nothing.
 */
public final class BlockingTransportProvider implements TransportProvider {

    /** The name this transport is selected by. */
    public static final String NAME = "blocking";

    /** Creates the provider. */
    public BlockingTransportProvider() {
    }

    /** Returns {@value #NAME}. */
    @Override
    public String name() {
        return NAME;
    }

    /** Returns 10. */
    @Override
    public int priority() {
        return 10;
    }

    /** Returns {@code true}: plain sockets run everywhere. */
    @Override
    public boolean isAvailable() {
        return true;
    }

    /** Returns {@code null}: always available. */
    @Override
    public Throwable unavailabilityCause() {
        return null;
    }

    /**
     * Creates a server transport; nothing is bound until it starts.
     *
     * @throws NullPointerException if {@code config} is null
     */
    @Override
    public ServerTransport createServer(TransportConfig config) {
        return BlockingTransports.newServer(NAME, Objects.requireNonNull(config, "config"), Thread::new,
                BlockingTransports.AfterDrainingRead.READ);
    }

    /**
     * Creates a client transport; each connection it makes gets its own reader thread.
     *
     * @throws NullPointerException if {@code config} is null
     */
    @Override
    public ClientTransport createClient(TransportConfig config) {
        return BlockingTransports.newClient(NAME, Objects.requireNonNull(config, "config"), Thread::new);
    }

    @Override
    public String description() {
        return "java.net sockets, a thread per connection; fewest syscalls per request, but a thread and context"
                + " switches per connection";
    }
}
