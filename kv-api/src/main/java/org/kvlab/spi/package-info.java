/**
 * The transport service-provider interface: how an I/O model plugs into kvlab.
 *
 * <p>A {@link org.kvlab.spi.TransportProvider}, found by {@link java.util.ServiceLoader} and chosen by
 * {@link org.kvlab.spi.Transports#select(String)}, makes {@link org.kvlab.spi.ServerTransport}s and
 * {@link org.kvlab.spi.ClientTransport}s. A server transport accepts connections and, for each, hands the bytes
 * it reads to a {@link org.kvlab.spi.ConnectionHandler} together with an {@link org.kvlab.spi.OutputBuffer} to
 * append replies to; it decides how and when bytes reach the kernel, and counts every I/O call it makes in
 * {@link org.kvlab.spi.IoCounters}. Transports move bytes only: they know nothing of RESP or the store.
 */
package org.kvlab.spi;
