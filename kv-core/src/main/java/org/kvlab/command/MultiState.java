package org.kvlab.command;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * One session's transaction, as Redis keeps it per client ({@code mstate} and the {@code MULTI} flags): whether it
 * is between {@code MULTI} and {@code EXEC}, the commands queued meanwhile, whether one was refused (then
 * {@code EXEC} aborts), whether {@code EXEC} is running them, and the keys it {@code WATCH}es. Used on the session's
 * thread; the counts {@code CLIENT LIST} shows are volatile, and writers on any thread touch the watches.
 */
final class MultiState {

    /** A command queued by {@code MULTI}, checked and looked up already. */
    record Queued(Command command, byte[][] args) {
    }

    /** Bytes counted per queued argument besides its own bytes, as Redis counts its object pointer and header. */
    private static final int ARG_OVERHEAD = 16;

    private final WatchRegistry registry;
    private List<Queued> queue = new ArrayList<>();
    private boolean queuing;
    private boolean refused;
    private boolean executing;
    private int queuedFlags;
    /** The flags some queued command lacks (Redis's {@code cmd_inv_flags}). */
    private int lackedFlags;
    private long queuedBytes;
    private volatile int queued = -1;
    private volatile long memory;
    private volatile WatchRegistry.Watches watches;
    private long watchedBytes;

    MultiState(WatchRegistry registry) {
        this.registry = registry;
    }

    /** Returns whether the session is between {@code MULTI} and {@code EXEC} or {@code DISCARD}. */
    boolean queuing() {
        return queuing;
    }

    /** Starts queuing ({@code MULTI}). */
    void begin() {
        queuing = true;
        queued = 0;
    }

    /** Records that a command was refused while queuing, if queuing: {@code EXEC} will abort (Redis's flagTransaction). */
    void refuse() {
        if (queuing) {
            refused = true;
        }
    }

    /** Returns whether a command was refused since {@code MULTI}. */
    boolean refused() {
        return refused;
    }

    /** Returns the bytes a command of {@code args[0..argc)} takes queued. */
    static long bytes(byte[][] args, int argc) {
        long bytes = 0;
        for (int i = 0; i < argc; i++) {
            bytes += args[i].length + ARG_OVERHEAD;
        }
        return bytes;
    }

    /**
     * Queues a command, copying the argument array (its elements are kept, as the parser allows); once a command was
     * refused nothing more is kept, as in Redis: {@code EXEC} will only abort.
     */
    void queue(Command command, byte[][] args, int argc, long bytes) {
        if (refused) {
            return;
        }
        queue.add(new Queued(command, Arrays.copyOf(args, argc)));
        queuedFlags |= command.flags;
        lackedFlags |= ~command.flags;
        queuedBytes += bytes;
        queued = queue.size();
        memory = queuedBytes + watchedBytes;
    }

    /** Returns the commands queued, in order. */
    List<Queued> queued() {
        return queue;
    }

    /** Returns whether a queued command has {@code flag}. */
    boolean anyQueued(int flag) {
        return (queuedFlags & flag) != 0;
    }

    /** Returns whether every queued command has {@code flag} (true with none queued). */
    boolean allQueued(int flag) {
        return (lackedFlags & flag) == 0;
    }

    /** Returns whether {@code EXEC} is running the queued commands. */
    boolean executing() {
        return executing;
    }

    void executing(boolean value) {
        executing = value;
    }

    /** Returns the bytes the queued commands and the watched keys take ({@code CLIENT LIST}'s {@code multi-mem}). */
    long memory() {
        return memory;
    }

    /** Returns how many commands are queued, or -1 when not queuing ({@code CLIENT LIST}'s {@code multi}). */
    int queuedCount() {
        return queued;
    }

    /** Returns whether a watched key changed since {@code WATCH} ({@code CLIENT LIST}'s flag {@code d}). */
    boolean touched() {
        WatchRegistry.Watches w = watches;
        return w != null && w.touched;
    }

    /**
     * Returns whether a watched key changed since {@code WATCH}, or expired: what makes {@code EXEC} abort. Called in
     * the atomic step of {@code EXEC}, so that no change can come between this and the queued commands.
     */
    boolean watchedKeyChanged() {
        return watches != null && registry.touchedOrExpired(watches);
    }

    /** Returns the current watches, made on first use. */
    WatchRegistry.Watches watches() {
        if (watches == null) {
            watches = new WatchRegistry.Watches();
        }
        return watches;
    }

    /** Counts {@code bytes} more of watched keys. */
    void watched(long bytes) {
        watchedBytes += bytes;
        memory = queuedBytes + watchedBytes;
    }

    /** Forgets every watched key and whether one changed ({@code UNWATCH}). */
    void unwatch() {
        if (watches != null) {
            registry.unwatch(watches);
            watches = null;
        }
        watchedBytes = 0;
        memory = queuedBytes;
    }

    /** Ends the transaction, queued or not, and unwatches (Redis's discardTransaction). */
    void discard() {
        queue = queue.size() > 16 ? new ArrayList<>() : queue; // a large transaction does not keep its array
        queue.clear();
        queuing = false;
        refused = false;
        queuedFlags = 0;
        lackedFlags = 0;
        queuedBytes = 0;
        queued = -1;
        unwatch();
    }
}
