package org.kvlab.command;

import static org.kvlab.command.Command.BLOCKING;
import static org.kvlab.command.Command.DENYOOM;
import static org.kvlab.command.Command.FAST;
import static org.kvlab.command.Command.KEEPS_NO_ARGS;
import static org.kvlab.command.Command.MOVABLEKEYS;
import static org.kvlab.command.Command.NOSCRIPT;
import static org.kvlab.command.Command.READONLY;
import static org.kvlab.command.Command.WRITE;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Predicate;
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
import org.kvlab.protocol.RespWriter;
import org.kvlab.spi.OutputBuffer;

/**
 * The sorted-set commands (ZADD … ZSCAN, and the blocking pops BZPOPMIN, BZPOPMAX and BZMPOP through
 * {@link Blocking}), parsed and answered as Redis 7.0's {@code t_zset.c}: its argument order of checks, its error
 * texts, scores printed with {@code %.17g} (a RESP3 double after {@code HELLO 3}).
 */
final class SortedSetCommands {

    private static final CommandException NAN =
            new CommandException("ERR resulting score is not a number (NaN)");
    private static final CommandException NOT_FLOAT_RANGE = new CommandException("ERR min or max is not a float");
    private static final CommandException NOT_LEX_RANGE =
            new CommandException("ERR min or max not valid string range item");
    private static final CommandException XX_NX =
            new CommandException("ERR XX and NX options at the same time are not compatible");
    private static final CommandException GT_LT_NX =
            new CommandException("ERR GT, LT, and/or NX options at the same time are not compatible");
    private static final CommandException INCR_PAIRS =
            new CommandException("ERR INCR option supports a single increment-element pair");
    private static final CommandException WEIGHT = new CommandException("ERR weight value is not a float");
    private static final CommandException LIMIT_RANK = new CommandException(
            "ERR syntax error, LIMIT is only supported in combination with either BYSCORE or BYLEX");
    private static final CommandException WITHSCORES_LEX =
            new CommandException("ERR syntax error, WITHSCORES not supported in combination with BYLEX");
    private static final CommandException POSITIVE =
            new CommandException("ERR value is out of range, must be positive");
    private static final CommandException NUMKEYS = new CommandException("ERR numkeys should be greater than 0");
    private static final CommandException COUNT = new CommandException("ERR count should be greater than 0");
    private static final CommandException LIMIT_NEGATIVE = new CommandException("ERR LIMIT can't be negative");
    private static final CommandException OUT_OF_RANGE = new CommandException("ERR value is out of range");
    private static final CommandException RANDOM_RANGE = new CommandException(
            "ERR value is out of range, value must between -9223372036854775807 and 9223372036854775807");
    private static final CommandException INVALID_CURSOR = new CommandException("ERR invalid cursor");
    private static final byte[] CRLF = {'\r', '\n'};
    private static final byte[] STAR = {'*'};

    /** The set operations of {@link #combine}. */
    private enum Op {
        UNION, INTER, DIFF, INTERCARD
    }

    private final Blocking blocking;

    SortedSetCommands(Blocking blocking) {
        this.blocking = blocking;
    }

