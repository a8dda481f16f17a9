package org.kvlab.bench.profile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.kvlab.bench.load.LoadResult;
import org.kvlab.server.GcPauses;
import org.kvlab.spi.IoCounters;

/** Counts below are from a kv-bench profile of epoll (300,000 requests) and of io_uring. */
final class ProfileTest {

    private static final LoadResult LOAD = new LoadResult("epoll", 50, 1, false, 300_000, 0, 150_000, 150_000, 0,
            Duration.ofSeconds(5), 60_000, new LoadResult.Latency(1, 2, 3, 4, 5, 1),
            new LoadResult.Latency(1, 2, 3, 4, 5, 1), 800, new IoCounters().snapshot(), null, "kv", 0, null, null);

    @Test
    void ioCountersCheck_perfAndCounters_putsBothSideBySideWithTheDifference() {
        Profile p = profile("perf", Map.of("recvfrom", 300_000L, "sendto", 300_000L, "read", 206L),
                Map.of("read", 300_150L, "write", 300_000L));

        assertEquals("epoll: I/O counters read 300,150 / write 300,000; perf read-family 300,206 (-0.02%) / "
                + "write-family 300,000 (+0.00%)", p.ioCountersCheck());
    }

    @Test
    void ioCountersCheck_ringSubmissions_saysPerfSeesThemAsIoUringEnter() {
        Profile p = profile("perf", Map.of("io_uring_enter", 45_000L), Map.of("read", 300_000L, "write", 300_000L));

        assertTrue(p.ioCountersCheck().endsWith("which perf sees as io_uring_enter"), p.ioCountersCheck());
    }

    @Test
    void ioCountersCheck_ringSubmissionsBesideTheJvmsOwnReads_givesNoPercentage() {
        Profile p = profile("perf", Map.of("io_uring_enter", 45_000L, "read", 80L),
                Map.of("read", 300_000L, "write", 300_000L));

        assertTrue(p.ioCountersCheck().contains("perf read-family 80 (n/a)"), p.ioCountersCheck());
        assertTrue(p.ioCountersCheck().endsWith("which perf sees as io_uring_enter"), p.ioCountersCheck());
    }

    @Test
    void ioCountersCheck_withoutPerf_isNull() {
        assertNull(profile("io-counters", Map.of("read", 1L), Map.of("read", 1L)).ioCountersCheck());
    }

    private static Profile profile(String source, Map<String, Long> perf, Map<String, Long> io) {
        return new Profile("epoll", LOAD, 300_000, new Side("server", source, perf, 300_000, null, null, null, null),
                new Side("client", source, perf, 300_000, null, null, null, null), io, null, null, new GcPauses(0, 0), null);
    }
}
