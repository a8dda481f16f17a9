package org.kvlab.bench.report;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import org.kvlab.bench.perf.PerfCounts;

/**
 * The seed's tables ("How to Interpret Patterns" and the per-syscall "Bottleneck" summary) applied to measured
 * syscall counts of one side — server or client — of one run. Immutable and thread-safe.
 *
 * <p>Counts are grouped into families: reads ({@code read readv recvfrom recvmsg}), writes ({@code write writev
 * sendto sendmsg}), accepts ({@code accept accept4}), {@code close}, {@code connect} and disk flushes ({@code fsync
 * fdatasync}). The total is the {@value PerfCounts#ALL} count ({@code raw_syscalls:sys_enter}) when present, else
 * the sum of the counted syscalls — then a lower bound, and said so. Rates are per request when the request count
 * is known and positive, and per second when the window's length is known.
 *
 * <p>The patterns and their thresholds (each finding quotes its figures and the threshold that made it hold):
 * <ul>
 *   <li><b>read() ≫ write()</b>: reads at least {@value #DOMINANCE} times writes, at least {@value #MIN_COUNT}
 *       reads, and when requests are known at least {@value #MIN_PER_REQUEST} reads per request. <b>write() ≫
 *       read()</b> likewise the other way round.</li>
 *   <li><b>accept() and close() both high</b> (connection churn): accepts and closes each at least {@value
 *       #CHURN_PER_REQUEST} per request (a connection serves 10 requests or fewer); without a request count, at
 *       least {@value #CHURN_PER_SECOND} per second; without either, at least {@value #CHURN_PER_REQUEST} per
 *       read.</li>
 *   <li><b>connect() high</b> (many connection attempts): connects measured the same way.</li>
 *   <li><b>fsync() high</b> (frequent disk flushes): fsync plus fdatasync at least {@value #FSYNC_PER_REQUEST} per
 *       request (one flush per 100 requests), or without a request count at least {@value #FSYNC_PER_SECOND} per
 *       second.</li>
 *   <li><b>All syscall counts very high</b> (kernel-bound): at least {@value #KERNEL_BOUND_PER_REQUEST} syscalls per
 *       request — each request pays its own read and write and more — or, without a request count, at least
 *       {@value #KERNEL_BOUND_PER_SECOND} per second; never together with the next pattern.</li>
 *   <li><b>Low syscall counts overall</b> (idle or lightly loaded): fewer than {@value #IDLE_PER_SECOND} syscalls
 *       per second over the window.</li>
 * </ul>
 */
public final class Interpretation {

    /** "≫": the larger count is at least this many times the smaller. */
    public static final double DOMINANCE = 1.5;
    /** The larger count of a "≫" pattern must be at least this, so that 3 reads against 1 write is no pattern. */
    public static final long MIN_COUNT = 10;
    /**
     * When requests are known, the larger count of a "≫" pattern must also be at least this per request: fewer are
     * housekeeping (the JVM reading /proc files), not request I/O — an io_uring server reads and writes its sockets
     * without read or write syscalls at all.
     */
    public static final double MIN_PER_REQUEST = 0.1;
    /** Accepts, closes or connects per request from which connections are short-lived (10 requests or fewer). */
    public static final double CHURN_PER_REQUEST = 0.1;
    /** Accepts, closes or connects per second from which connections churn, when requests are unknown. */
    public static final double CHURN_PER_SECOND = 10;
    /** Disk flushes per request from which fsync is frequent: one per 100 requests. */
    public static final double FSYNC_PER_REQUEST = 0.01;
    /** Disk flushes per second from which fsync is frequent, when requests are unknown (everysec makes 1). */
    public static final double FSYNC_PER_SECOND = 10;
    /** Syscalls per request from which a workload is kernel-bound: a read and a write for every request. */
    public static final double KERNEL_BOUND_PER_REQUEST = 2.0;
    /** Syscalls per second from which a workload is kernel-bound, when requests are unknown. */
    public static final double KERNEL_BOUND_PER_SECOND = 50_000;
    /** Syscalls per second below which a process was idle or lightly loaded. */
    public static final double IDLE_PER_SECOND = 1_000;

