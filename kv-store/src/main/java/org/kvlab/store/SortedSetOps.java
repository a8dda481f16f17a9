package org.kvlab.store;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.BiFunction;
import java.util.function.Predicate;
import java.util.function.ToLongBiFunction;
import org.kvlab.api.Aggregate;
import org.kvlab.api.LexRange;
import org.kvlab.api.PoppedMembers;
import org.kvlab.api.ScoreRange;
import org.kvlab.api.ScoredMember;
import org.kvlab.api.SortedSetRange;
import org.kvlab.api.SortedSetScan;
import org.kvlab.api.SortedSets;
import org.kvlab.api.ValueType;
import org.kvlab.api.ZAddOptions;

/**
 * The {@link SortedSets} of one {@link Database}. Thread-safe. Each operation reads the {@link SortedSetValue}
 * through {@link Database#access} and records its changes as effects: {@link SortedSetValue#ADD} with final
 * absolute scores, {@link SortedSetValue#REMOVE} of the members removed (so a pop or a range removal replays
 * exactly), a {@link Access#replace} for the stores.
 */
final class SortedSetOps implements SortedSets {

    /** Score order as Redis's: scores as doubles compare (-0.0 equals 0.0), then member bytes unsigned. */
    static final Comparator<ScoredMember> ORDER = (a, b) -> a.score() < b.score() ? -1
            : a.score() > b.score() ? 1 : Arrays.compareUnsigned(a.member(), b.member());

    /** The pops, as operations that capture nothing (the count is their argument), so that they allocate none. */
    private static final BiFunction<Access, Long, List<ScoredMember>> POP_MIN =
            (a, count) -> pop(a, a.key(), zset(a, a.key()), false, count);
    private static final BiFunction<Access, Long, List<ScoredMember>> POP_MAX =
            (a, count) -> pop(a, a.key(), zset(a, a.key()), true, count);

    /** ZADD without options, the common one, as an operation that captures nothing, so that it allocates none. */
    private static final ToLongBiFunction<Access, List<ScoredMember>> ADD =
            (a, members) -> (long) add(a, a.key(), ZAddOptions.DEFAULT, members, false);

    private final Database database;

    SortedSetOps(Database database) {
        this.database = database;
    }

    private static SortedSetValue zset(Access a, byte[] key) {
        return a.get(key, ValueType.ZSET);
    }

    @Override
    public long add(byte[] key, ZAddOptions options, List<ScoredMember> members) {
        Objects.requireNonNull(options, "options");
        ToLongBiFunction<Access, List<ScoredMember>> operation = options.equals(ZAddOptions.DEFAULT) ? ADD
                : (a, m) -> (long) add(a, a.key(), options, m, false);
        return database.write(key, true, members, operation);
    }

    @Override
    public Double addIncrement(byte[] key, ZAddOptions options, byte[] member, double increment) {
        Objects.requireNonNull(options, "options");
        Objects.requireNonNull(key, "key");
        List<ScoredMember> members = List.of(new ScoredMember(member, increment));
        return database.access(key, true, true, a -> {
            double score = add(a, key, options, members, true);
            return Double.isNaN(score) ? null : score;
        });
    }

    @Override
    public double incrementBy(byte[] key, byte[] member, double increment) {
        Objects.requireNonNull(key, "key");
        List<ScoredMember> members = List.of(new ScoredMember(member, increment));
        return database.access(key, true, true, a -> add(a, key, ZAddOptions.DEFAULT, members, true));
    }

