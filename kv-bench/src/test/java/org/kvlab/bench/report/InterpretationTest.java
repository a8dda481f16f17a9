package org.kvlab.bench.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.kvlab.bench.perf.Captures;

/** The seed's tables applied to the seed's examples and to real captures (src/test/resources/perf/README.md). */
final class InterpretationTest {

    private static Interpretation interpret(String capture, Role role, Long requests) {
        return Interpretation.of(role, Captures.counts(capture), requests);
    }

    private static List<String> patterns(Interpretation interpretation) {
        return interpretation.findings().stream().map(Finding::pattern).toList();
    }

    private static Finding finding(Interpretation interpretation, String pattern) {
        return interpretation.findings().stream().filter(f -> f.pattern().equals(pattern)).findFirst()
                .orElseThrow(() -> new AssertionError(pattern + " not among " + patterns(interpretation)));
    }

    @Test
    void seedServerExample_reportsItsCountsAndConcludesTheServerWasMostlyIdle() {
        Interpretation server = interpret("seed-server.txt", Role.SERVER, null);

        assertEquals(Map.of("read", 202L, "write", 203L, "accept", 2L), server.syscalls());
        assertEquals(74.616471946, server.elapsedSeconds(), 1e-12);
        assertEquals(List.of("Low syscall counts overall"), patterns(server));
        assertEquals("407 syscalls (sum of the 3 counted) in 74.6 s: 5.5 per second (threshold: fewer than "
                + "1,000/s) — the server was mostly idle, waiting for client requests; idle or lightly loaded, "
                + "underutilized", server.findings().get(0).meaning());
        assertEquals("The server was mostly idle: 407 syscalls (sum of the 3 counted) in 74.6 s (5.5 per second); "
                + "connections: accept = 2.", server.conclusion());
        String text = server.toMarkdown();
        assertTrue(text.contains("| read | 202 |") && text.contains("| write | 203 |")
                && text.contains("| accept | 2 |") && text.contains("elapsed: 74.6 s"), text);
    }

    @Test
    void seedClientExample_writesOutnumberReadsAbout2To1AndAcceptsAreZero() {
        Interpretation client = interpret("seed-client.txt", Role.CLIENT, null);

        assertEquals(List.of("write() ≫ read()"), patterns(client));
        assertTrue(client.findings().get(0).meaning().startsWith(
                "write = 402, read = 203: ratio 1.98 (about 2:1) (≫ means at least 1.5x) — writes dominate: the "
                        + "client is request-heavy"), client.findings().get(0).meaning());
        assertEquals(0L, client.syscalls().get("accept"));
        assertTrue(client.conclusion().contains("connections: accept = 0 (a client accepts no connections)"),
                client.conclusion());
        assertTrue(client.conclusion().contains("605 syscalls (sum of the 3 counted) in 0.064 s (9,410 per second)"),
                client.conclusion());
    }

    @Test
    void pipelineOneServer_isAtTheRequestResponseFloorAndNotKernelBound() {
        Interpretation server = interpret("server-pipeline1.txt", Role.SERVER, 40_002L);

        // 2.2683 per request against the floor of one read and one write per request: 1.13x
        assertEquals(List.of(), patterns(server));
        assertEquals(1.0008, server.perRequest().get("read"));
        assertEquals(2.2683, server.perRequest().get("all"));
        assertTrue(server.conclusion().contains("; the floor is 2.00 (one read and one write per batch of 1 request "
                + "(pipeline 1 assumed)): 1.13x the floor: at the request/response floor"), server.conclusion());
    }

    @Test
    void pipelineOneClient_isKernelBoundByItsEpollCtlCallsAboveTheFloor() {
        Interpretation client = Interpretation.of(Role.CLIENT, Captures.counts("client-pipeline1.txt"), 40_000L,
                new Interpretation.Facts(1, null, null, null, null));

        // 295,862 / 40,000 = 7.40 per request, 3.7x the floor of 2; epoll_ctl 200,036 / 40,000 = 5.00
        assertTrue(finding(client, "All syscall counts very high").meaning().startsWith("7.40 syscalls per request, "
                + "3.7x the floor of 2.00 (one read and one write per batch of 1 request; threshold 2.0x the floor): "
                + "above it epoll_ctl 5.00 + epoll_wait 0.39"), finding(client, "All syscall counts very high").meaning());
    }

