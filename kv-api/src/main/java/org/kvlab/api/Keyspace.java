package org.kvlab.api;

import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;

/**
 * The key operations of one database. Keys and values are binary-safe byte arrays; every method is
 * thread-safe and atomic on its own. Arrays passed in become the store's: callers must not modify them
 * afterwards (the typed views, {@link #lists()} and its kin, copy instead), and must not modify arrays the store
 * returns. No argument may be {@code null} unless a method says so.
 *
 * <p>Expiry times are absolute, in epoch milliseconds of the store's {@link KeyValueStore#clock()}. An expired
 * key behaves as absent everywhere.
 *
 * <p>A key holds a string or one of the collection types of {@link ValueType}, whose operations are
 * {@link #hashes()}, {@link #lists()}, {@link #sets()} and {@link #sortedSets()}. The key operations here (delete,
 * exists, type, expiry, rename, copy, scan) act on keys of every type; the string operations ({@link #get},
 * {@link #update}, {@link #getAndDelete}, {@link #getAndSetExpiry} and {@link #set} returning the previous value)
 * throw {@link WrongTypeException} on a key of another type, while a plain {@link #set} replaces a value of any type.
 *
 * <p>Writes may throw {@link KvOutOfMemoryException} when the store is at its memory limit and
 * {@link KvPersistenceException} when the write log cannot record them; in both cases nothing changed.
 */
public interface Keyspace {

    /** Returned by {@link #expiryMillis} for a key that does not exist. */
    long ABSENT = -2;

    /** Returned by {@link #expiryMillis} for a key that exists and never expires. */
    long NO_EXPIRY = -1;

    /** Returns the value of {@code key}, or {@code null} if it does not exist. */
    byte[] get(byte[] key);

    /**
     * Passes the value of {@code key} to {@code reader}, or {@code null} if it does not exist, as {@link #get} returns
     * it, but lent rather than handed out: {@code reader} reads the array before it returns, and neither keeps nor
     * modifies it. A store may then keep writing later values of the same length into that array ({@link #setCopy})
     * rather than allocate a new one, which it cannot once {@link #get} handed the array out. {@code reader} must be
     * quick and must not call the store: a store may hold a lock of the key while it runs.
     *
     * @throws WrongTypeException if the key holds a value of another type
     * @throws NullPointerException if an argument is {@code null}
     */
    default void readString(byte[] key, Consumer<byte[]> reader) {
        reader.accept(get(key));
    }

    /** Sets {@code key} to {@code value}, removing any expiry (plain {@code SET}). */
    void set(byte[] key, byte[] value);

    /**
     * Sets {@code key} to {@code value} as {@link #set(byte[], byte[])} does, but keeps neither array, so that the
     * caller may reuse both once this returns: the store holds a copy of the value, and of the key only if the key
     * is new (an existing key keeps the array it has). A store may write the value into the array it holds for the
     * key when no one else can see that array (see {@link #readString}), so that setting a value of the same length
     * again allocates nothing.
     *
     * @throws NullPointerException if an argument is {@code null}
     */
    default void setCopy(byte[] key, byte[] value) {
        set(key.clone(), value.clone());
    }

    /**
     * Sets {@code key} to {@code value} under {@code options}.
     *
     * @return whether the value was written and, when {@link SetOptions#returnPrevious()} is set, the value
     *     before (written or not)
     */
    SetResult set(byte[] key, byte[] value, SetOptions options);

    /**
     * Sets every {@code keys[i]} to {@code values[i]} as one atomic step, removing their expiries; when
     * {@code onlyIfNoneExist}, writes nothing if any key exists.
     *
     * @return whether the values were written
     * @throws IllegalArgumentException if the arrays differ in length
     */
    boolean setAll(byte[][] keys, byte[][] values, boolean onlyIfNoneExist);

    /**
     * Sets every {@code keys[i]} to {@code values[i]} as {@link #setAll} does, but keeps none of the arrays, as
     * {@link #setCopy} keeps neither of its own: the caller may reuse them all once this returns.
     *
     * @return whether the values were written
     * @throws IllegalArgumentException if the arrays differ in length
     */
    default boolean setAllCopies(byte[][] keys, byte[][] values, boolean onlyIfNoneExist) {
        byte[][] keyCopies = new byte[keys.length][];
        byte[][] valueCopies = new byte[values.length][];
        for (int i = 0; i < keys.length; i++) {
            keyCopies[i] = keys[i].clone();
        }
        for (int i = 0; i < values.length; i++) {
            valueCopies[i] = values[i].clone();
        }
        return setAll(keyCopies, valueCopies, onlyIfNoneExist);
    }

