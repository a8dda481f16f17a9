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
 * One server connection of a {@link ServerLoop}. Every field but {@code closeQueued}, {@code wakeQueued} and
 * {@code unwritten} is touched by the loop's thread only; an idle connection holds no buffer.
 */
final class NioConnection implements Connection {

    private static final VarHandle CLOSE_QUEUED;
    private static final VarHandle WAKE_QUEUED;

    static {
        try {
            MethodHandles.Lookup lookup = MethodHandles.lookup();
            CLOSE_QUEUED = lookup.findVarHandle(NioConnection.class, "closeQueued", boolean.class);
            WAKE_QUEUED = lookup.findVarHandle(NioConnection.class, "wakeQueued", boolean.class);
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
    /** A wake waits for {@link #pending} to be written and {@link #held} to be released. */
    boolean wakeDeferred;
    /** This turn's replies wait in the loop's write buffer, from {@link #queuedStart} to {@link #queuedEnd}. */
    boolean queued;
    int queuedStart;
    int queuedEnd;
    /**
     * Within the handler factory or a handler call ({@code onOpen}, {@code onRead}, {@code onWake}): a close then
     * waits until that call's output is written and the handler exists.
     */
    boolean inHandler;
    /** Close once every reply so far is written; read nothing more. */
    boolean closeRequested;
    boolean closed;
    @SuppressWarnings("unused") // through CLOSE_QUEUED
    private volatile boolean closeQueued;
    /**
     * Set by {@link #wake()} when it queues this connection on its loop, cleared by the loop just before it calls
     * {@link ConnectionHandler#onWake}; set for good once the connection is closed, so later wakes do nothing.
     */
    @SuppressWarnings("unused") // through WAKE_QUEUED
    private volatile boolean wakeQueued;
    /** The bytes of {@link #pending} and {@link #held}, for other threads. */
    private volatile long unwritten;
    /** How many of {@link #pending} and {@link #held} hold bytes, for other threads. */
    private volatile int unwrittenBuffers;

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
            if (inHandler) {
                closeRequested = true;
            } else {
                loop.close(this, null);
            }
        } else if (CLOSE_QUEUED.compareAndSet(this, false, true)) {
            loop.execute(() -> loop.close(this, null));
        }
    }

    /** Queues this connection on its loop to call {@link ConnectionHandler#onWake}, unless it is queued already. */
    @Override
    public void wake() {
        if (WAKE_QUEUED.compareAndSet(this, false, true)) {
            loop.wake(this);
        }
    }

    @Override
    public long unwrittenBytes() {
        return unwritten;
    }

    /** Returns how many of the replies the socket did not take and those held back wait: 0, 1 or 2 buffers. */
    @Override
    public int unwrittenBuffers() {
        return unwrittenBuffers;
    }

    /** Called by the loop before it calls {@link ConnectionHandler#onWake}: wakes from then on queue it again. */
    void wakeTaken() {
        WAKE_QUEUED.setVolatile(this, false);
    }

    /** Called by the loop as it closes the connection: wakes from then on do nothing. */
    void wakesEnded() {
        WAKE_QUEUED.setVolatile(this, true);
    }

    /** Sets the replies the socket did not take yet, from {@code offset}; {@code null} when all are written. */
    void setPending(OutputBuffer buffer, int offset) {
        pending = buffer;
        pendingOffset = offset;
        publishUnwritten();
    }

    /** Sets the replies waiting for a held-back stage; {@code null} when none waits. */
    void setHeld(OutputBuffer buffer) {
        held = buffer;
        publishUnwritten();
    }

    /** Publishes the size of {@link #pending} and {@link #held} after the loop changed either. */
    void publishUnwritten() {
        unwritten = (pending == null ? 0 : pending.size() - pendingOffset) + (held == null ? 0 : held.size());
        unwrittenBuffers = (pending == null ? 0 : 1) + (held == null ? 0 : 1);
    }

    @Override
    public String toString() {
        return "nio connection " + id + " from " + remote;
    }
}
