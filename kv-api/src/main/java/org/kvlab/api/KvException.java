package org.kvlab.api;

/** The root of the exceptions the store throws for a request it cannot carry out. */
public class KvException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** Creates an exception with a message for the client. */
    public KvException(String message) {
        super(message);
    }

    /** Creates an exception with a message for the client and its cause. */
    public KvException(String message, Throwable cause) {
        super(message, cause);
    }
}
