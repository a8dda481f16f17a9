package org.kvlab.api;

/**
 * A read-only view of the keys of one database inside an atomic operation ({@link Keyspace#read},
 * {@link Keyspace#storeList}): the keys it shows do not change while the operation runs. Valid only inside that
 * operation; not thread-safe. Arrays it returns are the store's: callers must not modify them.
 */
public interface KeyView {

    /**
     * Returns the type of the value at {@code key}, {@link ValueType#NONE} if it does not exist.
     *
     * @throws IllegalArgumentException if the operation did not name {@code key} among the keys it reads
     */
    ValueType type(byte[] key);

    /**
     * {@link #type}, counted as a command's read of {@code key}: a keyspace hit, or a miss and its {@code keymiss}
     * notice, as Redis's {@code lookupKeyRead}. {@link #type} is the quiet look of a check that reads nothing.
     *
     * @throws IllegalArgumentException if the operation did not name {@code key} among the keys it reads
     */
    ValueType lookup(byte[] key);

    /**
     * Returns the string at {@code key}, or {@code null} if it does not exist or holds another type.
     *
     * @throws IllegalArgumentException if the operation did not name {@code key} among the keys it reads
     */
    byte[] string(byte[] key);

    /**
     * Returns the contents of the collection at {@code key} as one flat array, or {@code null} if it does not exist
     * or holds a string: the elements of a list in order, the members of a set, field then value for each entry of
     * a hash, member then the 8-byte big-endian IEEE 754 bits of its score for each member of a sorted set, in
     * score order.
     *
     * @throws IllegalArgumentException if the operation did not name {@code key} among the keys it reads
     */
    byte[][] elements(byte[] key);
}
