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
     * @throws NullPointerException if an argument is {@code null}
     */
    public static ServerTransport newServer(String name, TransportConfig config, ThreadFactory threads) {
        return new BlockingServerTransport(Objects.requireNonNull(name, "name"),
                Objects.requireNonNull(config, "config"), Objects.requireNonNull(threads, "threads"));
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

    /** Returns a new, unstarted thread of {@code threads} running {@code task}, named {@code name}. */
    static Thread newThread(ThreadFactory threads, String name, Runnable task) {
        Thread thread = threads.newThread(task);
        thread.setName(name);
        return thread;
    }
}
