package org.kvlab.client;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The requests of Redis's sorted-set commands, {@code ZADD} to {@code ZSCAN} and {@code BZMPOP}: distinct members
 * ordered by a {@code double} score, then by member bytes, stored at a key. A command on a key holding another type
 * fails with {@link KvServerException} {@code WRONGTYPE}. Scores are read from RESP2 bulk strings (including
 * {@code inf} and {@code -inf}) or RESP3 doubles; members with scores from flat RESP2 arrays or RESP3 arrays of pairs.
 * Score arguments must not be NaN ({@link IllegalArgumentException}).
 *
 * <p>Every method comes in two forms: {@code String} arguments sent as UTF-8 with replies read as UTF-8, and
 * {@code byte[]} arguments sent as they are with replies as {@code byte[]} (see {@link Request} for how to run
 * them). Arguments must not be {@code null} ({@link NullPointerException}), except where a parameter says so; a
 * variable-length argument list must not be empty ({@link IllegalArgumentException}). Stateless.
 *
 * <p>The blocking pops ({@code BZPOPMIN, BZPOPMAX, BZMPOP}) take a timeout, {@link Duration#ZERO} to wait for ever
 * (negative: {@link IllegalArgumentException}); the client's timeout counts from its end, whichever way the request
 * is sent.
 * Meanwhile the request holds its connection: a pooled one for a synchronous call, and on {@link KvClient#async()}
 * the shared connection, whose later requests wait behind it; a dedicated {@link KvClient#connection()} keeps
 * waits apart.
 */
public final class SortedSetRequests {

    private SortedSetRequests() {
    }

    /** {@code ZADD key score member}: adds the member or updates its score; replies 1 if it was added, else 0. */
    public static Request<Long> zadd(String key, double score, String member) {
        return new Request<>(Replies.LONG, ArgList.of("ZADD", 4).add(key).add(score).add(member));
    }

    /** {@code ZADD key score member}: adds the member or updates its score; replies 1 if it was added, else 0. */
    public static Request<Long> zadd(byte[] key, double score, byte[] member) {
        return new Request<>(Replies.LONG, ArgList.of("ZADD", 4).add(key).add(score).add(member));
    }

    /**
     * {@code ZADD key [NX|XX] [GT|LT] [CH] score member}: adds or updates as {@code options} allow; replies how many
     * members were added (or, with {@link ZAddOptions#countChanged()}, added or changed).
     */
    public static Request<Long> zadd(String key, ZAddOptions options, double score, String member) {
        ArgList args = ArgList.of("ZADD", 8).add(key);
        options.appendTo(args);
        return new Request<>(Replies.LONG, args.add(score).add(member));
    }

    /**
     * {@code ZADD key [NX|XX] [GT|LT] [CH] score member}: adds or updates as {@code options} allow; replies how many
     * members were added (or, with {@link ZAddOptions#countChanged()}, added or changed).
     */
    public static Request<Long> zadd(byte[] key, ZAddOptions options, double score, byte[] member) {
        ArgList args = ArgList.of("ZADD", 8).add(key);
        options.appendTo(args);
        return new Request<>(Replies.LONG, args.add(score).add(member));
    }

    /**
     * {@code ZADD key [NX|XX] [GT|LT] [CH] score member ...}: adds or updates every member with its score, in the
     * map's iteration order; replies as {@link #zadd(String, ZAddOptions, double, String)}.
     *
     * @throws IllegalArgumentException if {@code members} is empty
     */
    public static Request<Long> zadd(String key, ZAddOptions options, Map<String, Double> members) {
        if (members.isEmpty()) {
            throw new IllegalArgumentException("ZADD: no members (expected: at least one)");
        }
        ArgList args = ArgList.of("ZADD", 5 + 2 * members.size()).add(key);
        options.appendTo(args);
        for (Map.Entry<String, Double> e : members.entrySet()) {
            args.add((double) e.getValue()).add(e.getKey());
        }
        return new Request<>(Replies.LONG, args);
    }

    /**
     * {@code ZADD key [NX|XX] [GT|LT] [CH] score member ...}: adds or updates every member with its score, in the
     * map's iteration order; replies as {@link #zadd(byte[], ZAddOptions, double, byte[])}.
     *
     * @throws IllegalArgumentException if {@code members} is empty
     */
    public static Request<Long> zadd(byte[] key, ZAddOptions options, Map<byte[], Double> members) {
        if (members.isEmpty()) {
            throw new IllegalArgumentException("ZADD: no members (expected: at least one)");
        }
        ArgList args = ArgList.of("ZADD", 5 + 2 * members.size()).add(key);
        options.appendTo(args);
        for (Map.Entry<byte[], Double> e : members.entrySet()) {
            args.add((double) e.getValue()).add(e.getKey());
        }
        return new Request<>(Replies.LONG, args);
    }

    /**
     * {@code ZADD key [NX|XX] [GT|LT] [CH] INCR increment member}: adds {@code increment} to the member's score (absent
     * counts as 0); replies the new score, or {@code null} if the options prevented the change.
     */
    public static Request<Double> zaddIncr(String key, ZAddOptions options, double increment, String member) {
        ArgList args = ArgList.of("ZADD", 9).add(key);
        options.appendTo(args);
        return new Request<>(Replies.NULLABLE_DOUBLE, args.add("INCR").add(increment).add(member));
    }

    /**
     * {@code ZADD key [NX|XX] [GT|LT] [CH] INCR increment member}: adds {@code increment} to the member's score (absent
     * counts as 0); replies the new score, or {@code null} if the options prevented the change.
     */
    public static Request<Double> zaddIncr(byte[] key, ZAddOptions options, double increment, byte[] member) {
        ArgList args = ArgList.of("ZADD", 9).add(key);
        options.appendTo(args);
        return new Request<>(Replies.NULLABLE_DOUBLE, args.add("INCR").add(increment).add(member));
    }

    /** {@code ZINCRBY}: adds {@code increment} to the member's score (absent counts as 0); replies the new score. */
    public static Request<Double> zincrBy(String key, double increment, String member) {
        return new Request<>(Replies.DOUBLE, ArgList.of("ZINCRBY", 4).add(key).add(increment).add(member));
    }

    /** {@code ZINCRBY}: adds {@code increment} to the member's score (absent counts as 0); replies the new score. */
    public static Request<Double> zincrBy(byte[] key, double increment, byte[] member) {
        return new Request<>(Replies.DOUBLE, ArgList.of("ZINCRBY", 4).add(key).add(increment).add(member));
    }

    /** {@code ZREM}: removes the members; replies how many were there. */
    public static Request<Long> zrem(String key, String... members) {
        return new Request<>(Replies.LONG, ArgList.keyAnd("ZREM", key, "members", members));
    }

    /** {@code ZREM}: removes the members; replies how many were there. */
    public static Request<Long> zrem(byte[] key, byte[]... members) {
        return new Request<>(Replies.LONG, ArgList.keyAnd("ZREM", key, "members", members));
    }

    /** {@code ZSCORE}: the member's score, or {@code null} if the member or the key is absent. */
    public static Request<Double> zscore(String key, String member) {
        return new Request<>(Replies.NULLABLE_DOUBLE, new Object[] {"ZSCORE", key, member});
    }

    /** {@code ZSCORE}: the member's score, or {@code null} if the member or the key is absent. */
    public static Request<Double> zscore(byte[] key, byte[] member) {
        return new Request<>(Replies.NULLABLE_DOUBLE, new Object[] {"ZSCORE", key, member});
    }

    /** {@code ZMSCORE}: per member, in the order given, its score or {@code null}. */
    public static Request<List<Double>> zmscore(String key, String... members) {
        return new Request<>(Replies.NULLABLE_DOUBLE_LIST, ArgList.keyAnd("ZMSCORE", key, "members", members));
    }

    /** {@code ZMSCORE}: per member, in the order given, its score or {@code null}. */
    public static Request<List<Double>> zmscore(byte[] key, byte[]... members) {
        return new Request<>(Replies.NULLABLE_DOUBLE_LIST, ArgList.keyAnd("ZMSCORE", key, "members", members));
    }

    /** {@code ZCARD}: the number of members, 0 if the key is absent. */
    public static Request<Long> zcard(String key) {
        return new Request<>(Replies.LONG, new Object[] {"ZCARD", key});
    }

    /** {@code ZCARD}: the number of members, 0 if the key is absent. */
    public static Request<Long> zcard(byte[] key) {
        return new Request<>(Replies.LONG, new Object[] {"ZCARD", key});
    }

    /** {@code ZCOUNT}: the number of members whose score lies between {@code min} and {@code max}. */
    public static Request<Long> zcount(String key, ScoreBound min, ScoreBound max) {
        return new Request<>(Replies.LONG, new Object[] {"ZCOUNT", key, min.toString(), max.toString()});
    }

    /** {@code ZCOUNT}: the number of members whose score lies between {@code min} and {@code max}. */
    public static Request<Long> zcount(byte[] key, ScoreBound min, ScoreBound max) {
        return new Request<>(Replies.LONG, new Object[] {"ZCOUNT", key, min.toString(), max.toString()});
    }

    /** {@code ZRANK}: the member's rank from the lowest score (0 first), or {@code null} if it is absent. */
    public static Request<Long> zrank(String key, String member) {
        return new Request<>(Replies.NULLABLE_LONG, new Object[] {"ZRANK", key, member});
    }

    /** {@code ZRANK}: the member's rank from the lowest score (0 first), or {@code null} if it is absent. */
    public static Request<Long> zrank(byte[] key, byte[] member) {
        return new Request<>(Replies.NULLABLE_LONG, new Object[] {"ZRANK", key, member});
    }

    /** {@code ZREVRANK}: the member's rank from the highest score (0 first), or {@code null} if it is absent. */
    public static Request<Long> zrevRank(String key, String member) {
        return new Request<>(Replies.NULLABLE_LONG, new Object[] {"ZREVRANK", key, member});
    }

    /** {@code ZREVRANK}: the member's rank from the highest score (0 first), or {@code null} if it is absent. */
    public static Request<Long> zrevRank(byte[] key, byte[] member) {
        return new Request<>(Replies.NULLABLE_LONG, new Object[] {"ZREVRANK", key, member});
    }

    /** {@code ZRANGE}: the members of {@code range}, in its order; empty if the key is absent. */
    public static Request<List<String>> zrange(String key, ZRange range) {
        ArgList args = ArgList.of("ZRANGE", 10).add(key);
        range.appendTo(args);
        return new Request<>(Form.STRING.list, args);
    }

    /** {@code ZRANGE}: the members of {@code range}, in its order; empty if the key is absent. */
    public static Request<List<byte[]>> zrange(byte[] key, ZRange range) {
        ArgList args = ArgList.of("ZRANGE", 10).add(key);
        range.appendTo(args);
        return new Request<>(Form.BYTES.list, args);
    }

    /** {@code ZRANGE ... WITHSCORES}: the members of {@code range} with their scores, in its order. */
    public static Request<List<ScoredMember<String>>> zrangeWithScores(String key, ZRange range) {
        ArgList args = ArgList.of("ZRANGE", 11).add(key);
        range.appendTo(args);
        return new Request<>(Form.STRING.scored, args.add("WITHSCORES"));
    }

    /** {@code ZRANGE ... WITHSCORES}: the members of {@code range} with their scores, in its order. */
    public static Request<List<ScoredMember<byte[]>>> zrangeWithScores(byte[] key, ZRange range) {
        ArgList args = ArgList.of("ZRANGE", 11).add(key);
        range.appendTo(args);
        return new Request<>(Form.BYTES.scored, args.add("WITHSCORES"));
    }

    /**
     * {@code ZRANGESTORE}: stores the members of {@code range} at {@code destination} (replacing it); replies how many.
     */
    public static Request<Long> zrangeStore(String destination, String source, ZRange range) {
        ArgList args = ArgList.of("ZRANGESTORE", 11).add(destination).add(source);
        range.appendTo(args);
        return new Request<>(Replies.LONG, args);
    }

    /**
     * {@code ZRANGESTORE}: stores the members of {@code range} at {@code destination} (replacing it); replies how many.
     */
    public static Request<Long> zrangeStore(byte[] destination, byte[] source, ZRange range) {
        ArgList args = ArgList.of("ZRANGESTORE", 11).add(destination).add(source);
        range.appendTo(args);
        return new Request<>(Replies.LONG, args);
    }

    /**
     * {@code ZPOPMIN key}: removes and returns the member with the lowest score, or {@code null} if the key is absent.
     */
    public static Request<ScoredMember<String>> zpopMin(String key) {
        return new Request<>(Form.STRING.oneScored, new Object[] {"ZPOPMIN", key});
    }

    /**
     * {@code ZPOPMIN key}: removes and returns the member with the lowest score, or {@code null} if the key is absent.
     */
    public static Request<ScoredMember<byte[]>> zpopMin(byte[] key) {
        return new Request<>(Form.BYTES.oneScored, new Object[] {"ZPOPMIN", key});
    }

    /** {@code ZPOPMIN key count}: removes and returns up to {@code count} members, lowest score first. */
    public static Request<List<ScoredMember<String>>> zpopMin(String key, long count) {
        return new Request<>(Form.STRING.scored, ArgList.of("ZPOPMIN", 3).add(key).add(count));
    }

    /** {@code ZPOPMIN key count}: removes and returns up to {@code count} members, lowest score first. */
    public static Request<List<ScoredMember<byte[]>>> zpopMin(byte[] key, long count) {
        return new Request<>(Form.BYTES.scored, ArgList.of("ZPOPMIN", 3).add(key).add(count));
    }

    /**
     * {@code ZPOPMAX key}: removes and returns the member with the highest score, or {@code null} if the key is absent.
     */
    public static Request<ScoredMember<String>> zpopMax(String key) {
        return new Request<>(Form.STRING.oneScored, new Object[] {"ZPOPMAX", key});
    }

    /**
     * {@code ZPOPMAX key}: removes and returns the member with the highest score, or {@code null} if the key is absent.
     */
    public static Request<ScoredMember<byte[]>> zpopMax(byte[] key) {
        return new Request<>(Form.BYTES.oneScored, new Object[] {"ZPOPMAX", key});
    }

    /** {@code ZPOPMAX key count}: removes and returns up to {@code count} members, highest score first. */
    public static Request<List<ScoredMember<String>>> zpopMax(String key, long count) {
        return new Request<>(Form.STRING.scored, ArgList.of("ZPOPMAX", 3).add(key).add(count));
    }

    /** {@code ZPOPMAX key count}: removes and returns up to {@code count} members, highest score first. */
    public static Request<List<ScoredMember<byte[]>>> zpopMax(byte[] key, long count) {
        return new Request<>(Form.BYTES.scored, ArgList.of("ZPOPMAX", 3).add(key).add(count));
    }

    /** {@code ZREMRANGEBYRANK}: removes the members from rank {@code start} to {@code stop}; replies how many. */
    public static Request<Long> zremRangeByRank(String key, long start, long stop) {
        return new Request<>(Replies.LONG, ArgList.of("ZREMRANGEBYRANK", 4).add(key).add(start).add(stop));
    }

    /** {@code ZREMRANGEBYRANK}: removes the members from rank {@code start} to {@code stop}; replies how many. */
    public static Request<Long> zremRangeByRank(byte[] key, long start, long stop) {
        return new Request<>(Replies.LONG, ArgList.of("ZREMRANGEBYRANK", 4).add(key).add(start).add(stop));
    }

    /**
     * {@code ZREMRANGEBYSCORE}: removes the members whose score lies between {@code min} and {@code max}; replies how
     * many.
     */
    public static Request<Long> zremRangeByScore(String key, ScoreBound min, ScoreBound max) {
        return new Request<>(Replies.LONG, new Object[] {"ZREMRANGEBYSCORE", key, min.toString(), max.toString()});
    }

    /**
     * {@code ZREMRANGEBYSCORE}: removes the members whose score lies between {@code min} and {@code max}; replies how
     * many.
     */
    public static Request<Long> zremRangeByScore(byte[] key, ScoreBound min, ScoreBound max) {
        return new Request<>(Replies.LONG, new Object[] {"ZREMRANGEBYSCORE", key, min.toString(), max.toString()});
    }

    /**
     * {@code ZREMRANGEBYLEX}: removes the members between {@code min} and {@code max} in byte order; replies how many.
     */
    public static Request<Long> zremRangeByLex(String key, LexBound min, LexBound max) {
        return new Request<>(Replies.LONG, new Object[] {"ZREMRANGEBYLEX", key, min.arg(), max.arg()});
    }

    /**
     * {@code ZREMRANGEBYLEX}: removes the members between {@code min} and {@code max} in byte order; replies how many.
     */
    public static Request<Long> zremRangeByLex(byte[] key, LexBound min, LexBound max) {
        return new Request<>(Replies.LONG, new Object[] {"ZREMRANGEBYLEX", key, min.arg(), max.arg()});
    }

    /**
     * {@code ZUNION numkeys key ... [WEIGHTS ...] [AGGREGATE ...]}: the members in any of the sorted sets (or sets,
     * whose members score 1), ordered by their combined score.
     *
     * @throws IllegalArgumentException if {@code aggregation} has weights, but not one per key
     */
    public static Request<List<String>> zunion(ZAggregation aggregation, String... keys) {
        return new Request<>(Form.STRING.list, combine("ZUNION", null, aggregation, keys, false));
    }

    /**
     * {@code ZUNION numkeys key ... [WEIGHTS ...] [AGGREGATE ...]}: the members in any of the sorted sets (or sets,
     * whose members score 1), ordered by their combined score.
     *
     * @throws IllegalArgumentException if {@code aggregation} has weights, but not one per key
     */
    public static Request<List<byte[]>> zunion(ZAggregation aggregation, byte[]... keys) {
        return new Request<>(Form.BYTES.list, combine("ZUNION", null, aggregation, keys, false));
    }

    /** {@code ZUNION ... WITHSCORES}: {@link #zunion(ZAggregation, String...)} with the combined scores. */
    public static Request<List<ScoredMember<String>>> zunionWithScores(ZAggregation aggregation, String... keys) {
        return new Request<>(Form.STRING.scored, combine("ZUNION", null, aggregation, keys, true));
    }

    /** {@code ZUNION ... WITHSCORES}: {@link #zunion(ZAggregation, byte[]...)} with the combined scores. */
    public static Request<List<ScoredMember<byte[]>>> zunionWithScores(ZAggregation aggregation, byte[]... keys) {
        return new Request<>(Form.BYTES.scored, combine("ZUNION", null, aggregation, keys, true));
    }

    /** {@code ZUNIONSTORE}: stores the union at {@code destination} (replacing it); replies its size. */
    public static Request<Long> zunionStore(String destination, ZAggregation aggregation, String... keys) {
        return new Request<>(Replies.LONG, combine("ZUNIONSTORE", destination, aggregation, keys, false));
    }

    /** {@code ZUNIONSTORE}: stores the union at {@code destination} (replacing it); replies its size. */
    public static Request<Long> zunionStore(byte[] destination, ZAggregation aggregation, byte[]... keys) {
        return new Request<>(Replies.LONG, combine("ZUNIONSTORE", destination, aggregation, keys, false));
    }

    /**
     * {@code ZINTER numkeys key ... [WEIGHTS ...] [AGGREGATE ...]}: the members in every one of the sorted sets (or
     * sets), ordered by their combined score.
     *
     * @throws IllegalArgumentException if {@code aggregation} has weights, but not one per key
     */
    public static Request<List<String>> zinter(ZAggregation aggregation, String... keys) {
        return new Request<>(Form.STRING.list, combine("ZINTER", null, aggregation, keys, false));
    }

    /**
     * {@code ZINTER numkeys key ... [WEIGHTS ...] [AGGREGATE ...]}: the members in every one of the sorted sets (or
     * sets), ordered by their combined score.
     *
     * @throws IllegalArgumentException if {@code aggregation} has weights, but not one per key
     */
    public static Request<List<byte[]>> zinter(ZAggregation aggregation, byte[]... keys) {
        return new Request<>(Form.BYTES.list, combine("ZINTER", null, aggregation, keys, false));
    }

    /** {@code ZINTER ... WITHSCORES}: {@link #zinter(ZAggregation, String...)} with the combined scores. */
    public static Request<List<ScoredMember<String>>> zinterWithScores(ZAggregation aggregation, String... keys) {
        return new Request<>(Form.STRING.scored, combine("ZINTER", null, aggregation, keys, true));
    }

    /** {@code ZINTER ... WITHSCORES}: {@link #zinter(ZAggregation, byte[]...)} with the combined scores. */
    public static Request<List<ScoredMember<byte[]>>> zinterWithScores(ZAggregation aggregation, byte[]... keys) {
        return new Request<>(Form.BYTES.scored, combine("ZINTER", null, aggregation, keys, true));
    }

    /** {@code ZINTERSTORE}: stores the intersection at {@code destination} (replacing it); replies its size. */
    public static Request<Long> zinterStore(String destination, ZAggregation aggregation, String... keys) {
        return new Request<>(Replies.LONG, combine("ZINTERSTORE", destination, aggregation, keys, false));
    }

    /** {@code ZINTERSTORE}: stores the intersection at {@code destination} (replacing it); replies its size. */
    public static Request<Long> zinterStore(byte[] destination, ZAggregation aggregation, byte[]... keys) {
        return new Request<>(Replies.LONG, combine("ZINTERSTORE", destination, aggregation, keys, false));
    }

    /**
     * {@code ZINTERCARD numkeys key ... LIMIT limit}: the size of the intersection, counting stops at {@code limit}
     * (0: no limit).
     */
    public static Request<Long> zinterCard(long limit, String... keys) {
        return new Request<>(Replies.LONG, ArgList.numKeys("ZINTERCARD", keys, 2).add("LIMIT").add(limit));
    }

    /**
     * {@code ZINTERCARD numkeys key ... LIMIT limit}: the size of the intersection, counting stops at {@code limit}
     * (0: no limit).
     */
    public static Request<Long> zinterCard(long limit, byte[]... keys) {
        return new Request<>(Replies.LONG, ArgList.numKeys("ZINTERCARD", keys, 2).add("LIMIT").add(limit));
    }

    /** {@code ZDIFF}: the members of the first sorted set that are in none of the others, ordered by score. */
    public static Request<List<String>> zdiff(String... keys) {
        return new Request<>(Form.STRING.list, ArgList.numKeys("ZDIFF", keys, 0));
    }

    /** {@code ZDIFF}: the members of the first sorted set that are in none of the others, ordered by score. */
    public static Request<List<byte[]>> zdiff(byte[]... keys) {
        return new Request<>(Form.BYTES.list, ArgList.numKeys("ZDIFF", keys, 0));
    }

    /** {@code ZDIFF ... WITHSCORES}: {@link #zdiff(String...)} with the scores. */
    public static Request<List<ScoredMember<String>>> zdiffWithScores(String... keys) {
        return new Request<>(Form.STRING.scored, ArgList.numKeys("ZDIFF", keys, 1).add("WITHSCORES"));
    }

    /** {@code ZDIFF ... WITHSCORES}: {@link #zdiff(byte[]...)} with the scores. */
    public static Request<List<ScoredMember<byte[]>>> zdiffWithScores(byte[]... keys) {
        return new Request<>(Form.BYTES.scored, ArgList.numKeys("ZDIFF", keys, 1).add("WITHSCORES"));
    }

    /** {@code ZDIFFSTORE}: stores the difference at {@code destination} (replacing it); replies its size. */
    public static Request<Long> zdiffStore(String destination, String... keys) {
        return new Request<>(Replies.LONG, combine("ZDIFFSTORE", destination, null, keys, false));
    }

    /** {@code ZDIFFSTORE}: stores the difference at {@code destination} (replacing it); replies its size. */
    public static Request<Long> zdiffStore(byte[] destination, byte[]... keys) {
        return new Request<>(Replies.LONG, combine("ZDIFFSTORE", destination, null, keys, false));
    }

    /**
     * {@code ZSCAN}: one step of an iteration over the members and scores; start and end at cursor 0.
     *
     * @param match a glob the members must match, or {@code null} for all
     * @param count the hint of members per step, or 0 for the server's default
     * @throws IllegalArgumentException if {@code count} is negative
     */
    public static Request<ScanPage<ScoredMember<String>>> zscan(String key, long cursor, String match, int count) {
        return new Request<>(Form.STRING.scoredScan, ArgList.of("ZSCAN", 7).add(key).add(Long.toUnsignedString(cursor))
                .addScanOptions(match, count));
    }

    /**
     * {@code ZSCAN}: one step of an iteration over the members and scores; start and end at cursor 0.
     *
     * @param match a glob the members must match, or {@code null} for all
     * @param count the hint of members per step, or 0 for the server's default
     * @throws IllegalArgumentException if {@code count} is negative
     */
    public static Request<ScanPage<ScoredMember<byte[]>>> zscan(byte[] key, long cursor, byte[] match, int count) {
        return new Request<>(Form.BYTES.scoredScan, ArgList.of("ZSCAN", 7).add(key).add(Long.toUnsignedString(cursor))
                .addScanOptions(match, count));
    }

    /**
     * Returns {@code name [destination] numkeys key ... [WEIGHTS ...] [AGGREGATE ...] [WITHSCORES]}.
     *
     * @param destination the destination key, or {@code null} for none
     * @param aggregation how scores combine, or {@code null} for a command that takes none
     */
    private static ArgList combine(String name, Object destination, ZAggregation aggregation, Object[] keys,
            boolean withScores) {
        if (keys.length == 0) {
            throw new IllegalArgumentException(name + ": no keys (expected: at least one)");
        }
        ArgList args = ArgList.of(name, 6 + 2 * keys.length);
        if (destination != null) {
            args.add(destination);
        }
        args.add(keys.length).addAll("keys", keys);
        if (aggregation != null) {
            aggregation.appendTo(args, keys.length);
        }
        return withScores ? args.add("WITHSCORES") : args;
    }

    /**
     * {@code BZPOPMIN key ... timeout}: pops the member with the lowest score from the first of {@code keys} that is
     * not empty; if all are, waits up to {@code timeout} ({@link Duration#ZERO}: for ever) for one to get members.
     * Replies the key and the member, or {@code null} if the timeout passed.
     */
    public static Request<Map.Entry<String, ScoredMember<String>>> bzpopMin(Duration timeout, String... keys) {
        return new Request<>(Form.STRING.keyedMember,
                ArgList.of("BZPOPMIN", keys.length + 2).addAll("keys", keys).addTimeout(timeout));
    }

    /**
     * {@code BZPOPMIN key ... timeout}: pops the member with the lowest score from the first of {@code keys} that is
     * not empty; if all are, waits up to {@code timeout} ({@link Duration#ZERO}: for ever) for one to get members.
     * Replies the key and the member, or {@code null} if the timeout passed.
     */
    public static Request<Map.Entry<byte[], ScoredMember<byte[]>>> bzpopMin(Duration timeout, byte[]... keys) {
        return new Request<>(Form.BYTES.keyedMember,
                ArgList.of("BZPOPMIN", keys.length + 2).addAll("keys", keys).addTimeout(timeout));
    }

    /**
     * {@code BZPOPMAX key ... timeout}: pops the member with the highest score from the first of {@code keys} that is
     * not empty; if all are, waits up to {@code timeout} ({@link Duration#ZERO}: for ever) for one to get members.
     * Replies the key and the member, or {@code null} if the timeout passed.
     */
    public static Request<Map.Entry<String, ScoredMember<String>>> bzpopMax(Duration timeout, String... keys) {
        return new Request<>(Form.STRING.keyedMember,
                ArgList.of("BZPOPMAX", keys.length + 2).addAll("keys", keys).addTimeout(timeout));
    }

    /**
     * {@code BZPOPMAX key ... timeout}: pops the member with the highest score from the first of {@code keys} that is
     * not empty; if all are, waits up to {@code timeout} ({@link Duration#ZERO}: for ever) for one to get members.
     * Replies the key and the member, or {@code null} if the timeout passed.
     */
    public static Request<Map.Entry<byte[], ScoredMember<byte[]>>> bzpopMax(Duration timeout, byte[]... keys) {
        return new Request<>(Form.BYTES.keyedMember,
                ArgList.of("BZPOPMAX", keys.length + 2).addAll("keys", keys).addTimeout(timeout));
    }

    /**
     * {@code BZMPOP timeout numkeys key ... MIN COUNT count}: pops up to {@code count} members with the lowest
     * scores from the first of {@code keys} that is not empty; if all are, waits up to {@code timeout}
     * ({@link Duration#ZERO}: for ever) for one to get members. Replies the key and the members, or {@code null} if
     * the timeout passed.
     */
    public static Request<Map.Entry<String, List<ScoredMember<String>>>> bzmpopMin(Duration timeout, long count,
            String... keys) {
        return new Request<>(Form.STRING.keyedMembers, ArgList.of("BZMPOP", keys.length + 6)
                .add(ArgList.seconds(timeout)).add(keys.length).addAll("keys", keys).add("MIN").add("COUNT")
                .add(count));
    }

    /**
     * {@code BZMPOP timeout numkeys key ... MIN COUNT count}: pops up to {@code count} members with the lowest
     * scores from the first of {@code keys} that is not empty; if all are, waits up to {@code timeout}
     * ({@link Duration#ZERO}: for ever) for one to get members. Replies the key and the members, or {@code null} if
     * the timeout passed.
     */
    public static Request<Map.Entry<byte[], List<ScoredMember<byte[]>>>> bzmpopMin(Duration timeout, long count,
            byte[]... keys) {
        return new Request<>(Form.BYTES.keyedMembers, ArgList.of("BZMPOP", keys.length + 6)
                .add(ArgList.seconds(timeout)).add(keys.length).addAll("keys", keys).add("MIN").add("COUNT")
                .add(count));
    }

    /**
     * {@code BZMPOP timeout numkeys key ... MAX COUNT count}: pops up to {@code count} members with the highest
     * scores from the first of {@code keys} that is not empty; if all are, waits up to {@code timeout}
     * ({@link Duration#ZERO}: for ever) for one to get members. Replies the key and the members, or {@code null} if
     * the timeout passed.
     */
    public static Request<Map.Entry<String, List<ScoredMember<String>>>> bzmpopMax(Duration timeout, long count,
            String... keys) {
        return new Request<>(Form.STRING.keyedMembers, ArgList.of("BZMPOP", keys.length + 6)
                .add(ArgList.seconds(timeout)).add(keys.length).addAll("keys", keys).add("MAX").add("COUNT")
                .add(count));
    }

    /**
     * {@code BZMPOP timeout numkeys key ... MAX COUNT count}: pops up to {@code count} members with the highest
     * scores from the first of {@code keys} that is not empty; if all are, waits up to {@code timeout}
     * ({@link Duration#ZERO}: for ever) for one to get members. Replies the key and the members, or {@code null} if
     * the timeout passed.
     */
    public static Request<Map.Entry<byte[], List<ScoredMember<byte[]>>>> bzmpopMax(Duration timeout, long count,
            byte[]... keys) {
        return new Request<>(Form.BYTES.keyedMembers, ArgList.of("BZMPOP", keys.length + 6)
                .add(ArgList.seconds(timeout)).add(keys.length).addAll("keys", keys).add("MAX").add("COUNT")
                .add(count));
    }
}
