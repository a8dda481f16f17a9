package org.kvlab.client;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.kvlab.spi.OutputBuffer;

/**
 * Commands queued locally and written to one pooled connection with one send; replies complete the commands'
 * futures in order. Each command method returns its future at once, incomplete until {@link #flush()} or
 * {@link #sync()} sends the batch. Not thread-safe; reusable: each send empties it.
 *
 * <pre>{@code
 * Pipeline p = client.pipeline();
 * CompletableFuture<Void> set = p.set("k", "v");
 * CompletableFuture<String> get = p.get("k");
 * p.sync();                       // one write, then waits for both replies
 * String v = get.join();
 * }</pre>
 */
public final class Pipeline extends AsyncCommands {

    private final KvClient client;
    private final OutputBuffer encoded = new OutputBuffer();
    private final List<Pending<?>> queued = new ArrayList<>();

    Pipeline(KvClient client) {
        this.client = client;
    }

    @Override
    <T> CompletableFuture<T> dispatch(Object[] args, Decoder<T> decoder) {
        RequestEncoder.encode(encoded, args);
        Pending.Request<T> request = new Pending.Request<>(args, decoder);
        queued.add(request);
        return request;
    }

    /** Returns how many commands are queued, not yet sent. */
    public int size() {
        return queued.size();
    }

    /**
     * Sends the queued commands with one write on a pooled connection and empties the pipeline; their futures
     * complete as replies arrive. Does nothing if none are queued.
     *
     * @throws KvPoolExhaustedException if no pooled connection was free in time (the queued futures fail too)
     * @throws KvConnectionException if no connection could be made (the queued futures fail too)
     */
    public void flush() {
        send();
    }

    /**
     * Sends the queued commands as {@link #flush()} does and waits until every reply has arrived, at most the
     * client's timeout. A command's error reply fails only its own future.
     *
     * @throws KvConnectionException if the connection was lost before every reply arrived
     * @throws KvTimeoutException if the replies did not all arrive within the timeout
     * @throws KvPoolExhaustedException if no pooled connection was free in time
     * @throws IllegalStateException if called on the transport's read thread, from a callback
     */
    public void sync() {
        if (RespConnection.onReadingThread()) {
            throw new IllegalStateException("waiting for a pipeline on the transport's read thread would wait for "
                    + "replies only that thread can read; use flush() and the futures instead");
        }
        if (queued.isEmpty()) {
            return;
        }
        Pending<?> last = queued.get(queued.size() - 1);
        RespConnection connection = send();
        try {
            connection.await(last);
        } catch (KvServerException e) {
            // the last command's own error: it stays in its future, the batch is complete
        }
    }

    private RespConnection send() {
        if (queued.isEmpty()) {
            return null;
        }
        List<Pending<?>> batch = new ArrayList<>(queued);
        queued.clear();
        try {
            return client.sendEncoded(encoded.array(), encoded.size(), batch);
        } finally {
            encoded.clear();
        }
    }
}
