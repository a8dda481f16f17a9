package org.kvlab.transport.nio;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedSelectorException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.kvlab.spi.ConnectionHandler;
import org.kvlab.spi.IoCounters;
import org.kvlab.spi.OutputBuffer;

/**
 * One selector thread of the nio server. It owns a direct read buffer, a direct write buffer and one
 * {@link OutputBuffer}, shared by its connections since it serves them one at a time.
 *
 * <p>Per readiness event: one read, a second only if the first filled the buffer (up to {@link #MAX_READS}). The
 * replies of those reads wait in the direct write buffer until the end of the turn, when each connection's go out
 * in one write, as Redis writes every reply of a turn from {@code beforeSleep}: the replies leave together, so the
 * clients' next requests arrive together and the next wait finds several ready. A write the socket does not take
 * whole keeps the rest on the connection, switches its interest from reading to writing, and closes the connection
 * if the rest exceeds the output buffer limit. Interest changes happen only then and when a client sends more while
 * its reply is held back. After the events of each wait the loop calls {@link ConnectionHandler#onWake} of the
 * connections woken since the last turn ({@link NioConnection#wake()} queues a connection once however often it is
 * called, and wakes the selector once however many connections are queued), ends its turn
 * ({@link org.kvlab.spi.ConnectionHandler.Factory#onTurnEnd}, which may complete held-back replies, those of the
 * wakes too), writes the turn's replies and wake output, one write per connection, then runs its tasks, the
 * held-back replies among them. A woken connection whose output the socket has not taken yet, or whose replies are
 * held back, is served once they are written.
 */
final class ServerLoop implements Runnable {

    private static final System.Logger LOG = System.getLogger(ServerLoop.class.getName());

    /** Reads per readiness event at most, so one busy connection cannot starve the others. */
    static final int MAX_READS = 16;
    /** The direct write buffer's size: replies up to this size go out in one write call. */
    static final int WRITE_CHUNK = 256 * 1024;
    /** Spare buffers kept at most; each keeps at most {@link OutputBuffer#RETAINED_CAPACITY} bytes. */
    static final int MAX_SPARES = 16;

    private final NioServerTransport transport;
    private final IoCounters counters;
    private final long outputBufferLimit;
    private final Selector selector;
    private final Thread thread;
    private final ByteBuffer readBuffer;
    private final ByteBuffer writeBuffer;
    /** The replies of the connection being served; keeps an array as large as the write buffer between turns. */
    private final OutputBuffer out = new OutputBuffer(WRITE_CHUNK);
    /** Cleared buffers for held-back and pending replies, so the group-commit path allocates none once warm. */
    private final ArrayDeque<OutputBuffer> spares = new ArrayDeque<>();
    /** Connections whose replies wait in {@link #writeBuffer}, in order, to be written at the end of the turn. */
    private final ArrayList<NioConnection> queued = new ArrayList<>();
    /** Connections {@link #writeQueued()} closes once the queue is done, and why ({@code null}: asked to). */
    private final ArrayList<NioConnection> closing = new ArrayList<>();
    private final ArrayList<Throwable> closingCauses = new ArrayList<>();
    private final Queue<Runnable> tasks = new ConcurrentLinkedQueue<>();
    /** Connections to call {@code onWake} on in the next turn, queued by {@link #wake} from any thread. */
    private final Queue<NioConnection> woken = new ConcurrentLinkedQueue<>();
    /**
     * Connections woken from this loop's own thread (a message published by one of its connections to another), in
     * a plain list: no queue node to allocate per woken connection, no atomic operation.
     */
    private final ArrayList<NioConnection> wokenHere = new ArrayList<>();
    /** The connections this turn wakes: those {@link #wokenHere} and {@link #woken} held when it began serving them. */
    private final ArrayList<NioConnection> waking = new ArrayList<>();
    private final AtomicBoolean wakeupPending = new AtomicBoolean();
    private final Consumer<SelectionKey> onReady = this::ready;
    private ServerSocketChannel acceptor;
    /** Accepting stopped after a failed accept; resumed when a connection of the transport closes. */
    private volatile boolean acceptPaused;
    private volatile boolean running = true;

    ServerLoop(NioServerTransport transport, int index) throws IOException {
        this.transport = transport;
        this.counters = transport.counters();
        this.outputBufferLimit = transport.config().outputBufferLimit();
        this.selector = Selector.open();
        this.readBuffer = ByteBuffer.allocateDirect(transport.config().readBufferSize());
        this.writeBuffer = ByteBuffer.allocateDirect(WRITE_CHUNK);
        this.thread = new Thread(this, "kvlab-nio-" + index);
    }

