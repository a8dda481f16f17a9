package org.kvlab.transport.netty;

import io.netty.channel.IoHandler;
import io.netty.util.concurrent.FastThreadLocal;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;

/**
 * The connections of one server event loop whose replies wait for the end of the loop's I/O turn, to be flushed
 * together as Redis writes every reply of a turn from {@code beforeSleep}: the replies leave in one burst, so the
 * clients' next requests arrive together too and the loop finds several ready per wait. Also the connections woken
 * ({@link org.kvlab.spi.Connection#wake()}) since the loop's last turn, whose {@code onWake} output joins the turn's
 * replies.
 *
 * <p>Where the loop's flavor limits a turn ({@link NettyFlavor#maxTurnNanos()}), a turn that has served read batches
 * that long ends once the batch being served is done, as if the I/O handler's call had returned there: the turn end
 * ({@link org.kvlab.spi.ConnectionHandler.Factory#onTurnEnd}), then the flushes; the wakes wait for the call's end.
 * Not where the turn end would wait for an fsync: the replies it releases go out as tasks, after the call, anyway.
 *
 * <p>Wakes of this loop's connections made on other threads arrive in an inbox, served in the turn in which the loop
 * wakes up, with no task and no second turn between. Another server loop hands over the wakes of one of its turns
 * together, one batch and at most one wake-up of this loop per turn ({@link #handOff()}), however many of this loop's
 * connections the turn woke: a message published to many subscribers costs the publisher's loop one lock and one
 * eventfd write for each other loop, not one task and one atomic exchange per subscriber; nothing is allocated per
 * wake, and the waking loop writes nothing of the woken connection (its core would take the connection's cache line
 * from the other core): the woken loop alone skips a connection queued twice. A thread that is not a server loop (a
 * timer, a replication link) delivers each wake on its own, once until {@code onWake} runs.
 *
 * <p>Every method runs on the loop's thread except {@link #wake}, which any thread may call.
 */
final class TurnFlushes {

    /** The instance of each server loop's thread, bound before its first turn; unset on every other thread. */
    private static final FastThreadLocal<TurnFlushes> LOOP = new FastThreadLocal<>();

    /** Wakes the loop from another thread: an eventfd write unless the loop is awake or already woken. */
    private final IoHandler ioHandler;
    /** How long a turn serves before {@link #endIfLong()} ends it; 0 for no limit. */
    private final long maxTurnNanos;
    /** Ends a turn cut short, before its flushes, returning {@code true}, or refuses with {@code false}. */
    private final BooleanSupplier earlyTurnEnd;
    /** When the current turn began, {@link System#nanoTime()}, where turns are limited. */
    private long turnStarted;
    private final ArrayList<ServerChannelHandler> waiting = new ArrayList<>();
    /** Connections to call {@code onWake} on in the next turn. */
    private ArrayList<ServerChannelHandler> woken = new ArrayList<>();
    /** The connections the current turn wakes; swapped with {@link #woken}. */
    private ArrayList<ServerChannelHandler> waking = new ArrayList<>();
    /** Connections woken by other threads, waiting for the loop to take them; guarded by itself. */
    private final ArrayList<ServerChannelHandler> inbox = new ArrayList<>();
    /** Whether {@link #inbox} holds a connection; written under its lock, read by the loop before it blocks. */
    private volatile boolean inboxFilled;
    /** Set once the loop is being destroyed: later wakes do nothing. Guarded by {@link #inbox}. */
    private boolean stopped;
    /** This turn's wakes of other loops' connections, one batch per loop, kept from turn to turn. */
    private final ArrayList<Batch> outgoing = new ArrayList<>();
    private boolean inTurn;

    /**
     * Creates a loop's instance; {@code ioHandler} is the loop's own, to wake it; a turn that has served
     * {@code maxTurnNanos} (0: no limit) ends early, if {@code earlyTurnEnd}, called before its flushes, agrees.
     */
    TurnFlushes(IoHandler ioHandler, long maxTurnNanos, BooleanSupplier earlyTurnEnd) {
        this.ioHandler = ioHandler;
        this.maxTurnNanos = maxTurnNanos;
        this.earlyTurnEnd = earlyTurnEnd;
    }

    /** Makes this the calling thread's instance; called on the loop's thread before its first turn. */
    void bind() {
        LOOP.set(this);
    }

    /**
     * Returns the calling server loop's instance.
     *
     * @throws IllegalStateException if the calling thread is not a server event loop
     */
    static TurnFlushes current() {
        TurnFlushes flushes = LOOP.getIfExists();
        if (flushes == null) {
            throw new IllegalStateException(Thread.currentThread().getName() + " is not a server event loop");
        }
        return flushes;
    }

    /** Marks the start of the loop's I/O turn: flushes asked for from now on wait for {@link #end()}. */
    void begin() {
        inTurn = true;
        if (maxTurnNanos > 0) {
            turnStarted = System.nanoTime();
        }
    }