    /**
     * {@code ZADD} as Redis's {@code zsetAdd}, pair after pair, each seeing the ones before, recording the effect in
     * {@code a}, which has {@code key} locked for writing.
     *
     * @return with {@code incr}, the member's new score, or NaN if the options left it out; else the reply count
     *     (added, or added and updated with {@code CH})
     */
    private static double add(Access a, byte[] key, ZAddOptions o, List<ScoredMember> members, boolean incr) {
        SortedSetValue z = zset(a, key);
        if (z == null && o.condition() == ZAddOptions.Condition.IF_PRESENT) {
            return incr ? Double.NaN : 0;
        }
        // the members to write and their new scores, in first-seen order, made for the first change; the index
        // finds a member named earlier in this call (a ZADD of one member, the common one, needs none)
        int n = members.size();
        byte[][] pendingMembers = null;
        double[] pendingScores = null;
        int pending = 0;
        Map<ByteBuffer, Integer> index = n > 1 ? new HashMap<>() : null;
        long added = 0;
        long updated = 0;
        long processed = 0;
        double last = 0;
        for (ScoredMember sm : members) {
            byte[] member = sm.member();
            Integer p = index == null ? null : index.get(ByteBuffer.wrap(member));
            double current = p != null ? pendingScores[p] : z == null ? Double.NaN : z.score(member);
            double s = sm.score();
            boolean changes;
            if (Double.isNaN(current)) {
                if (o.condition() == ZAddOptions.Condition.IF_PRESENT) {
                    continue;
                }
                added++;
                changes = true;
            } else {
                if (o.condition() == ZAddOptions.Condition.IF_ABSENT) {
                    continue;
                }
                if (incr) {
                    s += current;
                    if (Double.isNaN(s)) {
                        throw new ArithmeticException("resulting score is not a number (NaN)");
                    }
                }
                if (o.comparison() == ZAddOptions.Comparison.LESS && s >= current
                        || o.comparison() == ZAddOptions.Comparison.GREATER && s <= current) {
                    continue;
                }
                changes = s != current;
                if (changes) {
                    updated++;
                }
            }
            if (changes) {
                if (p == null) {
                    if (pendingMembers == null) {
                        pendingMembers = new byte[n][];
                        pendingScores = new double[n];
                    }
                    p = pending++;
                    pendingMembers[p] = member;
                    if (index != null) {
                        index.put(ByteBuffer.wrap(member), p);
                    }
                }
                pendingScores[p] = s;
            }
            processed++;
            last = s;
        }
        if (pending > 0) {
            byte[][] args = new byte[2 * pending][];
            for (int i = 0; i < pending; i++) {
                args[2 * i] = pendingMembers[i];
                args[2 * i + 1] = SortedSetValue.encodeScore(pendingScores[i]);
            }
            a.record(key, SortedSetValue.ADD, args);
        }
        if (incr) {
            return processed > 0 ? last : Double.NaN;
        }
        return o.countChanged() ? added + updated : added;
    }

    @Override
    public long remove(byte[] key, byte[]... members) {
        return database.access(key, true, false, a -> {
            SortedSetValue z = zset(a, key);
            if (z == null) {
                return 0L;
            }
            Set<ByteBuffer> removed = new LinkedHashSet<>();
            for (byte[] m : members) {
                if (!Double.isNaN(z.score(m))) {
                    removed.add(ByteBuffer.wrap(m));
                }
            }
            recordRemoval(a, key, removed.stream().map(ByteBuffer::array).toArray(byte[][]::new));
            return (long) removed.size();
        });
    }

    private static void recordRemoval(Access a, byte[] key, byte[][] members) {
        if (members.length > 0) {
            a.record(key, SortedSetValue.REMOVE, members);
        }
    }

    private static void recordRemoval(Access a, byte[] key, List<ScoredMember> members) {
        recordRemoval(a, key, members.stream().map(ScoredMember::member).toArray(byte[][]::new));
    }

    @Override
    public Double score(byte[] key, byte[] member) {
        Objects.requireNonNull(member, "member");
        return database.access(key, false, false, a -> {
            SortedSetValue z = zset(a, key);
            double s = z == null ? Double.NaN : z.score(member);
            return Double.isNaN(s) ? null : s;
        });
    }

    @Override
    public List<Double> scores(byte[] key, byte[]... members) {
        return database.access(key, false, false, a -> {
            SortedSetValue z = zset(a, key);
            Double[] scores = new Double[members.length];
            for (int i = 0; i < members.length; i++) {
                double s = z == null ? Double.NaN : z.score(members[i]);
                scores[i] = Double.isNaN(s) ? null : s;
            }
            return Arrays.asList(scores);
        });
    }