    /** Makes this loop accept on {@code channel}; before {@link #start()}. */
    void acceptOn(ServerSocketChannel channel) throws IOException {
        acceptor = channel;
        channel.register(selector, SelectionKey.OP_ACCEPT);
    }

    void start() {
        thread.start();
    }

    /** Releases a loop that was never started. */
    void discard() {
        try {
            selector.close();
        } catch (IOException e) {
            log(System.Logger.Level.DEBUG, "closing an unused selector", e);
        }
    }

    boolean inLoop() {
        return Thread.currentThread() == thread;
    }

    /** Runs {@code task} on this loop's thread; from another thread, wakes the loop (one eventfd write). */
    void execute(Runnable task) {
        tasks.add(task);
        wakeSelector();
    }

    /**
     * Calls {@code onWake} of {@code c} in this loop's next turn; from another thread, wakes the loop (one eventfd
     * write, shared by every call made before the loop wakes). Called once per {@link NioConnection#wake()} that
     * queued it.
     */
    void wake(NioConnection c) {
        if (inLoop()) {
            wokenHere.add(c); // the next select does not block while a wake is queued
            return;
        }
        woken.add(c);
        wakeSelector();
    }

    private void wakeSelector() {
        if (!inLoop() && wakeupPending.compareAndSet(false, true)) {
            selector.wakeup();
            counters.write(0);
        }
    }

    void shutdown() {
        running = false;
        if (!inLoop()) {
            wakeupPending.set(true);
            selector.wakeup();
            counters.write(0);
        }
    }

