/**
 * The Netty io_uring transport (Linux 5.x+): {@link org.kvlab.transport.iouring.IoUringTransportProvider},
 * selected as {@code iouring}.
 */
package org.kvlab.transport.iouring;
