package org.kvlab.transport.netty;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import java.io.UncheckedIOException;
import java.nio.channels.ClosedChannelException;
import org.kvlab.spi.ClientConnection;
import org.kvlab.spi.IoCounters;

/**
 * One client connection: hands what it reads to the {@link ClientConnection.Handler} on the event loop and sends
 * from any thread. {@link #send} and {@link #close} are thread-safe.
 */
final class ClientChannelHandler extends ChannelInboundHandlerAdapter implements ClientConnection {

    private static final System.Logger LOG = System.getLogger(ClientChannelHandler.class.getName());

    private final Handler handler;
    private final IoCounters counters;
    private volatile Channel channel;
    /** The first error seen, reported to {@link Handler#onClose}; event loop only. */
    private Throwable failure;

    ClientChannelHandler(Handler handler, IoCounters counters) {
        this.handler = handler;
        this.counters = counters;
    }

    @Override
    public void send(byte[] data, int offset, int length) {
        if (offset < 0 || length < 0 || offset > data.length - length) {
            throw new IndexOutOfBoundsException("offset: " + offset + ", length: " + length
                    + " (expected: within 0.." + data.length + ")");
        }
        Channel ch = channel;
        if (ch == null || !ch.isActive()) {
            throw new UncheckedIOException(new ClosedChannelException());
        }
        ByteBuf buf = ch.alloc().directBuffer(length, length);
        buf.writeBytes(data, offset, length);
        counters.write(length);
        ch.writeAndFlush(buf, ch.voidPromise());
    }

    @Override
    public boolean isOpen() {
        Channel ch = channel;
        return ch != null && ch.isActive();
    }

    @Override
    public void close() {
        Channel ch = channel;
        if (ch != null) {
            ch.close();
        }
    }

    @Override
    public void channelRegistered(ChannelHandlerContext ctx) {
        channel = ctx.channel();
        ctx.fireChannelRegistered();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        ByteBuf buf = (ByteBuf) msg;
        try {
            counters.read(buf.readableBytes());
            handler.onRead(LoopInput.of(buf));
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "client handler failed, closing the connection", e);
            if (failure == null) {
                failure = e;
            }
            ctx.close();
        } finally {
            buf.release();
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (failure == null) {
            failure = cause;
        }
        ctx.close();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        counters.close();
        handler.onClose(failure);
        ctx.fireChannelInactive();
    }
}
