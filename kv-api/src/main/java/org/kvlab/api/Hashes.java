package org.kvlab.api;

/**
 * The hash operations of one database ({@link Keyspace#hashes()}): maps of binary field names to binary values, as
 * Redis's hash commands. Every method is atomic and thread-safe; an operation on a key holding another type throws
 * {@link WrongTypeException}; a hash emptied by a removal no longer exists.
 */
public interface Hashes {
}
