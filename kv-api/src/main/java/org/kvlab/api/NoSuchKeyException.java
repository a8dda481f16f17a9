package org.kvlab.api;

/** A command needed a key that does not exist (Redis's {@code -ERR no such key}). */
public final class NoSuchKeyException extends KvException {

    private static final long serialVersionUID = 1L;

    /** Creates the exception. */
    public NoSuchKeyException() {
        super("no such key");
    }
}
