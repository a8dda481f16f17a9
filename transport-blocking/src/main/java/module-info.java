/**
 * The blocking transport: a thread per connection over {@code java.net} sockets. Its package is open only to the
 * virtual-thread transport, which runs the same connections on virtual threads.
 */
module org.kvlab.transport.blocking {
    requires org.kvlab.api;

    exports org.kvlab.transport.blocking to org.kvlab.transport.virtual;

    provides org.kvlab.spi.TransportProvider with org.kvlab.transport.blocking.BlockingTransportProvider;
}