    void register(List<Command> t) {
        int wd = WRITE | DENYOOM;
        new Command.Group(t)
                .add("zadd", -4, wd | FAST | KEEPS_NO_ARGS, 1, 1, 1,
                        this::zadd)
                .add("zincrby", 4, wd | FAST, 1, 1, 1,
                        this::zincrby)
                .add("zrem", -3, WRITE | FAST, 1, 1, 1,
                        (s, a, n, w) -> removed(s, a[1], KeyEvent.ZREM, w,
                                z(s).remove(a[1], Arrays.copyOfRange(a, 2, n))))
                .add("zscore", 3, READONLY | FAST, 1, 1, 1,
                        (s, a, n, w) -> scoreOrNull(w, z(s).score(a[1], a[2])))
                .add("zmscore", -3, READONLY | FAST, 1, 1, 1, this::zmscore)
                .add("zcard", 2, READONLY | FAST, 1, 1, 1,
                        (s, a, n, w) -> w.integer(z(s).cardinality(a[1])))
                .add("zcount", 4, READONLY | FAST, 1, 1, 1,
                        (s, a, n, w) -> w.integer(z(s).count(a[1], scoreRange(a[2], a[3]))))
                .add("zlexcount", 4, READONLY | FAST, 1, 1, 1,
                        (s, a, n, w) -> w.integer(z(s).lexCount(a[1], lexRange(a[2], a[3]))))
                .add("zrank", 3, READONLY | FAST, 1, 1, 1,
                        (s, a, n, w) -> integerOrNull(w, z(s).rank(a[1], a[2])))
                .add("zrevrank", 3, READONLY | FAST, 1, 1, 1,
                        (s, a, n, w) -> integerOrNull(w, z(s).reverseRank(a[1], a[2])))
                .add("zrange", -4, READONLY, 1, 1, 1,
                        (s, a, n, w) -> range(s, a, n, w, false, null, false))
                .add("zrangestore", -5, wd, 1, 2, 1,
                        (s, a, n, w) -> range(s, a, n, w, true, null, false))
                .add("zrangebyscore", -4, READONLY, 1, 1, 1,
                        (s, a, n, w) -> range(s, a, n, w, false, SortedSetRange.Kind.SCORE, false))
                .add("zrevrangebyscore", -4, READONLY, 1, 1, 1,
                        (s, a, n, w) -> range(s, a, n, w, false, SortedSetRange.Kind.SCORE, true))
                .add("zrangebylex", -4, READONLY, 1, 1, 1,
                        (s, a, n, w) -> range(s, a, n, w, false, SortedSetRange.Kind.LEX, false))
                .add("zrevrangebylex", -4, READONLY, 1, 1, 1,
                        (s, a, n, w) -> range(s, a, n, w, false, SortedSetRange.Kind.LEX, true))
                .add("zrevrange", -4, READONLY, 1, 1, 1,
                        (s, a, n, w) -> range(s, a, n, w, false, SortedSetRange.Kind.RANK, true))
                .add("zpopmin", -2, WRITE | FAST | KEEPS_NO_ARGS, 1, 1, 1,
                        (s, a, n, w) -> pop(s, a, n, w, false))
                .add("zpopmax", -2, WRITE | FAST | KEEPS_NO_ARGS, 1, 1, 1,
                        (s, a, n, w) -> pop(s, a, n, w, true))
                .add("zmpop", -4, WRITE | MOVABLEKEYS, 0, 0, 0,
                        this::zmpop)
                .add("bzpopmin", -3, WRITE | NOSCRIPT | BLOCKING | FAST, 1, -2, 1,
                        (s, a, n, w) -> blockingPop(s, a, n, w, false))
                .add("bzpopmax", -3, WRITE | NOSCRIPT | BLOCKING | FAST, 1, -2, 1,
                        (s, a, n, w) -> blockingPop(s, a, n, w, true))
                .add("bzmpop", -5, WRITE | BLOCKING | MOVABLEKEYS, 0, 0, 0,
                        this::bzmpop)
                .add("zrandmember", -2, READONLY, 1, 1, 1, this::zrandmember)
                .add("zremrangebyrank", 4, WRITE, 1, 1, 1,
                        (s, a, n, w) -> removed(s, a[1], KeyEvent.ZREMRANGEBYRANK, w,
                                z(s).removeRangeByRank(a[1], Args.toLong(a[2]), Args.toLong(a[3]))))
                .add("zremrangebyscore", 4, WRITE, 1, 1, 1,
                        (s, a, n, w) -> removed(s, a[1], KeyEvent.ZREMRANGEBYSCORE, w,
                                z(s).removeRangeByScore(a[1], scoreRange(a[2], a[3]))))
                .add("zremrangebylex", 4, WRITE, 1, 1, 1,
                        (s, a, n, w) -> removed(s, a[1], KeyEvent.ZREMRANGEBYLEX, w,
                                z(s).removeRangeByLex(a[1], lexRange(a[2], a[3]))))
                .add("zunion", -3, READONLY | MOVABLEKEYS, 0, 0, 0,
                        (s, a, n, w) -> combine(s, a, n, w, Op.UNION, false))
                .add("zinter", -3, READONLY | MOVABLEKEYS, 0, 0, 0, (s, a, n, w) -> combine(s, a, n, w, Op.INTER,
                        false))
                .add("zdiff", -3, READONLY | MOVABLEKEYS, 0, 0, 0,
                        (s, a, n, w) -> combine(s, a, n, w, Op.DIFF, false))
                .add("zintercard", -3, READONLY | MOVABLEKEYS, 0, 0, 0,
                        (s, a, n, w) -> combine(s, a, n, w, Op.INTERCARD, false))
                .add("zunionstore", -4, wd | MOVABLEKEYS, 1, 1, 1,
                        (s, a, n, w) -> combine(s, a, n, w, Op.UNION, true))
                .add("zinterstore", -4, wd | MOVABLEKEYS, 1, 1, 1,
                        (s, a, n, w) -> combine(s, a, n, w, Op.INTER, true))
                .add("zdiffstore", -4, wd | MOVABLEKEYS, 1, 1, 1,
                        (s, a, n, w) -> combine(s, a, n, w, Op.DIFF, true))
                .add("zscan", -3, READONLY, 1, 1, 1, this::zscan);
    }

