/**
 * The Netty pipeline shared by the native transports (epoll, io_uring): a server and a client transport written
 * once and parameterized by a {@link org.kvlab.transport.netty.NettyFlavor} — the I/O handler factory, channel
 * classes and options of one Netty transport.
 *
 * <p>Reads land in one direct buffer per event loop ({@code LoopBuffer}) and hand its NIO view to the
 * {@link org.kvlab.spi.ConnectionHandler} together with one {@link org.kvlab.spi.OutputBuffer} per event loop; the
 * replies of a whole read batch are written in {@code channelReadComplete} and flushed once, with every other
 * connection's of the same turn, when the turn ends ({@code TurnFlushes}); each connection's replies wait there in
 * one of the direct buffers the event loop keeps for them ({@code LoopBuffer}), not in a buffer from the pool.
 *
 * <p>What {@link org.kvlab.spi.IoCounters} counts, as faithfully as Netty lets a pipeline see it: one read per
 * {@code channelRead} (a read call, or a receive completion under io_uring, that returned data — reads that return
 * nothing, such as the end-of-stream read, are not seen); one write per flush that carries bytes (a socket that
 * takes a large reply in several calls shows as one); one accept per accepted channel, one connect per connect
 * attempt, one close per closed channel; one wake-up per event-loop turn, which is one {@code epoll_wait} for epoll
 * and one submit-and-wait {@code io_uring_enter} for io_uring — the submit-only {@code io_uring_enter} calls Netty
 * makes within a turn are not observable and not counted. Checked against {@code perf} under redis-benchmark: reads
 * and writes agree within 0.1% on epoll and io_uring, wake-ups exactly on epoll.
 */
package org.kvlab.transport.netty;
