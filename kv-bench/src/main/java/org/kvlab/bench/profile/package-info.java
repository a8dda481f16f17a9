/**
 * {@code kv-bench profile}: the transport-swap experiment — the same workload against a kv-server process per
 * transport (and optionally redis-server), with {@code perf stat} attached to server and load generator for the
 * measured window only, requests counted exactly from INFO, and the report written as Markdown, JSON and HTML.
 */
package org.kvlab.bench.profile;
