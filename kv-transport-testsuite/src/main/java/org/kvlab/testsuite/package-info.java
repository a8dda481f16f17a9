/**
 * The transport conformance suite: abstract tests that every transport module extends with one line naming
 * itself, so that swapping the transport provably changes nothing but the I/O. The tests run a real
 * {@link org.kvlab.server.KvServer} on loopback and drive it with real clients: Jedis, Lettuce, raw sockets, and
 * {@code redis-cli}/{@code redis-benchmark} when they are installed.
 */
package org.kvlab.testsuite;