    static final List<String> READS = List.of("read", "readv", "recvfrom", "recvmsg");
    static final List<String> WRITES = List.of("write", "writev", "sendto", "sendmsg");
    static final List<String> ACCEPTS = List.of("accept", "accept4");
    static final List<String> FSYNCS = List.of("fsync", "fdatasync");

    private final Role role;
    private final Map<String, Long> syscalls;
    private final Long requests;
    private final Double elapsedSeconds;
    private final Map<String, Double> perRequest;
    private final long total;
    private final boolean totalComplete;
    private final List<Finding> findings;
    private final String conclusion;

    private Interpretation(Role role, Map<String, Long> syscalls, Long requests, Double elapsedSeconds) {
        this.role = role;
        this.syscalls = Collections.unmodifiableMap(new LinkedHashMap<>(syscalls));
        this.requests = requests;
        this.elapsedSeconds = elapsedSeconds;
        Long all = syscalls.get(PerfCounts.ALL);
        this.totalComplete = all != null;
        this.total = all != null ? all : syscalls.values().stream().mapToLong(Long::longValue).sum();
        Map<String, Double> rates = new LinkedHashMap<>();
        if (requests != null && requests > 0) {
            syscalls.forEach((name, count) -> rates.put(name, round(count / (double) requests)));
        }
        this.perRequest = Collections.unmodifiableMap(rates);
        List<Finding> found = new ArrayList<>();
        this.conclusion = patterns(found);
        this.findings = List.copyOf(found);
    }

    /**
     * Interprets {@code syscalls}.
     *
     * @param role whose counts they are
     * @param syscalls syscall name to count, as {@link PerfCounts#syscalls()} names them
     * @param requests requests served (server) or sent (client) in the window, or {@code null} when unknown
     * @param elapsedSeconds the window's length, or {@code null} when unknown
     * @return the interpretation
     * @throws IllegalArgumentException if {@code requests} or a count is negative, or {@code elapsedSeconds} is not
     *     positive
     * @throws NullPointerException if {@code role} or {@code syscalls} is {@code null}
     */
    public static Interpretation of(Role role, Map<String, Long> syscalls, Long requests, Double elapsedSeconds) {
        Objects.requireNonNull(role, "role");
        syscalls.forEach((name, count) -> {
            if (count < 0) {
                throw new IllegalArgumentException("syscalls." + name + ": " + count + " (expected: >= 0)");
            }
        });
        if (requests != null && requests < 0) {
            throw new IllegalArgumentException("requests: " + requests + " (expected: >= 0)");
        }
        if (elapsedSeconds != null && !(elapsedSeconds > 0)) {
            throw new IllegalArgumentException("elapsedSeconds: " + elapsedSeconds + " (expected: > 0)");
        }
        return new Interpretation(role, syscalls, requests, elapsedSeconds);
    }

    /**
     * Interprets what perf counted.
     *
     * @param role whose counts they are
     * @param counts perf's output
     * @param requests requests in the window, or {@code null} when unknown
     * @return the interpretation
     * @throws IllegalArgumentException if {@code requests} is negative
     * @throws NullPointerException if {@code role} or {@code counts} is {@code null}
     */
    public static Interpretation of(Role role, PerfCounts counts, Long requests) {
        Double elapsed = counts.elapsedSeconds() != null && counts.elapsedSeconds() > 0 ? counts.elapsedSeconds() : null;
        return of(role, counts.syscalls(), requests, elapsed);
    }

    /**
     * Returns the thresholds the patterns use, as one Markdown paragraph, for reports to state what their findings
     * rest on.
     */
    public static String thresholds() {
        return f("Thresholds: \"≫\" means at least %.1fx (and at least %d calls, and %.1f per request when "
                + "requests are known); accept and close \"both high\" "
                + "and connect \"high\" mean at least %.2f per request (a connection serves %d requests or fewer), "
                + "or %.0f per second when requests are unknown; fsync \"high\" means fsync + fdatasync at least "
                + "%.2f per request, or %.0f per second; \"all counts very high\" (kernel-bound) means at least "
                + "%.1f syscalls per request, or %,.0f per second; \"low overall\" (idle) means fewer than %,.0f "
                + "syscalls per second. Reads are read + readv + recvfrom + recvmsg, writes write + writev + sendto "
                + "+ sendmsg; the total is raw_syscalls:sys_enter when counted, else the sum of the counted "
                + "syscalls.", DOMINANCE, MIN_COUNT, MIN_PER_REQUEST, CHURN_PER_REQUEST, Math.round(1 / CHURN_PER_REQUEST),
                CHURN_PER_SECOND, FSYNC_PER_REQUEST, FSYNC_PER_SECOND, KERNEL_BOUND_PER_REQUEST,
                KERNEL_BOUND_PER_SECOND, IDLE_PER_SECOND);
    }