    @Override
    public long cardinality(byte[] key) {
        return database.access(key, false, false, a -> {
            SortedSetValue z = zset(a, key);
            return z == null ? 0L : z.size();
        });
    }

    @Override
    public long count(byte[] key, ScoreRange range) {
        Objects.requireNonNull(range, "range");
        return database.access(key, false, false, a -> {
            SortedSetValue z = zset(a, key);
            int first = z == null ? -1 : z.firstInRange(range);
            return first < 0 ? 0L : z.lastInRange(range) - first + 1L;
        });
    }

    @Override
    public long lexCount(byte[] key, LexRange range) {
        Objects.requireNonNull(range, "range");
        return database.access(key, false, false, a -> {
            SortedSetValue z = zset(a, key);
            int first = z == null ? -1 : z.firstInLex(range);
            if (first < 0) {
                return 0L;
            }
            if (!z.compact()) {
                return z.lastInLex(range) - first + 1L;
            }
            long[] n = {0};
            z.walk(first, false, (m, s) -> range.belowMax(m) && ++n[0] > 0);
            return n[0];
        });
    }

    @Override
    public Long rank(byte[] key, byte[] member) {
        return rank(key, member, false);
    }

    @Override
    public Long reverseRank(byte[] key, byte[] member) {
        return rank(key, member, true);
    }

    private Long rank(byte[] key, byte[] member, boolean reverse) {
        Objects.requireNonNull(member, "member");
        return database.access(key, false, false, a -> {
            SortedSetValue z = zset(a, key);
            int r = z == null ? -1 : z.rank(member);
            return r < 0 ? null : (long) (reverse ? z.size() - 1 - r : r);
        });
    }

    @Override
    public List<ScoredMember> range(byte[] key, SortedSetRange range) {
        Objects.requireNonNull(range, "range");
        return database.access(key, false, false, a -> select(zset(a, key), range));
    }

    /** Returns the members {@code q} selects from {@code z} ({@code null}: none), as Redis's ZRANGE walks them. */
    private static List<ScoredMember> select(SortedSetValue z, SortedSetRange q) {
        List<ScoredMember> out = new ArrayList<>();
        if (z == null) {
            return out;
        }
        int size = z.size();
        if (q.kind() == SortedSetRange.Kind.RANK) {
            long[] span = ranks(q.start(), q.stop(), size);
            if (span != null) {
                long[] left = {span[1] - span[0] + 1};
                z.walk((int) (q.reverse() ? size - 1 - span[0] : span[0]), q.reverse(),
                        (m, s) -> out.add(new ScoredMember(m, s)) && --left[0] > 0);
            }
            return out;
        }
        boolean score = q.kind() == SortedSetRange.Kind.SCORE;
        int start = score ? (q.reverse() ? z.lastInRange(q.scores()) : z.firstInRange(q.scores()))
                : (q.reverse() ? z.lastInLex(q.lex()) : z.firstInLex(q.lex()));
        if (start < 0 || q.offset() < 0 || q.offset() >= size) {
            return out;
        }
        long from = q.reverse() ? start - q.offset() : start + q.offset();
        long[] left = {q.count()};
        z.walk((int) Math.max(-1, Math.min(size, from)), q.reverse(), (m, s) -> {
            if (left[0]-- == 0) {
                return false;
            }
            boolean in = score ? (q.reverse() ? q.scores().aboveMin(s) : q.scores().belowMax(s))
                    : (q.reverse() ? q.lex().aboveMin(m) : q.lex().belowMax(m));
            return in && out.add(new ScoredMember(m, s));
        });
        return out;
    }

    /** Returns Redis's sanitized {start, stop} of a rank range over {@code size} members, or {@code null}. */
    private static long[] ranks(long start, long stop, int size) {
        if (start < 0) {
            start = size + start;
        }
        if (stop < 0) {
            stop = size + stop;
        }
        if (start < 0) {
            start = 0;
        }
        if (start > stop || start >= size) {
            return null;
        }
        return new long[] {start, Math.min(stop, size - 1L)};
    }

