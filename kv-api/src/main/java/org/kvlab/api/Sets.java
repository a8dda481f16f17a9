package org.kvlab.api;

import java.util.List;
import java.util.function.Predicate;

/**
 * The set operations of one database ({@link Keyspace#sets()}): unordered collections of distinct binary members, as
 * Redis's set commands. Every method is atomic and thread-safe; an operation on a key holding another type throws
 * {@link WrongTypeException}; a set emptied by a removal no longer exists, and an absent key acts as an empty set.
 *
 * <p>A set whose members are all decimal integers in canonical form (no sign {@code +}, no leading zeros, no spaces,
 * within a {@code long}) and that has at most {@link EncodingLimits#setMaxIntsetEntries()} members is an
 * {@code intset}: its members are listed in ascending numeric order, as Redis lists them. Any other set is a
 * {@code hashtable}, listed in no particular order.
 *
 * <p>No argument may be {@code null}, nor any element of an array argument. The store keeps none of the arrays passed
 * in (it copies what it stores), so a caller may reuse them once a call returns; arrays the store returns must not be
 * modified. Writes may throw {@link KvOutOfMemoryException} and {@link KvPersistenceException} as {@link Keyspace}'s
 * do, changing nothing.
 */
public interface Sets {

    /**
     * Adds {@code members} to the set at {@code key}, creating it if absent ({@code SADD}).
     *
     * @return how many of them were not members before (a member given twice counts once)
     * @throws IllegalArgumentException if {@code members} is empty
     * @throws WrongTypeException if {@code key} holds another type
     */
    long add(byte[] key, byte[]... members);

    /**
     * Removes {@code members} from the set at {@code key} ({@code SREM}); a set left empty is removed.
     *
     * @return how many of them were members
     * @throws WrongTypeException if {@code key} holds another type
     */
    long remove(byte[] key, byte[]... members);

    /**
     * Returns the members of the set at {@code key} ({@code SMEMBERS}): in ascending numeric order for an
     * {@code intset}, in no particular order otherwise; empty if {@code key} does not exist.
     *
     * @throws WrongTypeException if {@code key} holds another type
     */
    List<byte[]> members(byte[] key);

    /**
     * Returns whether {@code member} is a member of the set at {@code key} ({@code SISMEMBER}); {@code false} if
     * {@code key} does not exist.
     *
     * @throws WrongTypeException if {@code key} holds another type
     */
    boolean isMember(byte[] key, byte[] member);

    /**
     * Returns, for each of {@code members} in order, whether it is a member of the set at {@code key}
     * ({@code SMISMEMBER}); all {@code false} if {@code key} does not exist.
     *
     * @throws WrongTypeException if {@code key} holds another type
     */
    boolean[] areMembers(byte[] key, byte[]... members);

    /**
     * Returns the number of members of the set at {@code key} ({@code SCARD}), 0 if it does not exist.
     *
     * @throws WrongTypeException if {@code key} holds another type
     */
    long cardinality(byte[] key);

    /**
     * Removes and returns one member of the set at {@code key} chosen at random ({@code SPOP}); a set left empty is
     * removed.
     *
     * @return the member, or {@code null} if {@code key} does not exist
     * @throws WrongTypeException if {@code key} holds another type
     */
    byte[] pop(byte[] key);

    /**
     * Removes and returns {@code count} distinct members of the set at {@code key} chosen at random, or all of them
     * if it has no more ({@code SPOP key count}); a set left empty is removed.
     *
     * @return the members removed, in no particular order; empty if {@code key} does not exist or {@code count} is 0
     * @throws IllegalArgumentException if {@code count} is negative
     * @throws WrongTypeException if {@code key} holds another type
     */
    List<byte[]> pop(byte[] key, long count);

    /**
     * Returns one member of the set at {@code key} chosen at random ({@code SRANDMEMBER}).
     *
     * @return the member, or {@code null} if {@code key} does not exist
     * @throws WrongTypeException if {@code key} holds another type
     */
    byte[] randomMember(byte[] key);

