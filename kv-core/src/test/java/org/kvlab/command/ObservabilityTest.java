package org.kvlab.command;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.kvlab.command.Replies.OK;
import static org.kvlab.command.Replies.error;
import static org.kvlab.command.Replies.integer;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** INFO commandstats, errorstats, latencystats and cpu; SLOWLOG; LATENCY; CONFIG RESETSTAT of them. */
final class ObservabilityTest {

    private final Wire wire = new Wire();
    private final Wire.Client c = wire.connect();

    @AfterEach
    void close() {
        wire.close();
    }

    private static String line(String info, String prefix) {
        Matcher m = Pattern.compile("(?m)^" + Pattern.quote(prefix) + "([^\r\n]*)\r\n").matcher(info);
        return m.find() ? m.group(1) : null;
    }

    @Test
    void commandstats_countsCallsRejectionsAndFailures_perSubcommand() {
        c.call("SET", "k", "v");
        c.call("SET", "k", "v");
        c.call("GET");
        c.call("INCR", "k");
        c.call("CONFIG", "GET", "maxclients");
        c.call("CONFIG", "GET");
        String info = c.call("INFO", "commandstats");
        assertTrue(info.contains("# Commandstats\r\n"), info);
        assertTrue(line(info, "cmdstat_set:").matches("calls=2,usec=\\d+,usec_per_call=\\d+\\.\\d\\d,"
                + "rejected_calls=0,failed_calls=0"), info);
        assertTrue(line(info, "cmdstat_get:").matches("calls=0,usec=0,usec_per_call=0\\.00,rejected_calls=1,"
                + "failed_calls=0"), info);
        assertTrue(line(info, "cmdstat_incr:").matches("calls=1,.*,rejected_calls=0,failed_calls=1"), info);
        assertTrue(line(info, "cmdstat_config|get:").matches("calls=1,.*,rejected_calls=1,failed_calls=0"), info);
        assertEquals(null, line(info, "cmdstat_config:"), info);
        assertEquals(null, line(info, "cmdstat_del:"), info);
    }

    @Test
    void commandstats_exec_failedCommandInsideCountsForThatCommandOnly() {
        c.call("SET", "k", "v");
        c.call("MULTI");
        c.call("INCR", "k");
        c.call("EXEC");
        String info = c.call("INFO", "commandstats");
        assertTrue(line(info, "cmdstat_incr:").endsWith("failed_calls=1"), info);
        assertTrue(line(info, "cmdstat_exec:").matches("calls=1,.*,failed_calls=0"), info);
    }

    @Test
    void errorstats_countErrorRepliesByCode_andResetstatClearsThem() {
        c.call("NOSUCH");
        c.call("GET");
        c.call("LPUSH", "l", "x");
        c.call("GET", "l");
        String info = c.call("INFO", "errorstats");
        assertEquals("count=2", line(info, "errorstat_ERR:"), info);
        assertEquals("count=1", line(info, "errorstat_WRONGTYPE:"), info);
        assertEquals("3", line(c.call("INFO", "stats"), "total_error_replies:"));
        assertEquals(OK, c.call("CONFIG", "RESETSTAT"));
        info = c.call("INFO", "everything");
        assertEquals(null, line(info, "errorstat_ERR:"), info);
        assertEquals("0", line(info, "total_error_replies:"));
        assertEquals(null, line(info, "cmdstat_get:"), info);
        assertTrue(line(info, "cmdstat_config|resetstat:").startsWith("calls=1,"), "counted after it ran: " + info);
    }

    @Test
    void latencystats_showConfiguredPercentiles() {
        c.call("SET", "k", "v");
        String info = c.call("INFO", "latencystats");
        assertTrue(line(info, "latency_percentiles_usec_set:").matches(
                "p50=\\d+\\.\\d{3},p99=\\d+\\.\\d{3},p99\\.9=\\d+\\.\\d{3}"), info);
        assertEquals(OK, c.call("CONFIG", "SET", "latency-tracking-info-percentiles", "50.0 99.90"));
        assertEquals("*2\r\n$33\r\nlatency-tracking-info-percentiles\r\n$7\r\n50 99.9\r\n",
                c.call("CONFIG", "GET", "latency-tracking-info-percentiles"));
        assertTrue(line(c.call("INFO", "latencystats"), "latency_percentiles_usec_set:")
                .matches("p50=\\d+\\.\\d{3},p99\\.9=\\d+\\.\\d{3}"));
        assertEquals(OK, c.call("CONFIG", "SET", "latency-tracking", "no"));
        c.call("GET", "k");
        assertEquals(null, line(c.call("INFO", "latencystats"), "latency_percentiles_usec_get:"));
    }

