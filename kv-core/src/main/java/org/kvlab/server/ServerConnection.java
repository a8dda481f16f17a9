package org.kvlab.server;

import java.lang.System.Logger.Level;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Future;
import org.kvlab.api.KeyValueStore;
import org.kvlab.api.KvPersistenceException;
import org.kvlab.command.CommandExecutor;
import org.kvlab.command.Session;
import org.kvlab.protocol.CommandSink;
import org.kvlab.protocol.ProtocolException;
import org.kvlab.protocol.RespParser;
import org.kvlab.protocol.RespWriter;
import org.kvlab.spi.ConnectionHandler;
import org.kvlab.spi.OutputBuffer;

/**
 * The handler of one client connection: parses what arrives, runs each command on the calling thread and appends
 * the replies to the transport's buffer; holds the replies of a batch back until the store says the writes made so
 * far are durable (those of a batch that only read too: it may have read a write not durable yet). The replies of one
 * read are bounded too: once they pass the transport's output buffer limit, the rest of the read is dropped and the
 * client closed, as Redis closes a client over its output buffer limit.
 *
 * <p>If the writes of a batch could not be made durable (the log failed to write or force them), the reply of each
 * write command in it becomes Redis's {@code -MISCONF Errors writing to the AOF file: ...}, never its
 * acknowledgement, and the replies of its reads go out as they are; the connection stays open, and the store refuses
 * further writes with the same error while reads go on, until a snapshot lets writes resume. A write refused that
 * way after it ran stays in memory (reads show it) and reaches the disk with that snapshot: its client knows only
 * that it was not acknowledged. (Redis exits instead under {@code appendfsync always}; under the other policies it
 * refuses writes with this error, as here.)
 *
 * <p>While a blocking command waits ({@link Session#isBlocked()}), the client's further commands do not run: the
 * bytes after it and those read meanwhile are kept, up to the query buffer limit (past it the client is closed, as
 * in Redis), and run once the command has replied. The command is retried in {@link #onWake}, when a key it waits
 * for changed, its timeout passed (the server's timer wakes the connection) or {@code CLIENT UNBLOCK} asked.
 * Called by one thread at a time; the idle fields are read by the server's timer.
 */
final class ServerConnection implements ConnectionHandler, CommandSink {

    private static final System.Logger LOG = System.getLogger(ServerConnection.class.getName());
    private static final String QUERY_LIMIT = "query buffer limit exceeded";
    private static final int[] NO_WRITE_REPLIES = new int[0];
    private static final int RETAINED_WRITE_REPLIES = 1024;

    private final KvServer server;
    private final KeyValueStore store;
    private final CommandExecutor executor;
    private final Session session;
    private final RespParser parser;
    private final String refusal;
    private final long outputLimit;
    private OutputBuffer out;
    private int outStart;
    private boolean overOutputLimit;
    private boolean wrote;
    private boolean closed;
    private CompletionStage<Void> completed;
    /** Where the replies of the write commands of the current batch lie in {@link #out}: start, end, start, end... */
    private int[] writeReplies = NO_WRITE_REPLIES;
    private int writeReplyBounds;
    /** The bytes after a blocked command and those read while it waits, not parsed yet; null when none. */
    private ByteBuffer deferred;
    /** The timer's wake-up at the blocked command's timeout, or null. */
    private Future<?> timeoutWake;
    private volatile long lastReadMillis = System.currentTimeMillis();
    private volatile long partialSinceNanos = -1;
    /** The unwritten output the last idle check saw, and when a check last saw it change: for the checking thread. */
    private long checkedUnwritten;
    private long outputMovedMillis;
    /** The commands this connection has run, for the turn events. */
    private long commands;
    /** The serving thread's turn, once a recording enabled turn events; and the number of the last turn counted in. */
    private ServingTurn turn;
    private long countedInTurn;

    ServerConnection(KvServer server, KeyValueStore store, CommandExecutor executor, Session session,
            RespParser parser, String refusal, long outputLimit) {
        this.server = server;
        this.store = store;
        this.executor = executor;
        this.session = session;
        this.parser = parser;
        this.refusal = refusal;
        this.outputLimit = outputLimit;
        parser.setAuthenticated(session.isAuthenticated());
        parser.reuseArguments(); // the executor leaves in place only what its command did not keep
    }

    Session session() {
        return session;
    }

    /**
     * Returns when the client last did something, for the idle {@code timeout} as of {@code nowMillis}: its last
     * read, or the last call that found the transport's unwritten output for it changed since the call before: the
     * socket took some of it, so a client slowly downloading a big reply is not idle (Redis counts writes as
     * interaction too), while one that stopped reading is. Called by one checking thread at a time.
     */
    long lastActiveMillis(long nowMillis) {
        long unwritten = session.connection().unwrittenBytes();
        if (unwritten != checkedUnwritten) {
            checkedUnwritten = unwritten;
            outputMovedMillis = nowMillis;
        }
        return Math.max(lastReadMillis, outputMovedMillis);
    }

