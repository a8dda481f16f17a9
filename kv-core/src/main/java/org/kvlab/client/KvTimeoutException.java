package org.kvlab.client;

import org.kvlab.api.KvException;

/**
 * No reply came within the client's timeout. The request may still have been carried out by the server; its late
 * reply is read and dropped, so the connection stays usable and later replies still match their requests.
 */
public class KvTimeoutException extends KvException {

    private static final long serialVersionUID = 1L;

    /** Creates the exception; {@code cause} may be {@code null}. */
    public KvTimeoutException(String message, Throwable cause) {
        super(message, cause);
    }
}
