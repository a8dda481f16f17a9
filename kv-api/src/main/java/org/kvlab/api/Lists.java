package org.kvlab.api;

import java.util.List;

/**
 * The list operations of one database ({@link Keyspace#lists()}): sequences of binary elements, as Redis's list
 * commands. Every method is atomic and thread-safe; an operation on a key holding another type throws
 * {@link WrongTypeException}; a list emptied by a removal no longer exists, and an absent key reads as an empty
 * list.
 *
 * <p>Indexes count from 0 at the head ({@link ListEnd#LEFT}); a negative index counts from the tail, -1 being the
 * last element. The store keeps none of the arrays passed in (it copies what it stores), so a caller may reuse them
 * once a call returns; arrays returned must not be modified. No argument may be {@code null}. Writes may throw
 * {@link KvOutOfMemoryException} and {@link KvPersistenceException} as {@link Keyspace} says; nothing changed then.
 */
public interface Lists {

    /**
     * Adds {@code elements} one by one at {@code end} of the list at {@code key}, creating it if absent
     * ({@code LPUSH}, {@code RPUSH}): pushing {@code a b c} on the left gives {@code c b a}.
     *
     * @return the length of the list afterwards
     * @throws IllegalArgumentException if {@code elements} is empty
     * @throws WrongTypeException if {@code key} holds another type
     */
    long push(byte[] key, ListEnd end, byte[]... elements);

    /**
     * Adds {@code elements} as {@link #push} does, but only if the list at {@code key} exists ({@code LPUSHX},
     * {@code RPUSHX}).
     *
     * @return the length of the list afterwards, 0 if it does not exist (nothing is added)
     * @throws IllegalArgumentException if {@code elements} is empty
     * @throws WrongTypeException if {@code key} holds another type
     */
    long pushIfExists(byte[] key, ListEnd end, byte[]... elements);

    /**
     * Removes and returns the element at {@code end} of the list at {@code key} ({@code LPOP key}).
     *
     * @return the element, or {@code null} if the list does not exist
     * @throws WrongTypeException if {@code key} holds another type
     */
    byte[] pop(byte[] key, ListEnd end);

    /**
     * Removes and returns up to {@code count} elements from {@code end} of the list at {@code key}
     * ({@code LPOP key count}), in the order they were removed: from {@code end} inwards.
     *
     * @return the elements, empty if {@code count} is 0, or {@code null} if the list does not exist
     * @throws IllegalArgumentException if {@code count} is negative
     * @throws WrongTypeException if {@code key} holds another type
     */
    List<byte[]> pop(byte[] key, ListEnd end, long count);

    /**
     * Returns the number of elements of the list at {@code key} ({@code LLEN}).
     *
     * @return the length, 0 if the list does not exist
     * @throws WrongTypeException if {@code key} holds another type
     */
    long length(byte[] key);

    /**
     * Returns the elements from index {@code start} to index {@code stop}, both included ({@code LRANGE}). Negative
     * indexes count from the tail; a start before the head counts as 0, a stop past the tail as the last index.
     *
     * @return the elements in list order, empty if the range is empty or the list does not exist
     * @throws WrongTypeException if {@code key} holds another type
     */
    List<byte[]> range(byte[] key, long start, long stop);

    /**
     * Hands the elements of {@link #range(byte[], long, long)} to {@code sink} without copying each: count first,
     * then the elements in list order.
     *
     * @throws WrongTypeException if the key holds another type; the sink is then not called
     */
    void range(byte[] key, long start, long stop, ElementSink sink);

    /**
     * Returns the element at {@code index} of the list at {@code key} ({@code LINDEX}).
     *
     * @return the element, or {@code null} if the index is out of range or the list does not exist
     * @throws WrongTypeException if {@code key} holds another type
     */
    byte[] index(byte[] key, long index);

    /**
     * Replaces the element at {@code index} of the list at {@code key} by {@code element} ({@code LSET}).
     *
     * @throws NoSuchKeyException if the list does not exist
     * @throws IndexOutOfRangeException if {@code index} is out of range
     * @throws WrongTypeException if {@code key} holds another type
     */
    void set(byte[] key, long index, byte[] element);