    /** Returns whose counts these are. */
    public Role role() {
        return role;
    }

    /** Returns the counts, in their order. */
    public Map<String, Long> syscalls() {
        return syscalls;
    }

    /** Returns the requests in the window, or {@code null} when unknown. */
    public Long requests() {
        return requests;
    }

    /** Returns the window's length in seconds, or {@code null} when unknown. */
    public Double elapsedSeconds() {
        return elapsedSeconds;
    }

    /** Returns each count per request, rounded to 4 decimals; empty when requests are unknown or zero. */
    public Map<String, Double> perRequest() {
        return perRequest;
    }

    /** Returns each count per second; empty when the window's length is unknown. */
    public Map<String, Double> perSecond() {
        Map<String, Double> rates = new LinkedHashMap<>();
        if (elapsedSeconds != null) {
            syscalls.forEach((name, count) -> rates.put(name, count / elapsedSeconds));
        }
        return Collections.unmodifiableMap(rates);
    }

    /** Returns every syscall in the window: the {@code all} count, else the sum of the counted ones. */
    public long total() {
        return total;
    }

    /** Returns whether {@link #total()} counts every syscall ({@code raw_syscalls:sys_enter} was counted). */
    public boolean totalComplete() {
        return totalComplete;
    }

    /** Returns the patterns that hold, in the seed's order. */
    public List<Finding> findings() {
        return findings;
    }

    /** Returns one sentence that sums the run up, quoting its figures. */
    public String conclusion() {
        return conclusion;
    }

    /**
     * Returns the interpretation as Markdown: the window, a table of each syscall's count and rates, the findings
     * and the conclusion.
     */
    public String toMarkdown() {
        StringBuilder out = new StringBuilder();
        out.append("Role: ").append(role.label());
        out.append(" · elapsed: ").append(elapsedSeconds == null ? "unknown" : seconds(elapsedSeconds));
        out.append(" · requests: ").append(requests == null ? "unknown (give --requests N for per-request rates)"
                : f("%,d", requests)).append("\n\n");
        out.append("| syscall | count | per request | per second |\n|---|---:|---:|---:|\n");
        Map<String, Double> perSecond = perSecond();
        for (Map.Entry<String, Long> e : syscalls.entrySet()) {
            if (e.getKey().equals(PerfCounts.ALL)) {
                continue;
            }
            out.append(row(e.getKey(), e.getValue(), perRequest.get(e.getKey()), perSecond.get(e.getKey())));
        }
        out.append(row(totalComplete ? "all syscalls" : "sum of counted", total, rate(total),
                elapsedSeconds == null ? null : total / elapsedSeconds));
        out.append('\n');
        if (findings.isEmpty()) {
            out.append("No pattern of the seed's tables holds.\n");
        }
        for (Finding finding : findings) {
            out.append("- **").append(finding.pattern()).append("**: ").append(finding.meaning())
                    .append("\n  Fix: ").append(finding.fix()).append('\n');
        }
        out.append("\n**Conclusion**: ").append(conclusion).append("\n\n").append(thresholds()).append('\n');
        return out.toString();
    }

    private String row(String name, long count, Double perReq, Double perSec) {
        return "| " + name + " | " + f("%,d", count) + " | " + (perReq == null ? "–" : f("%.3f", perReq)) + " | "
                + (perSec == null ? "–" : f("%,.1f", perSec)) + " |\n";
    }

