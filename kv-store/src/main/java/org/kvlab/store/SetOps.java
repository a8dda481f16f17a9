package org.kvlab.store;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Random;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Predicate;
import org.kvlab.api.ScanResult;
import org.kvlab.api.Sets;
import org.kvlab.api.ValueType;

/**
 * The {@link Sets} of one {@link Database}. Each method runs as one {@link Database#access}: it reads the sets it
 * names and records what changes as {@link SetValue} effects, or a replacement of a destination key. Random choices
 * are recorded as the members chosen, so a log replays them exactly. Thread-safe.
 */
final class SetOps implements Sets {

    /** The most elements a list can hold. */
    private static final int MAX_LIST = Integer.MAX_VALUE - 8;
    /** Redis's {@code SPOP_MOVE_STRATEGY_MUL}: past this ratio of popped to kept, SPOP rebuilds from the kept. */
    private static final int SPOP_MOVE_RATIO = 5;
    /** Redis's {@code SRANDMEMBER_SUB_STRATEGY_MUL}: under this ratio, SRANDMEMBER drops members from a copy. */
    private static final int SRANDMEMBER_SUB_RATIO = 3;
    private static final byte[][] NONE = new byte[0][];

    private final Database database;

    SetOps(Database database) {
        this.database = database;
    }

    @Override
    public long add(byte[] key, byte[]... members) {
        if (members.length == 0) {
            throw new IllegalArgumentException("members: none (expected: at least one)");
        }
        return database.write(key, true, members, (a, m) -> { // captures nothing, so allocates nothing
            byte[][] fresh = select(a, a.get(a.key(), ValueType.SET), m, false);
            if (fresh.length > 0) {
                a.record(a.key(), SetValue.ADD, fresh);
            }
            return fresh.length;
        });
    }

    @Override
    public long remove(byte[] key, byte[]... members) {
        return database.access(key, true, false, a -> {
            SetValue set = a.get(key, ValueType.SET);
            if (set == null) {
                return 0L;
            }
            byte[][] present = select(a, set, members, true);
            if (present.length > 0) {
                a.record(key, SetValue.REMOVE, present);
            }
            return (long) present.length;
        });
    }

    @Override
    public List<byte[]> members(byte[] key) {
        return database.access(key, false, false, a -> {
            SetValue set = a.get(key, ValueType.SET);
            return set == null ? List.of() : list(set.elements());
        });
    }

    @Override
    public boolean isMember(byte[] key, byte[] member) {
        Objects.requireNonNull(member, "member");
        return database.access(key, false, false, a -> {
            SetValue set = a.get(key, ValueType.SET);
            return set != null && set.contains(member);
        });
    }

    @Override
    public boolean[] areMembers(byte[] key, byte[]... members) {
        return database.access(key, false, false, a -> {
            SetValue set = a.get(key, ValueType.SET);
            boolean[] found = new boolean[members.length];
            for (int i = 0; i < members.length; i++) {
                Objects.requireNonNull(members[i], "member");
                found[i] = set != null && set.contains(members[i]);
            }
            return found;
        });
    }

    @Override
    public long cardinality(byte[] key) {
        return database.access(key, false, false, a -> {
            SetValue set = a.get(key, ValueType.SET);
            return set == null ? 0L : set.size();
        });
    }

    @Override
    public byte[] pop(byte[] key) {
        return database.access(key, true, false, null, (a, none) -> { // captures nothing, so allocates nothing
            SetValue set = a.get(a.key(), ValueType.SET);
            if (set == null) {
                return null;
            }
            byte[] member = set.random(ThreadLocalRandom.current());
            a.record(a.key(), SetValue.REMOVE, member);
            return member;
        });
    }

