/**
 * {@code kv-bench experiment}: the seed's "possible fix" column as runnable A/B pairs — batching, non-blocking
 * I/O, connection pooling, group commit — each pair's syscalls per request side by side.
 */
package org.kvlab.bench.experiment;