    private static SortedSets z(Session s) {
        return s.keyspace().sortedSets();
    }

    // --- replies ---

    /** Writes a score: a RESP2 bulk string or a RESP3 double, in {@code %.17g} form. */
    static void score(RespWriter w, double score) {
        String text = ScoreText.format(score);
        if (w.protocol() == 3) {
            OutputBuffer out = w.target();
            out.write(',');
            out.writeAscii(text);
            out.write(CRLF);
        } else {
            w.bulk(text.getBytes(StandardCharsets.US_ASCII));
        }
    }

    private static void scoreOrNull(RespWriter w, Double score) {
        if (score == null) {
            w.nullBulk();
        } else {
            score(w, score);
        }
    }

    private static void integerOrNull(RespWriter w, Long value) {
        if (value == null) {
            w.nullBulk();
        } else {
            w.integer(value);
        }
    }

    /**
     * Writes members, with their scores if {@code withScores}: one flat array, or an array of [member, score] arrays
     * if {@code pairs} (RESP3's shape).
     */
    private static void members(RespWriter w, List<ScoredMember> members, boolean withScores, boolean pairs) {
        w.arrayHeader(withScores && !pairs ? 2 * members.size() : members.size());
        for (int i = 0; i < members.size(); i++) { // by index: no iterator for an empty pop's reply
            ScoredMember m = members.get(i);
            if (pairs) {
                w.arrayHeader(2);
            }
            w.bulk(m.member());
            if (withScores) {
                score(w, m.score());
            }
        }
    }

    // --- argument parsing ---

    private static double strictScore(byte[] b, CommandException error) {
        double d = ScoreText.strict(b);
        if (Double.isNaN(d)) {
            throw error;
        }
        return d;
    }

    /** Parses Redis's score range ends: a number, or {@code (} and a number for an exclusive end. */
    static ScoreRange scoreRange(byte[] min, byte[] max) {
        boolean minEx = min.length > 0 && min[0] == '(';
        boolean maxEx = max.length > 0 && max[0] == '(';
        double lo = ScoreText.lenient(min, minEx ? 1 : 0);
        double hi = ScoreText.lenient(max, maxEx ? 1 : 0);
        if (Double.isNaN(lo) || Double.isNaN(hi)) {
            throw NOT_FLOAT_RANGE;
        }
        return new ScoreRange(lo, minEx, hi, maxEx);
    }

    /** Parses Redis's lex range ends: {@code [member}, {@code (member}, {@code -} or {@code +}. */
    static LexRange lexRange(byte[] min, byte[] max) {
        return new LexRange(lexBound(min), lexBound(max));
    }

    private static LexRange.Bound lexBound(byte[] b) {
        if (b.length == 1 && b[0] == '-') {
            return LexRange.Bound.MINUS;
        }
        if (b.length == 1 && b[0] == '+') {
            return LexRange.Bound.PLUS;
        }
        if (b.length > 0 && (b[0] == '[' || b[0] == '(')) {
            byte[] v = Arrays.copyOfRange(b, 1, b.length);
            return b[0] == '[' ? LexRange.Bound.inclusive(v) : LexRange.Bound.exclusive(v);
        }
        throw NOT_LEX_RANGE;
    }

