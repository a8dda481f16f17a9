/**
 * {@code kv-bench load}: a closed-loop load generator on {@link org.kvlab.client.KvClient} over any client
 * transport, and the {@link org.kvlab.bench.load.LoadGenerator} API that {@code profile} and {@code experiment}
 * run in-process.
 */
package org.kvlab.bench.load;
