package org.kvlab.transport.nio;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.UnresolvedAddressException;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import org.kvlab.spi.ConnectionHandler;
import org.kvlab.spi.IoCounters;
import org.kvlab.spi.ServerTransport;
import org.kvlab.spi.TransportConfig;

/**
 * The nio server: {@link TransportConfig#eventLoops()} {@link ServerLoop}s; loop 0 also accepts and deals the
 * connections out round-robin. Thread-safe.
 */
final class NioServerTransport implements ServerTransport {

    private final TransportConfig config;
    private final IoCounters counters = new IoCounters();
    private final AtomicLong ids = new AtomicLong();
    private final Object lock = new Object();
    private ServerLoop[] loops;
    private ConnectionHandler.Factory handlers;
    private int nextLoop;
    private boolean started;
    private boolean closed;

    NioServerTransport(TransportConfig config) {
        this.config = config;
    }

    @Override
    public InetSocketAddress start(ConnectionHandler.Factory handlers) throws IOException {
        Objects.requireNonNull(handlers, "handlers");
        synchronized (lock) {
            if (closed) {
                throw new IllegalStateException("nio server transport is closed");
            }
            if (started) {
                throw new IllegalStateException("nio server transport already started");
            }
            started = true;
            this.handlers = handlers;
            ServerSocketChannel acceptor = bind();
            ServerLoop[] made = new ServerLoop[config.eventLoops()];
            try {
                for (int i = 0; i < made.length; i++) {
                    made[i] = new ServerLoop(this, i);
                }
                made[0].acceptOn(acceptor);
            } catch (IOException | RuntimeException e) {
                acceptor.close();
                for (ServerLoop loop : made) {
                    if (loop != null) {
                        loop.discard();
                    }
                }
                throw e;
            }
            loops = made;
            for (ServerLoop loop : made) {
                loop.start();
            }
            return (InetSocketAddress) acceptor.getLocalAddress();
        }
    }

    private ServerSocketChannel bind() throws IOException {
        InetSocketAddress address = new InetSocketAddress(config.bindAddress(), config.port());
        ServerSocketChannel acceptor = ServerSocketChannel.open();
        try {
            acceptor.setOption(StandardSocketOptions.SO_REUSEADDR, true);
            acceptor.bind(address, config.backlog());
            acceptor.configureBlocking(false);
            return acceptor;
        } catch (IOException | UnresolvedAddressException e) {
            acceptor.close();
            throw new IOException("cannot listen on " + config.bindAddress() + ":" + config.port() + ": "
                    + (e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName()), e);
        }
    }

    /** Returns the loop the next accepted connection goes to; called by loop 0 only. */
    ServerLoop nextLoop() {
        ServerLoop[] all = loops;
        ServerLoop loop = all[nextLoop];
        nextLoop = nextLoop + 1 == all.length ? 0 : nextLoop + 1;
        return loop;
    }

    /** Called by a loop when it closed a connection: a descriptor is free again. */
    void connectionClosed() {
        loops[0].resumeAccepting();
    }

    long nextId() {
        return ids.incrementAndGet();
    }

    ConnectionHandler.Factory handlers() {
        return handlers;
    }

    TransportConfig config() {
        return config;
    }

    @Override
    public IoCounters counters() {
        return counters;
    }

    @Override
    public String name() {
        return NioTransportProvider.NAME;
    }

    @Override
    public void close() {
        ServerLoop[] toStop;
        synchronized (lock) {
            if (closed) {
                return;
            }
            closed = true;
            toStop = loops;
        }
        if (toStop == null) {
            return;
        }
        // loop 0 first: once it has stopped nothing is accepted, so no connection is handed to a stopped loop
        for (ServerLoop loop : toStop) {
            loop.shutdown();
            loop.join();
        }
    }
}
