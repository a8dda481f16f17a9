package org.kvlab.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.kvlab.store.KeyContents.bytes;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kvlab.api.ExpireCondition;
import org.kvlab.api.HashEntry;
import org.kvlab.api.Keyspace;
import org.kvlab.api.KvPersistenceException;
import org.kvlab.api.ListEnd;
import org.kvlab.api.ScoredMember;
import org.kvlab.api.ZAddOptions;

/**
 * A store saved in RDB format and imported into a fresh data directory holds the same keys: every type in both its
 * encodings, integer and compressible strings, binary keys, expiries, several databases. The import is made durable
 * in kvlab's own format at once; a damaged or truncated file, or one with a database the store lacks, is refused
 * with its name and offset, and no store is built.
 */
final class RdbFileTest {

    private static final long NOW = 1_700_000_000_000L;

    @TempDir
    Path temp;

    static void populate(KvStore store) {
        Keyspace db0 = store.database(0);
        db0.set(bytes("int"), bytes("12345"));
        db0.set(bytes("negative"), bytes("-2147483648"));
        db0.set(bytes("big-int"), bytes("9223372036854775807"));
        db0.set(bytes("leading-zero"), bytes("007"));
        db0.set(bytes("empty"), new byte[0]);
        db0.set(bytes("long"), bytes("x".repeat(5000) + "y".repeat(5000)));
        db0.set(bytes("bin\u0000\u00ff\r\n"), new byte[] {0, (byte) 0xFF, 13, 10});
        db0.set(bytes("expiring"), bytes("soon"));
        db0.expire(bytes("expiring"), NOW + 60_000, ExpireCondition.ALWAYS);
        db0.hashes().set(bytes("small-hash"), List.of(new HashEntry(bytes("f"), bytes("1")),
                new HashEntry(bytes("g"), bytes("v"))));
        List<HashEntry> fields = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            fields.add(new HashEntry(bytes("field" + i), bytes("value" + i)));
        }
        db0.hashes().set(bytes("big-hash"), fields);
        db0.lists().push(bytes("small-list"), ListEnd.RIGHT, bytes("a"), bytes("1"), bytes("-5000"), bytes(""));
        byte[][] many = new byte[5000][];
        for (int i = 0; i < many.length; i++) {
            many[i] = bytes(i % 3 == 0 ? Integer.toString(i * 1000) : "element-" + i);
        }
        db0.lists().push(bytes("big-list"), ListEnd.RIGHT, many);
        db0.sets().add(bytes("int-set"), bytes("1"), bytes("-70000"), bytes("5000000000"));
        db0.sets().add(bytes("str-set"), bytes("a"), bytes("b"), bytes("1"));
        db0.sets().add(bytes("big-int-set"), many);
        db0.sortedSets().add(bytes("small-zset"), ZAddOptions.DEFAULT, List.of(new ScoredMember(bytes("a"), 1.5),
                new ScoredMember(bytes("b"), -3), new ScoredMember(bytes("c"), Double.POSITIVE_INFINITY),
                new ScoredMember(bytes("d"), 1e300), new ScoredMember(bytes("e"), 0.1)));
        List<ScoredMember> members = new ArrayList<>();
        for (int i = 0; i < 400; i++) {
            members.add(new ScoredMember(bytes("m" + i), i * 0.25 - 50));
        }
        members.add(new ScoredMember(bytes("neg-inf"), Double.NEGATIVE_INFINITY));
        db0.sortedSets().add(bytes("big-zset"), ZAddOptions.DEFAULT, members);
        db0.expire(bytes("big-zset"), NOW + 3_600_000, ExpireCondition.ALWAYS);
        Keyspace db3 = store.database(3);
        db3.set(bytes("int"), bytes("in db 3"));
        db3.lists().push(bytes("list"), ListEnd.LEFT, bytes("x"));
        store.database(15).set(bytes("last"), bytes("15"));
    }

    static Map<Integer, Map<String, String>> contents(KvStore store) {
        Map<Integer, Map<String, String>> out = new TreeMap<>();
        for (int db = 0; db < store.databaseCount(); db++) {
            Map<String, String> keys = KeyContents.all(store.database(db));
            if (!keys.isEmpty()) {
                out.put(db, keys);
            }
        }
        return out;
    }

    private KvStore open(Path directory, SnapshotFormat format) {
        return KvStore.builder().dataDirectory(directory).clock(new MutableClock(NOW)).snapshotFormat(format)
                .build();
    }

    /** Saves {@code source}'s data as an RDB and returns that file. */
    private Path saveRdb(Map<Integer, Map<String, String>>[] expected) throws IOException {
        Path source = temp.resolve("source");
        try (KvStore store = open(source, SnapshotFormat.RDB)) {
            populate(store);
            store.save();
            expected[0] = contents(store);
        }
        return source.resolve("dump.rdb");
    }

    @Test
    void save_inRdbFormat_thenImport_holdsEveryKeyAsSaved() throws IOException {
        @SuppressWarnings("unchecked")
        Map<Integer, Map<String, String>>[] expected = new Map[1];
        Path rdb = saveRdb(expected);
        assertTrue(Files.exists(rdb));
        Path target = temp.resolve("target");
        Files.createDirectories(target);
        Files.copy(rdb, target.resolve("dump.rdb"));
        try (KvStore store = open(target, SnapshotFormat.KVLAB)) {
            assertEquals(expected[0], contents(store));
            assertEquals("hashtable", store.database(0).encoding(bytes("big-hash")));
            assertEquals("listpack", store.database(0).encoding(bytes("small-hash")));
            assertEquals("intset", store.database(0).encoding(bytes("int-set")));
            assertEquals("skiplist", store.database(0).encoding(bytes("big-zset")));
        }
    }

    @Test
    void import_isDurableInKvlabFormat_andLaterWritesSurvive() throws IOException {
        @SuppressWarnings("unchecked")
        Map<Integer, Map<String, String>>[] expected = new Map[1];
        Path rdb = saveRdb(expected);
        Path target = temp.resolve("target");
        Files.createDirectories(target);
        Files.copy(rdb, target.resolve("dump.rdb"));
        try (KvStore store = open(target, SnapshotFormat.KVLAB)) {
            assertTrue(Files.exists(target.resolve(Persistence.SNAPSHOT)));
            store.database(0).set(bytes("after-import"), bytes("1"));
        }
        Files.delete(target.resolve("dump.rdb"));
        try (KvStore store = open(target, SnapshotFormat.KVLAB)) {
            expected[0].get(0).put("after-import", KeyContents.withExpiry(KeyContents.string("1"), Keyspace.NO_EXPIRY));
            assertEquals(expected[0], contents(store));
        }
    }

    @Test
    void rdbFile_isIgnored_onceTheDirectoryHoldsKvlabData() throws IOException {
        @SuppressWarnings("unchecked")
        Map<Integer, Map<String, String>>[] expected = new Map[1];
        Path rdb = saveRdb(expected);
        Path target = temp.resolve("target");
        try (KvStore store = open(target, SnapshotFormat.KVLAB)) {
            store.database(0).set(bytes("own"), bytes("data"));
        }
        Files.copy(rdb, target.resolve("dump.rdb"));
        try (KvStore store = open(target, SnapshotFormat.KVLAB)) {
            assertEquals(1, store.database(0).size());
        }
    }

    private KvPersistenceException importFails(byte[] file) throws IOException {
        Path target = temp.resolve("bad" + System.nanoTime());
        Files.createDirectories(target);
        Files.write(target.resolve("dump.rdb"), file);
        KvPersistenceException e = assertThrows(KvPersistenceException.class,
                () -> open(target, SnapshotFormat.KVLAB).close());
        assertTrue(e.getMessage().contains(target.resolve("dump.rdb").toString()), e.getMessage());
        assertTrue(e.getMessage().contains("at offset "), e.getMessage());
        assertFalse(Files.exists(target.resolve(Persistence.SNAPSHOT)));
        return e;
    }

    @Test
    void damagedOrTruncatedFile_isRefused_namingFileAndOffset() throws IOException {
        @SuppressWarnings("unchecked")
        Map<Integer, Map<String, String>>[] expected = new Map[1];
        byte[] good = Files.readAllBytes(saveRdb(expected));
        byte[] flipped = good.clone();
        flipped[good.length / 2] ^= 0x01;
        importFails(flipped);
        byte[] badChecksum = good.clone();
        badChecksum[good.length - 1] ^= 0x40;
        assertTrue(importFails(badChecksum).getMessage().contains("wrong checksum"));
        for (int length : new int[] {0, 5, 9, 20, good.length / 3, good.length - 9, good.length - 1}) {
            importFails(java.util.Arrays.copyOf(good, length));
        }
        byte[] notRdb = "hello world, not an rdb".getBytes();
        assertTrue(importFails(notRdb).getMessage().contains("not an RDB file"));
    }

    @Test
    void rdbWithMoreDatabasesThanTheStore_isRefused() throws IOException {
        @SuppressWarnings("unchecked")
        Map<Integer, Map<String, String>>[] expected = new Map[1];
        Path rdb = saveRdb(expected);
        Path target = temp.resolve("few");
        Files.createDirectories(target);
        Files.copy(rdb, target.resolve("dump.rdb"));
        KvPersistenceException e = assertThrows(KvPersistenceException.class,
                () -> KvStore.builder().dataDirectory(target).databases(4).build().close());
        assertTrue(e.getMessage().contains("database 15"), e.getMessage());
    }

    @Test
    void expiredKeys_areNotImported() throws IOException {
        Path source = temp.resolve("source");
        MutableClock clock = new MutableClock(NOW);
        try (KvStore store = KvStore.builder().dataDirectory(source).clock(clock).snapshotFormat(SnapshotFormat.RDB)
                .build()) {
            store.database(0).set(bytes("stays"), bytes("1"));
            store.database(0).set(bytes("goes"), bytes("2"));
            store.database(0).expire(bytes("goes"), NOW + 1000, ExpireCondition.ALWAYS);
            store.save();
        }
        Path target = temp.resolve("target");
        Files.createDirectories(target);
        Files.copy(source.resolve("dump.rdb"), target.resolve("dump.rdb"));
        try (KvStore store = KvStore.builder().dataDirectory(target).clock(new MutableClock(NOW + 2000)).build()) {
            assertEquals(1, store.database(0).size());
            assertTrue(store.database(0).exists(bytes("stays")));
        }
    }
}
