package org.kvlab.command;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.kvlab.api.KeyChangeListener;
import org.kvlab.api.KeyValueStore;
import org.kvlab.api.Keyspace;
import org.kvlab.api.ValueType;

/**
 * The keys sessions {@code WATCH}, by database and key, and the {@link KeyChangeListener} that marks a session's
 * watches touched when one of its keys changes, whoever changed it (a command of any connection, an embedded caller,
 * expiry), as Redis's {@code touchWatchedKey} and {@code touchAllWatchedKeysInDb} do. One per executor, registered
 * with the store once.
 *
 * <p>Redis 7.0's rules for expired keys: a key live at {@code WATCH} that expires counts as changed (when it is
 * removed, or at {@code EXEC} if it is not yet); a key already expired, or absent, at {@code WATCH} changes only when
 * it is written, and emptying or swapping its database touches it only if it then holds the key live.
 *
 * <p>Thread-safe: writers on any thread call the listener methods, each session's thread adds and removes its own
 * watches. With nothing watched, a change costs one read of the map's size.
 */
final class WatchRegistry implements KeyChangeListener {

    /** A watched key: a database and the key's bytes, compared by content. */
    private static final class WatchedKey {
        final int database;
        final byte[] key;
        private final int hash;

        WatchedKey(int database, byte[] key) {
            this.database = database;
            this.key = key;
            this.hash = 31 * database + Arrays.hashCode(key);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof WatchedKey other && other.database == database && Arrays.equals(other.key, key);
        }

        @Override
        public int hashCode() {
            return hash;
        }
    }

    /** One key of one session's {@link Watches}. */
    private static final class Watch {
        final WatchedKey key;
        final Watches owner;
        /** Whether the key was live when watched: only then does its expiry count as a change. */
        final boolean liveAtWatch;

        Watch(WatchedKey key, Watches owner, boolean liveAtWatch) {
            this.key = key;
            this.owner = owner;
            this.liveAtWatch = liveAtWatch;
        }
    }

    /**
     * What one session watches since its last {@code UNWATCH}, {@code EXEC} or {@code DISCARD}: a new one each time,
     * so a writer that still holds an old one cannot touch the new. The keys are the session thread's.
     */
    static final class Watches {
        /** Whether a watched key changed (Redis's {@code CLIENT_DIRTY_CAS}); set by any thread. */
        volatile boolean touched;
        private final List<Watch> watches = new ArrayList<>();
        private final Set<WatchedKey> keys = new HashSet<>();
    }

    /** Bytes counted per watched key besides its own bytes, as Redis counts its list node and watchedKey. */
    static final int WATCH_OVERHEAD = 48;

    private final KeyValueStore store;
    /** The watches of each watched key; an array replaced whole, so writers read it without locking. */
    private final ConcurrentHashMap<WatchedKey, Watch[]> watched = new ConcurrentHashMap<>();

    WatchRegistry(KeyValueStore store) {
        this.store = store;
    }

    /**
     * Adds {@code keys} of database {@code database} to {@code watches}, skipping the ones already in it; while the
     * keys are locked, so that no change falls between reading whether a key is live and watching it.
     *
     * @return the bytes the new watches take
     */
    long watch(Watches watches, int database, byte[][] keys) {
        return store.database(database).read(keys, view -> {
            long bytes = 0;
            for (byte[] key : keys) {
                WatchedKey watchedKey = new WatchedKey(database, key);
                if (!watches.keys.add(watchedKey)) {
                    continue;
                }
                Watch watch = new Watch(watchedKey, watches, view.type(key) != ValueType.NONE);
                watches.watches.add(watch);
                watched.merge(watchedKey, new Watch[] {watch}, WatchRegistry::concat);
                bytes += key.length + WATCH_OVERHEAD;
            }
            return bytes;
        });
    }

    /** Removes every watch of {@code watches}. */
    void unwatch(Watches watches) {
        for (Watch watch : watches.watches) {
            watched.computeIfPresent(watch.key, (key, all) -> without(all, watch));
        }
        watches.watches.clear();
        watches.keys.clear();
    }

    /**
     * Marks {@code watches} touched if a key live when watched and untouched since is no longer live: it expired,
     * whether or not it was removed (Redis's {@code isWatchedKeyExpired} at {@code EXEC}). Returns whether they are
     * touched.
     */
    boolean touchedOrExpired(Watches watches) {
        if (!watches.touched) {
            for (Watch watch : watches.watches) {
                if (watch.liveAtWatch && !store.database(watch.key.database).exists(watch.key.key)) {
                    watches.touched = true;
                    break;
                }
            }
        }
        return watches.touched;
    }

    @Override
    public void keyChanged(int database, byte[] key) {
        if (watched.isEmpty()) {
            return;
        }
        Watch[] all = watched.get(new WatchedKey(database, key));
        if (all != null) {
            for (Watch watch : all) {
                watch.owner.touched = true;
            }
        }
    }

    @Override
    public void keyExpired(int database, byte[] key) {
        if (watched.isEmpty()) {
            return;
        }
        Watch[] all = watched.get(new WatchedKey(database, key));
        if (all != null) {
            for (Watch watch : all) {
                if (watch.liveAtWatch) {
                    watch.owner.touched = true;
                }
            }
        }
    }

    /**
     * Touches the watches of the database's keys that were live when watched (untouched since, they were still there,
     * live or expired, when it was emptied or swapped away) or that it holds live now (a swap brought them), as
     * Redis's {@code touchAllWatchedKeysInDb} does.
     */
    @Override
    public void databaseChanged(int database) {
        if (watched.isEmpty()) {
            return;
        }
        List<Watch> undecided = new ArrayList<>();
        for (Map.Entry<WatchedKey, Watch[]> entry : watched.entrySet()) {
            if (entry.getKey().database != database) {
                continue;
            }
            for (Watch watch : entry.getValue()) {
                if (watch.liveAtWatch) {
                    watch.owner.touched = true;
                } else if (!watch.owner.touched) {
                    undecided.add(watch);
                }
            }
        }
        if (undecided.isEmpty()) {
            return;
        }
        byte[][] keys = new byte[undecided.size()][];
        for (int i = 0; i < keys.length; i++) {
            keys[i] = undecided.get(i).key.key;
        }
        Keyspace keyspace = store.database(database);
        keyspace.read(keys, view -> {
            for (Watch watch : undecided) {
                if (view.type(watch.key.key) != ValueType.NONE) {
                    watch.owner.touched = true;
                }
            }
            return null;
        });
    }

    private static Watch[] concat(Watch[] a, Watch[] b) {
        Watch[] both = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, both, a.length, b.length);
        return both;
    }

    /** Returns {@code all} without {@code watch}, or {@code null} (removing the key) if nothing remains. */
    private static Watch[] without(Watch[] all, Watch watch) {
        if (all.length == 1 && all[0] == watch) {
            return null;
        }
        List<Watch> rest = new ArrayList<>(all.length);
        for (Watch w : all) {
            if (w != watch) {
                rest.add(w);
            }
        }
        return rest.toArray(new Watch[0]);
    }
}
