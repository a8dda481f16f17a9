package org.kvlab.bench.report;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import org.kvlab.bench.perf.PerfCounts;
import org.kvlab.bench.perf.PerfStat;

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
 *   <li><b>frequent small reads</b> / <b>many small writes</b> (bytes per call, when the bytes are known): a
 *       read (write) carries under 1/{@value #DOMINANCE} of a batch's bytes — a batch of N requests takes at least
 *       {@value #DOMINANCE} calls — and there are at least {@value #MIN_COUNT} calls.</li>
 *   <li><b>accept() high</b> and <b>close() high</b> alone (close counts {@code close} and {@code shutdown}),
 *       when the other is not high, measured as for churn.</li>
 *   <li><b>send()/recv() high</b>: {@code recvfrom recvmsg sendto sendmsg} at least twice {@value #DOMINANCE} per
 *       batch (the floor is one of each).</li>
 *   <li><b>context switches high</b> (no row of the seed's; its accept row names them): at least {@value
 *       #SWITCHES_PER_REQUEST} per request.</li>
 *   <li><b>All syscall counts very high</b> (kernel-bound): at least {@value #KERNEL_BOUND_TIMES_FLOOR} times the
 *       floor of request/response — one read and one write per batch, 2/N syscalls per request at pipeline N
 *       (N taken as 1 when unknown, and said so) — naming what is above the floor; or, without a request count, at
 *       least {@value #KERNEL_BOUND_PER_SECOND} per second; never together with the next pattern.</li>
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
    /**
     * How many times the floor of request/response — one read and one write per batch, 2/N syscalls per request at
     * pipeline N — a workload's syscalls per request must reach to be kernel-bound ("all counts very high").
     */
    public static final double KERNEL_BOUND_TIMES_FLOOR = 2.0;
    /** Context switches per request from which a thread sleeps and is woken for (about) every request or two. */
    public static final double SWITCHES_PER_REQUEST = 0.5;
    /** Syscalls per second from which a workload is kernel-bound, when requests are unknown. */
    public static final double KERNEL_BOUND_PER_SECOND = 50_000;
    /** Syscalls per second below which a process was idle or lightly loaded. */
    public static final double IDLE_PER_SECOND = 1_000;

    static final List<String> READS = List.of("read", "readv", "recvfrom", "recvmsg");
    static final List<String> WRITES = List.of("write", "writev", "sendto", "sendmsg");
    static final List<String> ACCEPTS = List.of("accept", "accept4");
    static final List<String> FSYNCS = List.of("fsync", "fdatasync");
    static final List<String> CLOSES = List.of("close", "shutdown");

    /**
     * The syscall families charts group by, so that transports making the same calls under other names (nio's
     * {@code read}, epoll's {@code recvfrom}) line up: family name to its calls, in report order.
     */
    public static final Map<String, List<String>> FAMILIES = families();
    static final List<String> SOCKET_CALLS = List.of("recvfrom", "recvmsg", "sendto", "sendmsg");

    /**
     * What a run knows beyond its syscall counts; every field may be {@code null} when unknown.
     *
     * @param pipeline requests per batch (the floor of request/response is 2/pipeline syscalls per request);
     *     {@code null} is taken as 1 and said so
     * @param bytesRead bytes this side read from its sockets in the window
     * @param bytesWritten bytes this side wrote to its sockets in the window
     * @param contextSwitches times this side's threads were switched out in the window
     * @param cpu this side's CPU time and context switches from {@code /proc}
     */
    public record Facts(Integer pipeline, Long bytesRead, Long bytesWritten, Long contextSwitches, Cpu cpu) {

        /** Nothing known beyond the counts. */
        public static final Facts NONE = new Facts(null, null, null, null, null);

        /**
         * Checks the fields.
         *
         * @throws IllegalArgumentException if {@code pipeline} is below 1 or a count is negative
         */
        public Facts {
            if (pipeline != null && pipeline < 1) {
                throw new IllegalArgumentException("pipeline: " + pipeline + " (expected: > 0)");
            }
            for (Long v : new Long[] {bytesRead, bytesWritten, contextSwitches}) {
                if (v != null && v < 0) {
                    throw new IllegalArgumentException("bytes and context switches: " + v + " (expected: >= 0)");
                }
            }
        }
    }

    private final Role role;
    private final Map<String, Long> syscalls;
    private final Long requests;
    private final Double elapsedSeconds;
    private final Facts facts;
    private final Map<String, Double> perRequest;
    private final long total;
    private final boolean totalComplete;
    private final List<Finding> findings;
    private final String conclusion;

    private Interpretation(Role role, Map<String, Long> syscalls, Long requests, Double elapsedSeconds, Facts facts) {
        this.role = role;
        this.facts = facts;
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
        return of(role, syscalls, requests, elapsedSeconds, Facts.NONE);
    }

    /**
     * Interprets {@code syscalls} with what else the run knows: the pipeline (the floor of request/response),
     * the bytes moved (small reads and writes), the context switches and CPU time.
     *
     * @param role whose counts they are
     * @param syscalls syscall name to count, as {@link PerfCounts#syscalls()} names them
     * @param requests requests served (server) or sent (client) in the window, or {@code null} when unknown
     * @param elapsedSeconds the window's length, or {@code null} when unknown
     * @param facts what else is known, or {@link Facts#NONE}
     * @return the interpretation
     * @throws IllegalArgumentException if {@code requests} or a count is negative, or {@code elapsedSeconds} is not
     *     positive
     * @throws NullPointerException if {@code role}, {@code syscalls} or {@code facts} is {@code null}
     */
    public static Interpretation of(Role role, Map<String, Long> syscalls, Long requests, Double elapsedSeconds,
            Facts facts) {
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(facts, "facts");
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
        return new Interpretation(role, syscalls, requests, elapsedSeconds, facts);
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
        return of(role, counts, requests, Facts.NONE);
    }

    /**
     * Interprets what perf counted, with what else is known (e.g. the pipeline).
     *
     * @param role whose counts they are
     * @param counts perf's output; its {@code context-switches} count is used when {@code facts} has none
     * @param requests requests in the window, or {@code null} when unknown
     * @param facts what else is known, or {@link Facts#NONE}
     * @return the interpretation
     * @throws IllegalArgumentException if {@code requests} is negative
     * @throws NullPointerException if an argument but {@code requests} is {@code null}
     */
    public static Interpretation of(Role role, PerfCounts counts, Long requests, Facts facts) {
        Double elapsed = counts.elapsedSeconds() != null && counts.elapsedSeconds() > 0 ? counts.elapsedSeconds() : null;
        Double switches = counts.otherEvents().get(PerfStat.CONTEXT_SWITCHES);
        Facts known = facts.contextSwitches() != null || switches == null ? facts
                : new Facts(facts.pipeline(), facts.bytesRead(), facts.bytesWritten(), Math.round(switches),
                        facts.cpu());
        return of(role, counts.syscalls(), requests, elapsed, known);
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
                + "%.2f per request, or %.0f per second; \"small\" reads or writes carry under 1/%.1f of a batch's "
                + "bytes each; send/recv \"high\" means at least %.1f socket calls per batch; context switches "
                + "\"high\" means at least %.2f per request; \"all counts very high\" (kernel-bound) means at "
                + "least %.1fx the floor of one read and one write per batch (2/N syscalls per request at pipeline "
                + "N), or %,.0f per second; \"low overall\" (idle) means fewer than %,.0f "
                + "syscalls per second. Reads are read + readv + recvfrom + recvmsg, writes write + writev + sendto "
                + "+ sendmsg; the total is raw_syscalls:sys_enter when counted, else the sum of the counted "
                + "syscalls.", DOMINANCE, MIN_COUNT, MIN_PER_REQUEST, CHURN_PER_REQUEST,
                Math.round(1 / CHURN_PER_REQUEST), CHURN_PER_SECOND, FSYNC_PER_REQUEST, FSYNC_PER_SECOND, DOMINANCE,
                2 * DOMINANCE, SWITCHES_PER_REQUEST, KERNEL_BOUND_TIMES_FLOOR, KERNEL_BOUND_PER_SECOND,
                IDLE_PER_SECOND);
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

    /** Returns what the run knows beyond its counts. */
    public Facts facts() {
        return facts;
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
                : f("%,d", requests));
        out.append(" · pipeline: ").append(facts.pipeline() == null ? "1 assumed (give -P N)"
                : Integer.toString(facts.pipeline())).append("\n\n");
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

    private static Map<String, List<String>> families() {
        Map<String, List<String>> m = new LinkedHashMap<>();
        m.put("reads", READS);
        m.put("writes", WRITES);
        m.put("accepts", ACCEPTS);
        m.put("closes", CLOSES);
        m.put("connect", List.of("connect"));
        m.put("waits", List.of("epoll_wait", "epoll_pwait", "epoll_pwait2", "poll", "ppoll", "select", "pselect6"));
        m.put("io_uring_enter", List.of("io_uring_enter"));
        m.put("flushes", FSYNCS);
        m.put("futex", List.of("futex"));
        m.put("epoll_ctl", List.of("epoll_ctl"));
        m.put("pwrite64", List.of("pwrite64"));
        return Collections.unmodifiableMap(m);
    }

    /** Adds the findings that hold to {@code found}; returns the conclusion. */
    private String patterns(List<Finding> found) {
        String side = role.label();
        long reads = sum(READS);
        long writes = sum(WRITES);
        long accepts = sum(ACCEPTS);
        long closes = sum(CLOSES);
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
        if (requests != null && requests > 0) {
            smallIo(found, reads, facts.bytesRead(), READS, "read", "frequent small reads",
                    "each batch arrives in several small reads: I/O-bound, waiting for data",
                    "use larger buffers, batch reads, or non-blocking I/O");
            smallIo(found, writes, facts.bytesWritten(), WRITES, "write", "many small writes",
                    "replies leave in several small writes: kernel overhead of a transition per write",
                    "buffer or batch writes (one write per batch), use async I/O");
        }
        String acceptHigh = high(accepts, CHURN_PER_REQUEST, CHURN_PER_SECOND, reads);
        String closeHigh = high(closes, CHURN_PER_REQUEST, CHURN_PER_SECOND, reads);
        boolean acceptsHigh = accepts > 0 && acceptHigh != null;
        boolean closesHigh = closes > 0 && closeHigh != null;
        String closesText = family(CLOSES, "close");
        if (acceptsHigh && closesHigh) {
            found.add(new Finding("accept() and close() both high",
                    f("%s (%s), %s (%s) — frequent short-lived connections: connection churn, "
                            + "context switches and descriptor churn", family(ACCEPTS, "accept"), acceptHigh,
                            closesText, closeHigh),
                    "reuse connections: connection pooling, persistent sessions (keep-alive)"));
        } else if (acceptsHigh) {
            found.add(new Finding("accept() high",
                    f("%s (%s), %s — many short-lived connections: connection churn, context switches",
                            family(ACCEPTS, "accept"), acceptHigh, closesText),
                    "use connection pooling, reuse sockets"));
        }
        String connectHigh = high(connects, CHURN_PER_REQUEST, CHURN_PER_SECOND, reads);
        if (closesHigh && !acceptsHigh) {
            found.add(new Finding("close() high",
                    f("%s (%s) — frequent open/close cycles: descriptor churn, possible exhaustion", closesText,
                            closeHigh),
                    "keep connections (and files) open longer"));
        }
        if (connects > 0 && connectHigh != null) {
            found.add(new Finding("connect() high",
                    f("connect = %,d (%s), close = %,d — many connection attempts: a TCP handshake each, "
                            + "handshake overhead", connects, connectHigh, count("close")),
                    "use persistent connections or keep-alive (a connection pool)"));
        }
        long socketCalls = sum(SOCKET_CALLS);
        Double socketPerBatch = perBatch(socketCalls);
        if (socketPerBatch != null && socketCalls >= MIN_COUNT && socketPerBatch >= 2 * DOMINANCE) {
            found.add(new Finding("send()/recv() high",
                    f("%s: %.2f per batch of %s (the floor is one recv and one send per batch; threshold %.1f) — "
                            + "high message exchange frequency: heavy socket I/O", family(SOCKET_CALLS, "send/recv"),
                            socketPerBatch, batchOf(), 2 * DOMINANCE),
                    "batch messages (one send for many), reduce fragmentation"));
        }
        String fsyncHigh = high(fsyncs, FSYNC_PER_REQUEST, FSYNC_PER_SECOND, -1);
        if (fsyncs > 0 && fsyncHigh != null) {
            found.add(new Finding("fsync() high",
                    f("%s (%s) — frequent disk flushes: I/O wait for durability", family(FSYNCS, "fsync"),
                            fsyncHigh),
                    "group commits (one flush for many writes), delayed fsync (everysec), async WAL flush"));
        }
        Double switches = switchesPerRequest();
        if (switches != null && switches >= SWITCHES_PER_REQUEST) {
            Cpu cpu = facts.cpu();
            found.add(new Finding("context switches high",
                    f("%.2f context switches per request%s (threshold %.2f) — %s: each is a trip through the "
                            + "kernel's scheduler, and a wake-up's latency", switches,
                            cpu == null ? "" : f(" (%,d voluntary, %,d involuntary)", cpu.voluntarySwitches(),
                                    cpu.involuntarySwitches()), SWITCHES_PER_REQUEST,
                            switches < 1.5 ? "a thread sleeps and is woken per request"
                                    : f("threads sleep and are woken %.1f times per request", switches)),
                    "serve many connections per thread (an event loop: nio, epoll, io_uring) rather than a "
                            + "blocking thread per connection; pipeline requests so that one wake-up serves several"));
        }
        Double totalPerSecond = elapsedSeconds == null ? null : total / elapsedSeconds;
        boolean idle = totalPerSecond != null && totalPerSecond < IDLE_PER_SECOND;
        Double totalPerRequest = rate(total);
        String totalName = totalComplete ? "syscalls" : f("syscalls (sum of the %d counted)", countedNames());
        double floor = 2.0 / pipeline();
        if (!idle && totalPerRequest != null && totalPerRequest >= KERNEL_BOUND_TIMES_FLOOR * floor) {
            found.add(new Finding("All syscall counts very high",
                    f("%.2f %s per request, %.1fx the floor of %.2f (one read and one write per batch of %s; "
                            + "threshold %.1fx the floor): above it %s — too many kernel transitions for the work "
                            + "done: kernel-bound", totalPerRequest, totalName, totalPerRequest / floor, floor,
                            batchOf(), KERNEL_BOUND_TIMES_FLOOR, aboveFloor()),
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
            return f("The %s made %.2f %s per request (%,d in all for %,d requests)%s%s%s%s%s; %s.", side,
                    totalPerRequest, totalName, total, requests,
                    totalPerSecond == null ? "" : f(", %,.0f per second", totalPerSecond), batched(reads),
                    againstFloor(totalPerRequest, floor), scheduling(), connections(), findings(found));
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

    /**
     * "futex 10.25 + close 1.03 + reads beyond one per batch 1.03 + others 29.00": what a request pays above the
     * floor of one read and one write per batch, largest first.
     */
    private String aboveFloor() {
        double share = 1.0 / pipeline();
        Map<String, Double> parts = new LinkedHashMap<>();
        double listed = 0;
        for (Map.Entry<String, Long> e : syscalls.entrySet()) {
            String name = e.getKey();
            if (!name.equals(PerfCounts.ALL)) {
                listed += e.getValue();
                if (!READS.contains(name) && !WRITES.contains(name)) {
                    parts.put(name, e.getValue() / (double) requests);
                }
            }
        }
        parts.put("reads beyond one per batch", sum(READS) / (double) requests - share);
        parts.put("writes beyond one per batch", sum(WRITES) / (double) requests - share);
        parts.put("others", (total - listed) / (double) requests);
        List<Map.Entry<String, Double>> sorted = new ArrayList<>(parts.entrySet());
        sorted.removeIf(e -> e.getValue() < 0.005);
        sorted.sort(Map.Entry.<String, Double>comparingByValue().reversed());
        StringBuilder text = new StringBuilder();
        for (Map.Entry<String, Double> e : sorted) {
            text.append(text.length() == 0 ? "" : " + ").append(e.getKey()).append(' ').append(f("%.2f", e.getValue()));
        }
        return text.length() == 0 ? "nothing" : text.toString();
    }

    /** "; at the floor of 2.00 per request (one read and one write per batch of 1 request)" and the like. */
    private String againstFloor(double perRequest, double floor) {
        double times = perRequest / floor;
        String where = times < 1 ? f("%.2fx the floor, below it: several requests share a call (batched, or "
                + "submitted through a ring)", times)
                : times <= 1.25 ? f("%.2fx the floor: at the request/response floor", times)
                : f("%.2fx the floor", times);
        return f("; the floor is %.2f (one read and one write per batch of %s): %s", floor, batchOf(), where);
    }

    /** "; 1.05 context switches per request; CPU 9.60 µs per request (user 5.10, system 4.50)" as far as known. */
    private String scheduling() {
        StringBuilder text = new StringBuilder();
        Double switches = switchesPerRequest();
        if (switches != null) {
            text.append(f("; %.2f context switches per request", switches));
        }
        Cpu cpu = facts.cpu();
        if (cpu != null && cpu.usPerRequest() != null) {
            text.append(f("; CPU %.2f µs per request (user %.2f, system %.2f)", cpu.usPerRequest(),
                    cpu.userUsPerRequest(), cpu.systemUsPerRequest()));
        }
        return text.toString();
    }

    /**
     * Adds a small-I/O finding when a call of the family carries under 1/{@link #DOMINANCE} of a batch's bytes —
     * a batch takes at least {@link #DOMINANCE} calls — and there are at least {@link #MIN_COUNT} calls.
     */
    private void smallIo(List<Finding> found, long calls, Long bytes, List<String> names, String word,
            String pattern, String meaning, String fix) {
        if (bytes == null || calls < MIN_COUNT) {
            return;
        }
        double batches = requests / (double) pipeline();
        double perCall = bytes / (double) calls;
        double perBatch = bytes / batches;
        if (perCall * DOMINANCE <= perBatch) {
            found.add(new Finding(pattern, f("%s: %.2f per batch of %s, %,.0f bytes per %s against %,.0f bytes "
                    + "per batch (threshold: under 1/%.1f of a batch per call) — %s", family(names, word),
                    calls / batches, batchOf(), perCall, word, perBatch, DOMINANCE, meaning), fix));
        }
    }

    /** The count per batch of {@link #pipeline()} requests, or {@code null} when requests are unknown or zero. */
    private Double perBatch(long count) {
        return requests == null || requests == 0 ? null : count * pipeline() / (double) requests;
    }

    /** "1 request (pipeline 1 assumed)", "16 requests". */
    private String batchOf() {
        int n = pipeline();
        return f("%d request%s%s", n, n == 1 ? "" : "s", facts.pipeline() == null ? " (pipeline 1 assumed)" : "");
    }

    private int pipeline() {
        return facts.pipeline() == null ? 1 : facts.pipeline();
    }

    private Double switchesPerRequest() {
        Long switches = facts.contextSwitches();
        if (switches == null && facts.cpu() != null) {
            switches = facts.cpu().contextSwitches();
        }
        return switches == null || requests == null || requests == 0 ? null : switches / (double) requests;
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
