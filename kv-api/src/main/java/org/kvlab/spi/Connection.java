package org.kvlab.spi;

import java.net.InetSocketAddress;

/** A server-side connection as its {@link ConnectionHandler} sees it. */
public interface Connection {

    /** Returns a number unique among the connections of this transport, counting from 1. */
    long id();

    /** Returns the address of the peer. */
    InetSocketAddress remoteAddress();

    /** Returns the local address the peer connected to. */
    InetSocketAddress localAddress();

    /**
     * Closes the connection. Thread-safe. Called from within {@link ConnectionHandler#onRead}, it takes effect
     * after the replies of that call are written (how {@code QUIT} and protocol errors close); from another
     * thread ({@code CLIENT KILL}, an idle timeout) it closes promptly and may drop unwritten output.
     */
    void close();
}