    @Test
    void info_defaultLeavesOutCommandAndLatencyStats_allHasThem() {
        c.call("PING");
        String plain = c.call("INFO");
        assertFalse(plain.contains("# Commandstats"));
        assertFalse(plain.contains("# Latencystats"));
        assertTrue(plain.contains("# Errorstats\r\n"));
        String all = c.call("INFO", "all");
        assertTrue(all.indexOf("# CPU") < all.indexOf("# Commandstats"));
        assertTrue(all.indexOf("# Commandstats") < all.indexOf("# Errorstats"));
        assertTrue(all.indexOf("# Errorstats") < all.indexOf("# Latencystats"));
        assertTrue(all.indexOf("# Latencystats") < all.indexOf("# Keyspace"));
        String both = c.call("INFO", "default", "commandstats");
        assertTrue(both.contains("# Server") && both.contains("# Commandstats") && !both.contains("# Latencystats"));
    }

    @Test
    void info_cpu_hasUserAndSystemSeconds() {
        String cpu = c.call("INFO", "cpu");
        assertTrue(line(cpu, "used_cpu_sys:").matches("\\d+\\.\\d{6}"), cpu);
        assertTrue(line(cpu, "used_cpu_user:").matches("\\d+\\.\\d{6}"), cpu);
    }

    @Test
    void slowlog_logsEveryCommandAtThresholdZero_newestFirst_withClient() {
        assertEquals(OK, c.call("CONFIG", "SET", "slowlog-log-slower-than", "0"));
        c.call("CLIENT", "SETNAME", "me");
        c.call("SET", "k", "v");
        assertEquals(integer(3), c.call("SLOWLOG", "LEN"));
        // the SLOWLOG LEN is logged once it ran: it is the newest entry
        String get = c.call("SLOWLOG", "GET", "2");
        long seconds = Wire.START / 1000;
        Matcher m = Pattern.compile("\\*2\r\n\\*6\r\n:3\r\n.*LEN\r\n.*\r\n\\*6\r\n:2\r\n:" + seconds
                + "\r\n:\\d+\r\n"
                + "\\*3\r\n\\$3\r\nSET\r\n\\$1\r\nk\r\n\\$1\r\nv\r\n\\$15\r\n127\\.0\\.0\\.1:\\d+\r\n\\$2\r\nme\r\n",
                Pattern.DOTALL).matcher(get);
        assertTrue(m.matches(), get);
        assertEquals(OK, c.call("SLOWLOG", "RESET"));
        assertEquals(integer(1), c.call("SLOWLOG", "LEN"), "the RESET itself is logged after it ran");
        assertTrue(c.call("SLOWLOG", "GET").startsWith("*2\r\n*6\r\n:6\r\n"), "ids keep counting");
    }

    @Test
    void slowlog_truncatesArgumentsAsRedis() {
        assertEquals(OK, c.call("CONFIG", "SET", "slowlog-log-slower-than", "0"));
        String[] args = new String[40];
        args[0] = "DEL";
        for (int i = 1; i < args.length; i++) {
            args[i] = i == 1 ? "x".repeat(130) : "k" + i;
        }
        c.call(args);
        String get = c.call("SLOWLOG", "GET", "1");
        assertTrue(get.contains("*32\r\n$3\r\nDEL\r\n$146\r\n" + "x".repeat(128) + "... (2 more bytes)\r\n"), get);
        assertTrue(get.contains("$22\r\n... (9 more arguments)\r\n$"), get);
    }

    @Test
    void slowlog_maxLenKeepsNewest_negativeThresholdLogsNothing() {
        assertEquals(OK, c.call("CONFIG", "SET", "slowlog-max-len", "2"));
        assertEquals(OK, c.call("CONFIG", "SET", "slowlog-log-slower-than", "0"));
        c.call("PING");
        c.call("PING");
        c.call("PING");
        assertEquals(integer(2), c.call("SLOWLOG", "LEN"));
        assertEquals(OK, c.call("CONFIG", "SET", "slowlog-log-slower-than", "-1"));
        assertEquals(OK, c.call("SLOWLOG", "RESET"));
        c.call("PING");
        assertEquals(integer(0), c.call("SLOWLOG", "LEN"));
    }

    @Test
    void slowlog_errors() {
        assertEquals(error("ERR count should be greater than or equal to -1"), c.call("SLOWLOG", "GET", "-2"));
        assertEquals(error("ERR count should be greater than or equal to -1"), c.call("SLOWLOG", "GET", "x"));
        assertEquals(error("ERR wrong number of arguments for 'slowlog|len' command"),
                c.call("SLOWLOG", "LEN", "1"));
        assertEquals(error("ERR unknown subcommand 'foo'. Try SLOWLOG HELP."), c.call("SLOWLOG", "foo"));
        assertEquals(error("ERR CONFIG SET failed (possibly related to argument 'slowlog-max-len') - argument must "
                + "be between 0 and 9223372036854775807 inclusive"), c.call("CONFIG", "SET", "slowlog-max-len", "-1"));
    }

