package org.kvlab.spi;

/** A transport was asked for that cannot run here, or that no provider on the class path offers. */
public final class TransportUnavailableException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** Creates the exception with a one-line message and the cause, if any. */
    public TransportUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
