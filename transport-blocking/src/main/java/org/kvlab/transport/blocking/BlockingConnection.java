package org.kvlab.transport.blocking;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;
import org.kvlab.spi.Connection;
import org.kvlab.spi.ConnectionHandler;
import org.kvlab.spi.IoCounters;
import org.kvlab.spi.OutputBuffer;

/**
 * One server connection and its thread: read what is there (one call), hand it to the handler, end the turn
 * ({@link ConnectionHandler.Factory#onTurnEnd}), wait for a held-back reply on this thread, write every reply of the
 * batch (one call, up to 128 KiB), repeat.
 *
 * <p>That thread spends its idle time blocked in {@code read}, so output no request asked for needs another: the
 * first {@link #wake()} starts this connection's writer thread, which from then on calls
 * {@link ConnectionHandler#onWake} once per batch of wakes, ends the turn, waits for a held-back stage and writes, as
 * the reader does for a read. The two threads take turns under one fair lock held from the handler call to the end of
 * its write, so the handler is called by one thread at a time, in order, and never while output is unwritten; a
 * reader too slow for either blocks only this connection's threads. The writer ends with the connection.
 */
final class BlockingConnection implements Connection {

    private static final System.Logger LOG = System.getLogger(BlockingConnection.class.getName());
    /** Compare-and-set on {@link #closed} and {@link #wakeQueued}: fields rather than atomics held per connection. */
    private static final VarHandle CLOSED;
    private static final VarHandle WAKE_QUEUED;

