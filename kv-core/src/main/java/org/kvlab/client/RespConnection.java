package org.kvlab.client;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.ReentrantLock;
import org.kvlab.api.KvException;
import org.kvlab.spi.ClientConnection;
import org.kvlab.spi.ClientTransport;
import org.kvlab.spi.OutputBuffer;

/**
 * One RESP connection: encodes requests into a reused buffer, queues what waits for replies in send order, and
 * completes it from {@link #onRead} on the transport's thread, with no hand-off. Thread-safe: any thread may send.
 *
 * <p>Writes combine: a sender encodes its command into the staging buffer and queues its pending reply under one
 * short lock (the {@code inFlight} monitor, so byte order is queue order), then, if no other thread is writing,
 * takes {@code writeLock} and sends everything staged with one {@link ClientConnection#send}. A sender that finds
 * another writing leaves its bytes to that writer, which looks again after it lets go; so concurrent senders share
 * writes, and nobody, the reading thread included, waits behind another's write.
 */
final class RespConnection implements ClientConnection.Handler, ReplyParser.Sink {

    private static final System.Logger LOG = System.getLogger(RespConnection.class.getName());
    private static final ThreadLocal<boolean[]> READING = ThreadLocal.withInitial(() -> new boolean[1]);

    private final ClientSettings settings;
    private final String peer;
    private final long timeoutNanos;
    private final ReplyParser parser = new ReplyParser(this);
    private final ReentrantLock writeLock = new ReentrantLock();
    /** What waits for replies, oldest first; guarded by itself, which also guards {@code staged}. */
    private final ArrayDeque<Pending<?>> inFlight = new ArrayDeque<>();
    /** Encoded requests not yet handed to the transport; swapped with {@code writing} by the writer. */
    private OutputBuffer staged = new OutputBuffer();
    /** The buffer being sent; owned by the holder of {@code writeLock}. */
    private OutputBuffer writing = new OutputBuffer();
    /** Written under the {@code inFlight} lock; read without it by {@link #isUsable()}. */
    private volatile boolean closed;
    private volatile ClientConnection channel;
    /** Set once a bad reply was seen; the reading thread only. */
    private boolean broken;
    /** An error the server sent when no request was waiting (e.g. before closing on maxclients), or null. */
    private volatile String unsolicitedError;
    /** Where a subscriber's connection hands what no request waits for; {@code null} for a plain connection. */
    private final Unsolicited unsolicited;

    /** Receives what a subscriber's connection gets that no request waits for, on the transport's read thread. */
    interface Unsolicited {

        /** Takes a reply no request waits for, or a RESP3 push: the pub/sub frames, and errors replying to them. */
        void onFrame(Object frame);

        /** Called once the connection is lost or closed; {@code cause} is {@code null} for an orderly close. */
        void onClosed(Throwable cause);
    }

    private RespConnection(ClientSettings settings, Unsolicited unsolicited) {
        this.settings = settings;
        this.unsolicited = unsolicited;
        this.peer = settings.peer();
        this.timeoutNanos = settings.timeout().toNanos();
    }

    /**
     * Connects and runs the handshake: {@code HELLO 3} (with {@code AUTH}) for RESP3, else {@code AUTH} if a
     * password is set, then {@code SELECT} if the database is not 0, all in one write.
     *
     * @throws KvConnectionException if the connection cannot be made or is lost during the handshake
     * @throws KvServerException if the server refuses the handshake (wrong password, bad database)
     * @throws KvTimeoutException if the handshake gets no reply in time
     */
    static RespConnection open(ClientTransport transport, ClientSettings settings) {
        return open(transport, settings, null);
    }

    /**
     * Connects and runs the handshake, as {@link #open(ClientTransport, ClientSettings)}, for a subscriber: what
     * arrives with no request waiting for it goes to {@code unsolicited}, and so does the connection's loss.
     */
    static RespConnection open(ClientTransport transport, ClientSettings settings, Unsolicited unsolicited) {
        RespConnection c = new RespConnection(settings, unsolicited);
        try {
            c.channel = transport.connect(settings.address(), c);
        } catch (IOException | RuntimeException e) {
            throw new KvConnectionException("cannot connect to " + settings.peer() + " over "
                    + transport.name() + ": " + e.getMessage(), e);
        }
        try {
            c.handshake();
        } catch (RuntimeException e) {
            c.close();
            throw e;
        }
        return c;
    }

    private void handshake() {
        List<Object[]> commands = new ArrayList<>(2);
        String password = settings.password();
        if (settings.protocol() == 3) {
            commands.add(password == null ? new Object[] {"HELLO", "3"}
                    : new Object[] {"HELLO", "3", "AUTH", settings.user() == null ? "default" : settings.user(),
                            password});
        } else if (password != null) {
            commands.add(settings.user() == null ? new Object[] {"AUTH", password}
                    : new Object[] {"AUTH", settings.user(), password});
        }
        if (settings.database() != 0) {
            commands.add(new Object[] {"SELECT", Integer.toString(settings.database())});
        }
        if (commands.isEmpty()) {
            return;
        }
        List<Pending<?>> replies = new ArrayList<>(commands.size());
        for (Object[] command : commands) {
            replies.add(new Pending.Request<>(command, Replies.RAW));
        }
        if (stage(commands, replies)) {
            flush();
        }
        for (Pending<?> reply : replies) {
            await(reply);
        }
    }

