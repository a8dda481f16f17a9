/**
 * The Netty pipeline shared by the native transports (epoll, io_uring): a server and a client transport written
 * once and parameterized by a {@link org.kvlab.transport.netty.NettyFlavor} — the I/O handler factory, channel
 * classes and options of one Netty transport.
 *
 * <p>Reads hand the received buffer's NIO view to the {@link org.kvlab.spi.ConnectionHandler} together with one
 * {@link org.kvlab.spi.OutputBuffer} per event loop; the replies of a whole read batch are flushed once, in
 * {@code channelReadComplete}.
 */
package org.kvlab.transport.netty;
