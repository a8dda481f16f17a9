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

    /**
     * Asks the transport to call {@link ConnectionHandler#onWake} on this connection's serving thread, so that the
     * handler can append output that no request of this connection asked for: a published message, the reply of a
     * blocked command that can now run. Thread-safe, and cheap enough to call once per message: calls made before
     * the handler runs coalesce into one call, the serving thread is woken at most once per turn, and what the
     * handler appends goes out with the turn's other replies, in one write per connection per turn. While output
     * the socket has not taken is pending (a slow reader) or replies are held back, the transport calls the handler
     * only once they are written, so what arrives meanwhile stays with the handler, which bounds it. Does nothing
     * once the connection is closed.
     */
    void wake();

    /**
     * Returns how many bytes of this connection's output the transport holds that the socket has not taken yet: a
     * slow reader's backlog, part of {@code CLIENT LIST}'s {@code omem}. Thread-safe; a recent value.
     */
    long unwrittenBytes();

    /**
     * Returns how many separate buffers hold the {@link #unwrittenBytes()} ({@code CLIENT LIST}'s {@code oll}).
     * Thread-safe; a recent value. The default counts one while any byte is unwritten, for a transport that keeps
     * its backlog in one buffer.
     */
    default int unwrittenBuffers() {
        return unwrittenBytes() > 0 ? 1 : 0;
    }

    /**
     * Returns the bytes of read buffer the transport holds for this connection alone, for as long as it is open
     * (part of {@code CLIENT LIST}'s {@code tot-mem}). The default, for a transport that reads into a buffer its
     * connections share or that it takes from a pool for one read, is 0.
     */
    default long readBufferBytes() {
        return 0;
    }

    /**
     * Returns the operating system's file descriptor of the socket ({@code CLIENT LIST}'s {@code fd}), or -1 where
     * the transport cannot see it: the JDK's sockets do not expose theirs. The default returns -1.
     */
    default int fd() {
        return -1;
    }
}
