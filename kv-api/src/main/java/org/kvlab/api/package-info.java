/**
 * The embedded key-value API: {@link org.kvlab.api.KeyValueStore} and its {@link org.kvlab.api.Keyspace}s,
 * the options of a write ({@link org.kvlab.api.SetOptions}, {@link org.kvlab.api.ExpireCondition}) and the
 * {@link org.kvlab.api.KvException} hierarchy. Keys and values are binary-safe {@code byte[]}.
 */
package org.kvlab.api;
