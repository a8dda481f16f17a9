package org.kvlab.api;

/** One end of a list, as Redis's {@code LEFT} and {@code RIGHT} arguments name them ({@link Lists}). */
public enum ListEnd {
    /** The head: index 0, where {@code LPUSH} adds and {@code LPOP} removes. */
    LEFT,
    /** The tail: index -1, where {@code RPUSH} adds and {@code RPOP} removes. */
    RIGHT
}