    long partialSinceNanos() {
        return partialSinceNanos;
    }

    @Override
    public void onOpen(OutputBuffer out) {
        if (refusal != null) {
            RespWriter writer = session.writer();
            writer.target(out);
            writer.error(refusal);
            close();
        }
    }

    /** Serves a read ({@link #read}); while a recording enables turn events, counts it in the serving thread's turn. */
    @Override
    public CompletionStage<?> onRead(ByteBuffer in, OutputBuffer out) {
        if (!EventLoopTurnEvent.recording()) {
            return read(in, out);
        }
        int bytes = in.remaining();
        long commandsBefore = commands;
        int outBefore = out.size();
        CompletionStage<?> stage = read(in, out);
        countInTurn(bytes, commands - commandsBefore, out.size() - outBefore);
        return stage;
    }

    /** Serves a wake-up ({@link #wake}); while a recording enables turn events, counts it in the thread's turn. */
    @Override
    public CompletionStage<?> onWake(OutputBuffer out) {
        if (!EventLoopTurnEvent.recording()) {
            return wake(out);
        }
        long commandsBefore = commands;
        int outBefore = out.size();
        CompletionStage<?> stage = wake(out);
        countInTurn(0, commands - commandsBefore, out.size() - outBefore);
        return stage;
    }

    private void countInTurn(long bytes, long ran, long replied) {
        if (turn == null) {
            turn = ServingTurn.ofThisThread();
        }
        countedInTurn = turn.served(countedInTurn, bytes, ran, replied);
    }

    private CompletionStage<?> read(ByteBuffer in, OutputBuffer out) {
        if (closed) {
            in.position(in.limit());
            return null;
        }
        lastReadMillis = System.currentTimeMillis();
        session.active(lastReadMillis);
        if (session.isBlocked()) {
            defer(in);
            session.queryBuffer(unparsedBytes(), parser.spareBytes());
            return null;
        }
        begin(out);
        runCommands(in);
        return end();
    }

    /**
     * Appends the messages published to this client since its last read or wake-up, then retries a blocked command
     * and, once it has replied, runs the commands that waited behind it. Nothing to do (a spurious wake-up, or the
     * command still waits) writes nothing.
     */
    private CompletionStage<?> wake(OutputBuffer out) {
        if (closed) {
            return null;
        }
        begin(out);
        session.outbox().drainTo(out);
        resumeBlocked();
        return end();
    }

    private void begin(OutputBuffer out) {
        session.beginBatch();
        session.writer().target(out);
        wrote = false;
        writeReplyBounds = 0;
        if (writeReplies.length > RETAINED_WRITE_REPLIES) {
            writeReplies = NO_WRITE_REPLIES; // a long pipeline of writes does not keep its array for good
        }
        this.out = out;
        outStart = out.size();
    }

    /** Parses and runs the commands in {@code in}, until a command blocks; keeps what follows it. */
    private void runCommands(ByteBuffer in) {
        try {
            parser.parse(in, this);
        } catch (ProtocolException e) {
            in.position(in.limit());
            if (!QUERY_LIMIT.equals(e.getMessage())) {
                session.writer().error("ERR Protocol error: " + e.getMessage());
            }
            close();
        }
        if (session.isBlocked() && in.hasRemaining() && !closed) {
            defer(in);
        }
        in.position(in.limit());
    }

    /** Retries the blocked command, if any; once it has replied, runs the commands that were kept behind it. */
    private void resumeBlocked() {
        if (!session.isBlocked()) {
            return;
        }
        int start = out.size();
        if (executor.resume(session)) {
            wroteReply(start);
        }
        if (session.isBlocked()) {
            return;
        }
        if (timeoutWake != null) {
            timeoutWake.cancel(false);
            timeoutWake = null;
        }
        ByteBuffer kept = deferred;
        deferred = null;
        if (kept != null) {
            kept.flip();
            runCommands(kept);
        }
    }

    /** Keeps the rest of {@code in} until the blocked command completes; closes the client past the query limit. */
    private void defer(ByteBuffer in) {
        int length = in.remaining();
        ByteBuffer kept = deferred == null ? ByteBuffer.allocate(Math.max(length, 256)) : deferred;
        long limit = server.settings().limits().maxQueryBufferLength();
        if ((long) kept.position() + length > limit) {
            LOG.log(Level.INFO, "closing client {0}: the input kept while blocked passed the query buffer limit {1}",
                    session.id(), limit);
            in.position(in.limit());
            close();
            return;
        }
        if (kept.remaining() < length) {
            int grown = (int) Math.min(Integer.MAX_VALUE - 8,
                    Math.max((long) kept.position() + length, 2L * kept.capacity()));
            kept = ByteBuffer.allocate(grown).put(kept.flip());
        }
        kept.put(in);
        deferred = kept;
    }

