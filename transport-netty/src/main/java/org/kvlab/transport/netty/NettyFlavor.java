package org.kvlab.transport.netty;

import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.ServerChannel;
import io.netty.channel.socket.SocketChannel;

/**
 * What distinguishes one Netty transport from another: its I/O handler, its channel classes and the options that
 * cut its system calls. Implementations are stateless and thread-safe; they may touch native classes, so create
 * them only after the transport was found available.
 */
public interface NettyFlavor {

    /** Returns a new factory of the event loops' I/O handlers; called once per transport instance. */
    IoHandlerFactory ioHandlerFactory();

    /** Returns the class of the listening channel. */
    Class<? extends ServerChannel> serverChannelClass();

    /**
     * Returns the file descriptor of a connected {@code channel} of this flavor ({@code CLIENT LIST}'s {@code fd}),
     * or -1 if its channels do not expose one. The default returns -1.
     */
    default int fd(Channel channel) {
        return -1;
    }

    /** Returns the class of a connected channel, for clients. */
    Class<? extends SocketChannel> socketChannelClass();

    /**
     * Sets flavor-specific options on a server bootstrap, after the common ones (which it may override).
     *
     * @param bootstrap the bootstrap, never {@code null}
     */
    default void configure(ServerBootstrap bootstrap) {
    }

    /**
     * Sets flavor-specific options on a client bootstrap, after the common ones (which it may override).
     *
     * @param bootstrap the bootstrap, never {@code null}
     */
    default void configure(Bootstrap bootstrap) {
    }
}
