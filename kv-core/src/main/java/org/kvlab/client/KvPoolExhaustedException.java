package org.kvlab.client;

import org.kvlab.api.KvException;

/**
 * Every connection of a {@link KvClient}'s pool stayed busy for the whole borrow timeout: raise
 * {@link KvClient.Builder#poolSize(int)}, use fewer concurrent callers, or use async calls and pipelines, which
 * hold a connection only while they write.
 */
public class KvPoolExhaustedException extends KvException {

    private static final long serialVersionUID = 1L;

    /** Creates the exception. */
    public KvPoolExhaustedException(String message) {
        super(message);
    }
}
