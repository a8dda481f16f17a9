package org.kvlab.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

final class GcPausesTest {

    @Test
    void fromInfo_readsKvServersMemoryFields() {
        GcPauses gc = GcPauses.fromInfo(Map.of("used_memory", "10", "jvm_gc_pauses", "12", "jvm_gc_pause_ms", "340"));

        assertEquals(new GcPauses(12, 340), gc);
    }

    @Test
    void fromInfo_ofAServerWithoutThem_isNull() {
        assertNull(GcPauses.fromInfo(Map.of("used_memory", "10"))); // redis-server's INFO memory
    }

    @Test
    void since_isTheDifference() {
        assertEquals(new GcPauses(2, 37), new GcPauses(14, 377).since(new GcPauses(12, 340)));
    }

    @Test
    void ofThisJvm_countsAFullCollectionsPause() {
        GcPauses before = GcPauses.ofThisJvm();
        System.gc(); // stops the world under every collector
        GcPauses during = GcPauses.ofThisJvm().since(before);

        assertTrue(during.count() >= 1, during.toString());
        assertTrue(during.millis() >= 0, during.toString());
    }
}
