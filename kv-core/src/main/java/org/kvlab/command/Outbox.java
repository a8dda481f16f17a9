package org.kvlab.command;

import java.lang.System.Logger.Level;
import java.util.ArrayDeque;
import org.kvlab.spi.OutputBuffer;

/**
 * One connection's output that no request of its own asked for — published messages — waiting for the connection's
 * thread. Any thread {@link #offer}s a frame, which wakes the connection ({@link org.kvlab.spi.Connection#wake()});
 * the connection's thread {@link #drainTo drains} the frames, in the order offered, into its output.
 *
 * <p>Bounded as Redis bounds a client's output buffer ({@code client-output-buffer-limit}): the output a client has
 * waiting is what is queued here plus what its transport has not written yet
 * ({@link org.kvlab.spi.Connection#unwrittenBytes()}); an offer that takes it to the hard limit of the client's
 * class, or keeps it at the soft limit for longer than the soft seconds, closes the client and drops its queue, so
 * that a reader that stopped reading costs no more memory than the limit.
 *
 * <p>Thread-safe: offers from many threads, one draining thread.
 */
public final class Outbox {

    private static final System.Logger LOG = System.getLogger(Outbox.class.getName());
    /** A queue that held more frames than this is dropped once drained, so a burst does not keep its array. */
    private static final int RETAINED_FRAMES = 1024;

    private final Session session;
    private final PubSub pubsub;
    /** Frames offered and not yet drained; guarded by {@code this}. */
    private ArrayDeque<byte[]> queued = new ArrayDeque<>();
    /** The drainer's spare queue, swapped with {@code queued}; always empty outside {@link #drainTo}. */
    private ArrayDeque<byte[]> spare = new ArrayDeque<>();
    /** The bytes of the frames queued or being drained; written under {@code this}. */
    private volatile long bytes;
    private volatile int frames;
    /** When the soft limit was first seen reached, in epoch seconds, or -1; guarded by {@code this}. */
    private long softLimitSinceSeconds = -1;
    /** Set once the connection is closed or over its limit: offers are dropped. Guarded by {@code this}. */
    private boolean closed;

    Outbox(Session session, PubSub pubsub) {
        this.session = session;
        this.pubsub = pubsub;
    }

    /**
     * Queues {@code frame} (never modified after), a message of {@code subscription}, and wakes the connection, unless
     * the subscription was {@link #cancel cancelled} meanwhile, or the output waiting then passes the client's limit:
     * the client is then closed and its queue dropped.
     */
    void offer(byte[] frame, PubSub.Subscription subscription) {
        offer(frame, subscription, true);
    }

    /**
     * Queues {@code frame} as {@link #offer(byte[], PubSub.Subscription)} does; unless {@code bounded}, whatever the
     * output waiting: an RDB sent to a replica, which Redis does not count against the limit (its sender paces it).
     */
    void offer(byte[] frame, PubSub.Subscription subscription, boolean bounded) {
        String over = null;
        synchronized (this) {
            if (closed || !subscription.active) {
                return;
            }
            queued.addLast(frame);
            bytes += frame.length;
            frames++;
            if (bounded && overLimit(bytes + session.connection().unwrittenBytes())) {
                over = session.describe(System.currentTimeMillis());
                close();
            }
        }
        if (over != null) {
            LOG.log(Level.WARNING, "Client {0} scheduled to be closed ASAP for overcoming of output buffer limits.",
                    over);
            session.kill();
            return;
        }
        session.connection().wake();
    }

    /** Returns whether {@code used} bytes waiting passes the limits of the client's class; called under the lock. */
    private boolean overLimit(long used) {
        OutputBufferLimits.Limit limit = pubsub.outputBufferLimits().limit(session.clientClass());
        if (limit.hardBytes() > 0 && used >= limit.hardBytes()) {
            return true;
        }
        if (limit.softBytes() == 0 || used < limit.softBytes()) {
            softLimitSinceSeconds = -1;
            return false;
        }
        long now = pubsub.clock().millis() / 1000;
        if (softLimitSinceSeconds == -1) {
            softLimitSinceSeconds = now;
            return false;
        }
        return now - softLimitSinceSeconds > limit.softSeconds();
    }

    /** Appends every frame queued, in the order offered, to {@code out}. Called on the connection's thread only. */
    public void drainTo(OutputBuffer out) {
        if (bytes == 0) {
            return; // an offer in progress is followed by its wake-up, which drains it
        }
        ArrayDeque<byte[]> batch;
        synchronized (this) {
            batch = queued;
            queued = spare;
        }
        int count = batch.size();
        long drained = 0;
        for (byte[] frame; (frame = batch.pollFirst()) != null; ) {
            out.write(frame);
            drained += frame.length;
        }
        synchronized (this) {
            if (!closed) {
                bytes -= drained;
                frames -= count;
            }
            spare = count > RETAINED_FRAMES ? new ArrayDeque<>() : batch;
            notifyAll(); // a sender pacing itself (awaitBelow) may go on
        }
    }

    /**
     * Waits, on a thread that produces frames for this outbox faster than its connection may take them (a replica's
     * RDB), until fewer than {@code limit} bytes are queued: the connection's thread drains them once the socket took
     * what it wrote before. Returns {@code false} if the connection closed meanwhile.
     *
     * @throws InterruptedException if the thread is interrupted while it waits
     */
    synchronized boolean awaitBelow(long limit) throws InterruptedException {
        while (!closed && bytes >= limit) {
            wait();
        }
        return !closed;
    }

    /** Returns the bytes queued: part of {@code CLIENT LIST}'s {@code omem}. */
    long bytes() {
        return bytes;
    }

    /** Returns the frames queued: {@code CLIENT LIST}'s {@code oll}. */
    int frames() {
        return frames;
    }

    /** Ends {@code subscription}: an offer of its messages after this returns is dropped. */
    synchronized void cancel(PubSub.Subscription subscription) {
        subscription.active = false;
    }

    /** Drops what is queued and every later offer: the connection is closed. */
    synchronized void close() {
        closed = true;
        queued = new ArrayDeque<>();
        bytes = 0;
        frames = 0;
        notifyAll();
    }
}
