package org.kvlab.transport.netty;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOutboundBuffer;
import io.netty.channel.ChannelPromise;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.util.concurrent.FastThreadLocal;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.ArrayDeque;
import java.util.concurrent.CompletionStage;
import org.kvlab.spi.Connection;
import org.kvlab.spi.ConnectionHandler;
import org.kvlab.spi.IoCounters;
import org.kvlab.spi.OutputBuffer;

/**
 * Drives one server connection's {@link ConnectionHandler}; every method runs on the channel's event loop except
 * {@link #close()}, {@link #wake()} and {@link #unwrittenBytes()}.
 *
 * <p>Replies of every {@code onRead} in a read batch gather in one direct buffer, one of those the event loop keeps when
 * one is free ({@link LoopBuffer}), that is written and flushed once, in {@code channelReadComplete}. A held-back reply keeps its
 * {@link OutputBuffer}; reads that arrive meanwhile wait in a queue (and reading stops) until it completes.
 *
 * <p>Replies that back up stop reading too, but only once the client sends more before the socket took them: a read
 * that arrives while the channel is not writable (its unwritten output over the high water mark) waits in the same
 * queue, and reading stops, until the channel is writable again. A batch of replies over the high water mark does
 * not stop reading by itself: io_uring's writes complete asynchronously, so every such batch would otherwise cancel
 * the connection's multishot receive and arm a new one (epoll: two {@code epoll_ctl} calls), although the client,
 * waiting for those replies, sends nothing meanwhile.
 *
 * <p>{@link #wake()} queues the connection in its loop's {@link TurnFlushes} (from another thread, through the loop's
 * inbox), once until {@code onWake} is called; the loop calls it in its next turn, and its output is flushed with the
 * turn's replies. While output is held back, or flushed but not yet taken by the socket, or written and waiting for
 * the turn's flush beyond the channel's high-water mark, the call waits: until the held-back reply is released, or
 * an empty write queued behind the backlog completes.
 */
final class ServerChannelHandler extends ChannelInboundHandlerAdapter implements Connection {

    private static final System.Logger LOG = System.getLogger(ServerChannelHandler.class.getName());

    /** The size of the reply buffer an event loop reuses; a larger batch of replies gets a buffer of its own. */
    static final int REPLY_BUFFER_SIZE = 16 * 1024;

    /**
     * What an event loop's output buffer keeps between reads: one turn's pipelined replies of a few hundred bytes
     * each, or a few large ones, without growing a new array each time.
     */
    static final int LOOP_OUTPUT_RETAINED = 256 * 1024;

    /** The output buffer of each event loop; only used within one {@code onRead} call and drained right after. */
    private static final FastThreadLocal<OutputBuffer> LOOP_OUTPUT = new FastThreadLocal<>() {
        @Override
        protected OutputBuffer initialValue() {
            return new OutputBuffer(LOOP_OUTPUT_RETAINED);
        }
    };

    /**
     * The reply buffers an event loop keeps: one per connection whose replies wait for the end of the turn, as many
     * as a turn serves at redis-benchmark's default of 50 clients with room to spare: 64 direct buffers of
     * {@link #REPLY_BUFFER_SIZE}, each shrunk back to that size when it is taken again after a larger batch.
     */
    static final int REPLY_BUFFERS_PER_LOOP = 64;

    /** Each event loop's reply buffers, each taken by one connection at a time (see {@link LoopBuffer}). */
    private static final LoopBuffer REPLY_BUFFER = new LoopBuffer(REPLY_BUFFER_SIZE, REPLY_BUFFERS_PER_LOOP);

    private static final VarHandle WAKE_QUEUED;