    /** Returns the bytes received and not run yet: a partial command's, and those kept behind a blocked command. */
    private long unparsedBytes() {
        return parser.bufferedBytes() + (deferred == null ? 0 : deferred.position());
    }

    /** What follows a batch of commands: the output limit, closing, and holding the replies of writes back. */
    private CompletionStage<?> end() {
        session.endBatch();
        OutputBuffer replies = out;
        this.out = null;
        if (overOutputLimit) {
            LOG.log(Level.INFO, "closing client {0}: the replies of one read passed the output buffer limit {1}",
                    session.id(), outputLimit);
            close();
        }
        if (session.isClosing()) {
            close();
        }
        partialSinceNanos = parser.partialCommandStartNanos();
        session.queryBuffer(unparsedBytes(), parser.spareBytes());
        CompletionStage<Void> durable = store.durable();
        if (durable == completed) {
            return null;
        }
        CompletableFuture<Void> f = durable.toCompletableFuture();
        if (f.isDone() && !f.isCompletedExceptionally()) {
            completed = durable; // a store without fsync-always hands out one completed stage: check it once
            return null;
        }
        if (!wrote) {
            // what it read may be another client's write that is not durable yet: its replies wait for that too, as
            // Redis sends every reply after its fsync; a failed log does not stop reads
            return f.isDone() ? null : durable.handle((ok, failed) -> null);
        }
        if (f.isDone()) {
            refuseWrites(f.handle((ok, failed) -> failed).join(), replies);
            return null;
        }
        return durable;
    }

    /** The writes of the held-back batch could not be made durable: their replies become errors, the rest goes out. */
    @Override
    public boolean onHoldFailed(Throwable failure, OutputBuffer held) {
        refuseWrites(failure, held);
        return true;
    }

    /** Notes that a write command's reply was appended to {@link #out} from {@code start}. */
    private void wroteReply(int start) {
        wrote = true;
        if (writeReplyBounds == writeReplies.length) {
            writeReplies = Arrays.copyOf(writeReplies, Math.max(8, writeReplyBounds * 2)); // sized on first write
        }
        writeReplies[writeReplyBounds++] = start;
        writeReplies[writeReplyBounds++] = out.size();
    }

    /** Puts the {@code -MISCONF} error for {@code failure} in place of each write's reply in {@code replies}. */
    private void refuseWrites(Throwable failure, OutputBuffer replies) {
        if (writeReplyBounds == 0) {
            return;
        }
        Throwable cause = failure instanceof CompletionException && failure.getCause() != null
                ? failure.getCause() : failure;
        String reason = cause instanceof KvPersistenceException ? cause.getMessage()
                : "Errors writing to the AOF file: " + cause;
        byte[] error = ("-MISCONF " + reason.replace('\r', ' ').replace('\n', ' ') + "\r\n")
                .getBytes(StandardCharsets.UTF_8);
        int from = writeReplies[0];
        byte[] tail = Arrays.copyOfRange(replies.array(), from, replies.size());
        replies.truncate(from);
        int copied = from;
        for (int i = 0; i < writeReplyBounds; i += 2) {
            replies.write(tail, copied - from, writeReplies[i] - copied);
            replies.write(error);
            copied = writeReplies[i + 1];
        }
        replies.write(tail, copied - from, tail.length - (copied - from));
        writeReplyBounds = 0;
    }

    @Override
    public boolean onCommand(byte[][] args, int argc) {
        session.outbox().drainTo(out); // what was published to the client before this command goes out first
        boolean authenticated = session.isAuthenticated();
        int start = out.size();
        commands++;
        if (executor.execute(session, args, argc)) {
            wroteReply(start);
        }
        if (session.isAuthenticated() != authenticated) {
            parser.setAuthenticated(session.isAuthenticated());
        }
        if (outputLimit > 0 && out.size() - outStart > outputLimit) {
            overOutputLimit = true;
            return false;
        }
        if (session.isBlocked()) {
            long timeout = session.blockTimeoutNanos();
            if (timeout > 0) {
                timeoutWake = server.wakeAfter(session.connection(), timeout);
            }
            return false;
        }
        return !session.isClosing();
    }

    @Override
    public void onClose() {
        closed = true;
        executor.closed(session);
        if (timeoutWake != null) {
            timeoutWake.cancel(false);
        }
        deferred = null;
        server.closed(this);
    }

    private void close() {
        if (!closed) {
            closed = true;
            session.connection().close();
        }
    }
}
