package org.kvlab.bench.load;

import java.time.Duration;
import java.util.Objects;

/**
 * What a {@link LoadGenerator} runs. Immutable; build with {@link #builder()}.
 *
 * @param transport the client transport (I/O model) by name; {@code null} selects as {@link
 *     org.kvlab.spi.Transports#select(String)} does
 * @param host the server's host
 * @param port the server's port, 1-65535
 * @param clients how many connections send requests (or, with per-request connections, how many
 *     connect-request-close loops run at once)
 * @param pipeline requests sent per batch on one connection, with one write
 * @param requests how many requests to send in all, or 0 to run for {@code duration}
 * @param duration how long to run when {@code requests} is 0
 * @param sets the SET share of the SET:GET ratio
 * @param gets the GET share of the SET:GET ratio
 * @param keyspace how many distinct keys are used, chosen uniformly at random
 * @param valueSize bytes per SET value
 * @param perRequestConnections whether every request opens its own connection and closes it after the reply
 * @param clientThreads event-loop threads of the client transport
 * @param test the redis-benchmark test to run, or {@code null} for the SET:GET ratio ({@code sets} and {@code gets}
 *     are then not used)
 * @param workload what the connections do; under {@link Workload#FANOUT} {@code clients} are publishers, each
 *     message {@code valueSize} bytes, and the ratio, key space and test are not used
 * @param subscribers the subscriber connections of {@link Workload#FANOUT}; not used otherwise
 * @param rate requests per second in all for an open loop (batches leave on schedule whether or not earlier
 *     replies came), or 0 for a closed loop (a connection's next batch leaves when its replies are in)
 * @param password the password every connection sends with {@code AUTH} on connect, or {@code null} for none (not
 *     with {@link Workload#FANOUT}, whose subscribers do not authenticate)
 */
