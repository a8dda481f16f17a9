package org.kvlab.client;

import org.kvlab.api.KvException;

/**
 * The connection to the server could not be made or was lost: every request in flight on a lost connection fails
 * with this exception as soon as the loss is seen. A pooled {@link KvClient} reconnects on the next call; a
 * dedicated {@link KvConnection} does not.
 */
public class KvConnectionException extends KvException {

    private static final long serialVersionUID = 1L;

    /** Creates the exception; {@code cause} may be {@code null}. */
    public KvConnectionException(String message, Throwable cause) {
        super(message, cause);
    }
}