    /** Parses an integer in {@code [min, max]}; any failure throws {@code error}, as Redis's getRangeLong. */
    private static long rangedLong(byte[] b, long min, long max, CommandException error) {
        long v;
        try {
            v = Args.toLong(b);
        } catch (CommandException e) {
            throw error;
        }
        if (v < min || v > max) {
            throw error;
        }
        return v;
    }

    // --- handlers ---

    private void zadd(Session s, byte[][] a, int n, RespWriter w) {
        boolean nx = false;
        boolean xx = false;
        boolean gt = false;
        boolean lt = false;
        boolean ch = false;
        boolean incr = false;
        int i = 2;
        for (; i < n; i++) {
            if (Args.is(a[i], "nx")) {
                nx = true;
            } else if (Args.is(a[i], "xx")) {
                xx = true;
            } else if (Args.is(a[i], "ch")) {
                ch = true;
            } else if (Args.is(a[i], "incr")) {
                incr = true;
            } else if (Args.is(a[i], "gt")) {
                gt = true;
            } else if (Args.is(a[i], "lt")) {
                lt = true;
            } else {
                break;
            }
        }
        int elements = n - i;
        if (elements % 2 != 0 || elements == 0) {
            throw CommandException.SYNTAX;
        }
        if (nx && xx) {
            throw XX_NX;
        }
        if (gt && nx || lt && nx || gt && lt) {
            throw GT_LT_NX;
        }
        if (incr && elements > 2) {
            throw INCR_PAIRS;
        }
        List<ScoredMember> members;
        if (elements == 2) {
            members = List.of(new ScoredMember(a[i + 1], strictScore(a[i], CommandException.NOT_FLOAT)));
        } else {
            members = new ArrayList<>(elements / 2);
            for (int j = i; j < n; j += 2) {
                members.add(new ScoredMember(a[j + 1], strictScore(a[j], CommandException.NOT_FLOAT)));
            }
        }
        ZAddOptions options = !nx && !xx && !gt && !lt && !ch ? ZAddOptions.DEFAULT
                : new ZAddOptions(nx ? ZAddOptions.Condition.IF_ABSENT : xx ? ZAddOptions.Condition.IF_PRESENT
                        : ZAddOptions.Condition.ALWAYS, gt ? ZAddOptions.Comparison.GREATER
                        : lt ? ZAddOptions.Comparison.LESS : ZAddOptions.Comparison.ANY, ch);
        if (!incr) {
            add(s, a[1], options, members, w);
            return;
        }
        byte[] member = members.get(0).member();
        Double before = s.notifies(KeyEvent.ZINCR) ? scoreQuietly(s, a[1], member) : null;
        Double after;
        try {
            after = z(s).addIncrement(a[1], options, member, members.get(0).score());
        } catch (ArithmeticException e) {
            throw NAN;
        }
        scoreOrNull(w, after);
        if (after != null && !after.equals(before)) {
            s.notify(KeyEvent.ZINCR, a[1]);
        }
    }

    /**
     * ZADD without INCR, then {@code zadd} if a member was added or its score changed: the reply says so with CH;
     * without, the scores are compared before and after (looked up only when {@code zadd} is published).
     */
    private static void add(Session s, byte[] key, ZAddOptions options, List<ScoredMember> members, RespWriter w) {
        boolean notifies = s.notifies(KeyEvent.ZADD);
        byte[][] names = null;
        List<Double> before = null;
        if (notifies && !options.countChanged() && s.keyspace().existsQuietly(key)) {
            names = members.stream().map(ScoredMember::member).toArray(byte[][]::new);
            before = z(s).scores(key, names);
        }
        long result = z(s).add(key, options, members);
        w.integer(result);
        if (result > 0 || (before != null && !before.equals(z(s).scores(key, names)))) {
            s.notify(KeyEvent.ZADD, key);
        }
    }

    /** The events of members removed from {@code key}: {@code removedEvent}, and {@code del} if it is gone. */
    private static void removed(Session s, byte[] key, KeyEvent removedEvent, RespWriter w, long removed) {
        if (removed > 0) {
            s.notify(removedEvent, key);
            deletedIfEmpty(s, key);
        }
        w.integer(removed);
    }