public record LoadSpec(String transport, String host, int port, int clients, int pipeline, long requests,
        Duration duration, int sets, int gets, int keyspace, int valueSize, boolean perRequestConnections,
        int clientThreads, BenchmarkTest test, Workload workload, int subscribers, long rate, String password) {

    /** Validates the settings; each message says what was expected. */
    public LoadSpec {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(duration, "duration");
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port: " + port + " (expected: 1-65535)");
        }
        if (clients < 1) {
            throw new IllegalArgumentException("clients: " + clients + " (expected: > 0)");
        }
        if (pipeline < 1) {
            throw new IllegalArgumentException("pipeline: " + pipeline + " (expected: > 0)");
        }
        if (perRequestConnections && pipeline != 1) {
            throw new IllegalArgumentException("pipeline: " + pipeline
                    + " (expected: 1 with per-request connections, which send one request per connection)");
        }
        if (requests < 0) {
            throw new IllegalArgumentException("requests: " + requests + " (expected: >= 0, 0 to run for a duration)");
        }
        if (requests == 0 && (duration.isNegative() || duration.isZero())) {
            throw new IllegalArgumentException("duration: " + duration + " (expected: > 0 when requests is 0)");
        }
        if (sets < 0 || gets < 0 || sets + gets == 0) {
            throw new IllegalArgumentException("ratio: " + sets + ":" + gets
                    + " (expected: SET:GET, two non-negative integers, not both 0)");
        }
        if (keyspace < 1) {
            throw new IllegalArgumentException("keyspace: " + keyspace + " (expected: > 0)");
        }
        if (valueSize < 0 || valueSize > 64 * 1024 * 1024) {
            throw new IllegalArgumentException("valueSize: " + valueSize + " (expected: 0-67108864)");
        }
        if (clientThreads < 1) {
            throw new IllegalArgumentException("clientThreads: " + clientThreads + " (expected: > 0)");
        }
        Objects.requireNonNull(workload, "workload");
        if (subscribers < 1) {
            throw new IllegalArgumentException("subscribers: " + subscribers + " (expected: > 0)");
        }
        if (workload == Workload.FANOUT && test != null) {
            throw new IllegalArgumentException("test: " + test.testName()
                    + " (expected: none with the fanout workload, whose publishers send PUBLISH)");
        }
        if (workload == Workload.FANOUT && perRequestConnections) {
            throw new IllegalArgumentException("perRequestConnections: true (expected: false with the fanout "
                    + "workload, whose connections stay subscribed)");
        }
        if (rate < 0) {
            throw new IllegalArgumentException("rate: " + rate + " (expected: >= 0, 0 for a closed loop)");
        }
        if (password != null && workload == Workload.FANOUT) {
            throw new IllegalArgumentException("password: the fanout workload's subscribers do not authenticate "
                    + "(expected: no password with the fanout workload)");
        }
        if (rate > 0 && perRequestConnections) {
            throw new IllegalArgumentException("rate: " + rate
                    + " (expected: 0 with per-request connections, which connect for every request in a closed loop)");
        }
    }

    /**
     * Returns a builder holding the defaults: the kv workload, 50 clients, pipeline 1, 5 s, SET:GET 1:1 (no
     * redis-benchmark test), 100,000 keys, 3-byte values, a closed loop; 50 subscribers for the fanout workload.
     */
    public static Builder builder() {
        return new Builder();
    }

    /** Returns a builder holding these settings. */
    public Builder toBuilder() {
        return new Builder().transport(transport).host(host).port(port).clients(clients).pipeline(pipeline)
                .requests(requests).duration(duration).ratio(sets, gets).keyspace(keyspace).valueSize(valueSize)
                .perRequestConnections(perRequestConnections).clientThreads(clientThreads).test(test).workload(workload)
                .subscribers(subscribers).rate(rate).password(password);
    }

    /**
     * Parses a {@code SET:GET} ratio such as {@code 1:10}.
     *
     * @return {@code {sets, gets}}
     * @throws IllegalArgumentException naming the expected form
     */
    public static int[] parseRatio(String text) {
        String[] parts = text == null ? new String[0] : text.trim().split(":");
        try {
            if (parts.length == 2) {
                int sets = Integer.parseInt(parts[0].trim());
                int gets = Integer.parseInt(parts[1].trim());
                if (sets >= 0 && gets >= 0 && sets + gets > 0) {
                    return new int[] {sets, gets};
                }
            }
        } catch (NumberFormatException e) {
            // reported below with the expected form
        }
        throw new IllegalArgumentException("ratio: " + text
                + " (expected: SET:GET, two non-negative integers, not both 0, e.g. 1:10)");
    }

    /** Builds a {@link LoadSpec}; not thread-safe. */
    public static final class Builder {
        private String transport;
        private String host = "127.0.0.1";
        private String password;
        private int port = 6379;
        private int clients = 50;
        private int pipeline = 1;
        private long requests;
        private Duration duration = Duration.ofSeconds(5);
        private int sets = 1;
        private int gets = 1;
        private int keyspace = 100_000;
        private int valueSize = 3;
        private boolean perRequestConnections;
        private int clientThreads = 1;
        private BenchmarkTest test;
        private Workload workload = Workload.KV;
        private int subscribers = 50;
        private long rate;

        private Builder() {
        }

        /** Sets {@link LoadSpec#transport()}. */
        public Builder transport(String value) {
            this.transport = value;
            return this;
        }

        /** Sets {@link LoadSpec#host()}. */
        public Builder host(String value) {
            this.host = value;
            return this;
        }

        /** Sets {@link LoadSpec#port()}. */
        public Builder port(int value) {
            this.port = value;
            return this;
        }

        /** Sets {@link LoadSpec#clients()}. */
        public Builder clients(int value) {
            this.clients = value;
            return this;
        }

        /** Sets {@link LoadSpec#pipeline()}. */
        public Builder pipeline(int value) {
            this.pipeline = value;
            return this;
        }

        /** Sets {@link LoadSpec#requests()}; 0 runs for {@link LoadSpec#duration()}. */
        public Builder requests(long value) {
            this.requests = value;
            return this;
        }

        /** Sets {@link LoadSpec#duration()}. */
        public Builder duration(Duration value) {
            this.duration = value;
            return this;
        }

        /** Sets the SET:GET ratio. */
        public Builder ratio(int setShare, int getShare) {
            this.sets = setShare;
            this.gets = getShare;
            return this;
        }

        /** Sets {@link LoadSpec#keyspace()}. */
        public Builder keyspace(int value) {
            this.keyspace = value;
            return this;
        }

        /** Sets {@link LoadSpec#valueSize()}. */
        public Builder valueSize(int value) {
            this.valueSize = value;
            return this;
        }

        /** Sets {@link LoadSpec#perRequestConnections()}. */
        public Builder perRequestConnections(boolean value) {
            this.perRequestConnections = value;
            return this;
        }

        /** Sets {@link LoadSpec#clientThreads()}. */
        public Builder clientThreads(int value) {
            this.clientThreads = value;
            return this;
        }

        /** Sets {@link LoadSpec#test()}: a redis-benchmark test, or {@code null} for the SET:GET ratio. */
        public Builder test(BenchmarkTest value) {
            this.test = value;
            return this;
        }

        /** Sets {@link LoadSpec#workload()}. */
        public Builder workload(Workload value) {
            this.workload = value;
            return this;
        }

        /** Sets {@link LoadSpec#subscribers()}. */
        public Builder subscribers(int value) {
            this.subscribers = value;
            return this;
        }

        /** Sets {@link LoadSpec#rate()}: requests per second in all, or 0 for a closed loop. */
        public Builder rate(long value) {
            this.rate = value;
            return this;
        }

        /** Sets {@link LoadSpec#password()}: sent with {@code AUTH} on connect; {@code null} for none. */
        public Builder password(String value) {
            this.password = value;
            return this;
        }

        /** Returns the spec; throws {@link IllegalArgumentException} naming a bad setting. */
        public LoadSpec build() {
            return new LoadSpec(transport, host, port, clients, pipeline, requests, duration, sets, gets, keyspace,
                    valueSize, perRequestConnections, clientThreads, test, workload, subscribers, rate, password);
        }
    }
}
