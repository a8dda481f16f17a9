package org.kvlab.transport.netty;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.FixedRecvByteBufAllocator;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.kvlab.spi.ClientConnection;
import org.kvlab.spi.ClientTransport;
import org.kvlab.spi.IoCounters;
import org.kvlab.spi.TransportConfig;

/** A client over a Netty flavor: one event-loop group per transport serves all its connections. Thread-safe. */
final class NettyClientTransport implements ClientTransport {

    private final String name;
    private final TransportConfig config;
    private final IoCounters counters = new IoCounters();
    private final Set<Channel> channels = ConcurrentHashMap.newKeySet();
    private final EventLoopGroup group;
    private final Bootstrap bootstrap;
    private volatile boolean closed;

    NettyClientTransport(String name, TransportConfig config, NettyFlavor flavor) {
        this.name = name;
        this.config = config;
        this.group = new MultiThreadIoEventLoopGroup(config.eventLoops(),
                new DefaultThreadFactory("kvlab-" + name + "-client"),
                new CountingIoHandlerFactory(flavor.ioHandlerFactory(), counters, null, 0));
        this.bootstrap = new Bootstrap()
                .group(group)
                .channel(flavor.socketChannelClass())
                .option(ChannelOption.ALLOCATOR, PooledByteBufAllocator.DEFAULT)
                .option(ChannelOption.TCP_NODELAY, config.tcpNoDelay())
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS,
                        (int) Math.min(Integer.MAX_VALUE, config.connectTimeout().toMillis()))
                .option(ChannelOption.RCVBUF_ALLOCATOR, new FixedRecvByteBufAllocator(config.readBufferSize())
                        .maxMessagesPerRead(NettyServerTransport.MAX_MESSAGES_PER_READ));
        flavor.configure(bootstrap);
    }

    @Override
    public ClientConnection connect(InetSocketAddress address, ClientConnection.Handler handler) throws IOException {
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(handler, "handler");
        if (closed) {
            throw new IOException("client transport '" + name + "' is closed");
        }
        ClientChannelHandler channelHandler = new ClientChannelHandler(handler, counters);
        ChannelFuture connected = bootstrap.clone().handler(new ChannelInitializer<Channel>() {
            @Override
            protected void initChannel(Channel ch) {
                ch.pipeline().addLast(channelHandler);
            }
        }).connect(address);
        counters.connect();
        if (!connected.awaitUninterruptibly(config.connectTimeout().toMillis() + 1000, TimeUnit.MILLISECONDS)) {
            connected.cancel(false);
            connected.channel().close();
            throw new IOException("connect to " + address + " timed out after " + config.connectTimeout());
        }
        if (!connected.isSuccess()) {
            Throwable cause = connected.cause();
            throw new IOException("cannot connect to " + address + ": " + cause.getMessage(), cause);
        }
        Channel channel = connected.channel();
        channels.add(channel);
        channel.closeFuture().addListener(f -> channels.remove(channel));
        if (closed) {
            channel.close();
            throw new IOException("client transport '" + name + "' is closed");
        }
        return channelHandler;
    }

    @Override
    public IoCounters counters() {
        return counters;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
        }
        List<ChannelFuture> closing = new ArrayList<>();
        for (Channel channel : channels) {
            closing.add(channel.close());
        }
        for (ChannelFuture f : closing) {
            f.awaitUninterruptibly();
        }
        group.shutdownGracefully(0, 5, TimeUnit.SECONDS).awaitUninterruptibly();
    }
}