    @Test
    void pipelineSixteenServerWithItsPipelineKnown_isAtItsFloorOfOneReadAndWritePerSixteen() {
        Interpretation server = Interpretation.of(Role.SERVER, Captures.counts("server-pipeline16.csv"), 40_002L,
                new Interpretation.Facts(16, null, null, null, null));

        // 5,748 / 40,002 = 0.1437 per request; the floor is 2/16 = 0.125: 1.15x
        assertEquals(List.of(), patterns(server));
        assertTrue(server.conclusion().contains("; the floor is 0.13 (one read and one write per batch of 16 "
                + "requests): 1.15x the floor: at the request/response floor"), server.conclusion());
    }

    @Test
    void fanoutServerWithBytes_makesManySmallWritesButNoSmallReads() {
        // 2,000 PUBLISH news hello to 20 subscribers: a 38-byte message to each and a 5-byte reply (:20) per PUBLISH;
        // each PUBLISH is 36 bytes in (*3 $7 PUBLISH $4 news $5 hello)
        Interpretation server = Interpretation.of(Role.SERVER, Captures.counts("server-fanout.txt"), 2_002L,
                new Interpretation.Facts(1, 2_002L * 36, 2_002L * (20 * 38 + 5), null, null));

        assertTrue(patterns(server).contains("many small writes"), patterns(server).toString());
        assertTrue(!patterns(server).contains("frequent small reads"), patterns(server).toString());
        // 42,001 writes for 2,002 batches: 20.98 per batch; 1,531,530 bytes / 42,001 = 36 bytes per write; 765 per batch
        assertTrue(finding(server, "many small writes").meaning().startsWith("write = 42,001: 20.98 per batch of 1 "
                + "request, 36 bytes per write against 765 bytes per batch (threshold: under 1/1.5 of a batch per "
                + "call)"), finding(server, "many small writes").meaning());
    }

    @Test
    void smallIo_withoutBytes_isNotJudged() {
        Interpretation server = interpret("server-fanout.txt", Role.SERVER, 2_002L);

        assertTrue(!patterns(server).contains("many small writes"), patterns(server).toString());
    }

    @Test
    void readsOfHalfABatchEach_areFrequentSmallReads() {
        Interpretation server = Interpretation.of(Role.SERVER, Map.of("read", 3_000L, "write", 1_000L), 1_000L, 1.0,
                new Interpretation.Facts(1, 30_000L, 5_000L, null, null));

        assertEquals("read = 3,000: 3.00 per batch of 1 request, 10 bytes per read against 30 bytes per batch "
                + "(threshold: under 1/1.5 of a batch per call) — each batch arrives in several small reads: "
                + "I/O-bound, waiting for data", finding(server, "frequent small reads").meaning());
    }

    @Test
    void socketCallsManyTimesPerBatch_areSendRecvHigh() {
        Interpretation server = Interpretation.of(Role.SERVER, Map.of("recvfrom", 2_000L, "sendto", 42_000L), 2_000L,
                1.0, new Interpretation.Facts(1, null, null, null, null));

        assertEquals("recvfrom + sendto = 44,000 (recvfrom 2,000, sendto 42,000): 22.00 per batch of 1 request (the "
                + "floor is one recv and one send per batch; threshold 3.0) — high message exchange frequency: heavy "
                + "socket I/O", finding(server, "send()/recv() high").meaning());
        assertTrue(!patterns(interpret("kvlab-epoll-server-pipeline1.txt", Role.SERVER, 40_002L))
                .contains("send()/recv() high"), "one recvfrom and one sendto per request is the floor");
    }

    @Test
    void acceptsWithoutCloses_areAcceptHighAlone() {
        Interpretation server = Interpretation.of(Role.SERVER, Map.of("accept4", 1_000L, "close", 10L, "read", 2_000L,
                "write", 1_000L), 1_000L, 1.0);

        assertEquals(List.of("accept() high"), patterns(server).stream().filter(p -> p.contains("accept")
                || p.contains("close")).toList());
        assertEquals("accept4 = 1,000 (1.00 per request, threshold 0.10), close = 10 — many short-lived connections: "
                + "connection churn, context switches", finding(server, "accept() high").meaning());
    }

    @Test
    void clientClosingAConnectionPerRequest_isCloseHighAlone() {
        Interpretation client = interpret("client-churn.csv", Role.CLIENT, 5_000L);

        assertEquals("close = 5,029 (1.01 per request, threshold 0.10) — frequent open/close cycles: descriptor "
                + "churn, possible exhaustion", finding(client, "close() high").meaning());
    }

    @Test
    void pipelineSixteenServer_holdsNoPatternAndSaysRequestsArriveBatched() {
        Interpretation server = interpret("server-pipeline16.csv", Role.SERVER, 40_002L);

        assertEquals(List.of(), patterns(server));
        assertTrue(server.conclusion().startsWith("The server made 0.14 syscalls per request (5,748 in all for "
                + "40,002 requests); 0.063 reads per request, one read per 15.8 requests: requests arrive batched"),
                server.conclusion());
    }

