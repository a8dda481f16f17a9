package org.kvlab.transport.blocking;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicBoolean;
import org.kvlab.spi.Connection;
import org.kvlab.spi.ConnectionHandler;
import org.kvlab.spi.IoCounters;
import org.kvlab.spi.OutputBuffer;

/**
 * One server connection and its thread: read what is there (one call), hand it to the handler, end the turn
 * ({@link ConnectionHandler.Factory#onTurnEnd}), wait for a held-back reply on this thread, write every reply of the
 * batch (one call, up to 128 KiB), repeat.
 */
final class BlockingConnection implements Connection {

    private static final System.Logger LOG = System.getLogger(BlockingConnection.class.getName());

    private final BlockingServerTransport transport;
    private final IoCounters counters;
    private final Socket socket;
    private final long id;
    private final InetSocketAddress remote;
    private final InetSocketAddress local;
    private final Thread thread;
    private final AtomicBoolean closed = new AtomicBoolean();
    /** Set on this connection's thread while {@link ConnectionHandler#onRead} runs. */
    private boolean inOnRead;
    /** A close asked for within {@code onRead}: write that call's replies, then close. */
    private boolean closeRequested;
    /** The held-back reply being waited for; a close from another thread fails it to end the wait. */
    private volatile CompletableFuture<Object> waiting;

    BlockingConnection(BlockingServerTransport transport, Socket socket, long id) {
        this.transport = transport;
        this.counters = transport.counters();
        this.socket = socket;
        this.id = id;
        this.remote = (InetSocketAddress) socket.getRemoteSocketAddress();
        this.local = (InetSocketAddress) socket.getLocalSocketAddress();
        this.thread = new Thread(this::serve, "kvlab-blocking-" + id);
    }

    void start() {
        thread.start();
    }

    void join() {
        BlockingServerTransport.join(thread);
    }

    @Override
    public long id() {
        return id;
    }

    @Override
    public InetSocketAddress remoteAddress() {
        return remote;
    }

    @Override
    public InetSocketAddress localAddress() {
        return local;
    }

    @Override
    public void close() {
        if (Thread.currentThread() == thread && inOnRead) {
            closeRequested = true;
            return;
        }
        closeSocket();
        CompletableFuture<Object> w = waiting;
        if (w != null) {
            w.completeExceptionally(new IOException("connection closed"));
        }
    }

    private void closeSocket() {
        if (closed.compareAndSet(false, true)) {
            try {
                socket.close();
            } catch (IOException e) {
                LOG.log(System.Logger.Level.DEBUG, "closing " + this, e);
            }
            counters.close();
        }
    }

    private void serve() {
        ConnectionHandler handler = null;
        try {
            socket.setTcpNoDelay(transport.config().tcpNoDelay());
            handler = transport.handlers().newConnection(this);
            InputStream in = socket.getInputStream();
            OutputStream os = socket.getOutputStream();
            byte[] buffer = new byte[Math.min(transport.config().readBufferSize(), Chunks.MAX_IO)];
            ByteBuffer view = ByteBuffer.wrap(buffer);
            OutputBuffer out = new OutputBuffer();
            long limit = transport.config().outputBufferLimit();
            inOnRead = true; // a close from onOpen takes effect after its output is written
            try {
                handler.onOpen(out);
            } finally {
                inOnRead = false;
            }
            if (!out.isEmpty()) {
                Chunks.write(os, out.array(), 0, out.size(), counters);
                out.clear();
            }
            while (!closed.get() && !closeRequested) {
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
                CompletionStage<?> stage;
                inOnRead = true;
                try {
                    stage = handler.onRead(view, out);
                } finally {
                    inOnRead = false;
                }
                transport.handlers().onTurnEnd(); // this thread's turn: may complete the held-back reply here
                if (stage != null && !await(stage)) {
                    break;
                }
                if (!out.isEmpty()) {
                    if (limit > 0 && out.size() > limit) {
                        LOG.log(System.Logger.Level.INFO, "closing " + this + ": " + out.size() + " unwritten reply"
                                + " bytes exceed the output buffer limit of " + limit);
                        break;
                    }
                    Chunks.write(os, out.array(), 0, out.size(), counters);
                    out.clear();
                }
                if (closeRequested) {
                    break;
                }
            }
        } catch (IOException e) {
            if (!closed.get()) {
                LOG.log(System.Logger.Level.DEBUG, "I/O error on " + this, e);
            }
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "the connection handler failed; closing " + this, e);
        } finally {
            closeSocket();
            transport.closed(this);
            if (handler != null) {
                try {
                    handler.onClose();
                } catch (RuntimeException e) {
                    LOG.log(System.Logger.Level.WARNING, "onClose of " + this + " failed", e);
                }
            }
        }
    }

    /** Waits for a held-back reply; returns {@code false} if it failed or the connection was closed meanwhile. */
    private boolean await(CompletionStage<?> stage) {
        CompletableFuture<Object> done = new CompletableFuture<>();
        waiting = done;
        try {
            if (closed.get()) {
                return false;
            }
            stage.whenComplete((value, failure) -> {
                if (failure != null) {
                    done.completeExceptionally(failure);
                } else {
                    done.complete(value);
                }
            });
            done.join();
            return true;
        } catch (CompletionException | java.util.concurrent.CancellationException e) {
            LOG.log(System.Logger.Level.DEBUG, "a held-back reply failed; closing " + this + " unwritten", e);
            return false;
        } finally {
            waiting = null;
        }
    }

    @Override
    public String toString() {
        return "blocking connection " + id + " from " + remote;
    }
}
