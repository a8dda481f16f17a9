package org.kvlab.client;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.kvlab.api.KvException;

/**
 * Commands queued locally and run by {@link #exec()} as one {@code MULTI}/{@code EXEC} transaction: written with one
 * send on one connection, they run on the server one after the other with no other client's command in between.
 * Each command method returns a future that completes when {@link #exec()} has run: with its reply, or failing
 * with {@link KvServerException} for a command that failed on its own (Redis does not roll back the others).
 * Made by {@link KvClient#multi()}, or handed to the body of {@link KvClient#watchAndRun}. Not thread-safe; reusable:
 * each {@code exec()} empties it.
 *
 * <pre>{@code
 * Transaction tx = client.multi();
 * CompletableFuture<Long> visits = tx.incr("visits");
 * tx.execute(ListRequests.rpush("log", "visit"));
 * List<Object> replies = tx.exec();     // [1, 1]: each reply decoded as its command's future has it
 * }</pre>
 */
public final class Transaction extends AsyncCommands {

    private static final Object[] MULTI = {"MULTI"};
    private static final Object[] EXEC = {"EXEC"};

    private final KvClient client;
    /** The connection that watches keys for this transaction, or {@code null}: any pooled one, at exec. */
    private final RespConnection watching;
    private final List<Object[]> commands = new ArrayList<>();
    private final List<Pending.Request<?>> results = new ArrayList<>();

    Transaction(KvClient client, RespConnection watching) {
        this.client = client;
        this.watching = watching;
    }

    @Override
    <T> CompletableFuture<T> dispatch(Object[] args, Decoder<T> decoder) {
        RequestEncoder.check(args);
        Pending.Request<T> result = new Pending.Request<>(args, decoder);
        commands.add(args);
        results.add(result);
        return result;
    }

    /** Returns how many commands are queued. */
    public int size() {
        return commands.size();
    }

    /**
     * Sends {@code MULTI}, the queued commands and {@code EXEC} with one write and waits, at most the client's
     * timeout, for the outcome; empties the transaction.
     *
     * @return each command's reply in order, decoded as its future has it (a command's error as its
     *     {@link KvServerException}); or {@code null} if the transaction was aborted because a key watched by
     *     {@link KvClient#watchAndRun} changed (the commands' futures are then cancelled)
     * @throws KvServerException if the server refused a command as it was queued (an unknown command, a wrong
     *     number of arguments): the transaction was discarded, nothing ran; the refusal is suppressed in it, and
     *     fails that command's future
     * @throws KvConnectionException if the connection was lost (whether the transaction ran is unknown)
     * @throws KvTimeoutException if the outcome did not arrive in time
     * @throws KvPoolExhaustedException if no pooled connection was free in time
     * @throws IllegalStateException if called on the transport's read thread, from a callback
     */
    public List<Object> exec() {
        if (RespConnection.onReadingThread()) {
            throw new IllegalStateException("waiting for EXEC on the transport's read thread would wait for a reply "
                    + "only that thread can read");
        }
        List<Object[]> batch = new ArrayList<>(commands.size() + 2);
        batch.add(MULTI);
        batch.addAll(commands);
        batch.add(EXEC);
        List<Pending.Request<?>> pending = new ArrayList<>(results);
        commands.clear();
        results.clear();
        List<Object> replies;
        try {
            replies = watching == null ? client.executeBatch(batch) : watching.await(watching.sendBatch(batch));
        } catch (RuntimeException e) {
            for (Pending.Request<?> result : pending) {
                result.completeExceptionally(e);
            }
            throw e;
        }
        return outcome(replies, pending);
    }

    private static List<Object> outcome(List<Object> replies, List<Pending.Request<?>> pending) {
        if (replies.get(0) instanceof KvServerException refused) { // MULTI itself: the connection was in one already
            failAll(pending, refused);
            throw new KvServerException(refused);
        }
        Object exec = replies.get(replies.size() - 1);
        if (exec instanceof KvServerException aborted) {
            KvServerException thrown = new KvServerException(aborted);
            for (int i = 0; i < pending.size(); i++) {
                Object queued = replies.get(i + 1);
                if (queued instanceof KvServerException refusal) {
                    pending.get(i).completeExceptionally(refusal);
                    if (thrown.getSuppressed().length == 0) {
                        thrown.addSuppressed(refusal);
                    }
                } else {
                    pending.get(i).completeExceptionally(aborted);
                }
            }
            throw thrown;
        }
        if (exec == null) {
            for (Pending.Request<?> result : pending) {
                result.cancel(false);
            }
            return null;
        }
        List<?> ran = (List<?>) exec;
        List<Object> out = new ArrayList<>(ran.size());
        for (int i = 0; i < pending.size(); i++) {
            Pending.Request<?> result = pending.get(i);
            result.accept(ran.get(i));
            out.add(valueOrFailure(result));
        }
        return out;
    }

    private static Object valueOrFailure(CompletableFuture<?> done) {
        try {
            return done.join();
        } catch (CompletionException e) {
            return e.getCause();
        }
    }

    private static void failAll(List<Pending.Request<?>> pending, KvException e) {
        for (Pending.Request<?> result : pending) {
            result.completeExceptionally(e);
        }
    }
}
