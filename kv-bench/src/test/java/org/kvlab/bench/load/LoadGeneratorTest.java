package org.kvlab.bench.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.ServerSocket;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.kvlab.server.ServerSettings;

final class LoadGeneratorTest {

    @Test
    void run_fixedRequests_serverCountsExactlyTheRequestsSent() throws Exception {
        try (InProcessServer s = new InProcessServer()) {
            LoadResult r = LoadGenerator.run(s.spec().requests(2_000).pipeline(3).build(),
                    LoadGenerator.Progress.NONE);

            assertEquals(2_000, r.requests());
            assertEquals(0, r.errors());
            assertEquals(2_000, r.sets() + r.gets());
            assertEquals(2_000, s.server.totalCommandsProcessed());
        }
    }

    @Test
    void run_ratioOneToThree_sendsOneSetForEveryThreeGets() throws Exception {
        try (InProcessServer s = new InProcessServer()) {
            LoadResult r = LoadGenerator.run(s.spec().clients(1).requests(4_000).ratio(1, 3).keyspace(1_000_000)
                    .build(), LoadGenerator.Progress.NONE);

            assertEquals(1_000, r.sets());
            assertEquals(3_000, r.gets());
            long keys = s.store.database(0).size();
            assertTrue(keys > 900 && keys <= 1_000, "keys written: " + keys);
        }
    }

    @Test
    void run_getsOnly_writesNothingAndEveryGetMisses() throws Exception {
        try (InProcessServer s = new InProcessServer()) {
            LoadResult r = LoadGenerator.run(s.spec().requests(500).ratio(0, 1).build(), LoadGenerator.Progress.NONE);

            assertEquals(0, r.sets());
            assertEquals(500, r.getMisses());
            assertEquals(0, s.store.database(0).size());
        }
    }

    @Test
    void run_perRequestConnections_serverAcceptsOneConnectionPerRequest() throws Exception {
        try (InProcessServer s = new InProcessServer()) {
            long acceptsBefore = s.server.counters().snapshot().accepts();
            LoadResult r = LoadGenerator.run(s.spec().requests(200).perRequestConnections(true).build(),
                    LoadGenerator.Progress.NONE);

            assertEquals(200, r.requests());
            assertEquals(1 + 200, s.server.counters().snapshot().accepts() - acceptsBefore,
                    "the connection KvClient makes when built, then one per request");
            assertEquals(200, r.clientIo().connects());
        }
    }

    @Test
    void runFor_duration_reportsLatencyWithTheCorrectionNeverBelowTheMeasurement() throws Exception {
        try (InProcessServer s = new InProcessServer();
                LoadGenerator g = LoadGenerator.open(s.spec().pipeline(4).build())) {
            LoadResult warm = g.runFor(Duration.ofMillis(200), LoadGenerator.Progress.NONE);
            long before = s.server.totalCommandsProcessed();
            LoadResult r = g.runFor(Duration.ofMillis(300), LoadGenerator.Progress.NONE);

            assertTrue(warm.requests() > 0);
            assertEquals(s.server.totalCommandsProcessed() - before, r.requests());
            assertTrue(r.latency().p50() > 0);
            assertTrue(r.latency().p99() >= r.latency().p50());
            assertTrue(r.latency().p99() >= r.uncorrectedLatency().p99());
            assertTrue(r.expectedIntervalUs() > 0);
        }
    }

    @Test
    void run_serverRepliesWithErrors_countsEveryRequestAsFailed() throws Exception {
        try (InProcessServer s = new InProcessServer(new ServerSettings().requirePass("secret"))) {
            LoadResult r = LoadGenerator.run(s.spec().requests(100).build(), LoadGenerator.Progress.NONE);

            assertEquals(100, r.errors());
            assertEquals(0, r.requests());
        }
    }

    @Test
    void run_serverClosesMidRun_endsWithTheLostRequestsCountedAsErrors() throws Exception {
        InProcessServer s = new InProcessServer();
        try (LoadGenerator g = LoadGenerator.open(s.spec().requests(100_000_000).pipeline(8).build())) {
            CompletableFuture<LoadResult> run = CompletableFuture.supplyAsync(() -> {
                try {
                    return g.run(LoadGenerator.Progress.NONE);
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
            });
            while (s.server.totalCommandsProcessed() < 1_000) {
                Thread.sleep(1);
            }
            s.close();
            LoadResult r = run.get(60, TimeUnit.SECONDS);

            assertTrue(r.errors() > 0, "errors: " + r.errors());
            assertTrue(r.requests() + r.errors() < 100_000_000);
        } finally {
            s.close();
        }
    }

    @Test
    void open_nothingListening_throwsIOException() throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        LoadSpec spec = LoadSpec.builder().port(port).clients(1).requests(1).build();

        assertThrows(java.io.IOException.class, () -> LoadGenerator.open(spec));
    }
}
