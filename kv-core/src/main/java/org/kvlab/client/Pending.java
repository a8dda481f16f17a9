package org.kvlab.client;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.kvlab.api.KvException;

/**
 * What waits for replies on a connection, in send order: one command ({@link Request}) or a batch of them
 * ({@link Batch}). It is its own future, so a request costs one object besides its reply.
 *
 * @param <T> the type of the result
 */
abstract class Pending<T> extends CompletableFuture<T> {

    /** When this times out, in {@link System#nanoTime()}; set when it is queued. */
    long deadline;

    /**
     * How long the server may hold the reply on purpose (a blocking command's timeout), which the client's timeout
     * comes on top of: 0 for none, {@link ReplyWait#FOREVER} for no limit.
     */
    final long waitNanos;

    Pending(long waitNanos) {
        this.waitNanos = waitNanos;
    }

    /** Counts one more reply for this; called under the connection's queue lock. Returns whether it was the last. */
    abstract boolean countReply();

    /** Takes one reply, in order; called on the transport's thread, after {@link #countReply()}. */
    abstract void accept(Object reply);

    /** Returns the command name, for messages. */
    abstract String command();

    static String name(Object arg) {
        return arg instanceof byte[] b ? new String(b, 0, Math.min(b.length, 64), StandardCharsets.UTF_8)
                : String.valueOf(arg);
    }

    /** One command and the decoder of its reply. */
    static final class Request<T> extends Pending<T> {
        private final Object command;
        private final Decoder<T> decoder;

        /** Waits for the reply to {@code args}, keeping only the command's name. */
        Request(Object[] args, Decoder<T> decoder) {
            super(ReplyWait.nanos(args));
            this.command = args[0];
            this.decoder = decoder;
        }

        @Override
        boolean countReply() {
            return true;
        }

        @Override
        void accept(Object reply) {
            if (reply instanceof KvServerException e) {
                completeExceptionally(e);
                return;
            }
            T value;
            try {
                value = decoder.decode(reply);
            } catch (RuntimeException e) {
                completeExceptionally(new KvException("unexpected reply to " + command() + ": " + e.getMessage(), e));
                return;
            }
            complete(value);
        }

        @Override
        String command() {
            return name(command);
        }
    }

    /** Several commands sent in one write, whose replies complete one future as a list. */
    static final class Batch extends Pending<List<Object>> {
        private final int size;
        private final List<Object> replies;
        private final Object firstCommand;
        private int counted;

        /** Waits for the replies to {@code commands}, keeping only the first command's name. */
        Batch(List<? extends Object[]> commands) {
            super(ReplyWait.nanos(commands));
            this.size = commands.size();
            this.replies = new ArrayList<>(size);
            Object[] first = commands.get(0);
            this.firstCommand = first[0];
        }

        @Override
        boolean countReply() {
            return ++counted == size;
        }

        @Override
        void accept(Object reply) {
            replies.add(reply);
            if (replies.size() == size) {
                complete(replies);
            }
        }

        @Override
        String command() {
            return "a batch of " + size + " commands starting with " + name(firstCommand);
        }
    }
}
