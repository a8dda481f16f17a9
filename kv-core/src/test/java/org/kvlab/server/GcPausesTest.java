package org.kvlab.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
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
    void ofThisJvm_underZgc_countsItsPausesNotItsCycles() throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(java, "-XX:+UseZGC", "-cp", System.getProperty("java.class.path"),
                ZgcProbe.class.getName()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();

        assertEquals(0, p.waitFor(), out);
        String[] counts = out.split(" ");
        assertTrue(Long.parseLong(counts[1]) >= 1, "a collection cycle ran: " + out);
        assertEquals(counts[2], counts[0], "GcPauses counts ZGC's pauses: " + out);
    }

    /** Runs a ZGC cycle, then prints GcPauses' count, ZGC's cycles and ZGC's pauses. */
    static final class ZgcProbe {
        public static void main(String[] args) {
            System.gc();
            long cycles = -1;
            long pauses = -1;
            for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
                if (gc.getName().equals("ZGC Cycles")) {
                    cycles = gc.getCollectionCount();
                } else if (gc.getName().equals("ZGC Pauses")) {
                    pauses = gc.getCollectionCount();
                }
            }
            System.out.println(GcPauses.ofThisJvm().count() + " " + cycles + " " + pauses);
        }
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