    /** The score of {@code member}, for an event's sake: a missing key is no read of its own (no key miss). */
    private static Double scoreQuietly(Session s, byte[] key, byte[] member) {
        return s.keyspace().existsQuietly(key) ? z(s).score(key, member) : null;
    }

    private static void deletedIfEmpty(Session s, byte[] key) {
        if (s.notifies(KeyEvent.DEL) && !s.keyspace().existsQuietly(key)) {
            s.notify(KeyEvent.DEL, key);
        }
    }

    private void zincrby(Session s, byte[][] a, int n, RespWriter w) {
        double increment = strictScore(a[2], CommandException.NOT_FLOAT);
        try {
            Double before = s.notifies(KeyEvent.ZINCR) ? scoreQuietly(s, a[1], a[3]) : null;
            double after = z(s).incrementBy(a[1], a[3], increment);
            score(w, after);
            if (before == null || before.doubleValue() != after) {
                s.notify(KeyEvent.ZINCR, a[1]);
            }
        } catch (ArithmeticException e) {
            throw NAN;
        }
    }

    private void zmscore(Session s, byte[][] a, int n, RespWriter w) {
        List<Double> scores = z(s).scores(a[1], Arrays.copyOfRange(a, 2, n));
        w.arrayHeader(scores.size());
        for (Double score : scores) {
            scoreOrNull(w, score);
        }
    }

    /**
     * ZRANGE and its variants, as Redis's {@code zrangeGenericCommand}: options first, then their conflicts, then
     * the range, then the key. {@code kind} and {@code reverse} are fixed by the older commands ({@code kind}
     * {@code null}: ZRANGE and ZRANGESTORE, where BYSCORE, BYLEX and REV are options).
     */
    private void range(Session s, byte[][] a, int n, RespWriter w, boolean store, SortedSetRange.Kind kind,
            boolean reverse) {
        int keyIndex = store ? 2 : 1;
        boolean fixedDirection = kind != null;
        boolean withScores = false;
        long offset = 0;
        long limit = -1;
        for (int j = keyIndex + 3; j < n; j++) {
            int left = n - j - 1;
            if (!store && Args.is(a[j], "withscores")) {
                withScores = true;
            } else if (Args.is(a[j], "limit") && left >= 2) {
                offset = Args.toLong(a[j + 1]);
                limit = Args.toLong(a[j + 2]);
                j += 2;
            } else if (!fixedDirection && !reverse && Args.is(a[j], "rev")) {
                reverse = true;
            } else if (!fixedDirection && kind == null && Args.is(a[j], "bylex")) {
                kind = SortedSetRange.Kind.LEX;
            } else if (!fixedDirection && kind == null && Args.is(a[j], "byscore")) {
                kind = SortedSetRange.Kind.SCORE;
            } else {
                throw CommandException.SYNTAX;
            }
        }
        if (kind == null) {
            kind = SortedSetRange.Kind.RANK;
        }
        if (limit != -1 && kind == SortedSetRange.Kind.RANK) {
            throw LIMIT_RANK;
        }
        if (withScores && kind == SortedSetRange.Kind.LEX) {
            throw WITHSCORES_LEX;
        }
        byte[] min = a[keyIndex + 1];
        byte[] max = a[keyIndex + 2];
        if (reverse && kind != SortedSetRange.Kind.RANK) {
            byte[] swap = min;
            min = max;
            max = swap;
        }
        SortedSetRange q;
        if (kind == SortedSetRange.Kind.RANK) {
            q = SortedSetRange.byRank(Args.toLong(min), Args.toLong(max));
        } else if (kind == SortedSetRange.Kind.SCORE) {
            q = SortedSetRange.byScore(scoreRange(min, max)).limit(offset, limit);
        } else {
            q = SortedSetRange.byLex(lexRange(min, max)).limit(offset, limit);
        }
        if (reverse) {
            q = q.reversed();
        }
        if (store) {
            SortedSetRange range = q;
            s.store(a[1], KeyEvent.ZRANGESTORE, false, w, () -> z(s).rangeStore(a[1], a[2], range));
        } else {
            members(w, z(s).range(a[1], q), withScores, withScores && w.protocol() == 3);
        }
    }

