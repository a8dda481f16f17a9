package org.kvlab.transport.netty;

import io.netty.util.concurrent.FastThreadLocal;
import java.util.ArrayList;

/**
 * The connections of one event loop whose replies wait for the end of the loop's I/O turn, to be flushed together
 * as Redis writes every reply of a turn from {@code beforeSleep}: the replies leave in one burst, so the clients'
 * next requests arrive together too and the loop finds several ready per wait. Used only on the loop's thread.
 */
final class TurnFlushes {

    private static final FastThreadLocal<TurnFlushes> LOOP = new FastThreadLocal<>() {
        @Override
        protected TurnFlushes initialValue() {
            return new TurnFlushes();
        }
    };

    private final ArrayList<ServerChannelHandler> waiting = new ArrayList<>();
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

    /** Ends the turn: flushes every queued connection, in the order they were queued. */
    void end() {
        inTurn = false;
        for (int i = 0; i < waiting.size(); i++) {
            waiting.get(i).flushDeferred();
        }
        waiting.clear();
    }
}