    /** Adds the findings that hold to {@code found}; returns the conclusion. */
    private String patterns(List<Finding> found) {
        String side = role.label();
        long reads = sum(READS);
        long writes = sum(WRITES);
        long accepts = sum(ACCEPTS);
        long closes = count("close");
        long connects = count("connect");
        long fsyncs = sum(FSYNCS);
        String readsText = family(READS, "read");
        String writesText = family(WRITES, "write");
        if (significant(reads) && reads >= DOMINANCE * writes) {
            found.add(new Finding("read() ≫ write()",
                    f("%s, %s: ratio %s (≫ means at least %.1fx)%s — ", readsText, writesText,
                            ratio(reads, writes), DOMINANCE, perRequestPair(reads, writes, "reads", "writes"))
                            + (role == Role.SERVER
                            ? "the server reads far more often than it writes: it mostly waits for input, each read "
                            + "finding little — I/O wait, underutilized"
                            : "the client reads far more often than it writes: replies (or messages pushed to it) "
                            + "arrive in many small pieces — I/O-bound, waiting for data"),
                    "use non-blocking reads and larger read buffers (batch reads); increase client concurrency"));
        }
        if (significant(writes) && writes >= DOMINANCE * reads) {
            found.add(new Finding("write() ≫ read()",
                    f("%s, %s: ratio %s (≫ means at least %.1fx)%s — ", writesText, readsText,
                            ratio(writes, reads), DOMINANCE, perRequestPair(writes, reads, "writes", "reads"))
                            + (role == Role.SERVER
                            ? "writes dominate: output-heavy (replies or log records written in several pieces, or "
                            + "to many connections per request), possible backpressure"
                            : "writes dominate: the client is request-heavy, sending more often than it reads "
                            + "replies (several writes per request, or replies read in batches)"),
                    "buffer or batch writes (one write per batch), use async I/O; apply flow control"));
        }
        String acceptHigh = high(accepts, CHURN_PER_REQUEST, CHURN_PER_SECOND, reads);
        String closeHigh = high(closes, CHURN_PER_REQUEST, CHURN_PER_SECOND, reads);
        if (accepts > 0 && closes > 0 && acceptHigh != null && closeHigh != null) {
            found.add(new Finding("accept() and close() both high",
                    f("%s (%s), close = %,d (%s) — frequent short-lived connections: connection churn, "
                            + "context switches and descriptor churn", family(ACCEPTS, "accept"), acceptHigh,
                            closes, closeHigh),
                    "reuse connections: connection pooling, persistent sessions (keep-alive)"));
        }
        String connectHigh = high(connects, CHURN_PER_REQUEST, CHURN_PER_SECOND, reads);
        if (connects > 0 && connectHigh != null) {
            found.add(new Finding("connect() high",
                    f("connect = %,d (%s), close = %,d — many connection attempts: a TCP handshake each, "
                            + "handshake overhead", connects, connectHigh, closes),
                    "use persistent connections or keep-alive (a connection pool)"));
        }
        String fsyncHigh = high(fsyncs, FSYNC_PER_REQUEST, FSYNC_PER_SECOND, -1);
        if (fsyncs > 0 && fsyncHigh != null) {
            found.add(new Finding("fsync() high",
                    f("%s (%s) — frequent disk flushes: I/O wait for durability", family(FSYNCS, "fsync"),
                            fsyncHigh),
                    "group commits (one flush for many writes), delayed fsync (everysec), async WAL flush"));
        }
        Double totalPerSecond = elapsedSeconds == null ? null : total / elapsedSeconds;
        boolean idle = totalPerSecond != null && totalPerSecond < IDLE_PER_SECOND;
        Double totalPerRequest = rate(total);
        String totalName = totalComplete ? "syscalls" : f("syscalls (sum of the %d counted)", countedNames());
        if (!idle && totalPerRequest != null && totalPerRequest >= KERNEL_BOUND_PER_REQUEST) {
            found.add(new Finding("All syscall counts very high",
                    f("%.2f %s per request: %s (threshold %.1f) — %s", totalPerRequest, totalName, breakdown(),
                            KERNEL_BOUND_PER_REQUEST, batching(reads, writes)),
                    "batch I/O: pipeline requests and write all replies of a read at once; use asynchronous "
                            + "operations"));
        } else if (!idle && totalPerRequest == null && totalPerSecond != null
                && totalPerSecond >= KERNEL_BOUND_PER_SECOND) {
            found.add(new Finding("All syscall counts very high",
                    f("%,d %s in %s: %,.0f per second (threshold %,.0f/s) — too many kernel transitions: "
                            + "kernel-bound", total, totalName, seconds(elapsedSeconds), totalPerSecond,
                            KERNEL_BOUND_PER_SECOND),
                    "batch I/O: pipeline requests and write all replies of a read at once; use asynchronous "
                            + "operations"));
        }
        if (idle) {
            String idleMeaning = role == Role.SERVER
                    ? "the server was mostly idle, waiting for client requests"
                    : "the client was mostly idle: it sent little load";
            found.add(new Finding("Low syscall counts overall",
                    f("%,d %s in %s: %,.1f per second (threshold: fewer than %,.0f/s) — %s; idle or lightly "
                            + "loaded, underutilized", total, totalName, seconds(elapsedSeconds), totalPerSecond,
                            IDLE_PER_SECOND, idleMeaning),
                    "increase the request rate (more clients, more requests) to stress test properly"));
            return f("The %s was mostly idle: %,d %s in %s (%,.1f per second)%s%s.", side, total, totalName,
                    seconds(elapsedSeconds), totalPerSecond, requestsClause(), connections());
        }
        if (totalPerRequest != null) {
            return f("The %s made %.2f %s per request (%,d in all for %,d requests)%s%s%s; %s.", side,
                    totalPerRequest, totalName, total, requests,
                    totalPerSecond == null ? "" : f(", %,.0f per second", totalPerSecond), batched(reads),
                    connections(), findings(found));
        }
        if (totalPerSecond != null) {
            return f("The %s made %,d %s in %s (%,.0f per second)%s%s; %s.", side, total, totalName,
                    seconds(elapsedSeconds), totalPerSecond, requestsClause(), connections(), findings(found));
        }
        return f("The %s made %,d %s%s; the window's length and the request count are unknown, so no rate can be "
                + "given; %s.", side, total, totalName, connections(), findings(found));
    }