    private void pop(Session s, byte[][] a, int n, RespWriter w, boolean max) {
        if (n > 3) {
            throw CommandException.SYNTAX;
        }
        long count = n == 3 ? rangedLong(a[2], 0, Long.MAX_VALUE, POSITIVE) : 1;
        List<ScoredMember> popped = max ? z(s).popMax(a[1], count) : z(s).popMin(a[1], count);
        if (!popped.isEmpty()) {
            s.notify(max ? KeyEvent.ZPOPMAX : KeyEvent.ZPOPMIN, a[1]);
        }
        members(w, popped, true, n == 3 && w.protocol() == 3);
        if (!popped.isEmpty()) {
            deletedIfEmpty(s, a[1]);
        }
    }

    private void zmpop(Session s, byte[][] a, int n, RespWriter w) {
        MultiPop m = multiPopArgs(a, n, 1);
        poppedFrom(s, w, z(s).multiPop(m.keys, m.max, m.count), m.max);
    }

    /**
     * BZPOPMIN and BZPOPMAX key [key ...] timeout: the first non-empty sorted set's key, member and score; a key of
     * another type before it is an error. If all are empty, the client blocks until one of them gets a member.
     */
    private void blockingPop(Session s, byte[][] a, int n, RespWriter w, boolean max) {
        long timeout = Timeouts.seconds(a[n - 1]);
        List<byte[]> keys = Arrays.asList(Arrays.copyOfRange(a, 1, n - 1));
        PoppedMembers popped = z(s).multiPop(keys, max, 1);
        if (popped != null) {
            s.notify(max ? KeyEvent.ZPOPMAX : KeyEvent.ZPOPMIN, popped.key());
            keyMemberScore(w, popped.key(), popped.members().get(0));
            deletedIfEmpty(s, popped.key());
            return;
        }
        blocking.block(s, w, keys, timeout, RespWriter::nullArray, (session, key, out) -> {
            List<ScoredMember> one = max ? z(session).popMax(key, 1) : z(session).popMin(key, 1);
            if (one.isEmpty()) {
                return false;
            }
            session.notify(max ? KeyEvent.ZPOPMAX : KeyEvent.ZPOPMIN, key);
            keyMemberScore(out, key, one.get(0));
            deletedIfEmpty(session, key);
            return true;
        });
    }

    /** BZMPOP timeout numkeys key [key ...] MIN|MAX [COUNT count]: ZMPOP, or block until a sorted set has members. */
    private void bzmpop(Session s, byte[][] a, int n, RespWriter w) {
        MultiPop m = multiPopArgs(a, n, 2);
        long timeout = Timeouts.seconds(a[1]);
        PoppedMembers popped = z(s).multiPop(m.keys, m.max, m.count);
        if (popped != null) {
            poppedFrom(s, w, popped, m.max);
            return;
        }
        blocking.block(s, w, m.keys, timeout, RespWriter::nullArray, (session, key, out) -> {
            List<ScoredMember> members = m.max ? z(session).popMax(key, m.count) : z(session).popMin(key, m.count);
            if (members.isEmpty()) {
                return false;
            }
            poppedFrom(session, out, new PoppedMembers(key, members), m.max);
            return true;
        });
    }

    /** The arguments of ZMPOP and BZMPOP, whose numkeys is at {@code numKeysAt}, checked in Redis's order. */
    private record MultiPop(List<byte[]> keys, boolean max, long count) {
    }

    private static MultiPop multiPopArgs(byte[][] a, int n, int numKeysAt) {
        long numkeys = rangedLong(a[numKeysAt], 1, Long.MAX_VALUE, NUMKEYS);
        if (numkeys >= n - numKeysAt - 1) {
            throw CommandException.SYNTAX;
        }
        int where = numKeysAt + 1 + (int) numkeys;
        boolean max;
        if (Args.is(a[where], "min")) {
            max = false;
        } else if (Args.is(a[where], "max")) {
            max = true;
        } else {
            throw CommandException.SYNTAX;
        }
        long count = -1;
        for (int j = where + 1; j < n; j++) {
            if (count == -1 && Args.is(a[j], "count") && j + 1 < n) {
                count = rangedLong(a[++j], 1, Long.MAX_VALUE, COUNT);
            } else {
                throw CommandException.SYNTAX;
            }
        }
        return new MultiPop(Arrays.asList(Arrays.copyOfRange(a, numKeysAt + 1, where)), max, count == -1 ? 1 : count);
    }