    /**
     * {@inheritDoc}
     *
     * <p>As Redis does: all of them when {@code count} reaches the size (the key is removed); distinct random draws
     * when many are left; otherwise it draws the few to keep, pops the rest and re-encodes the kept as a new set
     * ({@link SetValue#POP_REBUILD}), so an all-integer remainder becomes an {@code intset} again.
     */
    @Override
    public List<byte[]> pop(byte[] key, long count) {
        if (count < 0) {
            throw new IllegalArgumentException("count: " + count + " (expected: >= 0)");
        }
        return database.access(key, true, false, a -> {
            SetValue set = a.get(key, ValueType.SET);
            if (set == null || count == 0) {
                return List.of();
            }
            int size = set.size();
            if (count >= size) {
                a.read(key, ValueType.SET); // a hit, as Redis 7.0 serves the whole set through SUNION's lookup
                a.delete(key);
                return list(set.elements());
            }
            Random random = ThreadLocalRandom.current();
            long remaining = size - count;
            if (remaining * SPOP_MOVE_RATIO > count) {
                byte[][] popped = new byte[(int) count][];
                draw(set, popped, random);
                a.record(key, SetValue.REMOVE, popped);
                return list(popped);
            }
            SetValue kept = draw(set, new byte[(int) remaining][], random);
            byte[][] popped = new byte[(int) count][];
            int n = 0;
            for (byte[] member : set.elements()) {
                if (!kept.contains(member)) {
                    popped[n++] = member;
                }
            }
            a.record(key, SetValue.POP_REBUILD, popped);
            return list(popped);
        });
    }

    @Override
    public byte[] randomMember(byte[] key) {
        return database.access(key, false, false, a -> {
            SetValue set = a.get(key, ValueType.SET);
            return set == null ? null : set.random(ThreadLocalRandom.current());
        });
    }

    @Override
    public List<byte[]> randomMembers(byte[] key, long count) {
        if (count == Long.MIN_VALUE) {
            throw new IllegalArgumentException("count: " + count + " (expected: > Long.MIN_VALUE)");
        }
        return database.access(key, false, false, a -> {
            SetValue set = a.get(key, ValueType.SET);
            if (set == null || count == 0) {
                return List.of();
            }
            Random random = ThreadLocalRandom.current();
            if (count < 0 || count == 1) {
                if (-count > MAX_LIST) {
                    throw new IllegalArgumentException("count: " + count + " (expected: >= -" + MAX_LIST + ")");
                }
                byte[][] drawn = new byte[(int) Math.abs(count)][];
                for (int i = 0; i < drawn.length; i++) {
                    drawn[i] = set.random(random);
                }
                return list(drawn);
            }
            int size = set.size();
            if (count >= size) {
                return list(set.elements());
            }
            int n = (int) count;
            if (count * SRANDMEMBER_SUB_RATIO > size) {
                byte[][] all = set.elements();
                for (int i = 0; i < n; i++) {
                    int j = i + random.nextInt(size - i);
                    byte[] swap = all[i];
                    all[i] = all[j];
                    all[j] = swap;
                }
                return list(Arrays.copyOf(all, n));
            }
            byte[][] drawn = new byte[n][];
            draw(set, drawn, random);
            return list(drawn);
        });
    }

    @Override
    public boolean move(byte[] source, byte[] destination, byte[] member) {
        Objects.requireNonNull(member, "member");
        return database.access(new byte[][] {source, destination}, true, true, a -> {
            SetValue from = a.get(source, ValueType.SET);
            if (from == null) {
                return false;
            }
            SetValue to = a.get(destination, ValueType.SET);
            if (KvHash.equal(source, destination)) {
                return from.contains(member);
            }
            if (!from.contains(member)) {
                return false;
            }
            a.record(source, SetValue.REMOVE, member);
            if (to == null || !to.contains(member)) {
                a.record(destination, SetValue.ADD, member);
            }
            return true;
        });
    }

    @Override
    public List<byte[]> intersection(byte[]... keys) {
        requireKeys(keys);
        return database.access(keys, false, false, a -> Collections.unmodifiableList(intersect(a, keys, 0)));
    }

    @Override
    public long intersectionCardinality(long limit, byte[]... keys) {
        requireKeys(keys);
        if (limit < 0) {
            throw new IllegalArgumentException("limit: " + limit + " (expected: >= 0)");
        }
        return database.access(keys, false, false, a -> (long) intersect(a, keys, limit).size());
    }

    @Override
    public List<byte[]> union(byte[]... keys) {
        requireKeys(keys);
        return database.access(keys, false, false, a -> list(unite(sets(a, keys)).elements()));
    }

