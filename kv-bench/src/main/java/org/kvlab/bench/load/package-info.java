/**
 * {@code kv-bench load}: a load generator on {@link org.kvlab.client.KvClient} over any client transport, in a
 * closed loop or an open one ({@code --rate}), for key-value requests or pub/sub fan-out ({@code --workload}), and
 * the {@link org.kvlab.bench.load.LoadGenerator} API that {@code profile} and {@code experiment} run in-process.
 */
package org.kvlab.bench.load;