    /** The reply of ZMPOP and BZMPOP: the key and its [member, score] pairs, or a null array. */
    private static void poppedFrom(Session s, RespWriter w, PoppedMembers popped, boolean max) {
        if (popped == null) {
            w.nullArray();
            return;
        }
        s.notify(max ? KeyEvent.ZPOPMAX : KeyEvent.ZPOPMIN, popped.key());
        w.arrayHeader(2);
        w.bulk(popped.key());
        members(w, popped.members(), true, true);
        deletedIfEmpty(s, popped.key());
    }

    /** The reply of BZPOPMIN and BZPOPMAX: one flat array. */
    private static void keyMemberScore(RespWriter w, byte[] key, ScoredMember m) {
        w.arrayHeader(3);
        w.bulk(key);
        w.bulk(m.member());
        score(w, m.score());
    }

    private void zrandmember(Session s, byte[][] a, int n, RespWriter w) {
        if (n == 2) {
            List<ScoredMember> one = z(s).randomMembers(a[1], 1);
            w.bulk(one.isEmpty() ? null : one.get(0).member());
            return;
        }
        long count = Args.toLong(a[2]);
        if (count == Long.MIN_VALUE) {
            throw RANDOM_RANGE;
        }
        if (n > 4 || n == 4 && !Args.is(a[3], "withscores")) {
            throw CommandException.SYNTAX;
        }
        boolean withScores = n == 4;
        if (withScores && (count < -Long.MAX_VALUE / 2 || count > Long.MAX_VALUE / 2)) {
            throw OUT_OF_RANGE;
        }
        members(w, z(s).randomMembers(a[1], count), withScores, withScores && w.protocol() == 3);
    }

    /**
     * ZUNION ZINTER ZDIFF ZINTERCARD and the STORE forms, as Redis's {@code zunionInterDiffGenericCommand}: numkeys,
     * then the keys' types, then the options.
     */
    private void combine(Session s, byte[][] a, int n, RespWriter w, Op op, boolean store) {
        int numkeysIndex = store ? 2 : 1;
        long setnum = Args.toLong(a[numkeysIndex]);
        if (setnum < 1) {
            throw new CommandException("ERR at least 1 input key is needed for '" + Args.str(a[0]).toLowerCase(
                    java.util.Locale.ROOT) + "' command");
        }
        if (setnum > n - (numkeysIndex + 1)) {
            throw CommandException.SYNTAX;
        }
        int first = numkeysIndex + 1;
        List<byte[]> keys = Arrays.asList(a).subList(first, first + (int) setnum);
        // Redis reads the keys before it parses the options: a wrong type is WRONGTYPE before a syntax error. The
        // store counts each read when the operation runs; a key of the wrong type ends the reads here.
        s.keyspace().read(keys.toArray(new byte[0][]), view -> {
            for (int i = 0; i < keys.size(); i++) {
                ValueType type = view.type(keys.get(i));
                if (type != ValueType.NONE && type != ValueType.ZSET && type != ValueType.SET) {
                    for (byte[] read : keys.subList(0, i + 1)) {
                        view.lookup(read);
                    }
                    throw CommandException.WRONGTYPE;
                }
            }
            return null;
        });
        double[] weights = null;
        Aggregate aggregate = Aggregate.SUM;
        boolean withScores = false;
        long limit = 0;
        boolean weighted = op == Op.UNION || op == Op.INTER;
        try {
            for (int j = first + (int) setnum; j < n; j++) {
                int remaining = n - j;
                if (weighted && remaining >= setnum + 1 && Args.is(a[j], "weights")) {
                    weights = new double[(int) setnum];
                    for (int i = 0; i < setnum; i++) {
                        weights[i] = strictScore(a[++j], WEIGHT);
                    }
                } else if (weighted && remaining >= 2 && Args.is(a[j], "aggregate")) {
                    byte[] name = a[++j];
                    if (Args.is(name, "sum")) {
                        aggregate = Aggregate.SUM;
                    } else if (Args.is(name, "min")) {
                        aggregate = Aggregate.MIN;
                    } else if (Args.is(name, "max")) {
                        aggregate = Aggregate.MAX;
                    } else {
                        throw CommandException.SYNTAX;
                    }
                } else if (!store && op != Op.INTERCARD && Args.is(a[j], "withscores")) {
                    withScores = true;
                } else if (op == Op.INTERCARD && remaining >= 2 && Args.is(a[j], "limit")) {
                    limit = rangedLong(a[++j], 0, Long.MAX_VALUE, LIMIT_NEGATIVE);
                } else {
                    throw CommandException.SYNTAX;
                }
            }
        } catch (CommandException e) {
            // Redis read every key before it found the error in the options
            s.keyspace().read(keys.toArray(new byte[0][]), view -> {
                keys.forEach(view::lookup);
                return null;
            });
            throw e;
        }
        SortedSets z = z(s);
        if (op == Op.INTERCARD) {
            w.integer(z.interCard(keys, limit));
        } else if (store) {
            double[] w8 = weights;
            Aggregate by = aggregate;
            s.store(a[1], op == Op.UNION ? KeyEvent.ZUNIONSTORE : op == Op.INTER ? KeyEvent.ZINTERSTORE
                    : KeyEvent.ZDIFFSTORE, false, w, () -> op == Op.UNION ? z.unionStore(a[1], keys, w8, by)
                    : op == Op.INTER ? z.interStore(a[1], keys, w8, by) : z.diffStore(a[1], keys));
        } else {
            members(w, op == Op.UNION ? z.union(keys, weights, aggregate)
                    : op == Op.INTER ? z.inter(keys, weights, aggregate) : z.diff(keys), withScores,
                    withScores && w.protocol() == 3);
        }
    }

