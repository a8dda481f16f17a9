package org.kvlab.transport.virtual;

import java.util.Objects;
import java.util.concurrent.ThreadFactory;
import org.kvlab.spi.ClientTransport;
import org.kvlab.spi.ServerTransport;
import org.kvlab.spi.TransportConfig;
import org.kvlab.spi.TransportProvider;
import org.kvlab.spi.TransportUnavailableException;
import org.kvlab.transport.blocking.BlockingTransports;
import org.kvlab.transport.blocking.BlockingTransports.AfterDrainingRead;

/**
 * The {@code virtual} transport, priority 15: the {@code blocking} transport's code — an acceptor and a thread per
 * connection over {@link java.net.Socket}s, a writer thread per connection from its first wake — on virtual threads.
 * Needs Java 21 or newer at run time; on an older JVM it is unavailable, saying so.
 *
 * <p>Trade-off: the code blocks as {@code blocking}'s does, but a connection waiting for its next request holds no
 * platform thread. On a virtual thread the JDK sets each socket non-blocking and turns a {@code read} that finds
 * nothing into a registration with its own epoll poller and a park that frees the carrier thread; the poller unparks
 * the thread when the data comes, and it reads again. So a request can cost a {@code read} that returns
 * {@code EAGAIN} and an {@code epoll_ctl} more than under {@code blocking}, plus its share of the pollers'
 * {@code epoll_wait} calls and of the carriers' parking and waking ({@code futex}) — in exchange for the kernel sleep
 * and wake-up of a platform thread per request. Pick it to serve many mostly idle connections with blocking code;
 * pick {@code nio} or the native transports for the fewest syscalls per request, {@code blocking} to count exactly
 * the {@code read} and {@code write} the code makes.
 *
 * <p>One difference from {@code blocking}'s code: after a read that drained the socket, a connection's thread yields
 * ({@link BlockingTransports.AfterDrainingRead#YIELD_FIRST}) before it reads again, so that the other connections'
 * threads ready to run go first and the next request has that long to arrive. A yield unmounts and remounts the
 * virtual thread without a system call (but a freeze and a thaw of its stack); each read it saves from finding
 * nothing saves the {@code EAGAIN} read, the {@code epoll_ctl} and the poller's wake-up. Section 8 of
 * {@code docs/benchmarks.md} measures how many it saves at pipeline 1, and what the yield itself costs.
 *
 * <p>What the JDK does underneath, as of JDK 25 ({@code java.lang.VirtualThread}, {@code sun.nio.ch.Poller}), tuned by
 * JVM flags ({@code KVLAB_JAVA_OPTS}; kv-bench: {@code --server-java-opts}):
 * <ul>
 *   <li>{@code -Djdk.virtualThreadScheduler.parallelism=N}: the carrier threads, a {@code ForkJoinPool} of
 *       platform threads that run the virtual threads (default: the available processors);</li>
 *   <li>{@code -Djdk.readPollers=N}, {@code -Djdk.writePollers=N} (powers of 2): the pollers, each an epoll
 *       instance that parked reads (writes) are registered with, one-shot, by file descriptor;</li>
 *   <li>{@code -Djdk.pollerMode=1|2}: 1, each poller a platform thread blocked in {@code epoll_wait}; 2 (the
 *       default on Linux in JDK 25), each poller a virtual thread that polls without blocking, yields between
 *       polls, and when it finds nothing parks by registering its own epoll instance with one master poller, a
 *       platform thread blocked in {@code epoll_wait}. Default read pollers: the available processors rounded down
 *       to a power of 2, at most 32, in mode 2; a quarter of them, at least 1, in mode 1. One write poller.</li>
 * </ul>
 * JDK 21 has no {@code jdk.pollerMode}: its pollers are platform threads blocked in {@code epoll_wait}, one read
 * and one write poller unless {@code jdk.readPollers} and {@code jdk.writePollers} say otherwise.
 *
 * <p>The transport sets none of these and keeps the JDK's defaults: measured against them at pipeline 1 (section 8
 * of {@code docs/benchmarks.md}), no setting removed a syscall per request, and {@code jdk.pollerMode=1} or
 * {@code jdk.readPollers=1} added {@code futex} calls and context switches; the {@code EAGAIN} read and the
 * {@code epoll_ctl} are how the JDK parks a virtual thread on a socket, read first, then a one-shot registration.
 *
 * <p>What its transports count in {@link org.kvlab.spi.IoCounters}: as {@code blocking} counts, one read per
 * {@code InputStream.read} and one write per {@code OutputStream.write} (128 KiB at most each), {@code accept},
 * {@code connect} and {@code close}; no wake-ups. The {@code EAGAIN} reads, {@code epoll_ctl} and {@code epoll_wait}
 * calls the JDK makes inside them are not seen here: {@code perf} counts them.
 *
 * <p>Thread-safe. The constructor does nothing; Java's version and the virtual-thread API are probed once, on the
 * first call that needs them.
 */
