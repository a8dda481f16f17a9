package org.kvlab.api;

/**
 * The sorted-set operations of one database ({@link Keyspace#sortedSets()}): distinct binary members ordered by a
 * {@code double} score, then by member bytes, as Redis's sorted-set commands. Every method is atomic and
 * thread-safe; an operation on a key holding another type throws {@link WrongTypeException}; a sorted set emptied by
 * a removal no longer exists.
 */
public interface SortedSets {
}
