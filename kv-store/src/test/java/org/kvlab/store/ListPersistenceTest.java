package org.kvlab.store;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.kvlab.store.DurabilityTest.b;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.doAnswer;
import static org.mockito.Mockito.spy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kvlab.api.ExpireCondition;
import org.kvlab.api.Keyspace;
import org.kvlab.api.ListEnd;
import org.kvlab.api.Lists;
import org.kvlab.api.ValueType;

/**
 * Lists survive a restart: every list operation's effects replay from the write log to the same lists, a snapshot
 * holds them, and a list changed while a background snapshot runs is in the snapshot as it was when it started.
 */
final class ListPersistenceTest {

    @TempDir
    Path dir;

    @TempDir
    Path copy;

    /** Every list operation, on lists that span several nodes of 4 elements, in two databases. */
    private static void writeEveryOperation(KvStore store) {
        store.encodingLimits().set("list-max-listpack-size", "4");
        for (int db = 0; db < 2; db++) {
            Keyspace k = store.database(db);
            Lists lists = k.lists();
            for (int i = 0; i < 30; i++) {
                lists.push(b("a"), i % 3 == 0 ? ListEnd.LEFT : ListEnd.RIGHT, b("v" + i), b(Integer.toString(i % 5)));
            }
            lists.pushIfExists(b("a"), ListEnd.LEFT, b("x"), b("y"));
            lists.pushIfExists(b("none"), ListEnd.LEFT, b("x"));
            lists.pop(b("a"), ListEnd.LEFT);
            lists.pop(b("a"), ListEnd.RIGHT, 3);
            lists.set(b("a"), 7, b("set"));
            lists.set(b("a"), -2, b("x".repeat(300)));
            lists.insertBefore(b("a"), b("3"), b("before"));
            lists.insertAfter(b("a"), b("v20"), b("after"));
            lists.remove(b("a"), 2, b("1"));
            lists.remove(b("a"), -1, b("2"));
            lists.remove(b("a"), 0, b("4"));
            lists.trim(b("a"), 2, -3);
            lists.push(b("b"), ListEnd.RIGHT, b("1"), b("2"), b("3"), b("4"), b("5"));
            lists.move(b("b"), b("b"), ListEnd.LEFT, ListEnd.RIGHT);
            lists.move(b("b"), b("c"), ListEnd.RIGHT, ListEnd.LEFT);
            lists.move(b("a"), b("c"), ListEnd.LEFT, ListEnd.RIGHT);
            lists.multiPop(List.of(b("none"), b("b")), ListEnd.LEFT, 2);
            lists.push(b("gone"), ListEnd.RIGHT, b("1"));
            lists.pop(b("gone"), ListEnd.LEFT);
            lists.push(b("expiring"), ListEnd.RIGHT, b("e"));
            k.expire(b("expiring"), store.clock().millis() + 3_600_000, ExpireCondition.ALWAYS);
            k.copy(b("a"), db, b("copied"), false);
            k.rename(b("c"), b("renamed"), false);
        }
    }

    /** Every list of every database, as {@code db:key} to its elements and expiry. */
    static Map<String, String> lists(KvStore store) {
        Map<String, String> out = new TreeMap<>();
        for (int db = 0; db < store.databaseCount(); db++) {
            Keyspace keyspace = store.database(db);
            long cursor = 0;
            do {
                var result = keyspace.scan(cursor, 100, key -> true);
                for (byte[] key : result.keys()) {
                    if (keyspace.type(key) == ValueType.LIST) {
                        List<String> elements = new ArrayList<>();
                        for (byte[] e : keyspace.lists().range(key, 0, -1)) {
                            elements.add(new String(e, ISO_8859_1));
                        }
                        out.put(db + ":" + new String(key, ISO_8859_1),
                                elements + "@" + keyspace.expiryMillis(key));
                    }
                }
                cursor = result.cursor();
            } while (cursor != 0);
        }
        return out;
    }

    @Test
    void everyListOperation_replaysFromTheLog() {
        Map<String, String> written;
        try (KvStore store = KvStore.builder().dataDirectory(dir).fsync(FsyncPolicy.ALWAYS).build()) {
            writeEveryOperation(store);
            written = lists(store);
        }
        assertEquals(10, written.size(), "a, b, renamed, expiring and copied in two databases: " + written);
        try (KvStore reopened = KvStore.builder().dataDirectory(dir).build()) {
            assertEquals(written, lists(reopened));
        }
    }

