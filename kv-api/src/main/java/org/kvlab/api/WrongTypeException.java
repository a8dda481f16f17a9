package org.kvlab.api;

/**
 * An operation met a key holding a value of another type, e.g. a list operation on a string (Redis's
 * {@code -WRONGTYPE Operation against a key holding the wrong kind of value}). Nothing changed.
 */
public final class WrongTypeException extends KvException {

    private static final long serialVersionUID = 1L;

    /** Creates the exception. */
    public WrongTypeException() {
        super("Operation against a key holding the wrong kind of value");
    }
}