    /** Returns where this connection hands what no request waits for, or {@code null} for a plain connection. */
    Unsolicited unsolicited() {
        return unsolicited;
    }

    /** Returns whether the calling thread is inside a transport's {@link #onRead}, where waiting would deadlock. */
    static boolean onReadingThread() {
        return READING.get()[0];
    }

    /** Returns whether requests can be sent: connected and not lost. */
    boolean isUsable() {
        ClientConnection ch = channel;
        return !closed && ch != null && ch.isOpen();
    }

    /**
     * Sends one command; its future completes on the transport's thread.
     *
     * @throws IllegalArgumentException if {@code args} is empty or holds something other than byte[] and String
     * @throws NullPointerException if an argument is {@code null}
     */
    <T> Pending<T> send(Object[] args, Decoder<T> decoder) {
        RequestEncoder.check(args);
        Pending.Request<T> request = new Pending.Request<>(args, decoder);
        boolean queued;
        synchronized (inFlight) {
            queued = !closed;
            if (queued) {
                RequestEncoder.encodeChecked(staged, args);
                request.deadline = deadline(System.nanoTime(), request);
                inFlight.addLast(request);
            }
        }
        if (queued) {
            flush();
        } else {
            request.completeExceptionally(lost(null));
        }
        return request;
    }

    /** Sends several commands with one write; one future gets every reply, server errors as elements. */
    Pending<List<Object>> sendBatch(List<? extends Object[]> commands) {
        if (commands.isEmpty()) {
            throw new IllegalArgumentException("commands: empty (expected: at least one)");
        }
        for (Object[] command : commands) {
            RequestEncoder.check(command);
        }
        Pending.Batch batch = new Pending.Batch(commands);
        if (stage(commands, List.of(batch))) {
            flush();
        }
        return batch;
    }

    /** Sends commands already encoded into {@code bytes[0, length)}, one pending per reply. */
    void sendEncoded(byte[] bytes, int length, List<? extends Pending<?>> pendings) {
        boolean queued;
        synchronized (inFlight) {
            queued = !closed;
            if (queued) {
                staged.write(bytes, 0, length);
                queue(pendings);
            }
        }
        if (queued) {
            flush();
        } else {
            failAll(pendings, lost(null));
        }
    }

    /** Encodes checked {@code commands} and queues {@code pendings}; false, failing them, if closed. */
    private boolean stage(List<? extends Object[]> commands, List<? extends Pending<?>> pendings) {
        synchronized (inFlight) {
            if (!closed) {
                for (Object[] command : commands) {
                    RequestEncoder.encodeChecked(staged, command);
                }
                queue(pendings);
                return true;
            }
        }
        failAll(pendings, lost(null));
        return false;
    }

    /** Queues {@code pendings}; the caller holds the {@code inFlight} lock. */
    private void queue(List<? extends Pending<?>> pendings) {
        long now = System.nanoTime();
        for (Pending<?> p : pendings) {
            p.deadline = deadline(now, p);
            inFlight.addLast(p);
        }
    }

    /**
     * Returns when {@code p}, queued at {@code now}, times out: the client's timeout after what the server may wait on
     * purpose (a command that may wait for ever never does), and never before what was sent ahead of it on this
     * connection, whose reply comes first. The caller holds the {@code inFlight} lock.
     */
    private long deadline(long now, Pending<?> p) {
        long wait = p.waitNanos == ReplyWait.FOREVER ? Long.MAX_VALUE / 4 : p.waitNanos;
        long deadline = now + timeoutNanos + wait;
        Pending<?> ahead = inFlight.peekLast();
        return ahead != null && ahead.deadline - deadline > 0 ? ahead.deadline : deadline;
    }

    private static void failAll(List<? extends Pending<?>> pendings, KvConnectionException e) {
        for (Pending<?> p : pendings) {
            p.completeExceptionally(e);
        }
    }

    /**
     * Sends what is staged unless another thread is sending, in which case that thread sends it: a writer looks
     * at the staging buffer again after it lets go of the write lock, and a sender stages before it tries the lock.
     */
    private void flush() {
        do {
            if (!writeLock.tryLock()) {
                return;
            }
            try {
                while (true) {
                    OutputBuffer batch;
                    synchronized (inFlight) {
                        if (staged.isEmpty()) {
                            break;
                        }
                        batch = staged;
                        staged = writing;
                        writing = batch;
                    }
                    write(batch);
                }
            } finally {
                writeLock.unlock();
            }
        } while (hasStaged());
    }

    private boolean hasStaged() {
        synchronized (inFlight) {
            return !staged.isEmpty();
        }
    }

