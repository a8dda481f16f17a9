/** The nio transport: selector event loops over non-blocking {@code java.nio} channels. */
module org.kvlab.transport.nio {
    requires org.kvlab.api;

    provides org.kvlab.spi.TransportProvider with org.kvlab.transport.nio.NioTransportProvider;
}
