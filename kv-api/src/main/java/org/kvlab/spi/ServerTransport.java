package org.kvlab.spi;

import java.io.IOException;
import java.net.InetSocketAddress;

/**
 * A listening socket and the machinery that serves its connections. Start it once; close it once.
 *
 * <p>For each accepted connection the transport calls the factory given to {@link #start} and then drives the
 * returned {@link ConnectionHandler}: every call for one connection happens on one thread at a time, in order.
 * All replies produced by one {@link ConnectionHandler#onRead} call are written with as few write calls as the
 * I/O model allows (one, when the socket accepts them all).
 */
public interface ServerTransport extends AutoCloseable {

    /**
     * Binds to the configured address and starts accepting.
     *
     * @param handlers makes the handler of each new connection
     * @return the bound address (useful with port 0)
     * @throws IOException if the address cannot be bound
     * @throws IllegalStateException if already started
     */
    InetSocketAddress start(ConnectionHandler.Factory handlers) throws IOException;

    /** Returns the counters of every I/O call this transport made. */
    IoCounters counters();

    /** Returns the name of the provider that made this transport. */
    String name();

    /**
     * Stops accepting, closes every connection (calling each handler's {@link ConnectionHandler#onClose()}) and
     * releases the transport's threads; returns when they have stopped. Idempotent.
     */
    @Override
    void close();
}
