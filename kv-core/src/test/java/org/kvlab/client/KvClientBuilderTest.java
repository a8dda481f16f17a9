package org.kvlab.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.kvlab.spi.TransportUnavailableException;

final class KvClientBuilderTest {

    private static String rejected(Runnable setting) {
        return assertThrows(IllegalArgumentException.class, setting::run).getMessage();
    }

    @Test
    void settings_outOfRange_sayWhatWasExpected() {
        assertEquals("port: 0 (expected: 1-65535)", rejected(() -> KvClient.builder().port(0)));
        assertEquals("port: 65536 (expected: 1-65535)", rejected(() -> KvClient.builder().port(65536)));
        assertEquals("poolSize: 0 (expected: > 0)", rejected(() -> KvClient.builder().poolSize(0)));
        assertEquals("timeout: PT0S (expected: > 0)", rejected(() -> KvClient.builder().timeout(Duration.ZERO)));
        assertEquals("borrowTimeout: PT-1S (expected: >= 0)",
                rejected(() -> KvClient.builder().borrowTimeout(Duration.ofSeconds(-1))));
        assertEquals("database: -1 (expected: >= 0)", rejected(() -> KvClient.builder().database(-1)));
        assertEquals("protocol: 4 (expected: 2 or 3)", rejected(() -> KvClient.builder().protocol(4)));
    }

    @Test
    void nulls_areRefusedByName() {
        assertEquals("host", assertThrows(NullPointerException.class, () -> KvClient.builder().host(null))
                .getMessage());
        assertEquals("password", assertThrows(NullPointerException.class, () -> KvClient.builder().password(null))
                .getMessage());
    }

    @Test
    void build_unknownTransport_failsNamingIt() {
        TransportUnavailableException e = assertThrows(TransportUnavailableException.class,
                () -> KvClient.builder().transport("carrier-pigeon").build());
        assertTrue(e.getMessage().startsWith("unknown transport 'carrier-pigeon'"), e.getMessage());
    }
}
