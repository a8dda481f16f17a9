package org.kvlab.spi;

import java.nio.ByteBuffer;
import java.util.concurrent.CompletionStage;

/**
 * The protocol side of one server connection. The transport calls it on one thread at a time, in order.
 */
public interface ConnectionHandler {

    /**
     * Called once, before any read, on the thread that will serve the connection. What the handler appends to
     * {@code out} is written at once: a server that refuses a client ({@code maxclients}, protected mode) says why
     * here and calls {@link Connection#close()}, which then takes effect after that write. The default writes
     * nothing.
     *
     * @param out where to append a greeting or a refusal
     */
    default void onOpen(OutputBuffer out) {
    }

    /**
     * Consumes every byte of {@code in} (from its position to its limit; the handler keeps a partial frame in its
     * own state) and appends the replies to {@code out}. The transport writes {@code out} after the call.
     *
     * <p>If the replies must wait — for the write log's group commit — the handler returns a stage: the
     * transport then reads nothing more from this connection until it completes, writes {@code out} (which it
     * keeps untouched meanwhile) and resumes. If the stage fails, the transport asks {@link #onHoldFailed} what to
     * do with the held output.
     *
     * @param in the bytes just read; the handler must not keep a reference to it after returning
     * @param out where to append replies
     * @return {@code null} to write the replies now, else when they may be written
     */
    CompletionStage<?> onRead(ByteBuffer in, OutputBuffer out);

    /**
     * Called on the serving thread after {@link Connection#wake()}: appends to {@code out} output that no request
     * asked for. Never called while replies are held back or output is unwritten, nor concurrently with
     * {@link #onRead}; one call answers every {@code wake()} made before it began. The returned stage means what it
     * means for {@link #onRead}. The default appends nothing.
     *
     * @param out where to append the output
     * @return {@code null} to write the output now, else when it may be written
     */
    default CompletionStage<?> onWake(OutputBuffer out) {
        return null;
    }

    /**
     * Called on the serving thread when a stage returned by {@link #onRead} or {@link #onWake} failed (at once or
     * later), with the output held back for it. {@code held} has the bytes at the offsets they had in {@code out}
     * when that call returned (a transport that copies them keeps their offsets), so a handler can find the replies
     * it appended by the sizes it saw. The handler may change {@code held} — put an error in place of a reply that
     * must not be sent — and returns {@code true} to have it written and the connection go on as if the stage had
     * completed, or {@code false} to close the connection without writing it. The default closes, so that a client
     * never sees a reply to a write that was not made durable.
     *
     * @param failure why the stage failed, possibly wrapped in a {@link java.util.concurrent.CompletionException}
     * @param held the held-back output, to change in place
     * @return whether to write {@code held} and go on
     */
    default boolean onHoldFailed(Throwable failure, OutputBuffer held) {
        return false;
    }

    /** Called once when the connection has closed, for whatever reason. */
    void onClose();

    /** Makes the handler of each connection a {@link ServerTransport} accepts. */
    @FunctionalInterface
    interface Factory {

        /**
         * Returns the handler of a newly accepted connection. Called on the thread that will serve it.
         *
         * @param connection the connection, for its addresses and to close it
         */
        ConnectionHandler newConnection(Connection connection);

        /**
         * Called on a serving thread once it has handled everything one turn brought, before it waits for more
         * (Redis's {@code beforeSleep}): an event loop after the reads of one wait for readiness or completion, a
         * thread-per-connection transport after each read. A server makes the turn's writes durable here, so that
         * held-back replies complete on the thread that writes them. Must not be slow unless the turn's own replies
         * wait for it. Does nothing by default.
         */
        default void onTurnEnd() {
        }

        /**
         * Returns whether {@link #onTurnEnd()} would make the serving thread wait now (a server: an fsync is due for
         * the turn's writes). An event loop may then first handle, without waiting, what became ready during the
         * turn, so that one sync covers more. Called on a serving thread; {@code false} by default.
         */
        default boolean turnEndWaits() {
            return false;
        }
    }
}