    @Override
    public long rangeStore(byte[] destination, byte[] source, SortedSetRange range) {
        Objects.requireNonNull(range, "range");
        return database.access(new byte[][] {destination, source}, true, true,
                a -> store(a, destination, select(a.read(source, ValueType.ZSET), range)));
    }

    /** Records {@code destination} replaced by {@code members} (removed if none); returns their number. */
    private static long store(Access a, byte[] destination, List<ScoredMember> members) {
        if (members.isEmpty()) {
            if (a.type(destination) != ValueType.NONE) {
                a.delete(destination);
            }
            return 0L;
        }
        byte[][] elements = new byte[2 * members.size()][];
        int i = 0;
        for (ScoredMember m : members) {
            elements[i++] = m.member();
            elements[i++] = SortedSetValue.encodeScore(m.score());
        }
        a.replace(destination, ValueType.ZSET, elements);
        return members.size();
    }

    @Override
    public List<ScoredMember> popMin(byte[] key, long count) {
        return pop(key, false, count);
    }

    @Override
    public List<ScoredMember> popMax(byte[] key, long count) {
        return pop(key, true, count);
    }

    private List<ScoredMember> pop(byte[] key, boolean max, long count) {
        if (count < 0) {
            throw new IllegalArgumentException("count: " + count + " (expected: >= 0)");
        }
        return database.access(key, true, false, count, max ? POP_MAX : POP_MIN);
    }

    private static List<ScoredMember> pop(Access a, byte[] key, SortedSetValue z, boolean max, long count) {
        if (z == null || count == 0) {
            return List.of();
        }
        List<ScoredMember> out = new ArrayList<>();
        z.walk(max ? z.size() - 1 : 0, max, (m, s) -> out.add(new ScoredMember(m, s)) && out.size() < count);
        recordRemoval(a, key, out);
        return out;
    }

    @Override
    public PoppedMembers multiPop(List<byte[]> keys, boolean max, long count) {
        if (count <= 0) {
            throw new IllegalArgumentException("count: " + count + " (expected: > 0)");
        }
        byte[][] k = keys.toArray(new byte[0][]);
        return database.access(k, true, false, a -> {
            for (byte[] key : k) {
                SortedSetValue z = zset(a, key);
                if (z != null) {
                    return new PoppedMembers(key, pop(a, key, z, max, count));
                }
            }
            return null;
        });
    }

    @Override
    public List<ScoredMember> randomMembers(byte[] key, long count) {
        return database.access(key, false, false, a -> {
            SortedSetValue z = zset(a, key);
            List<ScoredMember> out = new ArrayList<>();
            if (z == null || count == 0) {
                return out;
            }
            int size = z.size();
            if (count >= size) {
                List<ScoredMember> all = z.all();
                Collections.reverse(all);
                return all;
            }
            ThreadLocalRandom random = ThreadLocalRandom.current();
            List<ScoredMember> all = z.compact() ? z.all() : null;
            if (count < 0) {
                for (long i = 0; i < -count; i++) {
                    int r = random.nextInt(size);
                    out.add(all != null ? all.get(r) : z.entry(r));
                }
                return out;
            }
            Set<Integer> chosen = new LinkedHashSet<>();
            while (chosen.size() < count) {
                chosen.add(random.nextInt(size));
            }
            for (int r : chosen) {
                out.add(all != null ? all.get(r) : z.entry(r));
            }
            return out;
        });
    }

    @Override
    public long removeRangeByRank(byte[] key, long start, long stop) {
        return database.access(key, true, false, a -> {
            SortedSetValue z = zset(a, key);
            return z == null ? 0L : removeAll(a, key, select(z, SortedSetRange.byRank(start, stop)));
        });
    }

    @Override
    public long removeRangeByScore(byte[] key, ScoreRange range) {
        Objects.requireNonNull(range, "range");
        return database.access(key, true, false,
                a -> removeAll(a, key, select(zset(a, key), SortedSetRange.byScore(range))));
    }

