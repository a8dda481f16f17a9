package org.kvlab.transport.nio;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedSelectorException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.Objects;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.kvlab.spi.ClientConnection;
import org.kvlab.spi.ClientTransport;
import org.kvlab.spi.IoCounters;
import org.kvlab.spi.OutputBuffer;
import org.kvlab.spi.TransportConfig;

/**
 * The nio client: one selector thread reads for every connection and delivers {@link ClientConnection.Handler#onRead}
 * there; {@link ClientConnection#send} writes on the caller's thread while nothing is pending, so a request costs no
 * hand-off, and leaves a rest the socket did not take to the loop ({@code OP_WRITE}). Thread-safe.
 */
final class NioClientTransport implements ClientTransport {

    private static final System.Logger LOG = System.getLogger(NioClientTransport.class.getName());

    /** Bytes one write call takes at most, so the JDK's temporary direct buffer stays small. */
    static final int MAX_WRITE = 1024 * 1024;

    private final TransportConfig config;
    private final IoCounters counters = new IoCounters();
    private final Selector selector;
    private final Thread thread;
    private final ByteBuffer readBuffer;
    private final Queue<Runnable> tasks = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean wakeupPending = new AtomicBoolean();
    private final Set<Conn> connections = ConcurrentHashMap.newKeySet();
    private final Consumer<SelectionKey> onReady = this::ready;
    private volatile boolean closed;

    NioClientTransport(TransportConfig config) {
        this.config = config;
        try {
            this.selector = Selector.open();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open a selector", e);
        }
        this.readBuffer = ByteBuffer.allocateDirect(config.readBufferSize());
        this.thread = new Thread(this::run, "kvlab-nio-client");
        thread.setDaemon(true);
        thread.start();
    }

