package org.kvlab.transport.blocking;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicLong;
import org.kvlab.spi.ConnectionHandler;
import org.kvlab.spi.IoCounters;
import org.kvlab.spi.ServerTransport;
import org.kvlab.spi.TransportConfig;

/**
 * The thread-per-connection server: an acceptor thread, and a {@link BlockingConnection} thread per connection, all
 * made by the transport's {@link ThreadFactory}. Thread-safe.
 */
final class BlockingServerTransport implements ServerTransport {

    private static final System.Logger LOG = System.getLogger(BlockingServerTransport.class.getName());

    private final String name;
    private final TransportConfig config;
    private final ThreadFactory threads;
    private final BlockingTransports.AfterDrainingRead afterDrainingRead;
    private final IoCounters counters = new IoCounters();
    private final AtomicLong ids = new AtomicLong();
    private final Set<BlockingConnection> connections = ConcurrentHashMap.newKeySet();
    private final Object lock = new Object();
    private ServerSocket listener;
    /** The listening address when it names one interface, so the local address of every connection; else null. */
    private volatile InetSocketAddress sharedLocalAddress;
    private Thread acceptor;
    private ConnectionHandler.Factory handlers;
    private boolean started;
    private volatile boolean closed;

    BlockingServerTransport(String name, TransportConfig config, ThreadFactory threads,
            BlockingTransports.AfterDrainingRead afterDrainingRead) {
        this.name = name;
        this.config = config;
        this.threads = threads;
        this.afterDrainingRead = afterDrainingRead;
    }

    @Override
    public InetSocketAddress start(ConnectionHandler.Factory handlers) throws IOException {
        Objects.requireNonNull(handlers, "handlers");
        synchronized (lock) {
            if (closed) {
                throw new IllegalStateException(name + " server transport is closed");
            }
            if (started) {
                throw new IllegalStateException(name + " server transport already started");
            }
            started = true;
            this.handlers = handlers;
            ServerSocket socket = new ServerSocket();
            try {
                socket.setReuseAddress(true);
                InetSocketAddress address = new InetSocketAddress(config.bindAddress(), config.port());
                if (address.isUnresolved()) {
                    throw new IOException("unresolved address");
                }
                socket.bind(address, config.backlog());
            } catch (IOException e) {
                socket.close();
                throw new IOException("cannot listen on " + config.bindAddress() + ":" + config.port() + ": "
                        + e.getMessage(), e);
            }
            listener = socket;
            InetSocketAddress bound = (InetSocketAddress) socket.getLocalSocketAddress();
            sharedLocalAddress = bound.getAddress().isAnyLocalAddress() ? null : bound;
            acceptor = newThread("kvlab-" + name + "-accept", this::acceptLoop);
            acceptor.start();
            return (InetSocketAddress) socket.getLocalSocketAddress();
        }
    }

    private void acceptLoop() {
        while (!closed) {
            Socket socket;
            try {
                socket = listener.accept();
            } catch (IOException e) {
                counters.accept();
                if (closed) {
                    break;
                }
                LOG.log(System.Logger.Level.WARNING, "accept failed: " + e.getMessage());
                pause();
                continue;
            }
            counters.accept();
            BlockingConnection c = new BlockingConnection(this, socket, ids.incrementAndGet());
            connections.add(c);
            if (closed) {
                c.close();
            }
            c.start();
        }
    }

    /** Backs off after a failed accept (out of descriptors, say) rather than spin. */
    private static void pause() {
        try {
            Thread.sleep(10);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    void closed(BlockingConnection c) {
        connections.remove(c);
    }

    /** Returns a new, unstarted thread of this transport's factory. */
    Thread newThread(String threadName, Runnable task) {
        return BlockingTransports.newThread(threads, threadName, task);
    }

    /**
     * Returns the local address every connection has — the listening one, when it names one interface (the loopback
     * by default) — so that connections share one object; {@code null} when the listener takes connections on every
     * interface and each connection's own must be asked.
     */
    InetSocketAddress localAddressOfEveryConnection() {
        return sharedLocalAddress;
    }

    BlockingTransports.AfterDrainingRead afterDrainingRead() {
        return afterDrainingRead;
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
        return name;
    }

    @Override
    public void close() {
        synchronized (lock) {
            if (closed) {
                return;
            }
            closed = true;
        }
        if (listener == null) {
            return;
        }
        try {
            listener.close();
        } catch (IOException e) {
            LOG.log(System.Logger.Level.DEBUG, "closing the listening socket", e);
        }
        counters.close();
        join(acceptor);
        List<BlockingConnection> open = new ArrayList<>(connections);
        for (BlockingConnection c : open) {
            c.close();
        }
        for (BlockingConnection c : open) {
            c.join();
        }
    }

    static void join(Thread thread) {
        if (thread == null || thread == Thread.currentThread()) {
            return;
        }
        boolean interrupted = false;
        while (thread.isAlive()) {
            try {
                thread.join();
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