    /** "; one read per 15.8 requests: requests are batched" when reads are well under one per request. */
    private String batched(long reads) {
        Double r = rate(reads);
        if (r == null || reads == 0 || r >= 0.5) {
            return "";
        }
        return f("; %.3f reads per request, one read per %.1f requests: requests arrive batched", r, 1 / r);
    }

    /** "; connections: accept = 0, close = 3" for the connection syscalls that were counted. */
    private String connections() {
        List<String> parts = new ArrayList<>();
        for (String name : List.of("accept", "accept4", "connect", "close")) {
            Long count = syscalls.get(name);
            if (count != null) {
                parts.add(f("%s = %,d", name, count));
            }
        }
        if (parts.isEmpty()) {
            return "";
        }
        String accepted = "";
        if (role == Role.CLIENT && sum(ACCEPTS) == 0 && (syscalls.containsKey("accept")
                || syscalls.containsKey("accept4"))) {
            accepted = " (a client accepts no connections)";
        }
        return "; connections: " + String.join(", ", parts) + accepted;
    }

    /** 74.6 s, 1.23 s, 0.064 s. */
    static String seconds(double value) {
        return value >= 10 ? f("%.1f s", value) : value >= 1 ? f("%.2f s", value) : f("%.3f s", value);
    }

    /** Whether {@code count} is large enough for a "≫" pattern: {@link #MIN_COUNT}, {@link #MIN_PER_REQUEST}. */
    private boolean significant(long count) {
        Double r = rate(count);
        return count >= MIN_COUNT && (r == null || r >= MIN_PER_REQUEST);
    }

    private String requestsClause() {
        if (requests == null) {
            return "";
        }
        return f(" for %,d requests", requests);
    }

    private static String findings(List<Finding> found) {
        if (found.isEmpty()) {
            return "no pattern of the seed's tables holds";
        }
        StringBuilder names = new StringBuilder("patterns: ");
        for (int i = 0; i < found.size(); i++) {
            names.append(i == 0 ? "" : "; ").append(found.get(i).pattern());
        }
        return names.toString();
    }

