/**
 * {@link org.kvlab.bench.clients.ClientComparison}: a runnable comparison of KvClient, Jedis and Lettuce (and
 * {@code redis-benchmark}) against one {@code redis-server} under the same closed-loop SET/GET workload.
 */
package org.kvlab.bench.clients;