    @Override
    public long removeRangeByLex(byte[] key, LexRange range) {
        Objects.requireNonNull(range, "range");
        return database.access(key, true, false,
                a -> removeAll(a, key, select(zset(a, key), SortedSetRange.byLex(range))));
    }

    private static long removeAll(Access a, byte[] key, List<ScoredMember> members) {
        recordRemoval(a, key, members);
        return members.size();
    }

    @Override
    public List<ScoredMember> union(List<byte[]> keys, double[] weights, Aggregate aggregate) {
        return combine(null, keys, weights, aggregate, Op.UNION, -1);
    }

    @Override
    public List<ScoredMember> inter(List<byte[]> keys, double[] weights, Aggregate aggregate) {
        return combine(null, keys, weights, aggregate, Op.INTER, -1);
    }

    @Override
    public List<ScoredMember> diff(List<byte[]> keys) {
        return combine(null, keys, null, Aggregate.SUM, Op.DIFF, -1);
    }

    @Override
    public long unionStore(byte[] destination, List<byte[]> keys, double[] weights, Aggregate aggregate) {
        return combine(destination, keys, weights, aggregate, Op.UNION, -1).size();
    }

    @Override
    public long interStore(byte[] destination, List<byte[]> keys, double[] weights, Aggregate aggregate) {
        return combine(destination, keys, weights, aggregate, Op.INTER, -1).size();
    }

    @Override
    public long diffStore(byte[] destination, List<byte[]> keys) {
        return combine(destination, keys, null, Aggregate.SUM, Op.DIFF, -1).size();
    }

    @Override
    public long interCard(List<byte[]> keys, long limit) {
        if (limit < 0) {
            throw new IllegalArgumentException("limit: " + limit + " (expected: >= 0)");
        }
        return combine(null, keys, null, Aggregate.SUM, Op.INTER, limit == 0 ? -1 : limit).size();
    }

    /** The set operations. */
    private enum Op {
        UNION, INTER, DIFF
    }

    /** One input of a set operation: a sorted set, a plain set's members (scored 1), or nothing. */
    private static final class Input {
        final SortedSetValue zset;
        final Set<ByteBuffer> members;
        final double weight;

        Input(SortedSetValue zset, Set<ByteBuffer> members, double weight) {
            this.zset = zset;
            this.members = members;
            this.weight = weight;
        }

        int size() {
            return zset != null ? zset.size() : members != null ? members.size() : 0;
        }

        /** Returns the score of {@code m}, NaN if absent. */
        double score(byte[] m) {
            return zset != null ? zset.score(m)
                    : members != null && members.contains(ByteBuffer.wrap(m)) ? 1.0 : Double.NaN;
        }

        List<ScoredMember> all() {
            if (zset != null) {
                return zset.all();
            }
            List<ScoredMember> all = new ArrayList<>();
            if (members != null) {
                for (ByteBuffer m : members) {
                    all.add(new ScoredMember(m.array(), 1.0));
                }
            }
            return all;
        }
    }

    /**
     * Runs {@code op} over {@code keys}, storing the result as {@code destination} unless it is {@code null}; an
     * intersection stops at {@code limit} members unless it is negative.
     */
    private List<ScoredMember> combine(byte[] destination, List<byte[]> keys, double[] weights, Aggregate aggregate,
            Op op, long limit) {
        if (keys.isEmpty()) {
            throw new IllegalArgumentException("keys: none (expected: at least one)");
        }
        if (weights != null && weights.length != keys.size()) {
            throw new IllegalArgumentException(
                    "weights: " + weights.length + " (expected: one per key, " + keys.size() + ")");
        }
        Objects.requireNonNull(aggregate, "aggregate");
        byte[][] locked = new byte[keys.size() + (destination == null ? 0 : 1)][];
        for (int i = 0; i < keys.size(); i++) {
            locked[i] = keys.get(i);
        }
        if (destination != null) {
            locked[keys.size()] = destination;
        }
        return database.access(locked, destination != null, destination != null, a -> {
            List<Input> inputs = new ArrayList<>(keys.size());
            for (int i = 0; i < keys.size(); i++) {
                inputs.add(input(a, keys.get(i), weights == null ? 1.0 : weights[i]));
            }
            List<ScoredMember> result = op == Op.UNION ? unionOf(inputs, aggregate)
                    : op == Op.DIFF ? diffOf(inputs) : interOf(inputs, aggregate, limit);
            if (destination != null) {
                store(a, destination, result);
            }
            return result;
        });
    }

