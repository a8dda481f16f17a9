package org.kvlab.bench.load;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;
import org.kvlab.client.KvClient;
import org.kvlab.client.KvConnectionException;
import org.kvlab.client.KvServerException;
import org.kvlab.spi.ClientTransport;
import org.kvlab.spi.IoCounters;
import org.kvlab.spi.TransportConfig;
import org.kvlab.spi.Transports;

/**
 * A load generator on {@link KvClient}: {@link LoadSpec#clients()} dedicated {@link org.kvlab.client.KvConnection}s
 * each send batches of {@link LoadSpec#pipeline()} requests (the SET:GET ratio, one {@link BenchmarkTest}, whose
 * keys {@link #open} prepares first, or the fan-out workload's PUBLISH) with one write each. In a closed loop a
 * connection sends its next batch from the transport's read thread the moment the last one's replies are in; with
 * a {@link LoadSpec#rate()} a {@link Pacer} sends them on schedule instead (an open loop). Latencies go to an
 * HdrHistogram {@code Recorder}; a closed loop's are corrected for coordinated omission (see {@link LoadResult}).
 *
 * <p>The fan-out workload also opens {@link LoadSpec#subscribers()} {@link Subscriber}s, subscribed before the
 * first run, and a run ends only once they received every message its PUBLISHes reached (or stalled).
 *
 * <p>Use {@link #run(LoadSpec, Progress)} for one run, or {@link #open(LoadSpec)} to keep the connections for
 * several phases — a warm-up, then a measured window that starts only after the warm-up's last reply, so an
 * observer ({@code perf}, INFO) can be attached in between. Not thread-safe: one caller drives it.
 */
public final class LoadGenerator implements AutoCloseable {

    private static final long STALL_NANOS = TimeUnit.SECONDS.toNanos(10);

    /** The channel the fan-out workload publishes to. */
    static final String FANOUT_CHANNEL = "kv-bench:fanout";

    private final LoadSpec spec;
    private final KvClient client;
    private final List<PersistentLoop> loops = new ArrayList<>();
    private final List<Subscriber> subscribers = new ArrayList<>();
    /** The subscribers' own transport, or {@code null} without subscribers. */
    private ClientTransport subscriberTransport;
    private long seed = 0x2545F4914F6CDD1DL;

    private LoadGenerator(LoadSpec spec, KvClient client) {
        this.spec = spec;
        this.client = client;
    }

    /**
     * Where a run reports its progress once a second, or {@link #NONE}.
     *
     * @param out the stream to print to
     * @param overwrite whether to redraw one line with carriage returns (for a terminal) rather than print lines
     */
    public record Progress(PrintWriter out, boolean overwrite) {

        /** No progress line. */
        public static final Progress NONE = new Progress(null, false);
    }

    /**
     * Runs {@code spec} once on fresh connections and closes them.
     *
     * @throws IOException if the server cannot be reached
     * @throws org.kvlab.spi.TransportUnavailableException if the client transport cannot run here
     * @throws InterruptedException if interrupted while waiting for the run
     */
    public static LoadResult run(LoadSpec spec, Progress progress) throws IOException, InterruptedException {
        try (LoadGenerator generator = open(spec)) {
            return generator.run(progress);
        }
    }

