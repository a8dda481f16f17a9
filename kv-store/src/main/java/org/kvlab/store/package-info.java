/**
 * The embedded engine: {@link org.kvlab.store.KvStore}, an implementation of {@link org.kvlab.api.KeyValueStore}
 * holding numbered databases of binary keys in memory, with lazy and active expiry, an optional memory limit and,
 * given a data directory, a CRC-checked write-ahead log, snapshots and recovery.
 */
package org.kvlab.store;