    @Test
    void pipelineOneClientWithoutRequestCount_isKernelBoundBySyscallsPerSecond() {
        Interpretation client = interpret("client-pipeline1.txt", Role.CLIENT, null);

        assertEquals("295,862 syscalls in 0.940 s: 314,793 per second (threshold 50,000/s) — too many kernel "
                + "transitions: kernel-bound", finding(client, "All syscall counts very high").meaning());
    }

    @Test
    void clientReadingLargeReplies_readsDominateWrites() {
        Interpretation client = interpret("client-biggets.csv", Role.CLIENT, 100L);

        assertTrue(patterns(client).contains("read() ≫ write()"), patterns(client).toString());
        assertTrue(finding(client, "read() ≫ write()").meaning().startsWith("read + recvfrom = 6,219 (read 18, "
                + "recvfrom 6,201), write + sendto = 103 (write 2, sendto 101): ratio 60.38 (≫ means at least "
                + "1.5x); 62.19 reads and 1.03 writes per request — the client reads far more often"),
                finding(client, "read() ≫ write()").meaning());
    }

    @Test
    void serverFanningOutToSubscribers_writesDominateReads() {
        Interpretation server = interpret("server-fanout.txt", Role.SERVER, 2_002L);

        assertTrue(finding(server, "write() ≫ read()").meaning().startsWith("write = 42,001, read = 2,022: ratio "
                + "20.77 (≫ means at least 1.5x); 20.98 writes and 1.01 reads per request — writes dominate"),
                finding(server, "write() ≫ read()").meaning());
        assertTrue(!patterns(server).contains("read() ≫ write()"));
    }

    @Test
    void serverWithAConnectionPerRequest_acceptAndCloseBothHigh() {
        Interpretation server = interpret("server-churn.txt", Role.SERVER, 5_002L);

        assertEquals("accept4 = 6,543 (1.31 per request, threshold 0.10), close = 5,021 (1.00 per request, "
                + "threshold 0.10) — frequent short-lived connections: connection churn, context switches and "
                + "descriptor churn", finding(server, "accept() and close() both high").meaning());
        assertTrue(!patterns(server).contains("connect() high"));
    }

    @Test
    void clientWithAConnectionPerRequest_connectsHighButAcceptsNone() {
        Interpretation client = interpret("client-churn.csv", Role.CLIENT, 5_000L);

        assertEquals("connect = 5,011 (1.00 per request, threshold 0.10), close = 5,029 — many connection "
                + "attempts: a TCP handshake each, handshake overhead", finding(client, "connect() high").meaning());
        assertTrue(!patterns(client).contains("accept() and close() both high"));
    }

    @Test
    void serverWithFsyncAlways_flushesOncePerRequest() {
        Interpretation server = interpret("server-fsync-always.txt", Role.SERVER, 2_002L);

        assertEquals("fdatasync = 2,000 (1.00 per request, threshold 0.01) — frequent disk flushes: I/O wait for "
                + "durability", finding(server, "fsync() high").meaning());
    }

    @Test
    void idleServer_lowCountsOverallAndNoPerRequestRates() {
        Interpretation server = interpret("server-idle.txt", Role.SERVER, 0L);

        assertEquals(Map.of(), server.perRequest());
        assertTrue(patterns(server).contains("Low syscall counts overall"), patterns(server).toString());
        assertTrue(!patterns(server).contains("All syscall counts very high"));
        assertTrue(server.conclusion().startsWith("The server was mostly idle: 207 syscalls in 4.99 s (41.5 per "
                + "second) for 0 requests"), server.conclusion());
    }

    @Test
    void busyServers_areNeverCalledIdle() {
        for (String capture : List.of("server-pipeline1.txt", "server-churn.txt", "server-fanout.txt",
                "server-fsync-always.txt")) {
            assertTrue(!patterns(interpret(capture, Role.SERVER, null)).contains("Low syscall counts overall"),
                    capture);
        }
    }

    @Test
    void kvlabEpollAtPipelineOne_isAtTheFloorWithOneRecvAndOneSendPerRequest() {
        Interpretation server = interpret("kvlab-epoll-server-pipeline1.txt", Role.SERVER, 40_002L);

        // 2.46 per request against the floor of 2: 1.23x
        assertEquals(List.of(), patterns(server));
        assertTrue(server.conclusion().contains("1.23x the floor: at the request/response floor"),
                server.conclusion());
    }

