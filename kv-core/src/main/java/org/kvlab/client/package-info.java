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
 *
 * <h2>Typed requests: each command written once</h2>
 * The commands of hashes, lists, sets, sorted sets and bitmaps are {@link org.kvlab.client.Request} values, built by
 * one factory per type ({@link org.kvlab.client.HashRequests}, {@link org.kvlab.client.ListRequests}, {@link
 * org.kvlab.client.SetRequests}, {@link org.kvlab.client.SortedSetRequests}, {@link org.kvlab.client.BitmapRequests})
 * in a {@code String} and a {@code byte[]} form, and run by one generic method per way of calling: {@link
 * org.kvlab.client.KvClient#execute(org.kvlab.client.Request)} synchronously, {@link
 * org.kvlab.client.AsyncCommands#execute(org.kvlab.client.Request)} for {@code async()}, pipelines and dedicated
 * connections. A request holds its arguments and the decoder of its reply (RESP2 and RESP3 shapes alike), which is
 * all that differs between commands; the ways of calling differ only in how they send and wait. Per-type views
 * ({@code client.hashes().hset(...)}) would need every signature twice, once returning {@code T} and once
 * {@code CompletableFuture<T>}, because Java cannot abstract over the return wrapper; requests keep one definition
 * per argument form, keep {@code KvClient} at one new method, and can be built ahead and sent many times.
 *
 * <h2>Driving it for throughput</h2>
 * <ul>
 *   <li>Open one {@link org.kvlab.client.KvConnection} per simulated client with
 *       {@link org.kvlab.client.KvClient#connection()}, from the main thread, before the run.</li>
 *   <li>Start each connection's first request from the main thread, then send each next request from the
 *       previous one's callback ({@code whenComplete}): the callback runs on the transport's read thread, so
 *       the request is written by the thread that read the reply, with no thread woken and no lock contended.
 *       This is a closed loop per connection, as {@code redis-benchmark} runs.</li>
 *   <li>For pipeline depth N, send N commands at a time with {@link org.kvlab.client.KvConnection#sendBatch}:
 *       one write and one future per batch. Build the argument arrays once and reuse them; the batch is encoded
 *       before {@code sendBatch} returns.</li>
 *   <li>Use the transport's event loops as the client's threads ({@link
 *       org.kvlab.spi.TransportConfig#eventLoops()}); on a machine shared with the server, one loop leaves the
 *       other cores to it.</li>
 *   <li>Synchronous calls park the caller until the read thread completes its future; they suit applications,
 *       not load generation. Over Netty transports a write from a non-loop thread is also a task hand-off to the
 *       loop; the blocking transport writes on the caller's thread.</li>
 * </ul>
 */
package org.kvlab.client;
