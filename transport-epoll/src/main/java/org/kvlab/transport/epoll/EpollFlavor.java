package org.kvlab.transport.epoll;

import io.netty.channel.Channel;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.unix.UnixChannel;
import org.kvlab.transport.netty.NettyFlavor;

/** Netty's epoll channels and I/O handler; the common options already keep a short read to one syscall. */
final class EpollFlavor implements NettyFlavor {

    @Override
    public IoHandlerFactory ioHandlerFactory() {
        return EpollIoHandler.newFactory();
    }

    @Override
    public Class<? extends ServerChannel> serverChannelClass() {
        return EpollServerSocketChannel.class;
    }

    /** Returns the descriptor of the channel's socket: Netty's native channels expose it. */
    @Override
    public int fd(Channel channel) {
        return ((UnixChannel) channel).fd().intValue();
    }

    @Override
    public Class<? extends SocketChannel> socketChannelClass() {
        return EpollSocketChannel.class;
    }
}
