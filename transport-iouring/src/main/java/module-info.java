/** The io_uring transport: Netty's io_uring (Linux 5.x+). */
module org.kvlab.transport.iouring {
    requires org.kvlab.api;
    requires org.kvlab.transport.netty;
    requires io.netty.transport;
    requires io.netty.buffer;
    requires io.netty.transport.classes.io_uring;
    requires io.netty.transport.unix.common;

    provides org.kvlab.spi.TransportProvider with org.kvlab.transport.iouring.IoUringTransportProvider;
}
