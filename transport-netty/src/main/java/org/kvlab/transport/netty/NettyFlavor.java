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

    /**
     * Returns how long, in nanoseconds, a server loop's turn may serve read batches before it ends, at the end of the
     * next one, and another begins; 0 for no limit. A turn ends with the I/O handler's {@code run}, which for a
     * readiness wait ({@code epoll_wait}) is one pass over what was ready, the default's case. A flavor whose
     * {@code run} goes on while completions arrive (io_uring: it drains, submits and drains again) sets a limit:
     * otherwise the turn's replies would wait for every request the clients send meanwhile.
     */
    default long maxTurnNanos() {
        return 0;
    }

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
