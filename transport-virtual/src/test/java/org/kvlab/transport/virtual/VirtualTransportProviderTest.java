package org.kvlab.transport.virtual;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledForJreRange;
import org.junit.jupiter.api.condition.JRE;
import org.kvlab.spi.ServerTransport;
import org.kvlab.spi.TransportConfig;
import org.kvlab.spi.TransportProvider;
import org.kvlab.spi.TransportUnavailableException;
import org.kvlab.spi.Transports;

/**
 * The provider as {@link Transports} finds and selects it: available from Java 21, unavailable with its cause before.
 */
final class VirtualTransportProviderTest {

    private final VirtualTransportProvider provider = new VirtualTransportProvider();

    @Test
    void serviceLoader_findsVirtualWithPriorityFifteen_aboveBlockingBelowNio() {
        TransportProvider found = Transports.providers().stream()
                .filter(p -> p.name().equals("virtual")).findFirst().orElseThrow();
        assertTrue(found instanceof VirtualTransportProvider);
        assertEquals(15, found.priority());
        TransportProvider blocking = Transports.providers().stream()
                .filter(p -> p.name().equals("blocking")).findFirst().orElseThrow();
        assertTrue(found.priority() > blocking.priority() && found.priority() < 20, "nio's priority is 20");
        assertTrue(found.description().contains("virtual thread"), found.description());
    }

    @Test
    @EnabledForJreRange(max = JRE.JAVA_20)
    void beforeJava21_unavailableWithTheCauseNamingTheRunningVersion() {
        String cause = "needs Java 21+, running " + System.getProperty("java.version");
        assertFalse(provider.isAvailable());
        assertEquals(cause, provider.unavailabilityCause().getMessage());
        assertEquals(cause, Transports.unavailable().get("virtual"));
        TransportUnavailableException e = assertThrows(TransportUnavailableException.class,
                () -> provider.createServer(TransportConfig.builder().port(0).build()));
        assertEquals("transport 'virtual' is not available here: " + cause, e.getMessage());
        assertThrows(TransportUnavailableException.class,
                () -> provider.createClient(TransportConfig.builder().build()));
    }

    @Test
    @EnabledForJreRange(max = JRE.JAVA_20)
    void beforeJava21_selectingItByName_failsInOneLineWithTheCauseAndWhatIsAvailable() {
        TransportUnavailableException e = assertThrows(TransportUnavailableException.class,
                () -> Transports.select("virtual"));
        assertTrue(e.getMessage().startsWith("transport 'virtual' is not available here: needs Java 21+, running "
                + System.getProperty("java.version") + "; available: "), e.getMessage());
        assertTrue(e.getMessage().contains("blocking"), e.getMessage());
        assertEquals(1, e.getMessage().lines().count(), e.getMessage());
        assertEquals("blocking", Transports.select(null).name(), "the default is the best available");
    }

    @Test
    @EnabledForJreRange(min = JRE.JAVA_21)
    void fromJava21_availableAndSelectedByName() {
        assertTrue(provider.isAvailable(), () -> "unavailable: " + provider.unavailabilityCause());
        assertNull(provider.unavailabilityCause());
        assertEquals(null, Transports.unavailable().get("virtual"));
        TransportProvider selected = Transports.select("VIRTUAL");
        assertEquals("virtual", selected.name());
        try (ServerTransport server = selected.createServer(TransportConfig.builder().port(0).build())) {
            assertEquals("virtual", server.name());
        }
    }
}