    /**
     * Creates the client (which connects once to check the server is there) and, unless the spec asks for
     * per-request connections, opens its connections; for the fan-out workload, opens and subscribes the
     * subscribers too.
     *
     * @throws IOException if the server cannot be reached
     * @throws org.kvlab.spi.TransportUnavailableException if the client transport cannot run here
     * @throws KvServerException if the server refuses to prepare the workload (a test's keys, SUBSCRIBE)
     */
    public static LoadGenerator open(LoadSpec spec) throws IOException {
        Objects.requireNonNull(spec, "spec");
        TransportConfig config = TransportConfig.builder().port(0).eventLoops(spec.clientThreads()).build();
        KvClient client;
        try {
            KvClient.Builder builder = KvClient.builder().host(spec.host()).port(spec.port())
                    .transport(spec.transport()).transportConfig(config).poolSize(1);
            if (spec.password() != null) {
                builder.password(spec.password());
            }
            client = builder.build();
        } catch (KvConnectionException e) {
            throw new IOException(e.getMessage(), e);
        }
        LoadGenerator generator = new LoadGenerator(spec, client);
        try {
            if (spec.test() != null) {
                spec.test().prepare(client, BenchmarkTest.value(spec.valueSize()));
            }
            if (spec.workload() == Workload.FANOUT) {
                generator.subscriberTransport = Transports.select(spec.transport()).createClient(config);
                byte[] channel = FANOUT_CHANNEL.getBytes(StandardCharsets.US_ASCII);
                for (int i = 0; i < spec.subscribers(); i++) {
                    generator.subscribers.add(Subscriber.open(generator.subscriberTransport, client.address(),
                            channel));
                }
            }
            if (!spec.perRequestConnections()) {
                for (int i = 0; i < spec.clients(); i++) {
                    generator.loops.add(new PersistentLoop(spec.pipeline(), generator.newMix(), client.connection()));
                }
            }
        } catch (KvConnectionException e) {
            generator.close();
            throw new IOException(e.getMessage(), e);
        } catch (IOException | RuntimeException e) {
            generator.close();
            throw e;
        }
        return generator;
    }

    /** Returns the spec this generator runs. */
    public LoadSpec spec() {
        return spec;
    }

    /** Returns the name of the client transport in use. */
    public String transportName() {
        return client.transportName();
    }

    /**
     * Runs until the spec's request count is answered, or for its duration.
     *
     * @throws InterruptedException if interrupted while waiting
     */
    public LoadResult run(Progress progress) throws InterruptedException {
        return runPhase(spec.requests(), spec.requests() == 0 ? spec.duration() : null, progress);
    }

    /**
     * Runs for {@code duration} regardless of the spec's stop condition (a warm-up, or a measured window).
     *
     * @throws IllegalArgumentException if {@code duration} is not positive
     * @throws InterruptedException if interrupted while waiting
     */
    public LoadResult runFor(Duration duration, Progress progress) throws InterruptedException {
        if (duration.isNegative() || duration.isZero()) {
            throw new IllegalArgumentException("duration: " + duration + " (expected: > 0)");
        }
        return runPhase(0, duration, progress);
    }

    /** Closes every connection, the subscribers' too, and the client. Idempotent. */
    @Override
    public void close() {
        subscribers.forEach(Subscriber::close);
        if (subscriberTransport != null) {
            subscriberTransport.close();
        }
        client.close();
    }

    /**
     * Returns the core count and, when the server is on this machine and there are 2 cores or fewer, a warning
     * that load generator and server share them.
     */
    public static String coreNote(String host) {
        int cores = Runtime.getRuntime().availableProcessors();
        String note = "cores: " + cores;
        if (cores <= 2 && isLocal(host)) {
            note += " — warning: the load generator and the server share " + cores
                    + (cores == 1 ? " core" : " cores")
                    + ", so each slows the other; compare runs made on this machine only with each other";
        }
        return note;
    }

    private static boolean isLocal(String host) {
        try {
            InetAddress a = InetAddress.getByName(host);
            return a.isLoopbackAddress() || a.isAnyLocalAddress() || java.net.NetworkInterface.getByInetAddress(a) != null;
        } catch (UnknownHostException | java.net.SocketException e) {
            return false;
        }
    }

    private RequestMix newMix() {
        seed = seed * 6364136223846793005L + 1442695040888963407L;
        if (spec.workload() == Workload.FANOUT) {
            return RequestMix.publish(FANOUT_CHANNEL.getBytes(StandardCharsets.US_ASCII), spec.valueSize(),
                    spec.pipeline());
        }
        return spec.test() == null
                ? RequestMix.ratio(spec.sets(), spec.gets(), spec.keyspace(), spec.valueSize(), seed, spec.pipeline())
                : RequestMix.of(spec.test(), spec.keyspace(), spec.valueSize(), seed, spec.pipeline());
    }

