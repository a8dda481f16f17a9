package org.kvlab.transport.netty;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOutboundBuffer;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.util.concurrent.FastThreadLocal;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.concurrent.CompletionStage;
import org.kvlab.spi.Connection;
import org.kvlab.spi.ConnectionHandler;
import org.kvlab.spi.IoCounters;
import org.kvlab.spi.OutputBuffer;

/**
 * Drives one server connection's {@link ConnectionHandler}; every method runs on the channel's event loop except
 * {@link #close()}.
 *
 * <p>Replies of every {@code onRead} in a read batch gather in one direct buffer, the event loop's own when it is free
 * ({@link LoopBuffer}), that is written and flushed once, in {@code channelReadComplete}. A held-back reply keeps its {@link OutputBuffer}; reads that arrive
 * meanwhile wait in a queue (and reading stops) until it completes.
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

    /** Each event loop's reply buffer, taken by one connection at a time (see {@link LoopBuffer}). */
    private static final LoopBuffer REPLY_BUFFER = new LoopBuffer(REPLY_BUFFER_SIZE);

    private final Channel channel;
    private final ConnectionHandler.Factory factory;
    private final IoCounters counters;
    private final long id;
    private final long outputBufferLimit;

    private ConnectionHandler handler;
    /** Replies not yet written to the channel, or {@code null}. */
    private ByteBuf pending;
    /** Bytes written to the channel since the last flush. */
    private long unflushed;
    /** The replies of a held-back {@code onRead}, or {@code null} when none waits. */
    private OutputBuffer held;
    /** Reads that arrived while a reply was held back, or {@code null}. */
    private ArrayDeque<ByteBuf> deferred;
    private boolean inOnRead;
    /** A flush of this connection waits for the end of the loop's turn ({@link TurnFlushes}). */
    private boolean flushQueued;
    /** Close once the replies so far are written; read nothing more ({@code QUIT}, a protocol error). */
    private boolean closeRequested;
    /** The peer shut down its output: serve what was read, then close. */
    private boolean inputShutdown;
    private boolean finished;
    private boolean inactive;

    ServerChannelHandler(Channel channel, ConnectionHandler.Factory factory, IoCounters counters, long id,
            long outputBufferLimit) {
        this.channel = channel;
        this.factory = factory;
        this.counters = counters;
        this.id = id;
        this.outputBufferLimit = outputBufferLimit;
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
        if (channel.eventLoop().inEventLoop() && inOnRead) {
            closeRequested = true;
        } else {
            channel.close();
        }
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        counters.accept();
        handler = factory.newConnection(this);
        OutputBuffer out = LOOP_OUTPUT.get();
        inOnRead = true; // a close from onOpen takes effect after its output is written
        try {
            handler.onOpen(out);
        } finally {
            inOnRead = false;
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
        } else if (held != null) {
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
        if (held == null && (closeRequested || inputShutdown)) {
            finish();
        } else {
            writePending();
            if (unflushed > 0 && !flushQueued) {
                flushQueued = TurnFlushes.current().defer(this);
                if (!flushQueued) {
                    flush();
                }
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
            if (held == null) {
                finish();
            }
        }
        ctx.fireUserEventTriggered(evt);
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        if (!channel.isWritable()) {
            channel.config().setAutoRead(false);
        } else {
            resumeReading();
        }
        ctx.fireChannelWritabilityChanged();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        inactive = true;
        counters.close();
        if (pending != null) {
            pending.release();
            pending = null;
        }
        releaseDeferred();
        held = null;
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
        ByteBuffer in = buf.nioBufferCount() == 1 ? buf.internalNioBuffer(buf.readerIndex(), buf.readableBytes())
                : ByteBuffer.wrap(ByteBufUtil.getBytes(buf));
        OutputBuffer out = LOOP_OUTPUT.get();
        CompletionStage<?> stage;
        inOnRead = true;
        try {
            stage = handler.onRead(in, out);
        } catch (RuntimeException e) {
            out.clear();
            LOG.log(System.Logger.Level.WARNING, "connection " + id + ": handler failed, closing", e);
            finished = true;
            channel.close();
            return;
        } finally {
            inOnRead = false;
        }
        if (stage == null) {
            append(out);
            out.clear();
            return;
        }
        held = out;
        LOOP_OUTPUT.set(new OutputBuffer(LOOP_OUTPUT_RETAINED));
        writePending();
        stage.whenComplete((ignored, failure) -> channel.eventLoop().execute(() -> release(failure)));
    }

    /** Runs on the event loop when the held-back reply may be written, or must be dropped. */
    private void release(Throwable failure) {
        OutputBuffer out = held;
        held = null;
        if (inactive || finished || out == null) {
            return;
        }
        if (failure != null) {
            LOG.log(System.Logger.Level.DEBUG, () -> "connection " + id + ": held reply failed, closing: " + failure);
            finished = true;
            channel.close();
            return;
        }
        append(out);
        while (held == null && !closeRequested && !finished && deferred != null && !deferred.isEmpty()) {
            ByteBuf buf = deferred.poll();
            try {
                process(buf);
            } finally {
                buf.release();
            }
        }
        if (held == null && (closeRequested || inputShutdown)) {
            finish();
            return;
        }
        writePending();
        flush();
        resumeReading();
    }

    private void resumeReading() {
        if (held == null && !finished && !closeRequested && channel.isWritable() && !channel.config().isAutoRead()) {
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