    void join() {
        if (inLoop()) {
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

    @Override
    public void run() {
        try {
            while (running) {
                try {
                    if (tasks.isEmpty() && woken.isEmpty() && wokenHere.isEmpty()) {
                        selector.select(onReady);
                    } else {
                        selector.selectNow(onReady);
                    }
                    counters.wakeup();
                    if (wakeupPending.get()) {
                        wakeupPending.set(false);
                        counters.read(0); // the selector drained its wake-up eventfd
                    }
                    ConnectionHandler.Factory handlers = transport.handlers();
                    if (handlers != null && handlers.turnEndWaits()) { // an fsync is due: let what is ready ride it
                        selector.selectNow(onReady);
                        counters.wakeup();
                    }
                    serveWakes(); // before the turn ends, so that the turn's fsync covers what onWake writes
                    if (handlers != null) {
                        handlers.onTurnEnd(); // may complete held-back replies: their tasks run next
                    }
                    writeQueued();
                    runTasks();
                } catch (RuntimeException | LinkageError e) {
                    // a handler, or the JDK short of descriptors to load a class: the other connections go on
                    log(System.Logger.Level.ERROR, "unexpected failure in nio event loop " + thread.getName(), e);
                }
            }
        } catch (IOException | ClosedSelectorException e) {
            log(System.Logger.Level.ERROR, "nio event loop " + thread.getName() + " failed", e);
        } finally {
            closeAll();
        }
    }

    /** Logs, surviving a logging system that itself fails (it may need a descriptor the process has run out of). */
    static void log(System.Logger.Level level, String message, Throwable cause) {
        try {
            LOG.log(level, message, cause);
        } catch (VirtualMachineError e) {
            throw e;
        } catch (Throwable e) { // the JDK's logging wraps what it could not load in a plain Error
            cause.addSuppressed(e);
        }
    }

    /** Logs {@code message}, surviving a logging system that itself fails. */
    static void log(System.Logger.Level level, String message) {
        try {
            LOG.log(level, message);
        } catch (VirtualMachineError e) {
            throw e;
        } catch (Throwable e) { // the JDK's logging wraps what it could not load in a plain Error
            // nothing left to tell it with
        }
    }

    private void runTasks() {
        for (Runnable task; (task = tasks.poll()) != null; ) {
            try {
                task.run();
            } catch (RuntimeException e) {
                log(System.Logger.Level.WARNING, "a task on " + thread.getName() + " failed", e);
            }
        }
    }

    /**
     * Calls {@code onWake} of each connection queued when this turn began serving wakes, in the order they were
     * queued; their output joins the turn's replies. Wakes made meanwhile are served next turn, so a handler that
     * wakes its own connection cannot keep the loop here.
     */
    private void serveWakes() {
        for (int i = 0; i < wokenHere.size(); i++) {
            waking.add(wokenHere.get(i));
        }
        wokenHere.clear();
        for (NioConnection c; (c = woken.poll()) != null; ) {
            waking.add(c);
        }
        for (int i = 0; i < waking.size(); i++) {
            NioConnection c = waking.get(i);
            try {
                serveWake(c);
            } catch (RuntimeException e) {
                out.clear();
                log(System.Logger.Level.WARNING, "unexpected failure waking " + c + "; closing it", e);
                close(c, e);
            }
        }
        waking.clear();
    }

    /**
     * Calls {@code onWake} of {@code c}, unless it is closed or closing (its wakes are over), or its output waits for
     * the socket or a held-back stage: then once that is written.
     */
    private void serveWake(NioConnection c) {
        if (c.closed || c.closeRequested) {
            return;
        }
        if (c.pending != null || c.held != null) {
            c.wakeDeferred = true;
            return;
        }
        c.wakeTaken(); // wakes made from now on, by onWake too, queue the connection again
        CompletionStage<?> stage;
        c.inHandler = true;
        try {
            stage = c.handler.onWake(out);
        } catch (RuntimeException | LinkageError e) {
            log(System.Logger.Level.WARNING, "the connection handler failed; closing " + c, e);
            out.clear();
            close(c, e);
            return;
        } finally {
            c.inHandler = false;
        }
        reply(c, stage);
    }

    /** Queues {@code c} to be woken again if a wake waited for its output, and all of it is now written. */
    private void resumeWake(NioConnection c) {
        if (c.wakeDeferred && c.pending == null && c.held == null && !c.closed) {
            c.wakeDeferred = false;
            wokenHere.add(c); // on this thread: the next select does not block while a wake is queued
        }
    }

    private void closeAll() {
        runTasks();
        if (acceptor != null) {
            try {
                acceptor.close();
            } catch (IOException e) {
                log(System.Logger.Level.DEBUG, "closing the listening socket", e);
            }
            counters.close();
        }
        List<NioConnection> open = new ArrayList<>();
        try {
            for (SelectionKey key : selector.keys()) {
                if (key.attachment() instanceof NioConnection) {
                    open.add((NioConnection) key.attachment());
                }
            }
        } catch (ClosedSelectorException e) {
            log(System.Logger.Level.DEBUG, "selector already closed", e);
        }
        for (NioConnection c : open) {
            close(c, null);
        }
        try {
            selector.close();
        } catch (IOException e) {
            log(System.Logger.Level.DEBUG, "closing the selector", e);
        }
    }

    private void ready(SelectionKey key) {
        if (!key.isValid()) {
            return;
        }
        Object attachment = key.attachment();
        if (attachment == null) {
            accept();
            return;
        }
        NioConnection c = (NioConnection) attachment;
        try {
            int ops = key.readyOps();
            if ((ops & SelectionKey.OP_WRITE) != 0) {
                flushPending(c);
            }
            if ((ops & SelectionKey.OP_READ) != 0 && !c.closed && !c.closeRequested && c.pending == null) {
                if (c.held == null) {
                    read(c);
                } else {
                    setInterest(c, 0); // more requests behind a held-back reply: read them once it is released
                }
            }
        } catch (RuntimeException e) {
            // whatever failed, the shared reply buffer must not carry this connection's bytes to the next one
            out.clear();
            log(System.Logger.Level.WARNING, "unexpected failure serving " + c + "; closing it", e);
            close(c, e);
        }
    }

    /** Resumes accepting if a failed accept paused it; cheap when it did not. */
    void resumeAccepting() {
        if (acceptPaused) {
            execute(() -> {
                if (acceptPaused && running) {
                    acceptPaused = false;
                    acceptor.keyFor(selector).interestOps(SelectionKey.OP_ACCEPT);
                }
            });
        }
    }

    private void accept() {
        SocketChannel channel;
        try {
            channel = acceptor.accept();
        } catch (IOException e) {
            counters.accept();
            // out of descriptors, say: stop accepting (the listen socket stays readable) until a connection closes
            acceptPaused = true;
            acceptor.keyFor(selector).interestOps(0);
            log(System.Logger.Level.WARNING, "accept failed, pausing accepts until a connection closes", e);
            return;
        }
        counters.accept();
        if (channel == null) {
            return;
        }
        ServerLoop target = transport.nextLoop();
        if (target == this) {
            register(channel);
        } else {
            target.execute(() -> target.register(channel));
        }
    }

    /** Takes over an accepted channel: registers it for reading and makes its handler. */
    private void register(SocketChannel channel) {
        NioConnection c;
        try {
            channel.configureBlocking(false);
            channel.setOption(StandardSocketOptions.TCP_NODELAY, transport.config().tcpNoDelay());
            InetSocketAddress remote = (InetSocketAddress) channel.getRemoteAddress();
            InetSocketAddress local = (InetSocketAddress) channel.getLocalAddress();
            SelectionKey key = channel.register(selector, SelectionKey.OP_READ);
            c = new NioConnection(this, channel, key, transport.nextId(), remote, local);
            key.attach(c);
        } catch (IOException | RuntimeException e) {
            log(System.Logger.Level.DEBUG, "dropping an accepted connection that failed to register", e);
            try {
                channel.close();
            } catch (IOException closing) {
                e.addSuppressed(closing);
            }
            counters.close();
            return;
        }
        if (!running) {
            close(c, null);
            return;
        }
        c.inHandler = true; // a close from the factory or onOpen waits until the handler exists and its output is out
        try {
            c.handler = transport.handlers().newConnection(c);
            c.handler.onOpen(out);
        } catch (RuntimeException | LinkageError e) {
            log(System.Logger.Level.WARNING, "the connection handler factory failed; closing " + c, e);
            out.clear();
            close(c, e);
            return;
        } finally {
            c.inHandler = false;
        }
        if (!out.isEmpty() && !write(c, out, 0, false)) {
            return;
        }
        if (c.closeRequested) {
            close(c, null);
        }
    }

    private void read(NioConnection c) {
        ByteBuffer buffer = readBuffer;
        OutputBuffer replies = out;
        CompletionStage<?> stage = null;
        boolean endOfStream = false;
        for (int i = 0; i < MAX_READS; i++) {
            buffer.clear();
            int n;
            try {
                n = c.channel.read(buffer);
            } catch (IOException e) {
                counters.read(0);
                replies.clear();
                close(c, e);
                return;
            }
            counters.read(n);
            if (n <= 0) {
                endOfStream = n < 0;
                break;
            }
            buffer.flip();
            c.inHandler = true;
            try {
                stage = c.handler.onRead(buffer, replies);
            } catch (RuntimeException | LinkageError e) {
                log(System.Logger.Level.WARNING, "the connection handler failed; closing " + c, e);
                replies.clear();
                close(c, e);
                return;
            } finally {
                c.inHandler = false;
            }
            if (stage != null || c.closeRequested || n < buffer.capacity()) {
                break;
            }
        }
        if (endOfStream) {
            c.closeRequested = true;
        }
        reply(c, stage);
    }

    /**
     * Writes what a handler call of {@code c} appended to {@link #out}, at the end of the turn if it fits the write
     * buffer; or holds it until {@code stage} completes; then closes {@code c} if the handler asked.
     */
    private void reply(NioConnection c, CompletionStage<?> stage) {
        OutputBuffer replies = out;
        if (stage != null && hold(c, stage)) {
            return;
        }
        if (c.closed) {
            replies.clear();
            return;
        }
        if (!replies.isEmpty()) {
            if (queue(c, replies)) {
                return; // written, and closed if asked, once the socket takes them
            }
            if (!write(c, replies, 0, false)) {
                return;
            }
        }
        if (c.closeRequested) {
            close(c, null);
        }
    }

    /**
     * Moves {@code replies} into the write buffer, right behind the replies {@code c} queued earlier in the turn, to
     * be written at the end of the turn in one write per connection. Returns {@code false}, moving nothing, if they
     * do not fit in the write buffer even after the queued replies are written to make room: write them now. If
     * that write leaves some of {@code c}'s replies unwritten, these wait behind them; if it closes {@code c}, they
     * are dropped.
     */
    private boolean queue(NioConnection c, OutputBuffer replies) {
        int size = replies.size();
        ByteBuffer buffer = writeBuffer;
        if (queued.isEmpty()) {
            buffer.clear();
        }
        boolean behind = c.queued && c.queuedEnd == buffer.position();
        int moved = c.queued && !behind ? c.queuedEnd - c.queuedStart : 0;
        if (size + moved > buffer.remaining()) {
            writeQueued();
            moved = 0;
            if (c.closed) {
                replies.clear();
                return true;
            }
        }
        if (c.pending != null) {
            OutputBuffer pending = c.pending;
            pending.write(replies.array(), 0, size);
            replies.clear();
            c.publishUnwritten();
            if (overLimit(c, pending.size() - c.pendingOffset)) {
                close(c, null);
            }
            return true;
        }
        if (size > buffer.remaining()) {
            return false;
        }
        if (moved > 0) { // c's earlier replies move to the end, so that these follow them in one region
            int start = buffer.position();
            buffer.put(buffer.duplicate().limit(c.queuedEnd).position(c.queuedStart));
            c.queuedStart = start;
        } else if (!c.queued) {
            c.queued = true;
            c.queuedStart = buffer.position();
            queued.add(c);
        }
        buffer.put(replies.array(), 0, size);
        c.queuedEnd = buffer.position();
        replies.clear();
        return true;
    }

    /** Returns whether {@code rest} unwritten bytes of {@code c} exceed the output buffer limit, logging it if so. */
    private boolean overLimit(NioConnection c, long rest) {
        if (outputBufferLimit > 0 && rest > outputBufferLimit) {
            log(System.Logger.Level.INFO, "closing " + c + ": " + rest + " unwritten reply bytes exceed the output"
                    + " buffer limit of " + outputBufferLimit);
            return true;
        }
        return false;
    }

    /**
     * Writes the replies waiting in the write buffer, one write per connection: the rest of a short write waits on
     * its connection for {@code OP_WRITE}; a connection that asked to close is closed once its replies are out. The
     * closes come after the whole queue, so a handler's {@code onClose} may write without disturbing it.
     */
    private void writeQueued() {
        if (queued.isEmpty()) {
            return;
        }
        ByteBuffer buffer = writeBuffer;
        for (int i = 0; i < queued.size(); i++) {
            NioConnection c = queued.get(i);
            c.queued = false;
            if (c.closed) {
                continue;
            }
            buffer.limit(c.queuedEnd).position(c.queuedStart);
            int written;
            try {
                written = c.channel.write(buffer);
            } catch (IOException e) {
                counters.write(0);
                closeAfterQueue(c, e);
                continue;
            }
            counters.write(written);
            if (buffer.hasRemaining()) {
                if (overLimit(c, buffer.remaining())) {
                    closeAfterQueue(c, null);
                    continue;
                }
                OutputBuffer pending = takeSpare();
                pending.write(buffer);
                c.setPending(pending, 0);
                setInterest(c, SelectionKey.OP_WRITE);
            } else if (c.closeRequested) {
                closeAfterQueue(c, null);
            }
        }
        queued.clear();
        buffer.clear();
        for (int i = 0; i < closing.size(); i++) {
            close(closing.get(i), closingCauses.get(i));
        }
        closing.clear();
        closingCauses.clear();
    }

    private void closeAfterQueue(NioConnection c, Throwable cause) {
        closing.add(c);
        closingCauses.add(cause);
    }

    /**
     * Holds the replies of {@code c} until {@code stage} completes; returns {@code false} if it already completed
     * normally, or failed and the handler had them written anyway (write them now). A stage that already failed
     * otherwise closes the connection.
     */
    private boolean hold(NioConnection c, CompletionStage<?> stage) {
        CompletableFuture<?> future = futureOf(stage);
        if (future != null && future.isDone()) {
            if (!future.isCompletedExceptionally()) {
                return false;
            }
            Throwable failure = future.handle((value, failed) -> failed).join();
            if (writeAfterFailure(c, failure, out)) {
                return false;
            }
            out.clear();
            close(c, null);
            return true;
        }
        OutputBuffer held = takeSpare();
        held.write(out.array(), 0, out.size());
        out.clear();
        c.setHeld(held);
        stage.whenComplete((value, failure) -> execute(() -> release(c, failure)));
        return true;
    }

    /**
     * Returns {@code stage} as a future to query, or {@code null} if it cannot be queried: a minimal stage throws on
     * {@code isDone()} though it is a {@link CompletableFuture}, so ask it for its future rather than cast it.
     */
    private static CompletableFuture<?> futureOf(CompletionStage<?> stage) {
        try {
            return stage.toCompletableFuture();
        } catch (UnsupportedOperationException e) {
            return null;
        }
    }

    private void release(NioConnection c, Throwable failure) {
        OutputBuffer held = c.held;
        c.setHeld(null);
        if (c.closed) {
            return;
        }
        if (failure != null && !writeAfterFailure(c, failure, held)) {
            log(System.Logger.Level.DEBUG, "a held-back reply failed; closing " + c + " unwritten", failure);
            recycle(held);
            close(c, null);
            return;
        }
        if (!write(c, held, 0, true)) {
            if (c.closed) {
                recycle(held);
            }
            return;
        }
        recycle(held);
        if (c.closeRequested) {
            close(c, null);
        } else {
            setInterest(c, SelectionKey.OP_READ);
            resumeWake(c);
        }
    }

    /** Asks the handler of {@code c} whether to write {@code held} after its stage failed; a failing handler says no. */
    private boolean writeAfterFailure(NioConnection c, Throwable failure, OutputBuffer held) {
        c.inHandler = true;
        try {
            return c.handler.onHoldFailed(failure, held);
        } catch (RuntimeException | LinkageError e) {
            log(System.Logger.Level.WARNING, "the connection handler failed; closing " + c, e);
            return false;
        } finally {
            c.inHandler = false;
        }
    }

    private void flushPending(NioConnection c) {
        if (c.closed || c.pending == null) {
            return;
        }
        OutputBuffer pending = c.pending;
        int offset = c.pendingOffset;
        c.setPending(null, 0);
        if (!write(c, pending, offset, true)) {
            if (c.closed) {
                recycle(pending);
            }
            return;
        }
        recycle(pending);
        if (c.closeRequested) {
            close(c, null);
        } else {
            setInterest(c, c.held == null ? SelectionKey.OP_READ : 0);
            resumeWake(c);
        }
    }

    /**
     * Writes bytes {@code [offset, size)} of {@code src} to {@code c}, in chunks of the direct write buffer, until
     * the socket takes less than a chunk. Returns {@code true} if every byte went out and {@code src} is cleared.
     * Otherwise the rest waits on the connection for {@code OP_WRITE} — {@code src} itself if {@code owned}, else a
     * copy — or, over the output buffer limit or on an error, the connection is closed.
     */
    private boolean write(NioConnection c, OutputBuffer src, int offset, boolean owned) {
        writeQueued(); // the write buffer is about to be overwritten, and replies queued earlier go first
        byte[] bytes = src.array();
        int size = src.size();
        int position = offset;
        ByteBuffer buffer = writeBuffer;
        while (position < size) {
            int chunk = Math.min(size - position, buffer.capacity());
            buffer.clear();
            buffer.put(bytes, position, chunk);
            buffer.flip();
            int written;
            try {
                written = c.channel.write(buffer);
            } catch (IOException e) {
                counters.write(0);
                src.clear();
                close(c, e);
                return false;
            }
            counters.write(written);
            position += written;
            if (written < chunk) {
                break;
            }
        }
        if (position == size) {
            src.clear();
            return true;
        }
        int rest = size - position;
        if (overLimit(c, rest)) {
            src.clear();
            close(c, null);
            return false;
        }
        if (owned) {
            c.setPending(src, position);
        } else {
            OutputBuffer copy = takeSpare();
            copy.write(bytes, position, rest);
            src.clear();
            c.setPending(copy, 0);
        }
        setInterest(c, SelectionKey.OP_WRITE);
        return false;
    }

    private OutputBuffer takeSpare() {
        OutputBuffer spare = spares.poll();
        return spare != null ? spare : new OutputBuffer();
    }

    private void recycle(OutputBuffer buffer) {
        buffer.clear();
        if (spares.size() < MAX_SPARES) {
            spares.push(buffer);
        }
    }

    private static void setInterest(NioConnection c, int ops) {
        if (c.key.isValid() && c.key.interestOps() != ops) {
            c.key.interestOps(ops);
        }
    }

    /** Closes {@code c} once, on this loop's thread, and tells its handler. */
    void close(NioConnection c, Throwable cause) {
        if (c.closed) {
            return;
        }
        c.closed = true;
        c.wakesEnded();
        c.wakeDeferred = false;
        if (c.pending != null) {
            recycle(c.pending);
            c.setPending(null, 0);
        }
        if (c.held != null) {
            recycle(c.held);
            c.setHeld(null);
        }
        c.key.cancel();
        try {
            c.channel.close();
        } catch (IOException e) {
            log(System.Logger.Level.DEBUG, "closing " + c, e);
        }
        counters.close();
        transport.connectionClosed();
        if (cause != null) {
            log(System.Logger.Level.DEBUG, "closed " + c + " after an error", cause);
        }
        ConnectionHandler handler = c.handler;
        if (handler != null) {
            try {
                handler.onClose();
            } catch (RuntimeException e) {
                log(System.Logger.Level.WARNING, "onClose of " + c + " failed", e);
            }
        }
    }
}