    /**
     * Ends the turn early if it is limited, has served that long, has flushes waiting and the early turn end agrees:
     * the turn end, then every queued flush; a new turn begins. Called after a read batch was served, before its own
     * flush is queued.
     */
    void endIfLong() {
        if (maxTurnNanos > 0 && inTurn && !waiting.isEmpty()) {
            long now = System.nanoTime();
            if (now - turnStarted >= maxTurnNanos && earlyTurnEnd.getAsBoolean()) {
                turnStarted = now;
                handOff();
                flushWaiting();
            }
        }
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

    /**
     * Queues {@code handler}, a connection of this loop, for {@code onWake}: in the loop's current turn, or its next
     * one, once however often it is woken before. From this loop's thread it joins the turn's wakes; from another
     * server loop's turn it waits for that turn's {@link #handOff()}, touching nothing of the connection; from any
     * other thread it goes to the inbox at once, waking this loop, unless such a wake is queued already.
     */
    void wake(ServerChannelHandler handler) {
        TurnFlushes caller = LOOP.getIfExists();
        if (caller == this) {
            list(handler);
        } else if (caller != null && caller.inTurn) {
            caller.batchFor(this).add(handler);
        } else if (handler.claimWake()) {
            deliver(handler);
        }
    }

    /** Queues {@code handler} for {@code onWake} again, after its wake waited for its output to drain. */
    void requeue(ServerChannelHandler handler) {
        woken.add(handler);
    }

    /** Adds {@code handler} to the wakes to serve unless it is there already (or waits for its output). */
    private void list(ServerChannelHandler handler) {
        if (handler.listWake()) {
            woken.add(handler);
        }
    }

    /** Returns whether the loop must not block in its next wait: a connection waits for {@code onWake}. */
    boolean hasWakes() {
        return !woken.isEmpty() || inboxFilled;
    }

    /** Returns the batch of this turn's wakes of {@code target}'s connections. */
    private ArrayList<ServerChannelHandler> batchFor(TurnFlushes target) {
        for (int i = 0; i < outgoing.size(); i++) {
            Batch batch = outgoing.get(i);
            if (batch.target == target) {
                return batch.handlers;
            }
        }
        Batch batch = new Batch(target);
        outgoing.add(batch);
        return batch.handlers;
    }

    /**
     * Hands the wakes this turn made of other loops' connections to those loops, one batch each; called on this loop's
     * thread, in its turn, before it serves its own wakes (so that the other loops write meanwhile) and as the turn
     * ends.
     */
    void handOff() {
        for (int i = 0; i < outgoing.size(); i++) {
            Batch batch = outgoing.get(i);
            if (!batch.handlers.isEmpty()) {
                batch.target.deliverAll(batch.handlers);
                batch.handlers.clear();
            }
        }
    }

    /** Adds {@code handler} to the inbox, waking the loop (see {@link #wakeLoopOnce()}); nothing once it stopped. */
    private void deliver(ServerChannelHandler handler) {
        synchronized (inbox) {
            if (!stopped) {
                inbox.add(handler);
                wakeLoopOnce();
            }
        }
    }

    /** Adds every one of {@code handlers} to the inbox, as {@link #deliver} adds one. */
    private void deliverAll(List<ServerChannelHandler> handlers) {
        synchronized (inbox) {
            if (!stopped) {
                inbox.addAll(handlers);
                wakeLoopOnce();
            }
        }
    }

    /**
     * Wakes the loop unless it was woken since it last took the inbox; called under the inbox's lock, so that a
     * wake-up never reaches a loop whose eventfd is closed.
     */
    private void wakeLoopOnce() {
        if (!inboxFilled) {
            inboxFilled = true;
            ioHandler.wakeup();
        }
    }

    /** Moves what the inbox holds to the wakes of this turn. */
    private void takeInbox() {
        if (inboxFilled) {
            synchronized (inbox) {
                for (int i = 0; i < inbox.size(); i++) {
                    list(inbox.get(i));
                }
                inbox.clear();
                inboxFilled = false;
            }
        }
    }

    /** Drops the inbox and makes later wakes do nothing; called as the loop is destroyed. */
    void stop() {
        synchronized (inbox) {
            stopped = true;
            inbox.clear();
            inboxFilled = false;
        }
    }

    /**
     * Hands over this turn's wakes of other loops, then calls {@code onWake} of the connections queued so far (other
     * threads' wakes included), in order, before the turn ends; those woken meanwhile wait for the next turn, so a
     * handler that wakes its own connection cannot keep the loop here.
     */
    void serveWakes() {
        handOff();
        takeInbox();
        ArrayList<ServerChannelHandler> serving = woken;
        woken = waking;
        waking = serving;
        for (int i = 0; i < serving.size(); i++) {
            serving.get(i).serveWake();
        }
        serving.clear();
    }

    /**
     * Ends the turn: hands over the wakes of other loops made since {@link #serveWakes()}, then flushes every queued
     * connection, in the order they were queued.
     */
    void end() {
        handOff();
        inTurn = false;
        flushWaiting();
    }

    /** Flushes every queued connection, in the order they were queued. */
    private void flushWaiting() {
        for (int i = 0; i < waiting.size(); i++) {
            waiting.get(i).flushDeferred();
        }
        waiting.clear();
    }

    /** One turn's wakes of another loop's connections. */
    private static final class Batch {
        final TurnFlushes target;
        final ArrayList<ServerChannelHandler> handlers = new ArrayList<>();

        Batch(TurnFlushes target) {
            this.target = target;
        }
    }
}
