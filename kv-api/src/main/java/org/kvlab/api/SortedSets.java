package org.kvlab.api;

import java.util.List;
import java.util.function.Predicate;

/**
 * The sorted-set operations of one database ({@link Keyspace#sortedSets()}): distinct binary members ordered by a
 * {@code double} score, then by member bytes, as Redis's sorted-set commands. Every method is atomic and
 * thread-safe; an operation on a key holding another type throws {@link WrongTypeException}; a sorted set emptied by
 * a removal no longer exists.
 *
 * <p>Scores are never NaN; {@code -0.0} and {@code 0.0} are equal, and a small set keeps 0 for either, as Redis's
 * listpack does. No argument may be {@code null} unless a method says so. The store keeps none of the arrays passed
 * in (it copies what it stores), so a caller may reuse them once a call returns; arrays returned must not be
 * modified. Writes may throw {@link KvOutOfMemoryException} and {@link KvPersistenceException} as {@link Keyspace}
 * says.
 */
public interface SortedSets {

    /**
     * Adds members or updates their scores under {@code options} ({@code ZADD}). A member named twice takes the last
     * score.
     *
     * @return the number of members added, or added and changed if {@link ZAddOptions#countChanged()}
     * @throws WrongTypeException if {@code key} holds another type
     */
    long add(byte[] key, ZAddOptions options, List<ScoredMember> members);

    /**
     * Adds {@code increment} to the score of {@code member} under {@code options} ({@code ZADD INCR}); an absent
     * member counts as 0.
     *
     * @return the new score, or {@code null} if {@code options} prevented the update
     * @throws ArithmeticException if the new score would be NaN ({@code +inf} plus {@code -inf}); nothing changed
     * @throws IllegalArgumentException if {@code increment} is NaN
     * @throws WrongTypeException if {@code key} holds another type
     */
    Double addIncrement(byte[] key, ZAddOptions options, byte[] member, double increment);

    /**
     * Adds {@code increment} to the score of {@code member}, 0 if absent ({@code ZINCRBY}).
     *
     * @return the new score
     * @throws ArithmeticException if the new score would be NaN; nothing changed
     * @throws IllegalArgumentException if {@code increment} is NaN
     * @throws WrongTypeException if {@code key} holds another type
     */
    double incrementBy(byte[] key, byte[] member, double increment);

    /**
     * Removes members ({@code ZREM}).
     *
     * @return the number of members that were there
     * @throws WrongTypeException if {@code key} holds another type
     */
    long remove(byte[] key, byte[]... members);

    /**
     * Returns the score of {@code member} ({@code ZSCORE}), or {@code null} if it or the key is absent.
     *
     * @throws WrongTypeException if {@code key} holds another type
     */
    Double score(byte[] key, byte[] member);

    /**
     * Returns the score of each of {@code members} ({@code ZMSCORE}), {@code null} for an absent one.
     *
     * @return a list as long as {@code members}, holding {@code null}s
     * @throws WrongTypeException if {@code key} holds another type
     */
    List<Double> scores(byte[] key, byte[]... members);

    /**
     * Returns the number of members, 0 for an absent key ({@code ZCARD}).
     *
     * @throws WrongTypeException if {@code key} holds another type
     */
    long cardinality(byte[] key);

    /**
     * Returns the number of members whose score is in {@code range} ({@code ZCOUNT}).
     *
     * @throws WrongTypeException if {@code key} holds another type
     */
    long count(byte[] key, ScoreRange range);

    /**
     * Returns the number of members in {@code range} ({@code ZLEXCOUNT}).
     *
     * @throws WrongTypeException if {@code key} holds another type
     */
    long lexCount(byte[] key, LexRange range);

    /**
     * Returns the 0-based position of {@code member} in ascending order ({@code ZRANK}), or {@code null} if absent.
     *
     * @throws WrongTypeException if {@code key} holds another type
     */
    Long rank(byte[] key, byte[] member);

    /**
     * Returns the 0-based position of {@code member} in descending order ({@code ZREVRANK}), or {@code null} if
     * absent.
     *
     * @throws WrongTypeException if {@code key} holds another type
     */
    Long reverseRank(byte[] key, byte[] member);

    /**
     * Returns the members {@code range} selects, in its order, with their scores ({@code ZRANGE} and its variants).
     *
     * @return the members, empty for an absent key
     * @throws WrongTypeException if {@code key} holds another type
     */
    List<ScoredMember> range(byte[] key, SortedSetRange range);

    /**
     * Stores the members {@code range} selects from {@code source} as the sorted set {@code destination}, replacing
     * any value it had (and its expiry); nothing selected removes {@code destination} ({@code ZRANGESTORE}).
     *
     * @return the number of members stored
     * @throws WrongTypeException if {@code source} holds another type
     */
    long rangeStore(byte[] destination, byte[] source, SortedSetRange range);

    /**
     * Removes and returns up to {@code count} members of the lowest scores, lowest first ({@code ZPOPMIN}).
     *
     * @throws IllegalArgumentException if {@code count} is negative
     * @throws WrongTypeException if {@code key} holds another type
     */
    List<ScoredMember> popMin(byte[] key, long count);

    /**
     * Removes and returns up to {@code count} members of the highest scores, highest first ({@code ZPOPMAX}).
     *
     * @throws IllegalArgumentException if {@code count} is negative
     * @throws WrongTypeException if {@code key} holds another type
     */
    List<ScoredMember> popMax(byte[] key, long count);