    static {
        try {
            WAKE_QUEUED = MethodHandles.lookup().findVarHandle(ServerChannelHandler.class, "wakeQueued", boolean.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final Channel channel;
    /** The socket's file descriptor, -1 where the flavor's channels do not expose it. */
    private final int fd;
    private final ConnectionHandler.Factory factory;
    private final IoCounters counters;
    private final long id;
    private final long outputBufferLimit;
    /** The turns of the channel's event loop. */
    private final TurnFlushes turns;

    /**
     * Set by a wake from a thread that is no server loop when it puts this connection in its loop's inbox, cleared
     * just before {@code onWake} is called; set for good once the channel is inactive, so later such wakes do nothing.
     * Server loops' wakes leave it alone: its loop alone dedupes them, through {@link #wakeListed}, so that waking a
     * connection of another loop writes nothing the other loop's core holds.
     */
    @SuppressWarnings("unused") // through WAKE_QUEUED
    private volatile boolean wakeQueued;
    /**
     * The connection waits in its loop's wakes to serve, or its wake waits for output to drain (loop only); cleared
     * just before {@code onWake} is called, set for good once the channel is inactive.
     */
    private boolean wakeListed;
    /** The size of {@link #held}, for other threads. */
    private volatile long heldBytes;
    /** A wake waits for a held-back reply, or for the socket to take what was flushed. */
    private boolean wakeDeferred;
    /** An empty write waits behind the flushed output, to resume a deferred wake once it is written. */
    private boolean drainWatched;

    private ConnectionHandler handler;
    /** Replies not yet written to the channel, or {@code null}. */
    private ByteBuf pending;
    /** Bytes written to the channel since the last flush. */
    private long unflushed;
    /** The output of a held-back {@code onRead} or {@code onWake}, or {@code null} when none waits. */
    private OutputBuffer held;
    /** Reads that arrived while a reply was held back, or {@code null}. */
    private ArrayDeque<ByteBuf> deferred;
    private boolean inHandler;
    /** A flush of this connection waits for the end of the loop's turn ({@link TurnFlushes}). */
    private boolean flushQueued;
    /** Close once the replies so far are written; read nothing more ({@code QUIT}, a protocol error). */
    private boolean closeRequested;
    /** The peer shut down its output: serve what was read, then close. */
    private boolean inputShutdown;
    private boolean finished;
    private boolean inactive;

    /** Created on the channel's event loop, whose {@link TurnFlushes} it takes. */
    ServerChannelHandler(Channel channel, ConnectionHandler.Factory factory, IoCounters counters, long id,
            long outputBufferLimit, int fd) {
        this.channel = channel;
        this.fd = fd;
        this.factory = factory;
        this.counters = counters;
        this.id = id;
        this.outputBufferLimit = outputBufferLimit;
        this.turns = TurnFlushes.current();
    }

    @Override
    public long id() {
        return id;
    }

    @Override
    public InetSocketAddress remoteAddress() {
        return (InetSocketAddress) channel.remoteAddress();
    }

    @Override
    public InetSocketAddress localAddress() {
        return (InetSocketAddress) channel.localAddress();
    }

    @Override
    public void close() {
        if (channel.eventLoop().inEventLoop() && inHandler) {
            closeRequested = true;
        } else {
            channel.close();
        }
    }

    /** Queues {@code onWake} on the channel's loop unless queued already; does nothing once the loop has stopped. */
    @Override
    public void wake() {
        turns.wake(this);
    }

    /** Claims the wake of a thread that is no server loop: {@code false} if one is queued already. */
    boolean claimWake() {
        return WAKE_QUEUED.compareAndSet(this, false, true);
    }

    /** Lists the connection for {@code onWake} on its loop: {@code false} if it is listed already (loop only). */
    boolean listWake() {
        if (wakeListed) {
            return false;
        }
        wakeListed = true;
        return true;
    }

    /** Returns the held-back reply and what the channel's outbound buffer holds (with Netty's per-message overhead). */
    @Override
    public long unwrittenBytes() {
        ChannelOutboundBuffer outbound = channel.unsafe().outboundBuffer();
        return heldBytes + (outbound == null ? 0 : outbound.totalPendingWriteBytes());
    }

    /**
     * Returns the buffers of unwritten output: the held-back reply, and the flushed messages in the channel's outbound
     * buffer, at least one while it holds bytes (Netty's count leaves out messages not flushed yet; read without the
     * loop's lock: a recent value).
     */
    @Override
    public int unwrittenBuffers() {
        ChannelOutboundBuffer outbound = channel.unsafe().outboundBuffer();
        int messages = 0;
        if (outbound != null) {
            messages = outbound.size();
            if (messages == 0 && outbound.totalPendingWriteBytes() > 0) {
                messages = 1;
            }
        }
        return (heldBytes > 0 ? 1 : 0) + messages;
    }

    @Override
    public int fd() {
        return fd;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        counters.accept();
        handler = factory.newConnection(this);
        OutputBuffer out = LOOP_OUTPUT.get();
        inHandler = true; // a close from onOpen takes effect after its output is written
        try {
            handler.onOpen(out);
        } finally {
            inHandler = false;
        }
        append(out);
        out.clear();
        if (closeRequested) {
            finish();
        } else {
            writePending();
            flush();
        }
        ctx.fireChannelActive();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        ByteBuf buf = (ByteBuf) msg;
        counters.read(buf.readableBytes());
        if (closeRequested || finished || handler == null) {
            buf.release();
        } else if (readsWait() || !channel.isWritable()) {
            deferred().add(buf);
            channel.config().setAutoRead(false);
        } else {
            try {
                process(buf);
            } finally {
                buf.release();
            }
        }
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        turns.endIfLong();
        endBatch();
    }

    /** Ends a batch of handler calls: closes if asked (once the output is out), else writes it, flushed with the turn. */
    private void endBatch() {
        if (held == null && (closeRequested || inputShutdown && !readsWait())) {
            finish();
        } else {
            writePending();
            if (unflushed > 0 && !flushQueued) {
                flushQueued = turns.defer(this);
                if (!flushQueued) {
                    flush();
                }
            }
        }
    }

    /**
     * Calls {@code onWake}, in the loop's turn (see {@link TurnFlushes}), unless the connection is closing; waits while
     * a reply is held back, flushed output is not written yet, or the channel is unwritable. A failure closes the
     * connection.
     */
    void serveWake() {
        if (inactive || finished || closeRequested || handler == null) {
            return;
        }
        try {
            if (held != null) {
                wakeDeferred = true;
                return;
            }
            ChannelOutboundBuffer outbound = channel.unsafe().outboundBuffer();
            if (outbound != null && (!outbound.isEmpty() || !channel.isWritable())) { // a backlog, or one to come
                wakeDeferred = true;
                watchDrain();
                return;
            }
            wakeListed = false; // wakes made from now on, by onWake too, queue the connection again
            if (wakeQueued) {
                WAKE_QUEUED.setVolatile(this, false);
            }
            OutputBuffer out = LOOP_OUTPUT.get();
            CompletionStage<?> stage;
            inHandler = true;
            try {
                stage = handler.onWake(out);
            } catch (RuntimeException e) {
                out.clear();
                throw e;
            } finally {
                inHandler = false;
            }
            output(out, stage);
            endBatch();
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "connection " + id + ": handler failed, closing", e);
            finished = true;
            channel.close();
        }
    }

    /** Queues the deferred wake again, for the loop's next turn. */
    private void resumeWake() {
        if (wakeDeferred) {
            wakeDeferred = false;
            turns.requeue(this);
        }
    }

    /** Writes an empty buffer behind the flushed output: it completes, resuming the wake, once they are written. */
    private void watchDrain() {
        if (drainWatched) {
            return;
        }
        drainWatched = true;
        ChannelPromise written = channel.newPromise();
        written.addListener(f -> {
            drainWatched = false;
            if (f.isSuccess()) {
                resumeWake();
            }
        });
        channel.write(Unpooled.EMPTY_BUFFER, written);
        if (!flushQueued) {
            if (unflushed > 0) {
                flush();
            } else {
                channel.flush();
            }
        }
    }

    /** Flushes what this connection wrote during the loop's turn; called by {@link TurnFlushes} at its end. */
    void flushDeferred() {
        flushQueued = false;
        if (!inactive) {
            flush();
        }
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt instanceof ChannelInputShutdownEvent) {
            inputShutdown = true;
            if (!readsWait()) {
                finish();
            }
        }
        ctx.fireUserEventTriggered(evt);
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        if (channel.isWritable()) {
            if (held == null && deferred != null && !deferred.isEmpty()) {
                // not from within the outbound buffer's removal of what was written, which calls this method
                channel.eventLoop().execute(this::serveWaitingReads);
            } else {
                resumeReading();
            }
        }
        ctx.fireChannelWritabilityChanged();
    }

    /** Serves the reads that waited for the channel to become writable, then reads again. */
    private void serveWaitingReads() {
        if (inactive || finished || held != null) {
            return;
        }
        processWaitingReads();
        afterWaitingReads();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        inactive = true;
        WAKE_QUEUED.setVolatile(this, true);
        wakeListed = true;
        counters.close();
        if (pending != null) {
            pending.release();
            pending = null;
        }
        releaseDeferred();
        held = null;
        heldBytes = 0;
        if (handler != null) {
            try {
                handler.onClose();
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "connection " + id + ": onClose failed", e);
            }
        }
        ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (cause instanceof IOException) {
            LOG.log(System.Logger.Level.DEBUG, () -> "connection " + id + ": " + cause);
        } else {
            LOG.log(System.Logger.Level.WARNING, "connection " + id + " closed after an error", cause);
        }
        ctx.close();
    }

