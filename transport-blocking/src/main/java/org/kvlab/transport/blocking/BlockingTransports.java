package org.kvlab.transport.blocking;

import java.util.Objects;
import java.util.concurrent.ThreadFactory;
import org.kvlab.spi.ClientTransport;
import org.kvlab.spi.ServerTransport;
import org.kvlab.spi.TransportConfig;

/**
 * Makes thread-per-connection server and client transports over {@link java.net.Socket}s whose threads come from a
 * {@link ThreadFactory}: platform threads for {@code blocking}, virtual threads for {@code virtual}. Every thread
 * they make — the server's acceptor, each connection's reader and, from its first wake, its writer; each client
 * connection's reader — comes from that factory and is named {@code kvlab-NAME-…} after the transport. Thread-safe
 * (stateless).
 */
public final class BlockingTransports {

    private BlockingTransports() {
    }

    /**
     * Creates a server transport; nothing is bound or started until {@link ServerTransport#start}.
     *
     * @param name the provider's name, reported by {@link ServerTransport#name()} and in thread names; not
     *     {@code null}
     * @param config the settings; not {@code null}
     * @param threads makes every thread of the transport; a writer thread takes its reader's daemon status, so a
     *     factory of virtual threads (always daemons) is fine; not {@code null}
     * @param afterDrainingRead what a connection's reader does before reading again after a read that drained the
     *     socket; not {@code null}
     * @throws NullPointerException if an argument is {@code null}
     */
    public static ServerTransport newServer(String name, TransportConfig config, ThreadFactory threads,
            AfterDrainingRead afterDrainingRead) {
        return new BlockingServerTransport(Objects.requireNonNull(name, "name"),
                Objects.requireNonNull(config, "config"), Objects.requireNonNull(threads, "threads"),
                Objects.requireNonNull(afterDrainingRead, "afterDrainingRead"));
    }

    /**
     * Creates a client transport; each connection it makes gets its own reader thread, a daemon.
     *
     * @param name the provider's name, reported by {@link ClientTransport#name()} and in thread names; not
     *     {@code null}
     * @param config the settings; not {@code null}
     * @param threads makes the connections' reader threads; not {@code null}
     * @throws NullPointerException if an argument is {@code null}
     */
    public static ClientTransport newClient(String name, TransportConfig config, ThreadFactory threads) {
        return new BlockingClientTransport(Objects.requireNonNull(name, "name"),
                Objects.requireNonNull(config, "config"), Objects.requireNonNull(threads, "threads"));
    }

    /**
     * What a server connection's reader does before its next read when the last one drained the socket — it left
     * room in the array, so the kernel had no more bytes — and the next will most likely find nothing: at pipeline 1,
     * before every request.
     */
    public enum AfterDrainingRead {

        /**
         * Read at once. On a platform thread a read that finds nothing sleeps in the kernel until bytes come, one
         * system call for the wait and the read.
         */
        READ,

        /**
         * Call {@link Thread#yield()} first, so that the other threads ready to run go before this one and the next
         * request has that long to arrive. On a virtual thread a yield is an unmount and a remount on its carrier,
         * no system call, while a read that finds nothing parks the thread on the socket: a {@code read} that
         * returns {@code EAGAIN}, an {@code epoll_ctl} to arm the JDK's poller, and the poller's wake-up of the
         * thread through the scheduler. On a platform thread it would be a {@code sched_yield} per request: use
         * {@link #READ} there.
         */
        YIELD_FIRST
    }

    /** Returns a new, unstarted thread of {@code threads} running {@code task}, named {@code name}. */
    static Thread newThread(ThreadFactory threads, String name, Runnable task) {
        Thread thread = threads.newThread(task);
        thread.setName(name);
        return thread;
    }
}
