package org.kvlab.transport.iouring;

import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.ServerChannel;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.unix.UnixChannel;
import io.netty.channel.uring.IoUring;
import io.netty.channel.uring.IoUringBufferRingConfig;
import io.netty.channel.uring.IoUringChannelOption;
import io.netty.channel.uring.IoUringFixedBufferRingAllocator;
import io.netty.channel.uring.IoUringIoHandler;
import io.netty.channel.uring.IoUringIoHandlerConfig;
import io.netty.channel.uring.IoUringServerSocketChannel;
import io.netty.channel.uring.IoUringSocketChannel;
import org.kvlab.spi.TransportConfig;
import org.kvlab.transport.netty.NettyFlavor;

/**
 * Netty's io_uring channels and I/O handler, set up to cut {@code io_uring_enter} calls: a single-issuer ring
 * (Netty adds {@code DEFER_TASKRUN} where the kernel has it, so completions are reaped in the loop's own wait) and,
 * where the kernel supports them, a provided-buffer ring that receives draw from.
 */
final class IoUringFlavor implements NettyFlavor {

    private static final short BUFFER_GROUP_ID = 1;
    private static final short BUFFER_RING_SIZE = 64;
    /**
     * How long a turn serves read batches before it ends ({@link #maxTurnNanos()}): about twenty requests of a
     * pipeline-1 load, so short turns are not cut, while a turn of 50 pipelined batches is cut into many.
     */
    static final long MAX_TURN_MICROS = 250;

    private final TransportConfig config;
    private final boolean bufferRing;

    IoUringFlavor(TransportConfig config) {
        this.config = config;
        this.bufferRing = IoUring.isRegisterBufferRingSupported();
    }

    @Override
    public IoHandlerFactory ioHandlerFactory() {
        IoUringIoHandlerConfig handlerConfig = new IoUringIoHandlerConfig().setSingleIssuer(true);
        if (bufferRing) {
            handlerConfig.setBufferRingConfig(IoUringBufferRingConfig.builder()
                    .bufferGroupId(BUFFER_GROUP_ID)
                    .bufferRingSize(BUFFER_RING_SIZE)
                    .batchSize(BUFFER_RING_SIZE / 4)
                    .allocator(new IoUringFixedBufferRingAllocator(PooledByteBufAllocator.DEFAULT,
                            config.readBufferSize()))
                    .build());
        }
        return IoUringIoHandler.newFactory(handlerConfig);
    }

    /**
     * One {@code run} of Netty's io_uring handler drains completions and submits for as long as completions arrive,
     * so the turns are cut: after {@value #MAX_TURN_MICROS} µs of serving.
     */
    @Override
    public long maxTurnNanos() {
        return MAX_TURN_MICROS * 1000;
    }

    @Override
    public Class<? extends ServerChannel> serverChannelClass() {
        return IoUringServerSocketChannel.class;
    }

    /** Returns the descriptor of the channel's socket: Netty's native channels expose it. */
    @Override
    public int fd(Channel channel) {
        return ((UnixChannel) channel).fd().intValue();
    }

    @Override
    public Class<? extends SocketChannel> socketChannelClass() {
        return IoUringSocketChannel.class;
    }

    @Override
    public void configure(ServerBootstrap bootstrap) {
        if (bufferRing) {
            bootstrap.childOption(IoUringChannelOption.IO_URING_BUFFER_GROUP_ID, BUFFER_GROUP_ID);
        }
    }

    @Override
    public void configure(Bootstrap bootstrap) {
        if (bufferRing) {
            bootstrap.option(IoUringChannelOption.IO_URING_BUFFER_GROUP_ID, BUFFER_GROUP_ID);
        }
    }
}
