package org.kvlab.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.kvlab.store.DurabilityTest.b;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kvlab.api.HashEntry;
import org.kvlab.api.KeyFootprint;
import org.kvlab.api.Keyspace;
import org.kvlab.api.ListEnd;
import org.kvlab.api.SetOptions;

/**
 * What {@code MEMORY USAGE}, {@code DEBUG OBJECT} and {@code DEBUG RELOAD} ask of the store: a key's memory as the
 * store's accounting counts it, its footprint, and a reload that loses nothing.
 */
final class KeyIntrospectionTest {

    @TempDir
    Path dir;

    @Test
    void memoryUsage_isWhatTheKeyAddsToUsedMemory_andAbsentForNoKey() {
        try (KvStore store = KvStore.inMemory()) {
            assertEquals(Keyspace.ABSENT, store.memoryUsage(b("k")));
            long before = store.usedMemory();
            store.set(b("k"), b("value"));
            assertEquals(store.usedMemory() - before, store.memoryUsage(b("k")));
            long beforeHash = store.usedMemory();
            store.hashes().set(b("h"), List.of(new HashEntry(b("f1"), b("v1")), new HashEntry(b("f2"), b("v2"))));
            assertEquals(store.usedMemory() - beforeHash, store.memoryUsage(b("h")));
            assertEquals(Node.OVERHEAD + 1 + 5, store.memoryUsage(b("k")), "the entry, the key, the value");
            assertEquals(Node.OVERHEAD, store.entryOverhead());
        }
    }

    @Test
    void footprint_hasRedisEncodingAndSerializedLength_andIsNullForNoKey() {
        try (KvStore store = KvStore.inMemory()) {
            assertNull(store.footprint(b("none")));
            store.set(b("s"), b("v"));
            store.set(b("n"), b("123"));
            store.lists().push(b("l"), ListEnd.RIGHT, b("a"), b("b"), b("c"));
            KeyFootprint s = store.footprint(b("s"));
            assertEquals("embstr", s.encoding());
            assertEquals(2, s.serializedLength(), "a length byte and the byte, as Redis's serializedlength");
            assertEquals(store.memoryUsage(b("s")), s.memory());
            assertEquals(0, s.idleSeconds());
            assertEquals("int", store.footprint(b("n")).encoding());
            assertEquals(2, store.footprint(b("n")).serializedLength(), "an 8-bit integer encoding");
            assertEquals("quicklist", store.footprint(b("l")).encoding());
            assertEquals(19, store.footprint(b("l")).serializedLength(), "what Redis 7.0 says of RPUSH l a b c");
        }
    }

    @Test
    void reload_withADataDirectory_keepsEveryKeyOfEveryDatabase_andWritesGoOnAfterIt() {
        for (FsyncPolicy policy : FsyncPolicy.values()) {
            Path data = dir.resolve(policy.redisName());
            try (KvStore store = KvStore.builder().dataDirectory(data).fsync(policy).build()) {
                store.set(b("a"), b("1"));
                store.save();
                store.set(b("b"), b("2")); // after the last snapshot: in the log only
                store.database(3).set(b("c"), b("3"), new SetOptions(SetOptions.Condition.ALWAYS,
                        store.clock().millis() + 3_600_000, false, false));
                store.hashes().set(b("h"), List.of(new HashEntry(b("f"), b("v"))));
                long memory = store.usedMemory();

                store.reload();

                assertArrayEquals(b("1"), store.get(b("a")), policy.redisName());
                assertArrayEquals(b("2"), store.get(b("b")));
                assertArrayEquals(b("3"), store.database(3).get(b("c")));
                assertEquals(1, store.database(3).expiringKeys(), "the expiry came back with the key");
                assertArrayEquals(b("v"), store.hashes().get(b("h"), b("f")));
                assertEquals(memory, store.usedMemory(), "the same keys, the same accounting");
                store.set(b("d"), b("4"));
                store.durable().toCompletableFuture().join();
            }
            try (KvStore reopened = KvStore.builder().dataDirectory(data).build()) {
                assertArrayEquals(b("2"), reopened.get(b("b")));
                assertArrayEquals(b("4"), reopened.get(b("d")), "a write after the reload is logged");
            }
        }
    }

    @Test
    void reload_withoutADataDirectory_keepsTheDataAsItIs() {
        try (KvStore store = KvStore.inMemory()) {
            store.set(b("a"), b("1"));
            store.reload();
            assertArrayEquals(b("1"), store.get(b("a")));
        }
    }
}
