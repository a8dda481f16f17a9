package org.kvlab.bench.load;

import java.util.Arrays;
import java.util.Locale;

/**
 * What the connections of a {@link LoadGenerator} do, by the name {@code --workload} takes. The other rows of the
 * seed's pattern table are settings of {@link #KV}: pipeline 1 (all counts very high), per-request connections
 * (accept and close both high), large values (read ≫ write on the server), {@code --rate} (low counts overall).
 */
public enum Workload {

    /** Key-value requests: the SET:GET ratio, or one of redis-benchmark's tests ({@code -t}). */
    KV("kv", 50),
    /**
     * Pub/sub fan-out: publisher connections send {@code PUBLISH} to one channel that {@link LoadSpec#subscribers()}
     * other connections are subscribed to; every message is written to every subscriber (write ≫ read on the
     * server). One publisher unless {@code --clients} says otherwise.
     */
    FANOUT("fanout", 1);

    private final String cliName;
    private final int defaultClients;

    Workload(String cliName, int defaultClients) {
        this.cliName = cliName;
        this.defaultClients = defaultClients;
    }

    /** Returns the name {@code --workload} takes, e.g. {@code fanout}. */
    public String cliName() {
        return cliName;
    }

    /** Returns the connections that send requests when {@code --clients} is not given: 50, or 1 publisher. */
    public int defaultClients() {
        return defaultClients;
    }

    /**
     * Returns the workload named {@code name}, in any case.
     *
     * @throws IllegalArgumentException naming the known workloads
     */
    public static Workload parse(String name) {
        for (Workload w : values()) {
            if (w.cliName.equals(name == null ? null : name.trim().toLowerCase(Locale.ROOT))) {
                return w;
            }
        }
        throw new IllegalArgumentException("workload: " + name + " (expected: one of "
                + String.join(", ", Arrays.stream(values()).map(Workload::cliName).toList()) + ")");
    }
}
