/**
 * kvlab's contracts: the {@link org.kvlab.api.KeyValueStore} API and the transport service-provider interface
 * ({@link org.kvlab.spi.TransportProvider}), found by {@link java.util.ServiceLoader}. No dependencies beyond the
 * JDK.
 */
module org.kvlab.api {
    exports org.kvlab.api;
    exports org.kvlab.spi;

    uses org.kvlab.spi.TransportProvider;
}