    /**
     * Returns members of the set at {@code key} chosen at random ({@code SRANDMEMBER key count}): for a positive
     * {@code count}, that many distinct members, or every member if the set has no more (then in the order
     * {@link #members} gives); for a negative {@code count}, exactly {@code -count} members, each drawn from the
     * whole set, so a member may appear several times.
     *
     * @return the members; empty if {@code key} does not exist or {@code count} is 0
     * @throws IllegalArgumentException if {@code count} is {@link Long#MIN_VALUE}, or the set exists and
     *     {@code -count} exceeds {@link Integer#MAX_VALUE} - 8, the most elements a list can hold
     * @throws WrongTypeException if {@code key} holds another type
     */
    List<byte[]> randomMembers(byte[] key, long count);

    /**
     * Moves {@code member} from the set at {@code source} to the set at {@code destination}, creating it if absent
     * ({@code SMOVE}), as one atomic step; a source left empty is removed. When {@code source} and
     * {@code destination} are the same key nothing changes.
     *
     * @return whether {@code member} was a member of {@code source}
     * @throws WrongTypeException if {@code source} exists and either key holds another type
     */
    boolean move(byte[] source, byte[] destination, byte[] member);

    /**
     * Returns the members common to the sets at every one of {@code keys} ({@code SINTER}); an absent key is an
     * empty set, so the result is then empty. In ascending numeric order when the smallest set is an
     * {@code intset}.
     *
     * @throws IllegalArgumentException if {@code keys} is empty
     * @throws WrongTypeException if any of {@code keys} holds another type
     */
    List<byte[]> intersection(byte[]... keys);

    /**
     * Returns how many members are common to the sets at every one of {@code keys} ({@code SINTERCARD}), counting
     * no further than {@code limit} when it is positive.
     *
     * @param limit the most to count, 0 for no limit
     * @throws IllegalArgumentException if {@code keys} is empty or {@code limit} is negative
     * @throws WrongTypeException if any of {@code keys} holds another type
     */
    long intersectionCardinality(long limit, byte[]... keys);

    /**
     * Returns the members of any of the sets at {@code keys} ({@code SUNION}); absent keys are empty sets. In
     * ascending numeric order when the result would be an {@code intset}.
     *
     * @throws IllegalArgumentException if {@code keys} is empty
     * @throws WrongTypeException if any of {@code keys} holds another type
     */
    List<byte[]> union(byte[]... keys);

    /**
     * Returns the members of the set at the first of {@code keys} that are in none of the sets at the others
     * ({@code SDIFF}); absent keys are empty sets. In ascending numeric order when the result would be an
     * {@code intset}.
     *
     * @throws IllegalArgumentException if {@code keys} is empty
     * @throws WrongTypeException if any of {@code keys} holds another type
     */
    List<byte[]> difference(byte[]... keys);

    /**
     * Writes {@link #intersection} of {@code keys} to {@code destination} ({@code SINTERSTORE}), replacing whatever
     * it held (of any type, and its expiry); an empty result removes {@code destination}.
     *
     * @return the number of members written
     * @throws IllegalArgumentException if {@code keys} is empty
     * @throws WrongTypeException if any of {@code keys} holds another type (nothing is written)
     */
    long intersectionStore(byte[] destination, byte[]... keys);

    /**
     * Writes {@link #union} of {@code keys} to {@code destination} ({@code SUNIONSTORE}), as
     * {@link #intersectionStore} does.
     *
     * @return the number of members written
     * @throws IllegalArgumentException if {@code keys} is empty
     * @throws WrongTypeException if any of {@code keys} holds another type (nothing is written)
     */
    long unionStore(byte[] destination, byte[]... keys);

    /**
     * Writes {@link #difference} of {@code keys} to {@code destination} ({@code SDIFFSTORE}), as
     * {@link #intersectionStore} does.
     *
     * @return the number of members written
     * @throws IllegalArgumentException if {@code keys} is empty
     * @throws WrongTypeException if any of {@code keys} holds another type (nothing is written)
     */
    long differenceStore(byte[] destination, byte[]... keys);

    /**
     * Iterates the members of the set at {@code key} with a cursor ({@code SSCAN}), as {@link Keyspace#scan} iterates
     * keys: start with cursor 0 and continue with {@link ScanResult#cursor()} until it is 0; the members of this step
     * that pass {@code filter} are {@link ScanResult#keys()}. An {@code intset} is returned whole in one step. A
     * member present for the whole iteration is returned at least once. An absent key gives cursor 0 and no members.
     *
     * @param count a hint of how many members to examine in this step
     * @throws WrongTypeException if {@code key} holds another type
     */
    ScanResult scan(byte[] key, long cursor, int count, Predicate<byte[]> filter);
}
