package org.kvlab.api;

/**
 * The list operations of one database ({@link Keyspace#lists()}): sequences of binary elements, as Redis's list
 * commands. Every method is atomic and thread-safe; an operation on a key holding another type throws
 * {@link WrongTypeException}; a list emptied by a removal no longer exists.
 */
public interface Lists {
}