    private void process(ByteBuf buf) {
        ByteBuffer in = LoopInput.of(buf);
        OutputBuffer out = LOOP_OUTPUT.get();
        CompletionStage<?> stage;
        inHandler = true;
        try {
            stage = handler.onRead(in, out);
        } catch (RuntimeException e) {
            out.clear();
            LOG.log(System.Logger.Level.WARNING, "connection " + id + ": handler failed, closing", e);
            finished = true;
            channel.close();
            return;
        } finally {
            inHandler = false;
        }
        output(out, stage);
    }

    /** Takes what a handler call appended to the loop's {@code out}: to write now, or held back until {@code stage}. */
    private void output(OutputBuffer out, CompletionStage<?> stage) {
        if (stage == null) {
            append(out);
            out.clear();
            return;
        }
        held = out;
        heldBytes = out.size();
        LOOP_OUTPUT.set(new OutputBuffer(LOOP_OUTPUT_RETAINED));
        writePending();
        stage.whenComplete((ignored, failure) -> channel.eventLoop().execute(() -> release(failure)));
    }

    /** Asks the handler whether to write {@code held} after its stage failed; a failing handler says no. */
    private boolean writeAfterFailure(Throwable failure, OutputBuffer held) {
        inHandler = true;
        try {
            return handler.onHoldFailed(failure, held);
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "connection " + id + ": handler failed, closing", e);
            return false;
        } finally {
            inHandler = false;
        }
    }

    /** Runs on the event loop when the held-back reply may be written, or must be dropped. */
    private void release(Throwable failure) {
        OutputBuffer out = held;
        held = null;
        heldBytes = 0;
        if (inactive || finished || out == null) {
            return;
        }
        if (failure != null && !writeAfterFailure(failure, out)) {
            LOG.log(System.Logger.Level.DEBUG, () -> "connection " + id + ": held reply failed, closing: " + failure);
            finished = true;
            channel.close();
            return;
        }
        append(out);
        processWaitingReads();
        afterWaitingReads();
    }

    /**
     * Processes the reads that waited, in order, while no reply is held back and the channel is writable (it stays so
     * meanwhile: the replies gather in {@link #pending}, written to the channel afterwards).
     */
    private void processWaitingReads() {
        while (held == null && !closeRequested && !finished && channel.isWritable() && deferred != null
                && !deferred.isEmpty()) {
            ByteBuf buf = deferred.poll();
            try {
                process(buf);
            } finally {
                buf.release();
            }
        }
    }

    /** After the reads that waited: closes if asked, else writes and flushes, reads again and resumes a wake. */
    private void afterWaitingReads() {
        if (held == null && (closeRequested || inputShutdown && !readsWait())) {
            finish();
            return;
        }
        writePending();
        flush();
        resumeReading();
        resumeWake();
    }

    /** Returns whether reads wait, or must wait, behind a held-back reply or reads queued before them. */
    private boolean readsWait() {
        return held != null || deferred != null && !deferred.isEmpty();
    }

    private void resumeReading() {
        if (!readsWait() && !finished && !closeRequested && channel.isWritable() && !channel.config().isAutoRead()) {
            channel.config().setAutoRead(true);
        }
    }

    /** Writes and flushes what is pending, then closes once it is on the wire. */
    private void finish() {
        if (finished) {
            return;
        }
        finished = true;
        releaseDeferred();
        writePending();
        if (unflushed > 0) {
            counters.write(unflushed);
            unflushed = 0;
        }
        channel.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
    }

    private void append(OutputBuffer out) {
        int size = out.size();
        if (size == 0) {
            return;
        }
        if (pending == null) {
            pending = REPLY_BUFFER.acquire(channel.alloc(), size);
        }
        pending.writeBytes(out.array(), 0, size);
    }

    private void writePending() {
        if (pending != null) {
            ByteBuf buf = pending;
            pending = null;
            unflushed += buf.readableBytes();
            channel.write(buf, channel.voidPromise());
        }
    }

    private void flush() {
        if (unflushed == 0) {
            return;
        }
        counters.write(unflushed);
        unflushed = 0;
        channel.flush();
        if (outputBufferLimit > 0) {
            ChannelOutboundBuffer outbound = channel.unsafe().outboundBuffer();
            if (outbound != null && outbound.totalPendingWriteBytes() > outputBufferLimit) {
                LOG.log(System.Logger.Level.INFO, () -> "connection " + id + " closed: "
                        + outbound.totalPendingWriteBytes() + " unwritten reply bytes over the output buffer limit "
                        + outputBufferLimit);
                finished = true;
                channel.close();
            }
        }
    }

    private ArrayDeque<ByteBuf> deferred() {
        if (deferred == null) {
            deferred = new ArrayDeque<>(2);
        }
        return deferred;
    }

    private void releaseDeferred() {
        if (deferred != null) {
            for (ByteBuf buf; (buf = deferred.poll()) != null; ) {
                buf.release();
            }
        }
    }
}
