package org.kvlab.bench.report;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.kvlab.bench.perf.Captures;

/**
 * Reports built from the real captures, with throughput and latency as redis-benchmark printed them; no JVM ran on
 * either side, so they count no GC pauses.
 */
final class SampleReports {

    private SampleReports() {
    }

    static Report redisPipelines() {
        Interpretation p1 = Interpretation.of(Role.SERVER, Captures.counts("server-pipeline1.txt"), 40_002L);
        Interpretation p16 = Interpretation.of(Role.SERVER, Captures.counts("server-pipeline16.csv"), 40_002L);
        Interpretation client = Interpretation.of(Role.CLIENT, Captures.counts("client-pipeline1.txt"), 40_000L);
        Map<String, Object> workload = new LinkedHashMap<>();
        workload.put("clients", 10);
        workload.put("requests", 40_000);
        workload.put("ratio", "1:1");
        return Report.now(List.of(
                Run.of("redis-P1", Source.PERF, p1, 42_553.0, new LatencyUs(207, 463, 1_007), null),
                Run.of("redis-P1", Source.PERF, client, 42_553.0, new LatencyUs(207, 463, 1_007), null),
                Run.of("redis-P16", Source.PERF, p16, 416_666.0, new LatencyUs(343, 727, 1_231), null)), workload);
    }
}
