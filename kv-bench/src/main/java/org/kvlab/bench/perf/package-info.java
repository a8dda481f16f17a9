/**
 * Linux {@code perf stat}: parsing its output ({@link org.kvlab.bench.perf.PerfStatParser}) into syscall counts
 * ({@link org.kvlab.bench.perf.PerfCounts}), and probing and running it against a process
 * ({@link org.kvlab.bench.perf.PerfStat}).
 */
package org.kvlab.bench.perf;
