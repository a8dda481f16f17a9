/**
 * The {@code nio} transport: a few selector event loops over non-blocking {@link java.nio.channels.SocketChannel}s.
 *
 * <p>Only {@link org.kvlab.transport.nio.NioTransportProvider} is public; the server and client transports are
 * reached through the {@link org.kvlab.spi.TransportProvider} SPI.
 */
package org.kvlab.transport.nio;
