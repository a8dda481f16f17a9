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
    void runFor_rateLimited_sendsExactlyTheRequestsItsScheduleHolds() throws Exception {
        try (InProcessServer s = new InProcessServer();
                LoadGenerator single = LoadGenerator.open(s.spec().rate(2_000).build());
                LoadGenerator batched = LoadGenerator.open(s.spec().rate(2_000).pipeline(4).build())) {
            LoadResult r1 = single.runFor(Duration.ofMillis(500), LoadGenerator.Progress.NONE);
            long between = s.server.totalCommandsProcessed();
            LoadResult r4 = batched.runFor(Duration.ofMillis(500), LoadGenerator.Progress.NONE);

            assertEquals(1_000, r1.requests(), "one request due every 0.5 ms for 500 ms");
            assertEquals(1_000, between, "the server counted them");
            assertEquals(1_000, r4.requests(), "a batch of 4 due every 2 ms for 500 ms");
            assertEquals(2_000, r4.rate());
            assertEquals(8_000, r4.expectedIntervalUs(), "each of 4 connections gets every 4th batch: every 8 ms");
        }
    }

    @Test
    void run_rateLimitedWithARequestBudget_stopsAtTheBudgetAndCountsLatencyFromTheDueTime() throws Exception {
        try (InProcessServer s = new InProcessServer()) {
            LoadResult r = LoadGenerator.run(s.spec().rate(5_000).requests(302).pipeline(4).build(),
                    LoadGenerator.Progress.NONE);

            assertEquals(302, r.requests(), "75 batches of 4 and one of 2");
            assertEquals(302, s.server.totalCommandsProcessed());
            assertEquals(302, r.sets() + r.gets());
            assertTrue(r.latency().p50() >= r.uncorrectedLatency().p50(), "a batch is never sent before it is due");
            assertTrue(r.latency().max() >= r.uncorrectedLatency().max());
        }
    }

    @Test
    void spec_rateWithPerRequestConnectionsOrNegative_isRejectedSayingWhy() {
        IllegalArgumentException churn = assertThrows(IllegalArgumentException.class,
                () -> LoadSpec.builder().rate(100).perRequestConnections(true).build());
        IllegalArgumentException negative = assertThrows(IllegalArgumentException.class,
                () -> LoadSpec.builder().rate(-1).build());

        assertTrue(churn.getMessage().startsWith("rate: 100 (expected: 0 with per-request connections"),
                churn.getMessage());
        assertEquals("rate: -1 (expected: >= 0, 0 for a closed loop)", negative.getMessage());
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