    @Test
    void latency_disabledByDefault_emptyReplies() {
        assertEquals("*0\r\n", c.call("LATENCY", "LATEST"));
        assertEquals("*0\r\n", c.call("LATENCY", "HISTORY", "command"));
        assertEquals(integer(0), c.call("LATENCY", "RESET"));
        assertTrue(c.call("LATENCY", "DOCTOR").contains("Latency monitoring is disabled"));
        assertEquals(OK, c.call("CONFIG", "SET", "latency-monitor-threshold", "100"));
        assertTrue(c.call("LATENCY", "DOCTOR").contains("no latency spike was observed"));
        assertEquals(error("ERR unknown subcommand 'foo'. Try LATENCY HELP."), c.call("LATENCY", "foo"));
    }

    @Test
    void latencyHistogram_showsCumulativeCountsOfACommand() {
        c.call("SET", "k", "v");
        c.call("SET", "k", "v");
        String reply = c.call("LATENCY", "HISTOGRAM", "set", "nosuch");
        assertTrue(reply.startsWith("*2\r\n$3\r\nset\r\n*4\r\n$5\r\ncalls\r\n:2\r\n$14\r\nhistogram_usec\r\n*"),
                reply);
        assertTrue(reply.endsWith(":2\r\n"), reply);
    }

    @Test
    void monitor_getsOtherClientsCommandsQuotedAsRedis_butNotAdminOnes() {
        Wire.Client watcher = wire.connect();
        assertEquals(OK, watcher.call("MONITOR"));
        assertEquals("", watcher.call("MONITOR"), "a second MONITOR replies nothing");
        c.call("SELECT", "2");
        c.call("SET", "k\"\\", "a\r\n\u0001\u007f b");
        c.call("CONFIG", "GET", "maxclients");
        String fed = watcher.awaitWake();
        String addr = "127.0.0.1:" + (40000 + 1);
        // SELECT shows the database it selected, as Redis feeds monitors after the command ran
        assertEquals("+1893456000.000000 [2 " + addr + "] \"SELECT\" \"2\"\r\n"
                + "+1893456000.000000 [2 " + addr + "] \"SET\" \"k\\\"\\\\\" \"a\\r\\n\\x01\\x7f b\"\r\n", fed);
    }

    @Test
    void monitor_insideExec_isRefused_andAMonitorIsFlaggedO() {
        Wire.Client watcher = wire.connect();
        watcher.call("MULTI");
        watcher.call("MONITOR");
        assertEquals("*1\r\n-ERR MONITOR isn't allowed for DENY BLOCKING client\r\n", watcher.call("EXEC"));
        assertEquals(OK, watcher.call("MONITOR"));
        assertTrue(c.call("CLIENT", "LIST").contains(" flags=O "));
    }

    @Test
    void batchEnd_dropsTheElementTheSessionPassedOn() {
        Session s = new CommandExecutor(wire.store, new NoServer()).newSession(wire.connect());
        byte[] large = new byte[1 << 20];
        s.beginBatch();

        byte[][] elements = s.elements(new byte[][] {new byte[1], new byte[1], large}, 2, 3);
        assertSame(large, elements[0]);
        s.endBatch();

        assertTrue(elements[0] == null, "the session's reused array still holds the element");
    }

    @Test
    void batch_commandStartsWhereThePreviousEnded_neverAcrossBatches() {
        Session s = new CommandExecutor(wire.store, new NoServer()).newSession(wire.connect());
        long longAgo = System.nanoTime() - 3_600_000_000_000L;
        s.beginBatch();
        assertTrue(s.commandStart() > longAgo); // the batch's first command: timed from its own start
        s.commandEnded(longAgo);
        assertEquals(longAgo, s.commandStart()); // the next: from where that one ended
        s.endBatch();
        assertTrue(s.commandStart() > longAgo); // the wait for the next read is no command's time
        s.commandEnded(longAgo);
        assertTrue(s.commandStart() > longAgo); // outside a batch nothing is chained
        s.beginBatch();
        assertTrue(s.commandStart() > longAgo);
        s.endBatch();
    }

    @Test
    void totalCommands_countsEachCommandOnceItRan_asCommandstatsDoes() {
        long before = wire.server.totalCommandsProcessed();
        c.call("SET", "k", "v");
        c.call("CONFIG", "GET", "maxclients");
        c.call("GET");
        c.call("MULTI");
        c.call("GET", "k");
        c.call("EXEC");
        // SET, CONFIG|GET, MULTI, EXEC and the GET it ran; the refused GET and the queuing of the other are no runs
        assertEquals(before + 5, wire.server.totalCommandsProcessed());
        c.call("CONFIG", "RESETSTAT");
        assertEquals(1, wire.server.totalCommandsProcessed()); // the RESETSTAT, once it had run
    }
}
