package org.kvlab.transport.netty;

import io.netty.util.concurrent.FastThreadLocal;
import java.util.ArrayList;

/**
 * The connections of one event loop whose replies wait for the end of the loop's I/O turn, to be flushed together
 * as Redis writes every reply of a turn from {@code beforeSleep}: the replies leave in one burst, so the clients'
 * next requests arrive together too and the loop finds several ready per wait. Also the connections woken
 * ({@link org.kvlab.spi.Connection#wake()}) since the loop's last turn, whose {@code onWake} output joins the turn's
 * replies. Used only on the loop's thread.
 */
final class TurnFlushes {

    private static final FastThreadLocal<TurnFlushes> LOOP = new FastThreadLocal<>() {
        @Override
        protected TurnFlushes initialValue() {
            return new TurnFlushes();
        }
    };

    private final ArrayList<ServerChannelHandler> waiting = new ArrayList<>();
    /** Connections to call {@code onWake} on in the next turn. */
    private ArrayList<ServerChannelHandler> woken = new ArrayList<>();
    /** The connections the current turn wakes; swapped with {@link #woken}. */
    private ArrayList<ServerChannelHandler> waking = new ArrayList<>();
    private boolean inTurn;

    private TurnFlushes() {
    }

    /** Returns the calling event loop's instance. */
    static TurnFlushes current() {
        return LOOP.get();
    }

    /** Marks the start of the loop's I/O turn: flushes asked for from now on wait for {@link #end()}. */
    void begin() {
        inTurn = true;
    }

    /**
     * Queues {@code handler}'s flush for the end of the turn; returns {@code false}, queueing nothing, outside a
     * turn (a task, a completed held-back reply), where the caller flushes at once.
     */
    boolean defer(ServerChannelHandler handler) {
        if (inTurn) {
            waiting.add(handler);
        }
        return inTurn;
    }

    /** Queues {@code handler}'s {@code onWake} for the loop's current turn, or its next one outside a turn. */
    void wake(ServerChannelHandler handler) {
        woken.add(handler);
    }

    /** Returns whether a connection waits for {@code onWake}: the loop's next wait for I/O must not block. */
    boolean hasWakes() {
        return !woken.isEmpty();
    }

    /**
     * Calls {@code onWake} of the connections queued so far, in order, before the turn ends; those woken meanwhile
     * wait for the next turn, so a handler that wakes its own connection cannot keep the loop here.
     */
    void serveWakes() {
        ArrayList<ServerChannelHandler> serving = woken;
        woken = waking;
        waking = serving;
        for (int i = 0; i < serving.size(); i++) {
            serving.get(i).serveWake();
        }
        serving.clear();
    }

    /** Ends the turn: flushes every queued connection, in the order they were queued. */
    void end() {
        inTurn = false;
        for (int i = 0; i < waiting.size(); i++) {
            waiting.get(i).flushDeferred();
        }
        waiting.clear();
    }
}
