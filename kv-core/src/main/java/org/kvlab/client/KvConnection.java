package org.kvlab.client;

import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * A dedicated connection, outside {@link KvClient}'s pool, made by {@link KvClient#connection()}: the handle for
 * load generators and other callers that want every request in flight on one connection they own. Thread-safe;
 * requests are written in the order their calls return, and replies complete them in that order on the
 * transport's read thread, without a hand-off.
 *
 * <p>For the most requests per second per core: send from the callbacks of earlier futures (a closed loop on the
 * read thread, so each write is made by the thread that read and no thread is woken), and keep several requests
 * in flight with {@link #sendBatch}, one write per batch. It does not reconnect: once lost, every request fails
 * with {@link KvConnectionException}; open a new one.
 *
 * <p>Concurrent senders share writes: whichever thread finds no write in progress sends everything the others
 * staged. Over a transport whose {@code send} writes on the caller's thread (the blocking one), that thread can
 * be the read thread, in a callback; if it then writes more than the socket buffers hold to a server that waits
 * for its replies to be read, both stall. So drive such a connection either from its callbacks or from other
 * threads, not both at once with batches larger than the socket buffers.
 */
public final class KvConnection extends AsyncCommands implements AutoCloseable {

    private final KvClient client;
    private final RespConnection connection;

    KvConnection(KvClient client, RespConnection connection) {
        this.client = client;
        this.connection = connection;
    }

    @Override
    <T> CompletableFuture<T> dispatch(Object[] args, Decoder<T> decoder) {
        return connection.send(args, decoder);
    }

    /**
     * Sends one command with one write; its future gets the reply as {@link KvClient#call(String...)} describes
     * it, or fails with {@link KvServerException} for an error reply.
     *
     * @throws IllegalArgumentException if {@code args} is empty
     * @throws NullPointerException if an argument is {@code null}
     */
    public CompletableFuture<Object> send(byte[]... args) {
        return connection.send(args, Replies.RAW);
    }

    /**
     * Sends several commands with one write; the one future gets every reply, in order, with an error reply as a
     * {@link KvServerException} element rather than a failure. It fails only if the connection is lost or the
     * replies do not all arrive within the timeout. The arrays are encoded before this returns, so the caller may
     * reuse them.
     *
     * @throws IllegalArgumentException if {@code commands} or one of them is empty
     * @throws NullPointerException if an argument is {@code null}
     */
    public CompletableFuture<List<Object>> sendBatch(List<byte[][]> commands) {
        return connection.sendBatch(commands);
    }

    /** Returns whether the connection is open and was not lost. */
    public boolean isOpen() {
        return connection.isUsable();
    }

    /** Closes the connection; requests in flight fail with {@link KvConnectionException}. Idempotent. */
    @Override
    public void close() {
        connection.close();
        client.forget(connection);
    }
}