    private LoadResult runPhase(long requests, Duration duration, Progress progress) throws InterruptedException {
        long now = System.nanoTime();
        boolean paced = spec.rate() > 0;
        // an open loop keeps to its schedule's window itself: late batches that were due in it are still sent
        long deadline = duration == null || paced ? now + TimeUnit.DAYS.toNanos(365) : now + duration.toNanos();
        IoCounters.Snapshot ioBefore = ioSnapshot();
        long deliveredBefore = delivered();
        List<ChurnLoop> churners = new ArrayList<>();
        Phase phase;
        long setsBefore = 0;
        long getsBefore = 0;
        long nullsBefore = 0;
        long batchesBefore = 0;
        long receiversBefore = 0;
        List<Thread> threads = new ArrayList<>();
        if (spec.perRequestConnections()) {
            phase = new Phase(requests, deadline, spec.clients());
            for (int i = 0; i < spec.clients(); i++) {
                ChurnLoop churner = new ChurnLoop(client, newMix(), phase);
                churners.add(churner);
                Thread t = new Thread(churner, "kv-bench-churn-" + i);
                t.setDaemon(true);
                threads.add(t);
            }
            threads.forEach(Thread::start);
        } else {
            phase = new Phase(requests, deadline, paced ? 1 : loops.size());
            for (PersistentLoop loop : loops) {
                setsBefore += loop.sets();
                getsBefore += loop.gets();
                nullsBefore += loop.nulls();
                batchesBefore += loop.batches();
                receiversBefore += loop.integers();
            }
            if (paced) {
                long window = duration == null ? Long.MAX_VALUE : duration.toNanos();
                Thread pacer = new Thread(new Pacer(loops, phase, spec.rate(), spec.pipeline(), phase.startNanos(),
                        window), "kv-bench-pacer");
                pacer.setDaemon(true);
                threads.add(pacer);
                pacer.start();
            } else {
                for (PersistentLoop loop : loops) {
                    loop.start(phase);
                }
            }
        }
        awaitEnd(phase, progress);
        long elapsedNanos = System.nanoTime() - phase.startNanos();
        for (Thread t : threads) {
            t.join(TimeUnit.SECONDS.toMillis(15));
        }
        long sets = 0;
        long gets = 0;
        long nulls = 0;
        long batches = 0;
        long receivers = 0;
        if (spec.perRequestConnections()) {
            for (ChurnLoop c : churners) {
                sets += c.sets();
                gets += c.gets();
                nulls += c.nulls();
            }
            batches = sets + gets;
        } else {
            for (PersistentLoop loop : loops) {
                sets += loop.sets();
                gets += loop.gets();
                nulls += loop.nulls();
                batches += loop.batches();
                receivers += loop.integers();
            }
            sets -= setsBefore;
            gets -= getsBefore;
            nulls -= nullsBefore;
            batches -= batchesBefore;
            receivers -= receiversBefore;
        }
        LoadResult.Fanout fanout = null;
        if (spec.workload() == Workload.FANOUT) {
            fanout = awaitDeliveries(phase.startNanos(), deliveredBefore, receivers);
        }
        IoCounters.Snapshot io = ioSnapshot().minus(ioBefore);
        Histogram measured = phase.total();
        long errors = phase.errors();
        long answered = phase.completed();
        long ok = answered - phase.errorReplies();
        double intervalNanos;
        Histogram corrected;
        if (paced) {
            intervalNanos = spec.pipeline() * 1e9 * spec.clients() / spec.rate();
            corrected = measured;
            measured = phase.serviceTotal();
        } else {
            intervalNanos = batches == 0 ? 0 : (double) elapsedNanos * spec.clients() / batches;
            corrected = intervalNanos >= 1
                    ? measured.copyCorrectedForCoordinatedOmission((long) intervalNanos) : measured.copy();
        }
        double seconds = elapsedNanos / 1e9;
        return new LoadResult(client.transportName(), spec.clients(), spec.pipeline(), spec.perRequestConnections(), ok,
                errors, sets, gets, nulls, Duration.ofNanos(elapsedNanos), seconds > 0 ? answered / seconds : 0,
                LoadResult.Latency.of(corrected), LoadResult.Latency.of(measured), intervalNanos / 1000.0,
                io, spec.test() == null ? null : spec.test().title(), spec.workload().cliName(), spec.rate(), fanout,
                new LoadResult.Histograms(corrected, measured));
    }