    /**
     * Atomically replaces the value of {@code key} with {@code update.apply(current)}, where {@code current} is
     * {@code null} for an absent key. The key's expiry is kept. An exception thrown by {@code update} propagates
     * and changes nothing. {@code update} must be a pure function; it may run more than once.
     *
     * @return the new value
     */
    byte[] update(byte[] key, UnaryOperator<byte[]> update);

    /**
     * Atomically sets {@code target} to {@code combine.apply(values)}, where {@code values[i]} is the string at
     * {@code sources[i]} ({@code null} if absent), removing its expiry; a {@code null} result removes {@code target}.
     * The target may hold any type before (Redis's {@code BITOP}). An exception thrown by {@code combine} propagates
     * and changes nothing. {@code combine} must not keep or modify the arrays it is given.
     *
     * @return the value written, or {@code null} if {@code target} was removed
     * @throws WrongTypeException if a source holds another type; nothing changes
     */
    byte[] combine(byte[] target, byte[][] sources, Function<byte[][], byte[]> combine);

    /**
     * Runs {@code reader} on a consistent view of {@code keys}, or of every key of this database when {@code keys}
     * is {@code null} (its writers then wait until {@code reader} returns), and returns what it returns. An exception
     * thrown by {@code reader} propagates.
     */
    <R> R read(byte[][] keys, Function<KeyView, R> reader);

    /**
     * Atomically replaces {@code target}, of any type, by a list of the elements {@code compute} returns from a
     * consistent view of {@code keys} (every key of this database when {@code keys} is {@code null}; {@code target}
     * is always readable), without expiry; no elements remove {@code target} (Redis's {@code SORT ... STORE}). An
     * exception thrown by {@code compute} propagates and changes nothing.
     *
     * @return the number of elements stored
     * @throws NullPointerException if {@code compute} returns {@code null} or an array holding {@code null}
     */
    int storeList(byte[] target, byte[][] keys, Function<KeyView, byte[][]> compute);

    /**
     * Adds {@code increment}, a decimal or hexadecimal float, to the number held as a string at {@code key} (0 if
     * absent) in Redis's 80-bit {@code long double} arithmetic, stores the sum written as Redis writes it (17
     * significant decimals, no exponent) and returns it; the expiry is kept ({@code INCRBYFLOAT}).
     *
     * @throws KvException "value is not a valid float" if the value or the increment is not a float, or "increment
     *     would produce NaN or Infinity"
     * @throws WrongTypeException if the key holds another type
     */
    byte[] incrByFloat(byte[] key, byte[] increment);

    /** Removes {@code key} and returns its value, or returns {@code null} if it did not exist. */
    byte[] getAndDelete(byte[] key);

    /**
     * Returns the value of {@code key} and sets its expiry to {@code expiryMillis} (epoch ms), or removes its
     * expiry when {@code expiryMillis} is {@link #NO_EXPIRY}. Returns {@code null}, changing nothing, if absent.
     */
    byte[] getAndSetExpiry(byte[] key, long expiryMillis);

    /** Removes {@code key}; returns whether it existed. */
    boolean delete(byte[] key);

    /** Returns whether {@code key} exists. */
    boolean exists(byte[] key);

    /**
     * Returns whether {@code key} exists, as a look that is no read of its own: not counted in
     * {@link KeyspaceStats}, no {@link KeyChangeListener#keyMissed} notice (Redis's {@code dbExists}). For a caller
     * that checks what a write it just made left behind.
     */
    boolean existsQuietly(byte[] key);

    /**
     * Returns the length of the string at {@code key}, 0 if absent, as a write looks at it (Redis's
     * {@code lookupKeyWrite} in {@code SETRANGE key offset ""}): not counted in {@link KeyspaceStats}, no
     * {@link KeyChangeListener#keyMissed} notice.
     *
     * @throws WrongTypeException if {@code key} holds another type
     */
    int stringLengthQuietly(byte[] key);

    /** Returns the type of the value at {@code key}, {@link ValueType#NONE} if absent. */
    ValueType type(byte[] key);

    /**
     * Returns the expiry of {@code key} in epoch milliseconds, {@link #NO_EXPIRY} if it has none or
     * {@link #ABSENT} if it does not exist.
     */
    long expiryMillis(byte[] key);

    /**
     * Sets the expiry of an existing key to {@code expiryMillis} (epoch ms) if {@code condition} holds. A time
     * not after now deletes the key. Returns whether the expiry was set (or the key deleted).
     */
    boolean expire(byte[] key, long expiryMillis, ExpireCondition condition);

