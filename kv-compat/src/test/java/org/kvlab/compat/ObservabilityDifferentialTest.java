package org.kvlab.compat;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import net.jqwik.api.Example;

/**
 * SLOWLOG, LATENCY, INFO commandstats/errorstats/latencystats and the settings behind them reply as redis-server
 * does: byte for byte where the reply is deterministic (help texts, errors, empty logs, error counts), and with the
 * measured fields (durations, timestamps, client ports, percentiles) masked where it is not.
 */
@RequiresRedis
final class ObservabilityDifferentialTest {

    private final Differential d = Differential.shared();

    @Example
    void slowlogHelpAndErrors_replyAsRedis() {
        d.reset();
        d.check("SLOWLOG", "HELP");
        d.check("SLOWLOG", "GET", "-2");
        d.check("SLOWLOG", "GET", "x");
        d.check("SLOWLOG", "GET", "1", "2");
        d.check("SLOWLOG", "LEN", "1");
        d.check("SLOWLOG", "RESET", "1");
        d.check("SLOWLOG", "foo");
        d.check("SLOWLOG");
    }

    @Example
    void latencyWithMonitorOff_repliesAsRedis() {
        d.reset();
        d.check("LATENCY", "RESET");
        d.check("LATENCY", "LATEST");
        d.check("LATENCY", "HISTORY", "command");
        d.check("LATENCY", "HISTORY");
        d.check("LATENCY", "RESET", "command", "fast-command");
        d.check("LATENCY", "DOCTOR");
        d.check("LATENCY", "foo");
        d.check("LATENCY", "HISTOGRAM", "nosuch");
    }

    @Example
    void settings_getAndSetAsRedis() {
        d.reset();
        for (String pattern : new String[] {"slowlog*", "latency*"}) {
            Reply[] replies = d.call(Differential.args("CONFIG", "GET", pattern));
            assertEquals(replies[0].sorted(true).toString(), replies[1].sorted(true).toString(), pattern);
        }
        d.check("CONFIG", "SET", "slowlog-max-len", "-1");
        d.check("CONFIG", "SET", "slowlog-max-len", "abc");
        d.check("CONFIG", "SET", "slowlog-log-slower-than", "-5");
        d.check("CONFIG", "SET", "latency-monitor-threshold", "-1");
        d.check("CONFIG", "SET", "latency-tracking", "maybe");
        d.check("CONFIG", "SET", "latency-tracking-info-percentiles", "50 101");
        d.check("CONFIG", "SET", "latency-tracking-info-percentiles", "50.0 99.90");
        d.check("CONFIG", "GET", "latency-tracking-info-percentiles");
        d.check("CONFIG", "SET", "latency-tracking-info-percentiles", "50 99 99.9");
    }

    @Example
    void slowlogAtThresholdZero_logsTheSameEntries() {
        d.reset();
        try {
            d.check("CONFIG", "SET", "slowlog-log-slower-than", "0");
            d.check("SLOWLOG", "RESET");
            d.check("CLIENT", "SETNAME", "diff");
            d.check("SET", "k", "v");
            String[] many = new String[40];
            many[0] = "DEL";
            for (int i = 1; i < many.length; i++) {
                many[i] = i == 1 ? "x".repeat(200) : "k" + i;
            }
            d.check(many);
            d.check("SLOWLOG", "LEN");
            Reply[] replies = d.call(Differential.args("SLOWLOG", "GET", "-1"));
            assertEquals(entries(replies[0]), entries(replies[1]));
            d.check("SLOWLOG", "RESET");
            d.check("SLOWLOG", "LEN");
        } finally {
            d.check("CONFIG", "SET", "slowlog-log-slower-than", "10000");
            d.check("CLIENT", "SETNAME", "");
        }
    }

    /** Returns each entry's arguments and client name: its id, time, duration and client port differ by server. */
    private static List<String> entries(Reply log) {
        List<String> entries = new ArrayList<>();
        for (Reply entry : log.elements) {
            entries.add(entry.elements.get(3) + " " + entry.elements.get(5));
        }
        return entries;
    }

    @Example
    void commandAndErrorStats_countAsRedis() {
        d.reset();
        d.check("CONFIG", "RESETSTAT");
        d.check("SET", "k", "v");
        d.check("SET", "k", "v");
        d.check("GET");
        d.check("INCR", "k");
        d.check("LPUSH", "k", "x");
        d.check("NOSUCH", "a");
        d.check("CONFIG", "GET");
        d.check("CONFIG", "GET", "maxmemory");
        d.check("MULTI");
        d.check("INCR", "k");
        d.check("EXEC");
        d.check("INFO", "errorstats");
        Reply[] stats = d.call(Differential.args("INFO", "commandstats"));
        assertEquals(masked(stats[0], "usec=\\d+,usec_per_call=[\\d.]+"), masked(stats[1], "usec=\\d+,usec_per_call=[\\d.]+"));
        Reply[] latency = d.call(Differential.args("INFO", "latencystats"));
        assertEquals(masked(latency[0], "[\\d.]+(?=,|$)"), masked(latency[1], "[\\d.]+(?=,|$)"));
        Reply[] total = d.call(Differential.args("INFO", "stats"));
        assertEquals(field(total[0], "total_error_replies"), field(total[1], "total_error_replies"));
        // a command counts once it has run: not when refused or queued, EXEC's own commands do, the INFO running not
        assertEquals(field(total[0], "total_commands_processed"), field(total[1], "total_commands_processed"));
    }

    /** Returns the reply's lines, sorted (Redis lists commands in its hash table's order), with {@code measured} masked. */
    private static TreeSet<String> masked(Reply info, String measured) {
        TreeSet<String> lines = new TreeSet<>();
        for (String line : info.text().split("\r\n")) {
            if (line.contains(":") && !line.startsWith("$")) {
                lines.add(line.replaceAll(measured, "#"));
            }
        }
        return lines;
    }

    private static String field(Reply info, String name) {
        for (String line : info.text().split("\r\n")) {
            if (line.startsWith(name + ":")) {
                return line;
            }
        }
        return null;
    }
}
