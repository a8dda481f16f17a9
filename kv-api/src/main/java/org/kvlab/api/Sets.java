package org.kvlab.api;

/**
 * The set operations of one database ({@link Keyspace#sets()}): unordered collections of distinct binary members, as
 * Redis's set commands. Every method is atomic and thread-safe; an operation on a key holding another type throws
 * {@link WrongTypeException}; a set emptied by a removal no longer exists.
 */
public interface Sets {
}
