package org.kvlab.api;

import java.util.List;
import java.util.function.Predicate;

/**
 * The hash operations of one database ({@link Keyspace#hashes()}): maps of binary field names to binary values, as
 * Redis's hash commands. Every method is atomic and thread-safe; an operation on a key holding another type throws
 * {@link WrongTypeException}; a hash emptied by a removal no longer exists. Arguments must not be {@code null} unless
 * a method says otherwise. The store keeps none of the arrays passed in (it copies what it stores), so a caller may
 * reuse them once a call returns; arrays returned are the caller's.
 *
 * <p>A small hash keeps its fields in insertion order (Redis's {@code listpack}: an update keeps a field's place);
 * past {@link EncodingLimits#hashMaxListpackEntries()} fields, or a field or value longer than
 * {@link EncodingLimits#hashMaxListpackValue()} bytes, it becomes a hash table for good, in no particular order.
 */
public interface Hashes {

    /**
     * Sets fields to values ({@code HSET}), creating the hash if needed; a field given twice takes its last value.
     *
     * @return how many of the fields were new
     * @throws IllegalArgumentException if {@code entries} is empty
     * @throws NullPointerException if an entry's value is {@code null}
     * @throws WrongTypeException if the key holds another type
     * @throws KvOutOfMemoryException if the store is over its memory limit
     */
    int set(byte[] key, List<HashEntry> entries);

    /**
     * Sets {@code field} to {@code value} ({@code HSET} of one field), creating the hash if needed.
     *
     * @return whether the field was new
     * @throws NullPointerException if an argument is {@code null}
     * @throws WrongTypeException if the key holds another type
     * @throws KvOutOfMemoryException if the store is over its memory limit
     */
    boolean set(byte[] key, byte[] field, byte[] value);

    /**
     * Sets {@code field} to {@code value} only if the field does not exist ({@code HSETNX}).
     *
     * @return whether the field was set
     * @throws WrongTypeException if the key holds another type
     * @throws KvOutOfMemoryException if the store is over its memory limit
     */
    boolean setIfAbsent(byte[] key, byte[] field, byte[] value);

    /**
     * Returns the value of {@code field} ({@code HGET}), or {@code null} if the key or the field does not exist.
     *
     * @throws WrongTypeException if the key holds another type
     */
    byte[] get(byte[] key, byte[] field);

    /**
     * Returns the values of {@code fields} in their order ({@code HMGET}), {@code null} for each one that does not
     * exist; an absent key gives all {@code null}s.
     *
     * @return an unmodifiable list, one element per field
     * @throws WrongTypeException if the key holds another type
     */
    List<byte[]> multiGet(byte[] key, byte[]... fields);

    /**
     * Removes {@code fields} ({@code HDEL}); the hash is removed once it has none left.
     *
     * @return how many distinct fields existed and were removed
     * @throws WrongTypeException if the key holds another type
     */
    int delete(byte[] key, byte[]... fields);

    /**
     * Returns whether {@code field} exists ({@code HEXISTS}); {@code false} for an absent key.
     *
     * @throws WrongTypeException if the key holds another type
     */
    boolean exists(byte[] key, byte[] field);

    /**
     * Returns the number of fields ({@code HLEN}), 0 for an absent key.
     *
     * @throws WrongTypeException if the key holds another type
     */
    int length(byte[] key);

    /**
     * Returns the length in bytes of the value of {@code field} ({@code HSTRLEN}), 0 if the key or the field does
     * not exist.
     *
     * @throws WrongTypeException if the key holds another type
     */
    int valueLength(byte[] key, byte[] field);

    /**
     * Returns every field name ({@code HKEYS}), in the hash's order; empty for an absent key.
     *
     * @return an unmodifiable list
     * @throws WrongTypeException if the key holds another type
     */
    List<byte[]> fields(byte[] key);

    /**
     * Returns every value ({@code HVALS}), in the order of {@link #fields}; empty for an absent key.
     *
     * @return an unmodifiable list
     * @throws WrongTypeException if the key holds another type
     */
    List<byte[]> values(byte[] key);

    /**
     * Returns every field with its value ({@code HGETALL}), in the order of {@link #fields}; empty for an absent key.
     *
     * @return an unmodifiable list
     * @throws WrongTypeException if the key holds another type
     */
    List<HashEntry> entries(byte[] key);

    /**
     * Adds {@code increment} to the integer value of {@code field} ({@code HINCRBY}); an absent field (or key)
     * counts as 0. The value must be a decimal {@code long} as Redis writes one: no sign {@code +}, no leading
     * zeros, no spaces.
     *
     * @return the new value
     * @throws KvException with message {@code "hash value is not an integer"} if the value is not such an integer,
     *     or {@code "increment or decrement would overflow"} if the sum does not fit a {@code long}; nothing changed
     * @throws WrongTypeException if the key holds another type
     * @throws KvOutOfMemoryException if the store is over its memory limit
     */
    long incrBy(byte[] key, byte[] field, long increment);

    /**
     * Adds {@code increment} to the floating-point value of {@code field} ({@code HINCRBYFLOAT}); an absent field (or
     * key) counts as 0. As in Redis on x86-64, the increment and the value are read as C's {@code strtold} reads
     * them (decimal or hexadecimal, {@code inf}, no spaces) into 80-bit extended precision (a 64-bit significand),
     * the sum is rounded to it, and the result is stored and returned as {@code printf("%.17Lf")} writes it, without
     * trailing zeros (and {@code 0}, never {@code -0}).
     *
     * @param increment the increment, as text
     * @return the new value, as stored
     * @throws KvException nothing changed, with Redis's message: {@code "value is not a valid float"} if
     *     {@code increment} is not a number (or overflows), {@code "value is NaN or Infinity"} if it is infinite,
     *     {@code "hash value is not a float"} if the current value is not a number,
     *     {@code "increment would produce NaN or Infinity"} if the sum is not finite
     * @throws WrongTypeException if the key holds another type
     * @throws KvOutOfMemoryException if the store is over its memory limit
     */
    byte[] incrByFloat(byte[] key, byte[] field, byte[] increment);

    /**
     * Returns a random field ({@code HRANDFIELD} without a count), or {@code null} for an absent key.
     *
     * @throws WrongTypeException if the key holds another type
     */
    byte[] randomField(byte[] key);

    /**
     * Returns random fields ({@code HRANDFIELD key count}): for a positive {@code count}, that many distinct fields
     * (all of them, in the hash's order, if it has no more); for a negative one, {@code -count} fields drawn
     * independently, so they may repeat; none for 0 or an absent key.
     *
     * @param withValues whether each entry carries its value; otherwise its value is {@code null}
     * @return an unmodifiable list
     * @throws IllegalArgumentException if the hash exists and {@code -count} is more than a list can hold
     *     ({@code Integer.MAX_VALUE - 8})
     * @throws WrongTypeException if the key holds another type
     */
    List<HashEntry> randomFields(byte[] key, long count, boolean withValues);

    /**
     * One step of an iteration over the fields ({@code HSCAN}): start with cursor 0 and pass each returned cursor
     * until it is 0 again. Every field present for the whole iteration is returned at least once; fields added or
     * removed meanwhile may or may not be. A small hash ({@code listpack}) returns everything at once, as Redis does;
     * a hash table visits buckets until about {@code count} fields were examined. {@code filter} selects fields by
     * name (it does not change the work done); an absent key gives cursor 0 and nothing.
     *
     * @throws IllegalArgumentException if {@code count} is less than 1
     * @throws WrongTypeException if the key holds another type
     */
    HashScanResult scan(byte[] key, long cursor, int count, Predicate<byte[]> filter);
}
