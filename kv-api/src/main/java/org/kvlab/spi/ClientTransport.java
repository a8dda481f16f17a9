package org.kvlab.spi;

import java.io.IOException;
import java.net.InetSocketAddress;

/** Opens client connections over one I/O model. Thread-safe. Close it to release its threads. */
public interface ClientTransport extends AutoCloseable {

    /**
     * Connects to {@code address}, waiting at most the configured connect timeout.
     *
     * @param handler receives what the connection reads; called on one thread at a time, in order
     * @throws IOException if the connection cannot be made
     */
    ClientConnection connect(InetSocketAddress address, ClientConnection.Handler handler) throws IOException;

    /** Returns the counters of every I/O call this transport's connections made. */
    IoCounters counters();

    /** Returns the name of the provider that made this transport. */
    String name();

    /** Closes every connection and releases the transport's threads. Idempotent. */
    @Override
    void close();
}
