/**
 * The {@code kv-bench} command line ({@link org.kvlab.bench.KvBenchMain}): one picocli subcommand per tool —
 * {@code interpret} here, {@code load} in {@link org.kvlab.bench.load}.
 */
package org.kvlab.bench;