    @Test
    void kvlabEpollAtPipelineSixteen_isBatchedAndHoldsNoPattern() {
        Interpretation server = interpret("kvlab-epoll-server-pipeline16.csv", Role.SERVER, 40_002L);

        assertEquals(List.of(), patterns(server));
        assertTrue(server.conclusion().startsWith("The server made 0.24 syscalls per request (9,797 in all for 40,002 "
                + "requests); 0.064 reads per request, one read per 15.7 requests"), server.conclusion());
    }

    @Test
    void kvlabIoUringAtPipelineOne_staysUnderTheKernelBoundThreshold() {
        Interpretation server = interpret("kvlab-iouring-server-pipeline1.csv", Role.SERVER, 40_002L);

        // its 92 read() calls (0.002 per request) are the JVM's, not request I/O: no read() ≫ write()
        assertEquals(List.of(), patterns(server));
        assertEquals(0.4302, server.perRequest().get("io_uring_enter"));
        assertEquals(0.6632, server.perRequest().get("all"));
    }

    @Test
    void kvlabBlockingWithAConnectionPerRequest_churnsAndIsKernelBound() {
        Interpretation server = interpret("kvlab-blocking-server-churn.txt", Role.SERVER, 5_002L);

        assertEquals(List.of("read() ≫ write()", "accept() and close() both high", "All syscall counts very high"),
                patterns(server));
        assertEquals("accept = 5,010 (1.00 per request, threshold 0.10), close = 5,170 (1.03 per request, threshold "
                + "0.10) — frequent short-lived connections: connection churn, context switches and descriptor "
                + "churn", finding(server, "accept() and close() both high").meaning());
        assertTrue(finding(server, "All syscall counts very high").meaning().startsWith("44.33 syscalls per "
                + "request, 22.2x the floor of 2.00 (one read and one write per batch of 1 request (pipeline 1 "
                + "assumed); threshold 2.0x the floor): above it others 29.00 + futex 10.25 + close 1.03 + reads "
                + "beyond one per batch 1.03 + accept 1.00 — too many kernel transitions"),
                finding(server, "All syscall counts very high").meaning());
    }

    @Test
    void kvlabNioWithFsyncAlwaysAndOneClient_flushesOncePerWrite() {
        Interpretation server = interpret("kvlab-nio-server-fsync-always.txt", Role.SERVER, 2_002L);

        assertEquals("fdatasync = 2,000 (1.00 per request, threshold 0.01) — frequent disk flushes: I/O wait for "
                + "durability", finding(server, "fsync() high").meaning());
    }

    @Test
    void kvlabIdleEpollServer_isMostlyIdle() {
        Interpretation server = interpret("kvlab-epoll-server-idle.txt", Role.SERVER, 0L);

        assertTrue(server.conclusion().startsWith("The server was mostly idle: 2,301 syscalls in 5.73 s (401.6 per "
                + "second)"), server.conclusion());
    }

    @Test
    void thresholds_stateEveryThresholdThePatternsUse() {
        assertEquals("Thresholds: \"≫\" means at least 1.5x (and at least 10 calls, and 0.1 per request when "
                + "requests are known); accept and close \"both high\" "
                + "and connect \"high\" mean at least 0.10 per request (a connection serves 10 requests or fewer), "
                + "or 10 per second when requests are unknown; fsync \"high\" means fsync + fdatasync at least 0.01 "
                + "per request, or 10 per second; \"small\" reads or writes carry under 1/1.5 of a batch's bytes "
                + "each; send/recv \"high\" means at least 3.0 socket calls per batch; context switches \"high\" "
                + "means at least 0.50 per request; \"all counts very high\" (kernel-bound) means at least 2.0x "
                + "the floor of one read and one write per batch (2/N syscalls per request at pipeline N), or "
                + "50,000 per second; \"low overall\" (idle) means fewer than 1,000 "
                + "syscalls per second. Reads are read + readv + recvfrom + recvmsg, writes write + writev + sendto "
                + "+ sendmsg; the total is raw_syscalls:sys_enter when counted, else the sum of the counted "
                + "syscalls.", Interpretation.thresholds());
    }

    @Test
    void of_negativeRequests_failsSayingWhatWasExpected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Interpretation.of(Role.SERVER, Map.of("read", 1L), -1L, null));

        assertEquals("requests: -1 (expected: >= 0)", e.getMessage());
    }

    @Test
    void of_zeroElapsed_failsSayingWhatWasExpected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Interpretation.of(Role.SERVER, Map.of("read", 1L), null, 0.0));

        assertEquals("elapsedSeconds: 0.0 (expected: > 0)", e.getMessage());
    }

    @Test
    void of_negativeCount_failsNamingTheSyscall() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Interpretation.of(Role.SERVER, Map.of("read", -3L), null, null));

        assertEquals("syscalls.read: -3 (expected: >= 0)", e.getMessage());
    }
}