public final class VirtualTransportProvider implements TransportProvider {

    /** The name this transport is selected by. */
    public static final String NAME = "virtual";

    /** Creates the provider; probes nothing. */
    public VirtualTransportProvider() {
    }

    /** Returns {@value #NAME}. */
    @Override
    public String name() {
        return NAME;
    }

    /** Returns 15: above {@code blocking}, below {@code nio}, so never the default where an event loop runs. */
    @Override
    public int priority() {
        return 15;
    }

    /** Returns whether this JVM has virtual threads: Java 21 or newer. */
    @Override
    public boolean isAvailable() {
        return Probe.CAUSE == null;
    }

    /** Returns {@code null} on Java 21+, else why not, e.g. {@code needs Java 21+, running 17.0.15}. */
    @Override
    public Throwable unavailabilityCause() {
        return Probe.CAUSE;
    }

    /**
     * Creates a server transport on virtual threads, whose connections yield after a read that drained the socket;
     * nothing is bound until it starts.
     *
     * @throws TransportUnavailableException if this JVM has no virtual threads
     * @throws NullPointerException if {@code config} is null
     */
    @Override
    public ServerTransport createServer(TransportConfig config) {
        Objects.requireNonNull(config, "config");
        return BlockingTransports.newServer(NAME, config, threads(), AfterDrainingRead.YIELD_FIRST);
    }

    /**
     * Creates a client transport; each connection it makes gets its own virtual reader thread.
     *
     * @throws TransportUnavailableException if this JVM has no virtual threads
     * @throws NullPointerException if {@code config} is null
     */
    @Override
    public ClientTransport createClient(TransportConfig config) {
        Objects.requireNonNull(config, "config");
        return BlockingTransports.newClient(NAME, config, threads());
    }

    @Override
    public String description() {
        return "java.net sockets, a virtual thread per connection (Java 21+): blocking code, the JDK's epoll pollers "
                + "underneath; no platform thread per connection";
    }

    private static ThreadFactory threads() {
        if (Probe.CAUSE != null) {
            throw new TransportUnavailableException("transport '" + NAME + "' is not available here: "
                    + Probe.CAUSE.getMessage(), Probe.CAUSE);
        }
        return Probe.THREADS;
    }

    /** Looks up {@code Thread.ofVirtual().factory()} once, when first asked; what fails becomes the cause. */
    private static final class Probe {
        static final ThreadFactory THREADS;
        static final Throwable CAUSE;

        static {
            ThreadFactory threads = null;
            Throwable cause = null;
            try {
                threads = lookUp();
            } catch (UnsupportedOperationException | ReflectiveOperationException | LinkageError e) {
                cause = e;
            }
            THREADS = threads;
            CAUSE = cause;
        }

        /**
         * Returns {@code Thread.ofVirtual().factory()}, called reflectively: this code compiles for Java 17, which
         * has no such method (see the package documentation for why not a multi-release jar).
         */
        private static ThreadFactory lookUp() throws ReflectiveOperationException {
            if (Runtime.version().feature() < 21) {
                throw new UnsupportedOperationException("needs Java 21+, running "
                        + System.getProperty("java.version"));
            }
            Object builder = Thread.class.getMethod("ofVirtual").invoke(null);
            return (ThreadFactory) Class.forName("java.lang.Thread$Builder").getMethod("factory").invoke(builder);
        }
    }
}
