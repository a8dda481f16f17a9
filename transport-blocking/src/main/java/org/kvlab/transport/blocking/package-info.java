/**
 * The {@code blocking} transport: a thread per connection over {@link java.net.Socket}s.
 *
 * <p>Public are {@link org.kvlab.transport.blocking.BlockingTransportProvider}, and
 * {@link org.kvlab.transport.blocking.BlockingTransports}, which makes the same server and client transports over
 * any {@link java.util.concurrent.ThreadFactory}: transport-virtual runs this code on virtual threads. The server and
 * client transports are otherwise reached through the {@link org.kvlab.spi.TransportProvider} SPI.
 */
package org.kvlab.transport.blocking;