    @Override
    public List<byte[]> difference(byte[]... keys) {
        requireKeys(keys);
        return database.access(keys, false, false, a -> {
            SetValue[] sets = sets(a, keys);
            if (sets[0] == null || sameAsFirst(sets)) {
                return List.of();
            }
            SetValue result = new SetValue();
            if (diffByLookup(sets)) {
                for (byte[] member : survivors(sets)) {
                    result.add(member, database.encodingLimits());
                }
            } else {
                for (byte[] member : sets[0].elements()) {
                    result.add(member, database.encodingLimits());
                }
                for (byte[] member : removed(sets)) {
                    result.remove(member);
                }
            }
            return list(result.elements());
        });
    }

    @Override
    public long intersectionStore(byte[] destination, byte[]... keys) {
        requireKeys(keys);
        return database.access(withFirst(destination, keys), true, true, a -> {
            List<byte[]> result = intersect(a, keys, 0);
            return store(a, destination, result.toArray(NONE));
        });
    }

    @Override
    public long unionStore(byte[] destination, byte[]... keys) {
        requireKeys(keys);
        return database.access(withFirst(destination, keys), true, true,
                a -> store(a, destination, unite(sets(a, keys)).elements()));
    }

    /**
     * {@inheritDoc}
     *
     * <p>As Redis's {@code SDIFFSTORE}, which builds the result one of two ways by the sizes of the sets: adding the
     * members of the first set found in no other, or adding every member of the first and then removing those found
     * in another. The second way leaves a {@code hashtable} when the first set held a member that was not an integer,
     * even if that member is removed; the effects recorded repeat those steps, so the encoding is Redis's.
     */
    @Override
    public long differenceStore(byte[] destination, byte[]... keys) {
        requireKeys(keys);
        return database.access(withFirst(destination, keys), true, true, a -> {
            SetValue[] sets = sets(a, keys);
            if (sets[0] == null || sameAsFirst(sets)) {
                return store(a, destination, NONE);
            }
            if (diffByLookup(sets)) {
                return store(a, destination, survivors(sets));
            }
            byte[][] removed = removed(sets);
            if (a.type(destination) != ValueType.NONE) {
                a.delete(destination);
            }
            a.record(destination, SetValue.ADD, sets[0].elements());
            if (removed.length > 0) {
                a.record(destination, SetValue.REMOVE, removed);
            }
            return (long) (sets[0].size() - removed.length);
        });
    }

    @Override
    public ScanResult scan(byte[] key, long cursor, int count, Predicate<byte[]> filter) {
        Objects.requireNonNull(filter, "filter");
        return database.access(key, false, false, a -> {
            SetValue set = a.get(key, ValueType.SET);
            if (set == null) {
                return new ScanResult(0, List.of());
            }
            List<byte[]> found = new ArrayList<>();
            long next = set.scan(cursor, count, filter, found);
            return new ScanResult(next, found);
        });
    }

    // ---- helpers, run inside an access

    /**
     * Returns the distinct members of {@code members} that {@code set} (absent when {@code null}) holds when
     * {@code present}, or lacks when not. Static, so that the operation calling it captures nothing.
     */
    private static byte[][] select(Access a, SetValue set, byte[][] members, boolean present) {
        if (members.length == 1) {
            boolean has = set != null && set.contains(Objects.requireNonNull(members[0], "member"));
            return has == present ? members : NONE;
        }
        SetValue seen = SetValue.hashtable(members.length);
        byte[][] selected = new byte[members.length][];
        int n = 0;
        for (byte[] member : members) {
            boolean has = set != null && set.contains(Objects.requireNonNull(member, "member"));
            if (has == present && seen.add(member, a.encodingLimits())) {
                selected[n++] = member;
            }
        }
        return n == selected.length ? selected : Arrays.copyOf(selected, n);
    }

    /** Fills {@code out} with distinct members of {@code set} drawn at random; returns them as a set. */
    private SetValue draw(SetValue set, byte[][] out, Random random) {
        SetValue seen = SetValue.hashtable(out.length);
        int n = 0;
        while (n < out.length) {
            byte[] member = set.random(random);
            if (seen.add(member, database.encodingLimits())) {
                out[n++] = member;
            }
        }
        return seen;
    }