    @Test
    void aSnapshot_holdsTheLists_andTheLogAfterItTheRest() throws Exception {
        Map<String, String> saved;
        Map<String, String> written;
        try (KvStore store = KvStore.builder().dataDirectory(dir).fsync(FsyncPolicy.NO).build()) {
            writeEveryOperation(store);
            store.save();
            saved = lists(store);
            store.database(0).lists().push(b("a"), ListEnd.LEFT, b("after the snapshot"));
            store.database(1).lists().remove(b("a"), 0, b("set"));
            written = lists(store);
        }
        Files.copy(dir.resolve(Persistence.SNAPSHOT), copy.resolve(Persistence.SNAPSHOT));
        try (KvStore snapshotOnly = KvStore.builder().dataDirectory(copy).build()) {
            assertEquals(saved, lists(snapshotOnly));
        }
        try (KvStore reopened = KvStore.builder().dataDirectory(dir).build()) {
            assertEquals(written, lists(reopened));
        }
    }

    @Test
    void compressedLists_keepEveryElement_inTheLogTheSnapshotAndAnRdb() throws Exception {
        Map<String, String> written;
        java.io.ByteArrayOutputStream rdb = new java.io.ByteArrayOutputStream();
        try (KvStore store = KvStore.builder().dataDirectory(dir).fsync(FsyncPolicy.NO).build()) {
            store.encodingLimits().set("list-compress-depth", "1");
            Lists lists = store.database(0).lists();
            for (int i = 0; i < 3000; i++) {
                lists.push(b("long"), i % 2 == 0 ? ListEnd.RIGHT : ListEnd.LEFT,
                        b("compressible element " + i % 10), b(Integer.toString(i)));
            }
            store.save();
            lists.set(b("long"), 2500, b("set"));
            lists.insertBefore(b("long"), b("1234"), b("inserted"));
            lists.trim(b("long"), 100, -100);
            writeEveryOperation(store);
            written = lists(store);
            store.writeRdb(rdb, () -> { });
        }
        try (KvStore reopened = KvStore.builder().dataDirectory(dir).build()) {
            assertEquals(written, lists(reopened), "the snapshot and the log after it");
        }
        try (KvStore loaded = KvStore.builder().build()) {
            loaded.loadRdb(new java.io.ByteArrayInputStream(rdb.toByteArray()), "test");
            assertEquals(written, lists(loaded), "the RDB");
        }
    }

    @Test
    void listsChangedDuringABackgroundSnapshot_stayOutOfIt_andAreKept() throws Exception {
        FileIo io = spy(new SystemFileIo());
        CountDownLatch writing = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        doAnswer(call -> {
            if (call.<Path>getArgument(0).getFileName().toString().equals(Persistence.TEMPORARY)) {
                writing.countDown();
                assertTrue(release.await(30, TimeUnit.SECONDS));
            }
            return call.callRealMethod();
        }).when(io).open(any());

        Map<String, String> before;
        Map<String, String> after;
        try (KvStore store = KvStore.builder().dataDirectory(dir).fsync(FsyncPolicy.NO).fileIo(io).build()) {
            writeEveryOperation(store);
            before = lists(store);
            CompletableFuture<Void> saved = store.saveInBackground().toCompletableFuture();
            assertTrue(writing.await(30, TimeUnit.SECONDS));
            Lists lists = store.database(0).lists();
            lists.push(b("a"), ListEnd.RIGHT, b("during"), b("the"), b("snapshot"));
            lists.set(b("a"), 0, b("changed"));
            lists.pop(b("b"), ListEnd.LEFT, 100);
            lists.move(b("renamed"), b("fresh"), ListEnd.LEFT, ListEnd.LEFT);
            lists.trim(b("copied"), 1, 1);
            release.countDown();
            saved.get(30, TimeUnit.SECONDS);
            after = lists(store);
        }
        assertTrue(!before.equals(after));
        Files.copy(dir.resolve(Persistence.SNAPSHOT), copy.resolve(Persistence.SNAPSHOT));
        try (KvStore snapshotOnly = KvStore.builder().dataDirectory(copy).build()) {
            assertEquals(before, lists(snapshotOnly), "the snapshot holds the lists as they were when it started");
        }
        try (KvStore reopened = KvStore.builder().dataDirectory(dir).build()) {
            assertEquals(after, lists(reopened), "the snapshot and the log after it hold every change");
        }
    }
}
