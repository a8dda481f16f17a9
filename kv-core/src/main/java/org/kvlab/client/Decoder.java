package org.kvlab.client;

/**
 * Turns a reply, as {@link ReplyParser} makes it, into what a typed call returns. Runs on the transport's thread;
 * an exception it throws fails that call only.
 *
 * @param <T> the type returned
 */
@FunctionalInterface
interface Decoder<T> {

    /** Converts {@code reply}, which may be {@code null} and is never a {@link KvServerException}. */
    T decode(Object reply);
}
