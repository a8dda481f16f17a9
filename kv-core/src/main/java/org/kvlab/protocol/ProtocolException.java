package org.kvlab.protocol;

/**
 * A violation of the Redis protocol by the client. {@link #getMessage()} is the text Redis sends after
 * {@code "-ERR Protocol error: "}, for example {@code "invalid bulk length"}; it never contains CR or LF, so it can
 * be written as an error reply as is. After this exception the connection is expected to be closed.
 */
public final class ProtocolException extends Exception {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message the Redis error text, without the {@code "Protocol error: "} prefix; not null
     */
    public ProtocolException(String message) {
        super(message);
    }
}
