/** The epoll transport: Netty's native epoll (Linux). */
module org.kvlab.transport.epoll {
    requires org.kvlab.api;
    requires org.kvlab.transport.netty;
    requires io.netty.transport;
    requires io.netty.transport.classes.epoll;
    requires io.netty.transport.unix.common;

    provides org.kvlab.spi.TransportProvider with org.kvlab.transport.epoll.EpollTransportProvider;
}
