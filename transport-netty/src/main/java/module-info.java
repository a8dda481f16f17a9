/**
 * The Netty pipeline shared by the epoll and io_uring transports; open only to them, so it is no public API.
 */
module org.kvlab.transport.netty {
    requires transitive org.kvlab.api;
    requires transitive io.netty.transport;
    requires io.netty.buffer;
    requires io.netty.common;

    exports org.kvlab.transport.netty to org.kvlab.transport.epoll, org.kvlab.transport.iouring;
}
