package org.kvlab.api;

/**
 * An operation addressed an element by an index past either end of a collection (Redis's
 * {@code -ERR index out of range}, e.g. from {@code LSET}). Nothing changed.
 */
public final class IndexOutOfRangeException extends KvException {

    private static final long serialVersionUID = 1L;

    /** Creates the exception. */
    public IndexOutOfRangeException() {
        super("index out of range");
    }
}
