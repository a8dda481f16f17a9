/**
 * JMH benchmarks: the micro view of the questions {@code kv-bench profile} asks at the system level. Shaded into
 * {@code kv-bench/target/benchmarks.jar}; run them all quickly with
 * {@code java -jar kv-bench/target/benchmarks.jar -f 1 -wi 2 -i 3}, one with its class name as a regular
 * expression, and add a profiler with {@code -prof gc} (allocation per operation) or {@code -prof perfnorm} where
 * hardware counters are available.
 *
 * <ul>
 *   <li>{@link org.kvlab.bench.jmh.StoreBenchmark}: the in-memory store's get and put against a plain
 *       {@code ConcurrentHashMap}.</li>
 *   <li>{@link org.kvlab.bench.jmh.TypedStoreBenchmark}: the store's hash, list, sorted-set and set operations against
 *       the closest JDK collections ({@code HashMap}, {@code ArrayDeque}, {@code TreeSet}, {@code HashSet}).</li>
 *   <li>{@link org.kvlab.bench.jmh.RespBenchmark}: RESP request parsing (bytes per second) and reply encoding.</li>
 *   <li>{@link org.kvlab.bench.jmh.LoopbackBenchmark}: a loopback round trip per transport, pipelined and not.</li>
 *   <li>{@link org.kvlab.bench.jmh.WalBenchmark}: durable writes under each fsync policy, and group commit.</li>
 * </ul>
 */
package org.kvlab.bench.jmh;
