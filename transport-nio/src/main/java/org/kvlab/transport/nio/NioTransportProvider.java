package org.kvlab.transport.nio;

import java.util.Objects;
import org.kvlab.spi.ClientTransport;
import org.kvlab.spi.ServerTransport;
import org.kvlab.spi.TransportConfig;
import org.kvlab.spi.TransportProvider;

/**
 * The {@code nio} transport, priority 20: {@link TransportConfig#eventLoops()} selector threads serve every
 * connection with non-blocking {@link java.nio.channels.SocketChannel}s.
 *
 * <p>Trade-off: few threads and no context switch per request, like Redis — per readiness event one {@code read}
 * (a second only when the first filled the read buffer) and one {@code write} for all replies of the batch, plus
 * an {@code epoll_wait} per loop turn; interest changes ({@code epoll_ctl}) only when a write cannot complete or a
 * reply is held back. It runs on any JDK and platform, but pays for JDK selector bookkeeping and a copy into a
 * direct buffer per write, where {@code epoll} makes direct JNI calls. Pick it when the native transports are not
 * available, or to compare the JDK's selector with them.
 *
 * <p>What the transports count in {@link org.kvlab.spi.IoCounters}: each {@code read}, {@code write},
 * {@code accept}, {@code connect} and {@code close} call on a socket; each selector wait as a wake-up; and, on the
 * rare paths that hand work to an event loop from another thread (a connection accepted for another loop, a
 * held-back reply released, a close from another thread, a client send that could not complete), the selector's
 * wake-up signal as one write and its drain as one read, since {@code perf} sees those as {@code write} and
 * {@code read} too.
 *
 * <p>Thread-safe; the constructor does nothing.
 */
public final class NioTransportProvider implements TransportProvider {

    /** The name this transport is selected by. */
    public static final String NAME = "nio";

    /** Creates the provider. */
    public NioTransportProvider() {
    }

    /** Returns {@value #NAME}. */
    @Override
    public String name() {
        return NAME;
    }

    /** Returns 20. */
    @Override
    public int priority() {
        return 20;
    }

    /** Returns {@code true}: the JDK's selectors run everywhere. */
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
        return new NioServerTransport(Objects.requireNonNull(config, "config"));
    }

    /**
     * Creates a client transport and starts its event-loop thread.
     *
     * @throws NullPointerException if {@code config} is null
     * @throws java.io.UncheckedIOException if the selector cannot be opened
     */
    @Override
    public ClientTransport createClient(TransportConfig config) {
        return new NioClientTransport(Objects.requireNonNull(config, "config"));
    }

    @Override
    public String description() {
        return "java.nio selector event loops, non-blocking sockets; portable, few threads, ~2 syscalls per request"
                + " batch";
    }
}
