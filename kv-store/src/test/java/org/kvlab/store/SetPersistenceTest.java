package org.kvlab.store;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
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
import org.kvlab.api.Sets;
import org.kvlab.api.ValueType;

/** Sets survive a restart: every write replays from the log, and snapshots hold them, also while being written. */
final class SetPersistenceTest {

    @TempDir
    Path dir;

    @TempDir
    Path copy;

    private static byte[] b(String s) {
        return s.getBytes(UTF_8);
    }

    private static byte[][] bs(String... s) {
        byte[][] out = new byte[s.length][];
        for (int i = 0; i < s.length; i++) {
            out[i] = b(s[i]);
        }
        return out;
    }

    /**
     * Every live key of database 0: a set as its sorted members, then its encoding when {@code withEncoding}, a
     * string as its value; each with its expiry.
     */
    private static Map<String, String> contents(KvStore store, boolean withEncoding) {
        Map<String, String> out = new TreeMap<>();
        long cursor = 0;
        do {
            var result = store.scan(cursor, 100, k -> true);
            for (byte[] key : result.keys()) {
                String value;
                if (store.type(key) == ValueType.SET) {
                    List<String> members = new ArrayList<>();
                    for (byte[] m : store.sets().members(key)) {
                        members.add(new String(m, UTF_8));
                    }
                    members.sort(null);
                    value = members + (withEncoding ? " " + store.encoding(key) : "");
                } else {
                    value = new String(store.get(key), UTF_8);
                }
                out.put(new String(key, UTF_8), value + "@" + store.expiryMillis(key));
            }
            cursor = result.cursor();
        } while (cursor != 0);
        return out;
    }

    /** Runs every kind of set write, including random ones, both encodings and conversions. */
    private static void writeEverything(KvStore store) {
        Sets sets = store.sets();
        sets.add(b("ints"), bs("3", "1", "2", "100000", "-9223372036854775808"));
        sets.add(b("words"), bs("a", "b", "c", "1"));
        sets.remove(b("words"), bs("b", "z"));
        for (int i = 0; i < 600; i++) {
            sets.add(b("big"), b(Integer.toString(i)));
        }
        sets.remove(b("big"), bs("0", "1", "2"));
        sets.pop(b("big"));
        sets.pop(b("big"), 3);
        for (int i = 0; i < 30; i++) {
            sets.add(b("rebuilt"), b(i == 0 ? "a" : Integer.toString(i)));
        }
        sets.pop(b("rebuilt"), 25);
        sets.add(b("gone"), bs("x"));
        sets.pop(b("gone"), 5);
        sets.move(b("words"), b("moved"), b("a"));
        sets.move(b("ints"), b("words"), b("3"));
        store.set(b("dest"), b("a string"));
        sets.intersectionStore(b("dest"), b("ints"), b("words"));
        sets.unionStore(b("union"), b("ints"), b("words"), b("moved"));
        sets.add(b("d1"), bs("x", "1", "2", "3", "4", "5", "6", "7", "8", "9"));
        sets.add(b("d2"), bs("x"));
        sets.add(b("d3"), bs("1"));
        sets.differenceStore(b("diff2"), b("d1"), b("d2"), b("d3"));
        sets.differenceStore(b("diff1"), b("d1"), b("d2"));
        sets.intersectionStore(b("union"), b("none"), b("ints"));
        store.expire(b("words"), store.clock().millis() + 3_600_000, ExpireCondition.ALWAYS);
        sets.add(b("words"), bs("after-expire"));
    }

    @Test
    void everySetWrite_replaysFromTheLog_withItsEncoding() {
        Map<String, String> written;
        try (KvStore store = KvStore.builder().dataDirectory(dir).fsync(FsyncPolicy.NO).build()) {
            writeEverything(store);
            written = contents(store, true);
        }
        assertEquals("[2, 3, 4, 5, 6, 7, 8, 9] hashtable@-1", written.get("diff2"), "Redis's add-then-remove diff");
        assertEquals("[1, 2, 3, 4, 5, 6, 7, 8, 9] intset@-1", written.get("diff1"));
        assertEquals("[1] intset@-1", written.get("dest"));
        try (KvStore reopened = KvStore.builder().dataDirectory(dir).build()) {
            assertEquals(written, contents(reopened, true));
        }
    }

    @Test
    void aSnapshot_holdsEverySet() {
        Map<String, String> written;
        try (KvStore store = KvStore.builder().dataDirectory(dir).fsync(FsyncPolicy.NO).build()) {
            writeEverything(store);
            store.save();
            written = contents(store, false);
        }
        assertTrue(Files.exists(dir.resolve(Persistence.SNAPSHOT)));
        try (KvStore reopened = KvStore.builder().dataDirectory(dir).build()) {
            assertEquals(written, contents(reopened, false));
            assertEquals("intset", reopened.encoding(b("ints")));
            assertEquals("hashtable", reopened.encoding(b("big")));
        }
    }

    @Test
    void setsWrittenDuringABackgroundSnapshot_stayOutOfIt_andAreKept() throws Exception {
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
            Sets sets = store.sets();
            sets.add(b("ints"), bs("1", "2", "3"));
            for (int i = 0; i < 100; i++) {
                sets.add(b("table"), b("m" + i));
            }
            before = contents(store, false);
            CompletableFuture<Void> saved = store.saveInBackground().toCompletableFuture();
            assertTrue(writing.await(30, TimeUnit.SECONDS));
            sets.add(b("ints"), bs("4", "x"));
            sets.remove(b("table"), bs("m1", "m2"));
            sets.pop(b("table"), 10);
            byte[] kept = sets.randomMember(b("table")); // a member SPOP left, whichever it chose
            sets.move(b("table"), b("fresh"), kept);
            sets.unionStore(b("ints"), b("ints"), b("fresh"));
            store.expire(b("fresh"), store.clock().millis() + 60_000, ExpireCondition.ALWAYS);
            release.countDown();
            saved.get(30, TimeUnit.SECONDS);
            after = contents(store, false);
        }

        Files.copy(dir.resolve(Persistence.SNAPSHOT), copy.resolve(Persistence.SNAPSHOT));
        try (KvStore snapshotOnly = KvStore.builder().dataDirectory(copy).build()) {
            assertEquals(before, contents(snapshotOnly, false), "the snapshot is the store when it started");
        }
        try (KvStore reopened = KvStore.builder().dataDirectory(dir).build()) {
            assertEquals(after, contents(reopened, false), "the snapshot and the log after it hold every write");
            assertTrue(reopened.expiryMillis(b("fresh")) > 0);
            assertEquals(Keyspace.NO_EXPIRY, reopened.expiryMillis(b("ints")));
        }
    }
}