    /**
     * Pops up to {@code count} members from the first of {@code keys} that exists, the lowest or the highest
     * ({@code ZMPOP}).
     *
     * @return the key popped from and its members, or {@code null} if none of {@code keys} exists
     * @throws IllegalArgumentException if {@code count} is not positive
     * @throws WrongTypeException if a key before the first sorted set holds another type
     */
    PoppedMembers multiPop(List<byte[]> keys, boolean max, long count);

    /**
     * Returns random members ({@code ZRANDMEMBER}): {@code count} distinct ones (all of them, highest first as Redis
     * walks them, if the set has no more), or, for a negative {@code count}, {@code -count} members drawn
     * independently (repeats possible).
     *
     * @return the members, empty for an absent key
     * @throws WrongTypeException if {@code key} holds another type
     */
    List<ScoredMember> randomMembers(byte[] key, long count);

    /**
     * Removes the members of ranks {@code start} to {@code stop}, inclusive, negative counting from the end
     * ({@code ZREMRANGEBYRANK}).
     *
     * @return the number of members removed
     * @throws WrongTypeException if {@code key} holds another type
     */
    long removeRangeByRank(byte[] key, long start, long stop);

    /**
     * Removes the members whose score is in {@code range} ({@code ZREMRANGEBYSCORE}).
     *
     * @return the number of members removed
     * @throws WrongTypeException if {@code key} holds another type
     */
    long removeRangeByScore(byte[] key, ScoreRange range);

    /**
     * Removes the members in {@code range} ({@code ZREMRANGEBYLEX}).
     *
     * @return the number of members removed
     * @throws WrongTypeException if {@code key} holds another type
     */
    long removeRangeByLex(byte[] key, LexRange range);

    /**
     * Returns the union of {@code keys} ({@code ZUNION}): every member of any input, its score the
     * {@code aggregate} of its scores times the input's weight (a NaN product counts as 0). A plain set is an input
     * whose members score 1; an absent key is empty.
     *
     * @param weights one per key, or {@code null} for all 1
     * @return the members in ascending order
     * @throws IllegalArgumentException if {@code keys} is empty or {@code weights} is not as long
     * @throws WrongTypeException if a key holds neither a sorted set nor a set
     */
    List<ScoredMember> union(List<byte[]> keys, double[] weights, Aggregate aggregate);

    /**
     * Returns the intersection of {@code keys} ({@code ZINTER}): the members of every input, scored as
     * {@link #union}.
     *
     * @param weights one per key, or {@code null} for all 1
     * @return the members in ascending order
     * @throws IllegalArgumentException if {@code keys} is empty or {@code weights} is not as long
     * @throws WrongTypeException if a key holds neither a sorted set nor a set
     */
    List<ScoredMember> inter(List<byte[]> keys, double[] weights, Aggregate aggregate);

    /**
     * Returns the members of the first of {@code keys} found in none of the others, with their scores
     * ({@code ZDIFF}).
     *
     * @return the members in ascending order
     * @throws IllegalArgumentException if {@code keys} is empty
     * @throws WrongTypeException if a key holds neither a sorted set nor a set
     */
    List<ScoredMember> diff(List<byte[]> keys);

    /**
     * Stores {@link #union} as {@code destination}, replacing any value (an empty result removes it)
     * ({@code ZUNIONSTORE}).
     *
     * @return the number of members stored
     * @throws IllegalArgumentException as {@link #union}
     * @throws WrongTypeException as {@link #union}
     */
    long unionStore(byte[] destination, List<byte[]> keys, double[] weights, Aggregate aggregate);

    /**
     * Stores {@link #inter} as {@code destination}, replacing any value (an empty result removes it)
     * ({@code ZINTERSTORE}).
     *
     * @return the number of members stored
     * @throws IllegalArgumentException as {@link #inter}
     * @throws WrongTypeException as {@link #inter}
     */
    long interStore(byte[] destination, List<byte[]> keys, double[] weights, Aggregate aggregate);

    /**
     * Stores {@link #diff} as {@code destination}, replacing any value (an empty result removes it)
     * ({@code ZDIFFSTORE}).
     *
     * @return the number of members stored
     * @throws IllegalArgumentException as {@link #diff}
     * @throws WrongTypeException as {@link #diff}
     */
    long diffStore(byte[] destination, List<byte[]> keys);

    /**
     * Returns the size of the intersection of {@code keys}, counting up to {@code limit} (0 for no limit)
     * ({@code ZINTERCARD}).
     *
     * @throws IllegalArgumentException if {@code keys} is empty or {@code limit} is negative
     * @throws WrongTypeException if a key holds neither a sorted set nor a set
     */
    long interCard(List<byte[]> keys, long limit);

    /**
     * Iterates the members with a cursor, as {@code ZSCAN}: start with 0 and continue with the returned cursor until
     * it is 0. A member present for the whole iteration is returned at least once. A small set comes whole in one
     * step. {@code count} hints how many members to look at per step; {@code filter} selects the members returned.
     *
     * @throws WrongTypeException if {@code key} holds another type
     */
    SortedSetScan scan(byte[] key, long cursor, int count, Predicate<byte[]> filter);
}