    /** Returns the sets at {@code keys}, {@code null} for an absent key, after checking every key's type. */
    private static SetValue[] sets(Access a, byte[][] keys) {
        SetValue[] sets = new SetValue[keys.length];
        for (int i = 0; i < keys.length; i++) {
            sets[i] = a.read(keys[i], ValueType.SET);
        }
        return sets;
    }

    /**
     * Returns the members common to the sets at {@code keys}, in the order of the smallest, stopping after
     * {@code limit} when it is positive: Redis's {@code sinterGenericCommand}.
     */
    private static List<byte[]> intersect(Access a, byte[][] keys, long limit) {
        SetValue[] sets = sets(a, keys);
        for (SetValue set : sets) {
            if (set == null) {
                return new ArrayList<>();
            }
        }
        Arrays.sort(sets, Comparator.comparingInt(SetValue::size));
        List<byte[]> common = new ArrayList<>();
        for (byte[] member : sets[0].elements()) {
            boolean everywhere = true;
            for (int j = 1; j < sets.length && everywhere; j++) {
                everywhere = sets[j] == sets[0] || sets[j].contains(member);
            }
            if (everywhere) {
                common.add(member);
                if (limit > 0 && common.size() >= limit) {
                    break;
                }
            }
        }
        return common;
    }

    /** Returns the union of {@code sets} ({@code null} ones empty) built as Redis builds it: an intset first. */
    private SetValue unite(SetValue[] sets) {
        SetValue result = new SetValue();
        for (SetValue set : sets) {
            if (set != null) {
                for (byte[] member : set.elements()) {
                    result.add(member, database.encodingLimits());
                }
            }
        }
        return result;
    }

    /** Returns whether a set after the first is the first (the same key): the difference is then empty. */
    private static boolean sameAsFirst(SetValue[] sets) {
        for (int j = 1; j < sets.length; j++) {
            if (sets[j] == sets[0]) {
                return true;
            }
        }
        return false;
    }

    /**
     * Returns whether Redis computes this difference by looking each member of the first set up in the others (its
     * algorithm 1) rather than by adding the first and removing the others (algorithm 2), as
     * {@code sunionDiffGenericCommand} chooses by the sizes.
     */
    private static boolean diffByLookup(SetValue[] sets) {
        long lookups = 0;
        long all = 0;
        for (SetValue set : sets) {
            if (set != null) {
                lookups += sets[0].size();
                all += set.size();
            }
        }
        return lookups / 2 <= all;
    }

    /** Returns the members of the first of {@code sets} that are in no other. */
    private static byte[][] survivors(SetValue[] sets) {
        return partition(sets, false);
    }

    /** Returns the members of the first of {@code sets} that are in another. */
    private static byte[][] removed(SetValue[] sets) {
        return partition(sets, true);
    }

    private static byte[][] partition(SetValue[] sets, boolean inAnother) {
        byte[][] first = sets[0].elements();
        byte[][] out = new byte[first.length][];
        int n = 0;
        for (byte[] member : first) {
            boolean found = false;
            for (int j = 1; j < sets.length && !found; j++) {
                found = sets[j] != null && sets[j].contains(member);
            }
            if (found == inAnother) {
                out[n++] = member;
            }
        }
        return Arrays.copyOf(out, n);
    }

    /** Records that {@code destination} becomes a set of {@code members}, or is removed if there are none. */
    private static long store(Access a, byte[] destination, byte[][] members) {
        if (members.length > 0 || a.type(destination) != ValueType.NONE) {
            a.replace(destination, ValueType.SET, members);
        }
        return members.length;
    }

    private static byte[][] withFirst(byte[] first, byte[][] rest) {
        byte[][] all = new byte[rest.length + 1][];
        all[0] = Objects.requireNonNull(first, "destination");
        System.arraycopy(rest, 0, all, 1, rest.length);
        return all;
    }

    private static void requireKeys(byte[][] keys) {
        if (keys.length == 0) {
            throw new IllegalArgumentException("keys: none (expected: at least one)");
        }
    }

    private static List<byte[]> list(byte[][] members) {
        return Collections.unmodifiableList(Arrays.asList(members));
    }
}