    /**
     * Waits until the subscribers counted {@code receivers} messages more than {@code deliveredBefore}, or until no
     * message arrived for 10 s, and returns what they received since {@code startNanos}.
     */
    private LoadResult.Fanout awaitDeliveries(long startNanos, long deliveredBefore, long receivers)
            throws InterruptedException {
        long last = -1;
        long lastChange = System.nanoTime();
        long delivered;
        while ((delivered = delivered() - deliveredBefore) < receivers) {
            long now = System.nanoTime();
            if (delivered != last) {
                last = delivered;
                lastChange = now;
            } else if (now - lastChange > STALL_NANOS) {
                break;
            }
            Thread.sleep(1);
        }
        long end = startNanos;
        for (Subscriber s : subscribers) {
            end = Math.max(end, s.lastMessageNanos());
        }
        double seconds = (end - startNanos) / 1e9;
        return new LoadResult.Fanout(subscribers.size(), receivers, delivered, Duration.ofNanos(end - startNanos),
                seconds > 0 ? delivered / seconds : 0);
    }

    /** Returns the messages every subscriber received so far. */
    private long delivered() {
        long sum = 0;
        for (Subscriber s : subscribers) {
            sum += s.messages();
        }
        return sum;
    }

    /** Returns the client transports' I/O counts, the subscribers' included. */
    private IoCounters.Snapshot ioSnapshot() {
        IoCounters.Snapshot a = client.ioCounters().snapshot();
        if (subscriberTransport == null) {
            return a;
        }
        IoCounters.Snapshot b = subscriberTransport.counters().snapshot();
        return new IoCounters.Snapshot(a.reads() + b.reads(), a.writes() + b.writes(), a.accepts() + b.accepts(),
                a.connects() + b.connects(), a.closes() + b.closes(), a.wakeups() + b.wakeups(),
                a.bytesRead() + b.bytesRead(), a.bytesWritten() + b.bytesWritten());
    }

    private void awaitEnd(Phase phase, Progress progress) throws InterruptedException {
        // an open loop may be scheduled to send nothing for longer than the stall allowance
        long stallNanos = STALL_NANOS + (spec.rate() > 0 ? (long) (spec.pipeline() * 1e9 / spec.rate()) : 0);
        long lastCompleted = -1;
        long lastChange = System.nanoTime();
        long lastPrint = lastChange;
        boolean abandoned = false;
        while (!phase.stopped().await(progress.out() == null ? 200 : 100, TimeUnit.MILLISECONDS)) {
            long now = System.nanoTime();
            long completed = phase.completed() + phase.errors();
            if (completed != lastCompleted) {
                lastCompleted = completed;
                lastChange = now;
            } else if (now - lastChange > stallNanos && !abandoned) {
                phase.cancel();
                for (PersistentLoop loop : loops) {
                    loop.close();
                }
                abandoned = true;
            } else if (abandoned && now - lastChange > 2 * stallNanos) {
                return;
            }
            if (progress.out() != null && now - lastPrint >= TimeUnit.SECONDS.toNanos(1)) {
                printProgress(phase, progress, now - lastPrint, now);
                lastPrint = now;
            }
        }
        if (progress.out() != null && progress.overwrite()) {
            progress.out().print("\r" + " ".repeat(100) + "\r");
            progress.out().flush();
        }
    }

    private void printProgress(Phase phase, Progress progress, long intervalNanos, long now) {
        Histogram interval = phase.drainInterval();
        long count = interval.getTotalCount();
        String line = String.format(Locale.ROOT, "[%5.1f s] %,10.0f ops/s  p50 %8.1f us  p99 %8.1f us  errors %d",
                (now - phase.startNanos()) / 1e9, count / (intervalNanos / 1e9),
                interval.getValueAtPercentile(50) / 1000.0, interval.getValueAtPercentile(99) / 1000.0,
                phase.errors());
        if (progress.overwrite()) {
            progress.out().print("\r" + line);
        } else {
            progress.out().println(line);
        }
        progress.out().flush();
    }
}