    @Override
    public ClientConnection connect(InetSocketAddress address, ClientConnection.Handler handler) throws IOException {
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(handler, "handler");
        if (closed) {
            throw new IOException("nio client transport is closed");
        }
        SocketChannel channel = SocketChannel.open();
        try {
            channel.setOption(StandardSocketOptions.TCP_NODELAY, config.tcpNoDelay());
            counters.connect();
            channel.socket().connect(address, (int) Math.min(Integer.MAX_VALUE, config.connectTimeout().toMillis()));
            channel.configureBlocking(false);
        } catch (IOException | RuntimeException e) {
            channel.close();
            counters.close();
            if (e instanceof IOException) {
                throw new IOException("cannot connect to " + address + ": " + e.getMessage(), e);
            }
            throw e;
        }
        Conn c = new Conn(channel, handler);
        connections.add(c);
        execute(() -> register(c));
        if (closed) {
            c.close();
            throw new IOException("nio client transport is closed");
        }
        return c;
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
        if (closed) {
            return;
        }
        closed = true;
        wakeupPending.set(true);
        selector.wakeup();
        counters.write(0);
        if (Thread.currentThread() == thread) {
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

    private boolean inLoop() {
        return Thread.currentThread() == thread;
    }

    private void execute(Runnable task) {
        tasks.add(task);
        if (!inLoop() && wakeupPending.compareAndSet(false, true)) {
            selector.wakeup();
            counters.write(0);
        }
    }

    private void run() {
        try {
            while (!closed) {
                if (tasks.isEmpty()) {
                    selector.select(onReady);
                } else {
                    selector.selectNow(onReady);
                }
                counters.wakeup();
                if (wakeupPending.get()) {
                    wakeupPending.set(false);
                    counters.read(0); // the selector drained its wake-up eventfd
                }
                runTasks();
            }
        } catch (IOException | ClosedSelectorException e) {
            LOG.log(System.Logger.Level.ERROR, "the nio client event loop failed", e);
        } finally {
            closed = true;
            runTasks();
            for (Conn c : new ArrayList<>(connections)) {
                c.closeNow(null);
            }
            try {
                selector.close();
            } catch (IOException e) {
                LOG.log(System.Logger.Level.DEBUG, "closing the client selector", e);
            }
        }
    }

    private void runTasks() {
        for (Runnable task; (task = tasks.poll()) != null; ) {
            try {
                task.run();
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "a nio client task failed", e);
            }
        }
    }

    private void register(Conn c) {
        synchronized (c) {
            if (c.closed) {
                return;
            }
            try {
                int ops = SelectionKey.OP_READ | (c.pending != null ? SelectionKey.OP_WRITE : 0);
                c.key = c.channel.register(selector, ops, c);
            } catch (IOException | RuntimeException e) {
                c.failure = e;
            }
        }
        if (c.failure != null) {
            c.closeNow(c.failure);
        }
    }

    private void ready(SelectionKey key) {
        if (!key.isValid()) {
            return;
        }
        Conn c = (Conn) key.attachment();
        try {
            int ops = key.readyOps();
            if ((ops & SelectionKey.OP_WRITE) != 0) {
                c.flush();
            }
            if ((ops & SelectionKey.OP_READ) != 0) {
                c.read();
            }
        } catch (RuntimeException e) {
            // one connection's failure (a key cancelled under us, say) must not stop the loop serving the others
            LOG.log(System.Logger.Level.WARNING, "unexpected failure on a client connection; closing it", e);
            c.closeNow(e);
        }
    }

    /** One client connection. Writes and {@link #pending} under its monitor; reads on the loop only. */
    private final class Conn implements ClientConnection {
        final SocketChannel channel;
        private final ClientConnection.Handler handler;
        /** Set on the loop thread, under the monitor; {@code null} until registered. */
        SelectionKey key;
        /** Bytes {@code send} could not write yet, from {@link #pendingOffset}; {@code null} when none. */
        OutputBuffer pending;
        int pendingOffset;
        /** Written under the monitor; read without it by {@link #isOpen()}, so the loop never waits on a sender. */
        volatile boolean closed;
        Throwable failure;
        private boolean told;

        Conn(SocketChannel channel, ClientConnection.Handler handler) {
            this.channel = channel;
            this.handler = handler;
        }

        @Override
        public void send(byte[] data, int offset, int length) {
            Objects.checkFromIndexSize(offset, length, data.length);
            IOException failed = null;
            synchronized (this) {
                if (closed) {
                    throw new UncheckedIOException(new IOException("connection closed"));
                }
                if (pending != null) {
                    pending.write(data, offset, length);
                    return;
                }
                int position = offset;
                int end = offset + length;
                try {
                    while (position < end) {
                        int chunk = Math.min(end - position, MAX_WRITE);
                        int written = channel.write(ByteBuffer.wrap(data, position, chunk));
                        counters.write(written);
                        position += written;
                        if (written < chunk) {
                            break;
                        }
                    }
                } catch (IOException e) {
                    counters.write(0);
                    failed = e;
                }
                if (failed == null && position < end) {
                    pending = new OutputBuffer();
                    pending.write(data, position, end - position);
                    pendingOffset = 0;
                    if (key != null) {
                        wantWrite();
                    }
                }
            }
            if (failed != null) {
                closeSoon(failed);
                throw new UncheckedIOException("write failed", failed);
            }
        }

        /** Under the monitor: asks the loop to flush {@link #pending}. */
        private void wantWrite() {
            if (inLoop()) {
                key.interestOps(SelectionKey.OP_READ | SelectionKey.OP_WRITE);
            } else {
                execute(() -> {
                    synchronized (this) {
                        if (!closed && pending != null && key.isValid()) {
                            key.interestOps(SelectionKey.OP_READ | SelectionKey.OP_WRITE);
                        }
                    }
                });
            }
        }

        /** On the loop: writes what is pending. */
        void flush() {
            IOException failed = null;
            synchronized (this) {
                if (closed || pending == null) {
                    return;
                }
                byte[] bytes = pending.array();
                int size = pending.size();
                try {
                    while (pendingOffset < size) {
                        int chunk = Math.min(size - pendingOffset, MAX_WRITE);
                        int written = channel.write(ByteBuffer.wrap(bytes, pendingOffset, chunk));
                        counters.write(written);
                        pendingOffset += written;
                        if (written < chunk) {
                            return;
                        }
                    }
                    pending = null;
                    pendingOffset = 0;
                    key.interestOps(SelectionKey.OP_READ);
                } catch (IOException e) {
                    counters.write(0);
                    failed = e;
                }
            }
            if (failed != null) {
                closeNow(failed);
            }
        }

        /** On the loop: reads what is there, a second time only if the buffer filled. */
        void read() {
            ByteBuffer buffer = readBuffer;
            for (int i = 0; i < ServerLoop.MAX_READS; i++) {
                buffer.clear();
                int n;
                try {
                    n = channel.read(buffer);
                } catch (IOException e) {
                    counters.read(0);
                    closeNow(isOpen() ? e : null);
                    return;
                }
                counters.read(n);
                if (n < 0) {
                    closeNow(null);
                    return;
                }
                if (n == 0) {
                    return;
                }
                buffer.flip();
                try {
                    handler.onRead(buffer);
                } catch (RuntimeException e) {
                    LOG.log(System.Logger.Level.WARNING, "the client connection handler failed; closing", e);
                    closeNow(e);
                    return;
                }
                if (n < buffer.capacity() || !isOpen()) {
                    return;
                }
            }
        }

        @Override
        public boolean isOpen() {
            return !closed;
        }

        @Override
        public void close() {
            if (inLoop()) {
                closeNow(null);
            } else if (shut()) {
                execute(() -> tell(null));
                if (NioClientTransport.this.closed && !thread.isAlive()) {
                    tell(null);
                }
            }
        }

        private void closeSoon(Throwable cause) {
            if (inLoop()) {
                closeNow(cause);
            } else if (shut()) {
                execute(() -> tell(cause));
            }
        }

        /** On the loop (or once it has stopped): closes and tells the handler. */
        void closeNow(Throwable cause) {
            shut();
            tell(cause);
        }

        /** Closes the socket once; returns whether this call did. */
        private boolean shut() {
            SelectionKey registered;
            synchronized (this) {
                if (closed) {
                    return false;
                }
                closed = true;
                pending = null;
                registered = key;
            }
            if (registered != null) {
                registered.cancel();
            }
            try {
                channel.close();
            } catch (IOException e) {
                LOG.log(System.Logger.Level.DEBUG, "closing a client connection", e);
            }
            counters.close();
            return true;
        }

        private void tell(Throwable cause) {
            synchronized (this) {
                if (told) {
                    return;
                }
                told = true;
            }
            connections.remove(this);
            try {
                handler.onClose(cause);
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "onClose of a client connection failed", e);
            }
        }
    }
}