    /**
     * Returns how high {@code count} is, with the threshold it passed, or {@code null} when below it: per request
     * when requests are known, else per second, else per read ({@code reads} &lt; 0: not by reads).
     */
    private String high(long count, double perRequestThreshold, double perSecondThreshold, long reads) {
        if (requests != null && requests > 0) {
            double r = count / (double) requests;
            return r >= perRequestThreshold ? f("%.2f per request, threshold %.2f", r, perRequestThreshold) : null;
        }
        if (elapsedSeconds != null) {
            double r = count / elapsedSeconds;
            return r >= perSecondThreshold ? f("%,.1f per second, threshold %,.0f/s", r, perSecondThreshold) : null;
        }
        if (reads > 0) {
            double r = count / (double) reads;
            return r >= perRequestThreshold ? f("%.2f per read, threshold %.2f", r, perRequestThreshold) : null;
        }
        return null;
    }

    private String perRequestPair(long a, long b, String aName, String bName) {
        Double ra = rate(a);
        Double rb = rate(b);
        return ra == null ? "" : f("; %.2f %s and %.2f %s per request", ra, aName, rb, bName);
    }

    private String batching(long reads, long writes) {
        Double r = rate(reads);
        Double w = rate(writes);
        if (r != null && w != null && r >= 0.9 && w >= 0.9) {
            return f("%.2f reads and %.2f writes per request: at least one read and one write per request, no "
                    + "batching; too many kernel transitions, kernel-bound", r, w);
        }
        return "too many kernel transitions for the work done: kernel-bound";
    }

    /** "read 1.00 + write 1.00 + epoll_wait 0.26 + others 0.01", largest first. */
    private String breakdown() {
        List<Map.Entry<String, Double>> parts = new ArrayList<>();
        double listed = 0;
        for (Map.Entry<String, Double> e : perRequest.entrySet()) {
            if (!e.getKey().equals(PerfCounts.ALL) && e.getValue() >= 0.005) {
                parts.add(e);
            }
        }
        parts.sort(Map.Entry.<String, Double>comparingByValue().reversed());
        StringBuilder text = new StringBuilder();
        for (Map.Entry<String, Double> e : parts) {
            text.append(text.length() == 0 ? "" : " + ").append(e.getKey()).append(' ').append(f("%.2f", e.getValue()));
            listed += syscalls.get(e.getKey());
        }
        double rest = (total - listed) / requests;
        if (rest >= 0.005) {
            text.append(" + others ").append(f("%.2f", rest));
        }
        return text.toString();
    }

    private int countedNames() {
        return (int) syscalls.keySet().stream().filter(n -> !n.equals(PerfCounts.ALL)).count();
    }

    /** "read = 202" or "read + recvfrom = 40,035 (read 34, recvfrom 40,001)". */
    private String family(List<String> names, String fallback) {
        List<String> present = new ArrayList<>();
        for (String name : names) {
            if (syscalls.getOrDefault(name, 0L) > 0) {
                present.add(name);
            }
        }
        if (present.isEmpty()) {
            return fallback + " = 0";
        }
        if (present.size() == 1) {
            return f("%s = %,d", present.get(0), syscalls.get(present.get(0)));
        }
        StringBuilder parts = new StringBuilder();
        for (String name : present) {
            parts.append(parts.length() == 0 ? "" : ", ").append(f("%s %,d", name, syscalls.get(name)));
        }
        return f("%s = %,d (%s)", String.join(" + ", present), sum(names), parts);
    }

    private String ratio(long a, long b) {
        if (b == 0) {
            return "unbounded (none of the other)";
        }
        double r = a / (double) b;
        return f("%.2f", r) + (r < 10 ? f(" (about %d:1)", Math.round(r)) : "");
    }

    private Double rate(long count) {
        return requests != null && requests > 0 ? count / (double) requests : null;
    }

    private long count(String name) {
        return syscalls.getOrDefault(name, 0L);
    }

    private long sum(List<String> names) {
        long sum = 0;
        for (String name : names) {
            sum += count(name);
        }
        return sum;
    }

    private static double round(double value) {
        return Math.round(value * 10_000) / 10_000.0;
    }

    private static String f(String format, Object... args) {
        return String.format(Locale.ROOT, format, args);
    }
}
