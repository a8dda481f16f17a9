package org.kvlab.transport.netty;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.kvlab.spi.ConnectionHandler;
import org.kvlab.spi.IoCounters;
import org.kvlab.spi.ServerTransport;
import org.kvlab.spi.TransportConfig;

/**
 * A server over a Netty flavor: one event-loop group of {@link TransportConfig#eventLoops()} threads accepts and
 * serves (no hand-off between a boss and a worker loop). Thread-safe.
 */
final class NettyServerTransport implements ServerTransport {

    /** Reads per readiness event before the loop moves on to other channels. */
    static final int MAX_MESSAGES_PER_READ = 16;
    private static final int LOW_WATER_MARK = 32 * 1024;
    private static final int HIGH_WATER_MARK = 64 * 1024;

    private final String name;
    private final TransportConfig config;
    private final NettyFlavor flavor;
    private final IoCounters counters = new IoCounters();
    private final AtomicLong ids = new AtomicLong();
    private final Set<Channel> children = ConcurrentHashMap.newKeySet();
    private final Object lock = new Object();
    private EventLoopGroup group;
    private Channel serverChannel;
    private boolean started;
    private boolean closed;

    NettyServerTransport(String name, TransportConfig config, NettyFlavor flavor) {
        this.name = name;
        this.config = config;
        this.flavor = flavor;
    }

    @Override
    public InetSocketAddress start(ConnectionHandler.Factory handlers) throws IOException {
        if (handlers == null) {
            throw new NullPointerException("handlers");
        }
        synchronized (lock) {
            if (started) {
                throw new IllegalStateException("server transport '" + name + "' already started");
            }
            if (closed) {
                throw new IllegalStateException("server transport '" + name + "' is closed");
            }
            started = true;
            group = new MultiThreadIoEventLoopGroup(config.eventLoops(),
                    new DefaultThreadFactory("kvlab-" + name + "-server"),
                    new CountingIoHandlerFactory(flavor.ioHandlerFactory(), counters, handlers,
                            flavor.maxTurnNanos()));
            ServerBootstrap bootstrap = new ServerBootstrap()
                    .group(group)
                    .channel(flavor.serverChannelClass())
                    .option(ChannelOption.SO_BACKLOG, config.backlog())
                    .option(ChannelOption.SO_REUSEADDR, true)
                    .option(ChannelOption.ALLOCATOR, PooledByteBufAllocator.DEFAULT)
                    .childOption(ChannelOption.ALLOCATOR, PooledByteBufAllocator.DEFAULT)
                    .childOption(ChannelOption.TCP_NODELAY, config.tcpNoDelay())
                    .childOption(ChannelOption.ALLOW_HALF_CLOSURE, true)
                    .childOption(ChannelOption.RCVBUF_ALLOCATOR,
                            new LoopRecvByteBufAllocator(config.readBufferSize(), MAX_MESSAGES_PER_READ))
                    .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK,
                            new WriteBufferWaterMark(LOW_WATER_MARK, HIGH_WATER_MARK))
                    .childHandler(new ChannelInitializer<Channel>() {
                        @Override
                        protected void initChannel(Channel ch) {
                            children.add(ch);
                            ch.closeFuture().addListener(f -> children.remove(ch));
                            ch.pipeline().addLast(new ServerChannelHandler(
                                    ch, handlers, counters, ids.incrementAndGet(), config.outputBufferLimit(),
                                    flavor.fd(ch)));
                        }
                    });
            flavor.configure(bootstrap);
            ChannelFuture bound = bootstrap.bind(config.bindAddress(), config.port()).awaitUninterruptibly();
            if (!bound.isSuccess()) {
                shutdownGroup();
                closed = true;
                Throwable cause = bound.cause();
                throw new IOException("cannot bind " + config.bindAddress() + ":" + config.port() + ": "
                        + cause.getMessage(), cause);
            }
            serverChannel = bound.channel();
            return (InetSocketAddress) serverChannel.localAddress();
        }
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
        synchronized (lock) {
            if (closed) {
                return;
            }
            closed = true;
            if (serverChannel != null) {
                serverChannel.close().awaitUninterruptibly();
            }
            List<ChannelFuture> closing = new ArrayList<>();
            for (Channel child : children) {
                closing.add(child.close());
            }
            for (ChannelFuture f : closing) {
                f.awaitUninterruptibly();
            }
            shutdownGroup();
        }
    }

    private void shutdownGroup() {
        if (group != null) {
            group.shutdownGracefully(0, 5, TimeUnit.SECONDS).awaitUninterruptibly();
        }
    }
}