    /** Sends {@code batch} and empties it; on failure closes the connection and fails everything in flight. */
    private void write(OutputBuffer batch) {
        try {
            if (!closed) {
                channel.send(batch.array(), 0, batch.size());
            }
        } catch (RuntimeException e) {
            failAll(new KvConnectionException("cannot send to " + peer + ": " + e.getMessage(), e));
            channel.close();
        } finally {
            batch.clear();
        }
    }

    /**
     * Waits for {@code pending} until its deadline (the timeout, after what a blocking command may wait), rethrowing
     * its failure with the caller's stack.
     *
     * @throws KvServerException for an error reply
     * @throws KvConnectionException if the connection was lost
     * @throws KvTimeoutException if no reply came in time
     */
    <T> T await(Pending<T> pending) {
        try {
            return pending.get(pending.deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
        } catch (ExecutionException e) {
            throw forCaller(e.getCause());
        } catch (TimeoutException e) {
            KvTimeoutException timeout = timedOut(pending);
            pending.completeExceptionally(timeout);
            throw timeout;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KvException("interrupted while waiting for a reply to " + pending.command() + " from " + peer,
                    e);
        }
    }

    /** Rethrows a failure that happened on another thread as a new exception of the same kind. */
    static RuntimeException forCaller(Throwable cause) {
        if (cause instanceof KvServerException e) {
            return new KvServerException(e);
        }
        if (cause instanceof KvConnectionException) {
            return new KvConnectionException(cause.getMessage(), cause);
        }
        if (cause instanceof KvTimeoutException) {
            return new KvTimeoutException(cause.getMessage(), cause);
        }
        if (cause instanceof KvPoolExhaustedException e) {
            return new KvPoolExhaustedException(e.getMessage());
        }
        return new KvException(String.valueOf(cause.getMessage()), cause);
    }

    private KvTimeoutException timedOut(Pending<?> pending) {
        String blocking = pending.waitNanos > 0 ? " after its own timeout of " + Duration.ofNanos(pending.waitNanos)
                : "";
        return new KvTimeoutException("no reply from " + peer + " within " + settings.timeout() + blocking + " to "
                + pending.command(), null);
    }

    /** Fails, without removing them, the requests whose deadline passed by {@code now} ({@link System#nanoTime}). */
    void expire(long now) {
        List<Pending<?>> expired = null;
        synchronized (inFlight) {
            for (Pending<?> p : inFlight) {
                if (p.deadline - now > 0) {
                    break;
                }
                if (!p.isDone()) {
                    if (expired == null) {
                        expired = new ArrayList<>();
                    }
                    expired.add(p);
                }
            }
        }
        if (expired != null) {
            for (Pending<?> p : expired) {
                p.completeExceptionally(timedOut(p));
            }
        }
    }

    @Override
    public void onRead(ByteBuffer in) {
        if (broken) {
            in.position(in.limit());
            return;
        }
        boolean[] reading = READING.get();
        reading[0] = true;
        try {
            parser.feed(in);
        } catch (ReplyParser.ReplyProtocolException e) {
            broken = true;
            in.position(in.limit());
            LOG.log(System.Logger.Level.WARNING, () -> peer + " sent a bad reply, closing the connection", e);
            failAll(new KvConnectionException(peer + " sent a bad reply: " + e.getMessage(), e));
            channel.close();
        } finally {
            reading[0] = false;
        }
    }

    @Override
    public void onReply(Object reply) {
        Pending<?> head;
        synchronized (inFlight) {
            head = inFlight.peekFirst();
            if (head != null && head.countReply()) {
                inFlight.pollFirst();
            }
        }
        if (head == null) {
            if (unsolicited != null) {
                unsolicited.onFrame(reply);
                return;
            }
            if (reply instanceof KvServerException e) {
                unsolicitedError = e.getMessage();
            }
            LOG.log(System.Logger.Level.DEBUG, () -> peer + " sent a reply with no request waiting, dropped: "
                    + (reply instanceof Throwable t ? t.getMessage() : reply));
            return;
        }
        head.accept(reply);
    }

    @Override
    public void onPush(List<Object> push) {
        if (unsolicited != null) {
            unsolicited.onFrame(push);
        }
    }

    @Override
    public void onClose(Throwable cause) {
        failAll(lost(cause));
        if (unsolicited != null) {
            unsolicited.onClosed(cause);
        }
    }

    private KvConnectionException lost(Throwable cause) {
        String why = cause == null ? "" : ": " + cause;
        String said = unsolicitedError == null ? "" : " (the server said: " + unsolicitedError + ")";
        return new KvConnectionException("connection to " + peer + " is closed" + why + said, cause);
    }

    private void failAll(KvConnectionException e) {
        List<Pending<?>> failed;
        synchronized (inFlight) {
            closed = true;
            if (inFlight.isEmpty()) {
                return;
            }
            failed = new ArrayList<>(inFlight);
            inFlight.clear();
        }
        for (Pending<?> p : failed) {
            p.completeExceptionally(e);
        }
    }

    /** Closes the connection; whatever is in flight fails with {@link KvConnectionException}. Idempotent. */
    void close() {
        ClientConnection ch = channel;
        if (ch != null) {
            ch.close();
        }
        failAll(lost(null));
    }
}