    /** Removes the expiry of {@code key}; returns whether it had one. */
    boolean persist(byte[] key);

    /**
     * Renames {@code source} to {@code target}, carrying its expiry and replacing {@code target} unless
     * {@code onlyIfTargetAbsent}. Renaming a key to itself succeeds and changes nothing.
     *
     * @return whether the key was renamed ({@code false} only when {@code onlyIfTargetAbsent} and the target exists)
     * @throws NoSuchKeyException if {@code source} does not exist
     */
    boolean rename(byte[] source, byte[] target, boolean onlyIfTargetAbsent);

    /**
     * Copies {@code source} with its expiry to {@code target} in database {@code targetDatabase} of the same
     * store, replacing an existing target only if {@code replace}.
     *
     * @return whether the key was copied
     * @throws IndexOutOfBoundsException if {@code targetDatabase} does not exist
     */
    boolean copy(byte[] source, int targetDatabase, byte[] target, boolean replace);

    /**
     * Moves {@code key} with its expiry to database {@code targetDatabase} of the same store, unless it does not exist
     * or that database holds a key of its name ({@code MOVE}), in one step. A look-up to write, as Redis's: it counts
     * as neither a keyspace hit nor a miss.
     *
     * @return whether the key was moved
     * @throws IllegalArgumentException if {@code targetDatabase} is this database
     * @throws IndexOutOfBoundsException if {@code targetDatabase} does not exist
     */
    boolean move(byte[] key, int targetDatabase);

    /**
     * Iterates the keys with a cursor, as Redis's {@code SCAN} does: start with cursor 0 and continue with
     * {@link ScanResult#cursor()} until it is 0. A key present for the whole iteration is returned at least
     * once; keys added or removed meanwhile may or may not be. {@code count} is a hint of how much work to do
     * per call; {@code filter} selects the keys returned (it does not change the work done).
     */
    ScanResult scan(long cursor, int count, Predicate<byte[]> filter);

    /** Returns a random existing key, or {@code null} if this database is empty. */
    byte[] randomKey();

    /** Returns the number of keys, expired keys not yet evicted may be counted. */
    long size();

    /** Returns the number of keys that have an expiry. */
    long expiringKeys();

    /** Removes every key of this database. */
    void clear();

    /**
     * Returns how the value of {@code key} is held, with Redis's {@code OBJECT ENCODING} names ({@code "int"},
     * {@code "embstr"}, {@code "raw"}, {@code "listpack"}, {@code "intset"}, {@code "hashtable"},
     * {@code "skiplist"}, {@code "quicklist"}), or {@code null} if it does not exist. Counted as a keyspace hit or
     * miss, with no {@code keymiss} notice, as Redis's {@code OBJECT}.
     */
    String encoding(byte[] key);

    /**
     * Returns the bytes the store counts for {@code key} and its value in its memory accounting (what
     * {@link KeyValueStore#usedMemory()} and {@code maxmemory} add up: the entry's fixed overhead, the key, and the
     * value with each element it holds), or {@link #ABSENT} if it does not exist; asking does not count as an access.
     * The count is exact, not sampled.
     */
    long memoryUsage(byte[] key);

    /**
     * Returns {@code key}'s {@link KeyFootprint} ({@code DEBUG OBJECT}), or {@code null} if it does not exist; asking
     * does not count as an access. It serializes the value to measure it: as slow as writing it to a snapshot.
     */
    KeyFootprint footprint(byte[] key);

    /** Marks {@code key} as just accessed ({@code TOUCH}); returns whether it exists. */
    boolean touch(byte[] key);

    /**
     * Returns how long ago {@code key} was last read or written, in milliseconds of whole seconds
     * ({@code OBJECT IDLETIME}), or {@link #ABSENT} if it does not exist; asking does not count as an access, a hit
     * or a miss.
     */
    long idleMillis(byte[] key);

    /**
     * Returns the logarithmic access counter of {@code key} (0-255, {@code OBJECT FREQ}), decayed to now, or
     * {@link #ABSENT} if it does not exist; asking does not count as an access, a hit or a miss. Meaningful while the
     * store's {@link EvictionPolicy#lfu() policy is LFU}: keys then carry a counter in place of their access time.
     */
    int accessFrequency(byte[] key);

    /** Returns the hash operations of this database. */
    Hashes hashes();

    /** Returns the list operations of this database. */
    Lists lists();

    /** Returns the set operations of this database. */
    Sets sets();

    /** Returns the sorted-set operations of this database. */
    SortedSets sortedSets();
}