    static {
        MethodHandles.Lookup lookup = MethodHandles.lookup();
        try {
            CLOSED = lookup.findVarHandle(BlockingConnection.class, "closed", boolean.class);
            WAKE_QUEUED = lookup.findVarHandle(BlockingConnection.class, "wakeQueued", boolean.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final BlockingServerTransport transport;
    private final IoCounters counters;
    private final Socket socket;
    private final long id;
    private final InetSocketAddress remote;
    private final InetSocketAddress local;
    private final long outputLimit;
    /** Whether the reader yields before a read that follows one that drained the socket. */
    private final boolean yieldAfterDrainingRead;
    private final Thread reader;
    /** Set once, by whichever thread closes the socket first, through {@link #CLOSED}. */
    private volatile boolean closed;
    /** Held by the thread calling the handler, from the call to the end of writing its output. */
    private final ReentrantLock serving = new ReentrantLock(true);
    /** Set by {@link #wake()} when it flips ({@link #WAKE_QUEUED}), cleared by the writer before it calls onWake. */
    private volatile boolean wakeQueued;
    /** The output of the current handler call; guarded by {@link #serving}. */
    private final OutputBuffer out = new OutputBuffer();
    /** Made by the reader under {@link #serving} before any other call. */
    private ConnectionHandler handler;
    /** Set while the handler runs (under {@link #serving}). */
    private boolean inHandler;
    /** A close asked for within a handler call: write that call's output, then close. */
    private volatile boolean closeRequested;
    /** The held-back reply being waited for; a close from another thread fails it to end the wait. */
    private volatile CompletableFuture<Object> waiting;
    /** The bytes of the output being written or held back. */
    private volatile long unwritten;
    /** The reader's buffer, once it reads. */
    private volatile ReadBuffer readBuffer;
    /** Whether the reader's last read took less than its array could hold: it likely drained the socket. */
    private boolean drained;
    /** Started by the first wake; guarded by {@code this}. */
    private Thread writer;
    /** The reader has finished: no writer starts any more; guarded by {@code this}. */
    private boolean writerStopped;

    BlockingConnection(BlockingServerTransport transport, Socket socket, long id) {
        this.transport = transport;
        this.counters = transport.counters();
        this.socket = socket;
        this.id = id;
        this.remote = (InetSocketAddress) socket.getRemoteSocketAddress();
        InetSocketAddress listening = transport.localAddressOfEveryConnection();
        this.local = listening != null ? listening : (InetSocketAddress) socket.getLocalSocketAddress();
        this.outputLimit = transport.config().outputBufferLimit();
        this.yieldAfterDrainingRead = transport.afterDrainingRead() == BlockingTransports.AfterDrainingRead.YIELD_FIRST;
        this.reader = transport.newThread("kvlab-" + transport.name() + "-" + id, this::serve);
    }

    void start() {
        reader.start();
    }

    /** Waits for the connection's threads to end; the reader waits for the writer. */
    void join() {
        BlockingServerTransport.join(reader);
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
        if (inHandler && serving.isHeldByCurrentThread()) {
            closeRequested = true;
            return;
        }
        shutdown();
    }

    /**
     * Makes the writer thread call {@code onWake}, starting it the first time: once for all the wakes made before it
     * calls. Does nothing once the connection is closed.
     */
    @Override
    public void wake() {
        if (closed || !WAKE_QUEUED.compareAndSet(this, false, true)) {
            return;
        }
        Thread w = writer();
        if (w != null) {
            LockSupport.unpark(w);
        }
    }

    @Override
    public long unwrittenBytes() {
        return unwritten;
    }

    /** Returns the bytes of the array this connection's thread reads into: it is this connection's alone. */
    @Override
    public long readBufferBytes() {
        ReadBuffer buffer = readBuffer;
        return buffer == null ? 0 : buffer.heldBytes();
    }

    /** Returns the writer thread, started now if need be; {@code null} once the connection has ended. */
    private synchronized Thread writer() {
        if (writer == null && !writerStopped) {
            writer = transport.newThread("kvlab-" + transport.name() + "-" + id + "-writer", this::serveWakes);
            writer.setDaemon(reader.isDaemon()); // not the daemon status of whichever thread woke it first
            writer.start();
        }
        return writer;
    }

    /** Closes the socket and ends a wait for a held-back reply. */
    private void shutdown() {
        closeSocket();
        CompletableFuture<Object> w = waiting;
        if (w != null) {
            w.completeExceptionally(new IOException("connection closed"));
        }
    }

    private void closeSocket() {
        if (CLOSED.compareAndSet(this, false, true)) {
            try {
                socket.close();
            } catch (IOException e) {
                LOG.log(System.Logger.Level.DEBUG, "closing " + this, e);
            }
            counters.close();
        }
    }

    /** The reader thread. */
    private void serve() {
        try {
            OutputStream os = socket.getOutputStream();
            serving.lock();
            try {
                socket.setTcpNoDelay(transport.config().tcpNoDelay());
                handler = transport.handlers().newConnection(this);
                inHandler = true; // a close from onOpen takes effect after its output is written
                try {
                    handler.onOpen(out);
                } finally {
                    inHandler = false;
                }
                write(os);
            } finally {
                serving.unlock();
            }
            InputStream in = socket.getInputStream();
            ReadBuffer buffer = new ReadBuffer(Math.min(transport.config().readBufferSize(), Chunks.MAX_IO));
            readBuffer = buffer;
            while (serveRead(in, os, buffer)) {
                // one call per read: see serveRead
            }
        } catch (IOException e) {
            if (!closed) {
                LOG.log(System.Logger.Level.DEBUG, "I/O error on " + this, e);
            }
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "the connection handler failed; closing " + this, e);
        } finally {
            shutdown();
            stopWriter();
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

    /**
     * Reads once, hands what arrived to the handler and writes its replies; returns whether to read again. A method
     * of its own, called once per read, so that the JIT compiles it whole: a virtual thread parks in this read, and
     * a continuation whose frames are all compiled freezes and thaws on the JVM's fast path, while one frame left
     * interpreted (a loop the JIT would only replace mid-run, or after a deoptimization) sends it down the slow one.
     */
    private boolean serveRead(InputStream in, OutputStream os, ReadBuffer buffer) throws IOException {
        if (closed || closeRequested) {
            return false;
        }
        byte[] array = buffer.array();
        if (drained && yieldAfterDrainingRead) {
            Thread.yield(); // the next request may arrive while the other ready threads run
        }
        int n;
        try {
            n = in.read(array, 0, array.length); // not read(array): a frame less on a parked thread's stack
        } catch (IOException e) {
            counters.read(0);
            throw e;
        }
        counters.read(n);
        if (n < 0) {
            return false;
        }
        drained = n < array.length;
        ByteBuffer view = buffer.read(n);
        serving.lock();
        try {
            if (closed || closeRequested) {
                return false;
            }
            CompletionStage<?> stage;
            inHandler = true;
            try {
                stage = handler.onRead(view, out);
            } finally {
                inHandler = false;
            }
            return respond(stage, os);
        } finally {
            serving.unlock();
        }
    }

    /** The writer thread: one {@code onWake} call per batch of wakes, until the connection ends. */
    private void serveWakes() {
        try {
            OutputStream os = socket.getOutputStream();
            while (true) {
                while (!wakeQueued && !stopped()) {
                    LockSupport.park(this);
                }
                serving.lock();
                try {
                    if (stopped() || closed || closeRequested) {
                        return; // the wake flag stays set: later wakes do nothing
                    }
                    wakeQueued = false; // wakes made from now on, by onWake too, call it again
                    CompletionStage<?> stage;
                    inHandler = true;
                    try {
                        stage = handler.onWake(out);
                    } finally {
                        inHandler = false;
                    }
                    if (!respond(stage, os)) {
                        shutdown(); // the reader, blocked in read, then ends the connection
                        return;
                    }
                } finally {
                    serving.unlock();
                }
            }
        } catch (IOException e) {
            if (!closed) {
                LOG.log(System.Logger.Level.DEBUG, "I/O error on " + this, e);
            }
            shutdown();
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "the connection handler failed; closing " + this, e);
            shutdown();
        }
    }

    private synchronized boolean stopped() {
        return writerStopped;
    }

    /** Called by the reader as the connection ends: stops the writer, if any, and waits for it. */
    private void stopWriter() {
        Thread w;
        synchronized (this) {
            writerStopped = true;
            w = writer;
        }
        if (w != null) {
            LockSupport.unpark(w);
            BlockingServerTransport.join(w);
        }
    }

    /**
     * After a handler call that returned {@code stage}, under {@link #serving}: ends the turn, waits for the held-back
     * output, writes it. Returns {@code false} if the connection must close: the stage failed, the output exceeds the
     * limit, or the handler asked.
     */
    private boolean respond(CompletionStage<?> stage, OutputStream os) throws IOException {
        transport.handlers().onTurnEnd(); // this thread's turn: may complete the held-back reply here
        if (stage != null) {
            unwritten = out.size();
            if (!await(stage)) {
                return false;
            }
        }
        if (outputLimit > 0 && out.size() > outputLimit) {
            LOG.log(System.Logger.Level.INFO, "closing " + this + ": " + out.size() + " unwritten reply bytes exceed"
                    + " the output buffer limit of " + outputLimit);
            return false;
        }
        write(os);
        return !closeRequested;
    }

    /** Writes {@link #out} and clears it, publishing its size meanwhile. */
    private void write(OutputStream os) throws IOException {
        if (!out.isEmpty()) {
            unwritten = out.size();
            Chunks.write(os, out.array(), 0, out.size(), counters);
            out.clear();
        }
        unwritten = 0;
    }

    /**
     * Waits for a held-back reply; returns {@code false} if the connection was closed meanwhile, or the stage failed
     * and the handler did not have {@link #out} written anyway.
     */
    private boolean await(CompletionStage<?> stage) {
        CompletableFuture<Object> done = new CompletableFuture<>();
        waiting = done;
        try {
            if (closed) {
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
            if (!closed && writeAfterFailure(e)) {
                return true;
            }
            LOG.log(System.Logger.Level.DEBUG, "a held-back reply failed; closing " + this + " unwritten", e);
            return false;
        } finally {
            waiting = null;
        }
    }

    /** Asks the handler whether to write {@link #out} after its stage failed; a failing handler says no. */
    private boolean writeAfterFailure(Throwable failure) {
        inHandler = true;
        try {
            return handler.onHoldFailed(failure instanceof CompletionException && failure.getCause() != null
                    ? failure.getCause() : failure, out);
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "the connection handler failed; closing " + this, e);
            return false;
        } finally {
            inHandler = false;
        }
    }

    @Override
    public String toString() {
        return transport.name() + " connection " + id + " from " + remote;
    }
}
