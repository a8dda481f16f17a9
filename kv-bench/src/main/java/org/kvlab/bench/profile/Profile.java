package org.kvlab.bench.profile;

import org.kvlab.bench.load.LoadResult;

/**
 * One profiled server: the load generator's result and both sides' syscall counts over the measured window.
 *
 * @param target the transport name, or {@code redis} for the baseline
 * @param load what the load generator measured (throughput, latency)
 * @param serverRequests the requests the server counted in the window (INFO {@code total_commands_processed},
 *     without the INFO calls themselves)
 * @param server the server's counts
 * @param client the load generator's counts
 * @param note what was not measured and why, or {@code null}
 */
public record Profile(String target, LoadResult load, long serverRequests, Side server, Side client, String note) {
}
