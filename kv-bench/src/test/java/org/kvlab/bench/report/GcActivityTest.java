package org.kvlab.bench.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

final class GcActivityTest {

    @Test
    void fromInfo_readsKvServersMemoryFields() {
        GcActivity gc = GcActivity.fromInfo(Map.of("used_memory", "10", "jvm_gc_count", "12", "jvm_gc_time_ms", "340"));

        assertEquals(new GcActivity(12, 340), gc);
    }

    @Test
    void fromInfo_ofAServerWithoutThem_isNull() {
        assertNull(GcActivity.fromInfo(Map.of("used_memory", "10"))); // redis-server's INFO memory
    }

    @Test
    void since_isTheDifference() {
        assertEquals(new GcActivity(2, 37), new GcActivity(14, 377).since(new GcActivity(12, 340)));
    }

    @Test
    void ofThisJvm_countsAFullCollection() {
        GcActivity before = GcActivity.ofThisJvm();
        System.gc();
        GcActivity during = GcActivity.ofThisJvm().since(before);

        assertTrue(during.collections() >= 1, during.toString());
        assertTrue(during.millis() >= 0, during.toString());
    }
}
