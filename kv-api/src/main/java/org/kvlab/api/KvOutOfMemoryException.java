package org.kvlab.api;

/** A write was refused because the store is at its {@code maxmemory} limit (Redis's {@code -OOM}). */
public final class KvOutOfMemoryException extends KvException {

    private static final long serialVersionUID = 1L;

    /** Creates the exception with Redis's message. */
    public KvOutOfMemoryException() {
        super("command not allowed when used memory > 'maxmemory'.");
    }
}
