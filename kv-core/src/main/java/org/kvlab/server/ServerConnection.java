package org.kvlab.server;

import java.lang.System.Logger.Level;
import java.nio.ByteBuffer;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.kvlab.api.KeyValueStore;
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
 * the replies to the transport's buffer; holds the replies of a batch with writes back until the store says they
 * are durable. The replies of one read are bounded too: once they pass the transport's output buffer limit, the
 * rest of the read is dropped and the client closed, as Redis closes a client over its output buffer limit.
 * Called by one thread at a time; the idle fields are read by the server's timer.
 */
final class ServerConnection implements ConnectionHandler, CommandSink {

    private static final System.Logger LOG = System.getLogger(ServerConnection.class.getName());
    private static final String QUERY_LIMIT = "query buffer limit exceeded";

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
    private volatile long lastReadMillis = System.currentTimeMillis();
    private volatile long partialSinceNanos = -1;
    /** The unwritten output the last idle check saw, and when a check last saw it change: for the checking thread. */
    private long checkedUnwritten;
    private long outputMovedMillis;

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

    @Override
    public CompletionStage<?> onRead(ByteBuffer in, OutputBuffer out) {
        if (closed) {
            in.position(in.limit());
            return null;
        }
        RespWriter writer = session.writer();
        writer.target(out);
        lastReadMillis = System.currentTimeMillis();
        session.active(lastReadMillis);
        wrote = false;
        this.out = out;
        outStart = out.size();
        try {
            parser.parse(in, this);
        } catch (ProtocolException e) {
            in.position(in.limit());
            if (!QUERY_LIMIT.equals(e.getMessage())) {
                writer.error("ERR Protocol error: " + e.getMessage());
            }
            close();
        } finally {
            this.out = null;
        }
        if (overOutputLimit) {
            LOG.log(Level.INFO, "closing client {0}: the replies of one read passed the output buffer limit {1}",
                    session.id(), outputLimit);
            in.position(in.limit());
            close();
        }
        if (session.isClosing()) {
            in.position(in.limit());
            close();
        }
        partialSinceNanos = parser.partialCommandStartNanos();
        session.queryBuffer(parser.bufferedBytes());
        if (!wrote) {
            return null;
        }
        CompletionStage<Void> durable = store.durable();
        if (durable == completed) {
            return null;
        }
        CompletableFuture<Void> f = durable.toCompletableFuture();
        if (f.isDone() && !f.isCompletedExceptionally()) {
            completed = durable; // a store without fsync-always hands out one completed stage: check it once
            return null;
        }
        return durable;
    }

    @Override
    public boolean onCommand(byte[][] args, int argc) {
        boolean authenticated = session.isAuthenticated();
        wrote |= executor.execute(session, args, argc);
        if (session.isAuthenticated() != authenticated) {
            parser.setAuthenticated(session.isAuthenticated());
        }
        if (outputLimit > 0 && out.size() - outStart > outputLimit) {
            overOutputLimit = true;
            return false;
        }
        return !session.isClosing();
    }

    @Override
    public void onClose() {
        closed = true;
        executor.closed(session);
        server.closed(this);
    }

    private void close() {
        if (!closed) {
            closed = true;
            session.connection().close();
        }
    }
}
