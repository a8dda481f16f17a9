package org.kvlab.client;

import org.kvlab.api.KvException;

/**
 * An error reply from the server, carrying the server's message. {@link #code()} is the error code the message
 * starts with ({@code ERR}, {@code WRONGTYPE}, {@code NOAUTH}, {@code WRONGPASS}, {@code OOM}, {@code MISCONF},
 * ...), so callers can branch on it without parsing the text. Immutable.
 */
public class KvServerException extends KvException {

    private static final long serialVersionUID = 1L;

    private final String code;

    /**
     * Creates the exception for an error reply.
     *
     * @param message the error text as the server sent it, without the leading {@code -}; not {@code null}
     */
    public KvServerException(String message) {
        super(message);
        this.code = codeOf(message);
    }

    /**
     * Creates an exception with the message and code of {@code reply}, thrown where a caller waited for it, with
     * {@code reply} as its cause.
     *
     * @param reply the error the connection received; not {@code null}
     */
    public KvServerException(KvServerException reply) {
        super(reply.getMessage(), reply);
        this.code = reply.code;
    }

    /**
     * Returns the error code: the first word of the message when it is upper case letters (as Redis sends them),
     * else {@code "ERR"}. Never {@code null}.
     */
    public String code() {
        return code;
    }

    static String codeOf(String message) {
        int end = 0;
        while (end < message.length() && message.charAt(end) >= 'A' && message.charAt(end) <= 'Z') {
            end++;
        }
        boolean word = end > 0 && (end == message.length() || message.charAt(end) == ' ');
        return word ? message.substring(0, end) : "ERR";
    }
}
