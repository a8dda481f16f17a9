package org.kvlab.transport.nio;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.net.InetSocketAddress;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import org.kvlab.spi.Connection;
import org.kvlab.spi.ConnectionHandler;
import org.kvlab.spi.OutputBuffer;

/**
 * One server connection of a {@link ServerLoop}. Every field but {@code closeQueued} is touched by the loop's thread
 * only; an idle connection holds no buffer.
 */
final class NioConnection implements Connection {

    private static final VarHandle CLOSE_QUEUED;

    static {
        try {
            CLOSE_QUEUED = MethodHandles.lookup().findVarHandle(NioConnection.class, "closeQueued", boolean.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    final ServerLoop loop;
    final SocketChannel channel;
    final SelectionKey key;
    private final long id;
    private final InetSocketAddress remote;
    private final InetSocketAddress local;

    ConnectionHandler handler;
    /** Replies the socket did not take yet, from {@link #pendingOffset}; {@code null} when all are written. */
    OutputBuffer pending;
    int pendingOffset;
    /** Replies waiting for a held-back stage; {@code null} when none waits. */
    OutputBuffer held;
    /** This turn's replies wait in the loop's write buffer, from {@link #queuedStart} to {@link #queuedEnd}. */
    boolean queued;
    int queuedStart;
    int queuedEnd;
    /**
     * Within {@link ConnectionHandler#onRead} or the handler factory: a close then waits until the replies are
     * written and the handler exists.
     */
    boolean inOnRead;
    /** Close once every reply so far is written; read nothing more. */
    boolean closeRequested;
    boolean closed;
    @SuppressWarnings("unused") // through CLOSE_QUEUED
    private volatile boolean closeQueued;

    NioConnection(ServerLoop loop, SocketChannel channel, SelectionKey key, long id, InetSocketAddress remote,
            InetSocketAddress local) {
        this.loop = loop;
        this.channel = channel;
        this.key = key;
        this.id = id;
        this.remote = remote;
        this.local = local;
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
        return local;
    }

    @Override
    public void close() {
        if (loop.inLoop()) {
            if (inOnRead) {
                closeRequested = true;
            } else {
                loop.close(this, null);
            }
        } else if (CLOSE_QUEUED.compareAndSet(this, false, true)) {
            loop.execute(() -> loop.close(this, null));
        }
    }

    @Override
    public String toString() {
        return "nio connection " + id + " from " + remote;
    }
}