    private void zscan(Session s, byte[][] a, int n, RespWriter w) {
        long cursor = cursor(a[2]);
        ValueType type = s.keyspace().type(a[1]);
        if (type == ValueType.NONE) {
            w.arrayHeader(2);
            w.bulk(new byte[] {'0'});
            w.arrayHeader(0);
            return;
        }
        if (type != ValueType.ZSET) {
            throw CommandException.WRONGTYPE;
        }
        long count = 10;
        byte[] pattern = null;
        for (int i = 3; i < n; i++) {
            if (Args.is(a[i], "count") && i + 1 < n) {
                count = Args.toLong(a[++i]);
                if (count < 1) {
                    throw CommandException.SYNTAX;
                }
            } else if (Args.is(a[i], "match") && i + 1 < n) {
                pattern = Arrays.equals(a[++i], STAR) ? null : a[i];
            } else {
                throw CommandException.SYNTAX;
            }
        }
        byte[] p = pattern;
        Predicate<byte[]> filter = p == null ? m -> true : m -> Glob.matches(p, m, false);
        SortedSetScan r = z(s).scan(a[1], cursor, (int) Math.min(count, Integer.MAX_VALUE), filter);
        w.arrayHeader(2);
        w.bulk(Long.toUnsignedString(r.cursor()).getBytes(StandardCharsets.US_ASCII));
        w.arrayHeader(2 * r.members().size());
        for (ScoredMember m : r.members()) {
            w.bulk(m.member());
            w.bulk((r.compact() ? ScoreText.listpack(m.score()) : ScoreText.format(m.score()))
                    .getBytes(StandardCharsets.US_ASCII));
        }
    }

    /** Parses a scan cursor as Redis's {@code strtoul}: unsigned decimal, a sign allowed, an empty text 0. */
    private static long cursor(byte[] b) {
        int start = b.length > 0 && (b[0] == '-' || b[0] == '+') ? 1 : 0;
        if (b.length == 1 && start == 1) {
            throw INVALID_CURSOR;
        }
        long v = 0;
        for (int i = start; i < b.length; i++) {
            if (b[i] < '0' || b[i] > '9') {
                throw INVALID_CURSOR;
            }
        }
        if (b.length > start) {
            try {
                v = Long.parseUnsignedLong(new String(b, start, b.length - start, StandardCharsets.US_ASCII));
            } catch (NumberFormatException e) {
                throw INVALID_CURSOR;
            }
        }
        return start == 1 && b[0] == '-' ? -v : v;
    }
}