    /** Reads one source, counted as a read hit or miss whether or not the operation stores, as Redis's. */
    private static Input input(Access a, byte[] key, double weight) {
        if (a.type(key) == ValueType.SET) {
            Set<ByteBuffer> members = new LinkedHashSet<>();
            for (byte[] m : a.<Container>read(key, ValueType.SET).elements()) {
                members.add(ByteBuffer.wrap(m));
            }
            return new Input(null, members, weight);
        }
        SortedSetValue z = a.read(key, ValueType.ZSET); // a miss is null, another type WRONGTYPE
        return new Input(z, null, weight);
    }

    private static List<ScoredMember> unionOf(List<Input> inputs, Aggregate aggregate) {
        inputs.sort(Comparator.comparingInt(Input::size));
        Map<ByteBuffer, double[]> acc = new HashMap<>();
        for (Input in : inputs) {
            for (ScoredMember e : in.all()) {
                double s = in.weight * e.score();
                double score = Double.isNaN(s) ? 0 : s;
                double[] v = acc.get(ByteBuffer.wrap(e.member()));
                if (v == null) {
                    acc.put(ByteBuffer.wrap(e.member()), new double[] {score});
                } else {
                    v[0] = aggregate.apply(v[0], score);
                }
            }
        }
        List<ScoredMember> out = new ArrayList<>(acc.size());
        acc.forEach((m, v) -> out.add(new ScoredMember(m.array(), v[0])));
        out.sort(ORDER);
        return out;
    }

    /** The intersection; with {@code limit} >= 0 ({@code ZINTERCARD}) it stops at that many members. */
    private static List<ScoredMember> interOf(List<Input> inputs, Aggregate aggregate, long limit) {
        inputs.sort(Comparator.comparingInt(Input::size));
        List<ScoredMember> out = new ArrayList<>();
        if (inputs.get(0).size() == 0) {
            return out;
        }
        Input first = inputs.get(0);
        for (ScoredMember e : first.all()) {
            double s = first.weight * e.score();
            double score = Double.isNaN(s) ? 0 : s;
            int j = 1;
            for (; j < inputs.size(); j++) {
                double v = inputs.get(j).score(e.member());
                if (Double.isNaN(v)) {
                    break;
                }
                score = aggregate.apply(score, v * inputs.get(j).weight);
            }
            if (j == inputs.size()) {
                out.add(new ScoredMember(e.member(), score));
                if (out.size() == limit) {
                    break;
                }
            }
        }
        out.sort(ORDER);
        return out;
    }

    private static List<ScoredMember> diffOf(List<Input> inputs) {
        List<ScoredMember> out = new ArrayList<>();
        for (ScoredMember e : inputs.get(0).all()) {
            int j = 1;
            while (j < inputs.size() && Double.isNaN(inputs.get(j).score(e.member()))) {
                j++;
            }
            if (j == inputs.size()) {
                out.add(e);
            }
        }
        out.sort(ORDER);
        return out;
    }

    @Override
    public SortedSetScan scan(byte[] key, long cursor, int count, Predicate<byte[]> filter) {
        Objects.requireNonNull(filter, "filter");
        return database.access(key, false, false, a -> {
            SortedSetValue z = zset(a, key);
            List<ScoredMember> out = new ArrayList<>();
            if (z == null) {
                return new SortedSetScan(0, out, true);
            }
            long next = z.scan(cursor, Math.max(1, count), e -> {
                if (filter.test(e.member())) {
                    out.add(e);
                }
            });
            return new SortedSetScan(next, out, z.compact());
        });
    }
}