    /**
     * Inserts {@code element} just before the first element, from the head, equal to {@code pivot}
     * ({@code LINSERT key BEFORE pivot element}).
     *
     * @return the length of the list afterwards, -1 if no element equals {@code pivot} (nothing is inserted), 0 if
     *     the list does not exist
     * @throws WrongTypeException if {@code key} holds another type
     */
    long insertBefore(byte[] key, byte[] pivot, byte[] element);

    /**
     * Inserts {@code element} just after the first element, from the head, equal to {@code pivot}
     * ({@code LINSERT key AFTER pivot element}).
     *
     * @return the length of the list afterwards, -1 if no element equals {@code pivot} (nothing is inserted), 0 if
     *     the list does not exist
     * @throws WrongTypeException if {@code key} holds another type
     */
    long insertAfter(byte[] key, byte[] pivot, byte[] element);

    /**
     * Removes elements equal to {@code element} ({@code LREM}): the first {@code count} from the head if
     * {@code count} is positive, the last {@code -count} from the tail if it is negative, all of them if it is 0 (or
     * {@link Long#MIN_VALUE}, whose negation does not fit, as in Redis).
     *
     * @return the number of elements removed, 0 if the list does not exist
     * @throws WrongTypeException if {@code key} holds another type
     */
    long remove(byte[] key, long count, byte[] element);

    /**
     * Keeps only the elements from index {@code start} to index {@code stop}, both included, with the index rules of
     * {@link #range} ({@code LTRIM}); an empty range removes the list. Nothing happens if the list does not exist.
     *
     * @throws WrongTypeException if {@code key} holds another type
     */
    void trim(byte[] key, long start, long stop);

    /**
     * Returns the index of an element equal to {@code element} ({@code LPOS} without {@code COUNT}): the
     * {@code rank}-th match from the head if {@code rank} is positive, the {@code -rank}-th from the tail if it is
     * negative, among the first {@code maxLength} elements scanned from that end (all of them if 0).
     *
     * @return the index (counted from the head), or {@code null} if there is no such match or no list
     * @throws IllegalArgumentException if {@code rank} is 0 or {@link Long#MIN_VALUE}, or {@code maxLength} is
     *     negative
     * @throws WrongTypeException if {@code key} holds another type
     */
    Long position(byte[] key, byte[] element, long rank, long maxLength);

    /**
     * Returns the indexes of up to {@code count} elements equal to {@code element}, all of them if {@code count} is
     * 0, starting from the {@code rank}-th match, with the rules of {@link #position} ({@code LPOS} with
     * {@code COUNT}).
     *
     * @return the indexes (counted from the head) in the order they were found, empty if none or no list
     * @throws IllegalArgumentException if {@code rank} is 0 or {@link Long#MIN_VALUE}, or {@code count} or
     *     {@code maxLength} is negative
     * @throws WrongTypeException if {@code key} holds another type
     */
    long[] positions(byte[] key, byte[] element, long rank, long count, long maxLength);

    /**
     * Atomically removes the element at end {@code from} of the list at {@code source} and adds it at end {@code to}
     * of the list at {@code destination}, creating it if absent ({@code LMOVE}, {@code RPOPLPUSH}). With the same
     * key for both, the list rotates (or stays as it was when the ends are the same) and keeps its expiry.
     *
     * @return the element moved, or {@code null} if the source list does not exist (nothing changes)
     * @throws WrongTypeException if {@code source} holds another type, or {@code destination} does while the source
     *     list exists
     */
    byte[] move(byte[] source, byte[] destination, ListEnd from, ListEnd to);

    /**
     * Removes up to {@code count} elements from {@code end} of the first of {@code keys} that holds a list, as
     * {@link #pop(byte[], ListEnd, long)} does ({@code LMPOP}); the keys are examined in order, atomically.
     *
     * @return the key popped from and its popped elements, or {@code null} if none of the keys exists
     * @throws IllegalArgumentException if {@code keys} is empty or {@code count} is not positive
     * @throws WrongTypeException if a key examined before a list is found holds another type
     */
    ListPop multiPop(List<byte[]> keys, ListEnd end, long count);
}
