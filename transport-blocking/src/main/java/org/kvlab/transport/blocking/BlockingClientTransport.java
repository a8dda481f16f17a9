package org.kvlab.transport.blocking;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import org.kvlab.spi.ClientConnection;
import org.kvlab.spi.ClientTransport;
import org.kvlab.spi.IoCounters;
import org.kvlab.spi.TransportConfig;

/**
 * The thread-per-connection client: each connection has a reader thread, made by the transport's
 * {@link ThreadFactory}, that feeds its handler; {@link ClientConnection#send} writes on the caller's thread under the
 * connection's lock (a {@link ReentrantLock}, which a virtual thread blocked in the write does not pin to its
 * carrier, as {@code synchronized} does before Java 24). Thread-safe.
 */
final class BlockingClientTransport implements ClientTransport {

    private static final System.Logger LOG = System.getLogger(BlockingClientTransport.class.getName());

    private final String name;
    private final TransportConfig config;
    private final ThreadFactory threads;
    private final IoCounters counters = new IoCounters();
    private final Set<Conn> connections = ConcurrentHashMap.newKeySet();
    private final AtomicLong ids = new AtomicLong();
    private volatile boolean closed;

    BlockingClientTransport(String name, TransportConfig config, ThreadFactory threads) {
        this.name = name;
        this.config = config;
        this.threads = threads;
    }

    @Override
    public ClientConnection connect(InetSocketAddress address, ClientConnection.Handler handler) throws IOException {
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(handler, "handler");
        if (closed) {
            throw new IOException(name + " client transport is closed");
        }
        Socket socket = new Socket();
        try {
            socket.setTcpNoDelay(config.tcpNoDelay());
            counters.connect();
            socket.connect(address, (int) Math.min(Integer.MAX_VALUE, config.connectTimeout().toMillis()));
        } catch (IOException e) {
            socket.close();
            counters.close();
            throw new IOException("cannot connect to " + address + ": " + e.getMessage(), e);
        }
        Conn c = new Conn(socket, socket.getOutputStream(), handler, ids.incrementAndGet());
        connections.add(c);
        c.reader.start();
        if (closed) {
            c.close();
            throw new IOException(name + " client transport is closed");
        }
        return c;
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
        if (closed) {
            return;
        }
        closed = true;
        List<Conn> open = new ArrayList<>(connections);
        for (Conn c : open) {
            c.close();
        }
        for (Conn c : open) {
            BlockingServerTransport.join(c.reader);
        }
    }

    /** One client connection; its reader thread owns reading and tells the handler of the close. */
    private final class Conn implements ClientConnection {
        private final Socket socket;
        private final OutputStream out;
        private final ClientConnection.Handler handler;
        private final Thread reader;
        private final ReentrantLock writeLock = new ReentrantLock();
        private final AtomicBoolean shut = new AtomicBoolean();

        Conn(Socket socket, OutputStream out, ClientConnection.Handler handler, long id) {
            this.socket = socket;
            this.out = out;
            this.handler = handler;
            this.reader = BlockingTransports.newThread(threads, "kvlab-" + name + "-client-" + id, this::read);
            reader.setDaemon(true);
        }

        @Override
        public void send(byte[] data, int offset, int length) {
            Objects.checkFromIndexSize(offset, length, data.length);
            writeLock.lock();
            try {
                if (shut.get()) {
                    throw new UncheckedIOException(new IOException("connection closed"));
                }
                Chunks.write(out, data, offset, length, counters);
            } catch (IOException e) {
                close();
                throw new UncheckedIOException("write failed", e);
            } finally {
                writeLock.unlock();
            }
        }

        @Override
        public boolean isOpen() {
            return !shut.get();
        }

        @Override
        public void close() {
            if (shut.compareAndSet(false, true)) {
                try {
                    socket.close();
                } catch (IOException e) {
                    LOG.log(System.Logger.Level.DEBUG, "closing a client connection", e);
                }
                counters.close();
            }
        }

        private void read() {
            Throwable cause = null;
            try {
                InputStream in = socket.getInputStream();
                byte[] buffer = new byte[Math.min(config.readBufferSize(), Chunks.MAX_IO)];
                ByteBuffer view = ByteBuffer.wrap(buffer);
                while (true) {
                    int n;
                    try {
                        n = in.read(buffer);
                    } catch (IOException e) {
                        counters.read(0);
                        throw e;
                    }
                    counters.read(n);
                    if (n < 0) {
                        break;
                    }
                    view.clear().limit(n);
                    handler.onRead(view);
                }
            } catch (IOException e) {
                cause = shut.get() ? null : e;
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "the client connection handler failed; closing", e);
                cause = e;
            } finally {
                close();
                connections.remove(this);
                try {
                    handler.onClose(cause);
                } catch (RuntimeException e) {
                    LOG.log(System.Logger.Level.WARNING, "onClose of a client connection failed", e);
                }
            }
        }
    }
}
