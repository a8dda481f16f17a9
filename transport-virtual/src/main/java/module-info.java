/** The virtual-thread transport: a virtual thread per connection over {@code java.net} sockets (Java 21+). */
module org.kvlab.transport.virtual {
    requires org.kvlab.api;
    requires org.kvlab.transport.blocking;

    provides org.kvlab.spi.TransportProvider with org.kvlab.transport.virtual.VirtualTransportProvider;
}
