/**
 * {@link org.kvlab.client.KvClient}: a client of kvlab and Redis servers over any
 * {@link org.kvlab.spi.ClientTransport}, with synchronous calls, {@link org.kvlab.client.AsyncCommands
 * CompletableFuture} calls, explicit {@link org.kvlab.client.Pipeline pipelines}, a bounded connection pool and
 * dedicated {@link org.kvlab.client.KvConnection connections} for load generators; RESP2 and RESP3. Replies are
 * parsed incrementally on the transport's read thread, which completes the waiting futures in order, with no
 * hand-off; requests are encoded into a reused buffer and each call, batch or pipeline is one transport send.
 * Errors are {@link org.kvlab.client.KvServerException} (error replies), {@link
 * org.kvlab.client.KvConnectionException}, {@link org.kvlab.client.KvTimeoutException} and {@link
 * org.kvlab.client.KvPoolExhaustedException}, all {@link org.kvlab.api.KvException}s.
 */
package org.kvlab.client;
