package org.kvlab.transport.iouring;

import io.netty.channel.IoHandlerFactory;
import io.netty.channel.ServerChannel;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.uring.IoUringIoHandler;
import io.netty.channel.uring.IoUringIoHandlerConfig;
import io.netty.channel.uring.IoUringServerSocketChannel;
import io.netty.channel.uring.IoUringSocketChannel;
import org.kvlab.spi.TransportConfig;
import org.kvlab.transport.netty.NettyFlavor;

/** Netty's io_uring channels and I/O handler. */
final class IoUringFlavor implements NettyFlavor {

    private final TransportConfig config;

    IoUringFlavor(TransportConfig config) {
        this.config = config;
    }

    @Override
    public IoHandlerFactory ioHandlerFactory() {
        return IoUringIoHandler.newFactory(new IoUringIoHandlerConfig());
    }

    @Override
    public Class<? extends ServerChannel> serverChannelClass() {
        return IoUringServerSocketChannel.class;
    }

    @Override
    public Class<? extends SocketChannel> socketChannelClass() {
        return IoUringSocketChannel.class;
    }
}
