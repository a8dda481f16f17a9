package org.kvlab.client;

import org.kvlab.api.KvException;

/**
 * Every connection of a {@link KvClient}'s pool stayed busy for the whole borrow timeout: raise
 * {@link KvClient.Builder#poolSize(int)}, use fewer concurrent callers, or use {@link KvClient#async()} or
 * pipelines, which do not hold a connection while they wait for replies.
 */
public class KvPoolExhaustedException extends KvException {

    private static final long serialVersionUID = 1L;

    /** Creates the exception. */
    public KvPoolExhaustedException(String message) {
        super(message);
    }
}
