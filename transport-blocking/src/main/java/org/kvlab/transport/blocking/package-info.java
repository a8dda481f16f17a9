/**
 * The {@code blocking} transport: a thread per connection over {@link java.net.Socket}s.
 *
 * <p>Only {@link org.kvlab.transport.blocking.BlockingTransportProvider} is public; the server and client transports
 * are reached through the {@link org.kvlab.spi.TransportProvider} SPI.
 */
package org.kvlab.transport.blocking;
