package org.kvlab.api;

/**
 * The store could not make a write durable, or could not snapshot (Redis's {@code -MISCONF}). The write it
 * belongs to was not applied.
 */
public final class KvPersistenceException extends KvException {

    private static final long serialVersionUID = 1L;

    /** Creates the exception with a message naming what failed. */
    public KvPersistenceException(String message) {
        super(message);
    }

    /** Creates the exception with a message naming what failed, and the I/O error behind it. */
    public KvPersistenceException(String message, Throwable cause) {
        super(message, cause);
    }
}
