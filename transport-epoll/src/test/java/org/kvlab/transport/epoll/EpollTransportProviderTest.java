package org.kvlab.transport.epoll;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.kvlab.spi.ServerTransport;
import org.kvlab.spi.TransportConfig;
import org.kvlab.spi.TransportProvider;
import org.kvlab.spi.Transports;

/** The provider as {@link Transports} finds and selects it. */
final class EpollTransportProviderTest {

    @Test
    void serviceLoader_findsEpollWithPriority40() {
        TransportProvider found = Transports.providers().stream()
                .filter(p -> p.name().equals("epoll")).findFirst().orElseThrow();
        assertTrue(found instanceof EpollTransportProvider);
        assertEquals(40, found.priority());
        assertTrue(found.description().contains("epoll"));
    }

    @Test
    void isAvailable_onLinuxWithTheBundledLibrary_trueWithNoCause() {
        EpollTransportProvider provider = new EpollTransportProvider();
        assertTrue(provider.isAvailable(), () -> "epoll unavailable: " + provider.unavailabilityCause());
        assertNull(provider.unavailabilityCause());
    }

    @Test
    void select_byName_returnsEpollAndItsServersCarryTheName() {
        TransportProvider selected = Transports.select("EPOLL");
        assertEquals("epoll", selected.name());
        try (ServerTransport server = selected.createServer(TransportConfig.builder().port(0).build())) {
            assertEquals("epoll", server.name());
        }
    }
}
