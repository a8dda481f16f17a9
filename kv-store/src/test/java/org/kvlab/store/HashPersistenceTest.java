package org.kvlab.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.kvlab.store.DurabilityTest.b;
import static org.kvlab.store.DurabilityTest.s;
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
import org.kvlab.api.HashEntry;
import org.kvlab.api.Hashes;
import org.kvlab.api.Keyspace;

/** Every hash write reaches the log and snapshots: a reopened store holds the same hashes, in the same encodings. */
final class HashPersistenceTest {

    private static final List<String> KEYS = List.of("small", "big", "long", "counters", "emptied", "copied",
            "renamed");

    @TempDir
    Path dir;

    @TempDir
    Path copy;

    /** Each key's encoding, then its entries ({@code field=value}): a listpack's in order, a hash table's sorted. */
    private static Map<String, List<String>> contents(KvStore store) {
        Map<String, List<String>> out = new TreeMap<>();
        for (String key : KEYS) {
            String encoding = store.encoding(b(key));
            if (encoding == null) {
                continue;
            }
            List<String> entries = new ArrayList<>();
            entries.add(encoding);
            List<String> fields = new ArrayList<>();
            for (HashEntry e : store.hashes().entries(b(key))) {
                fields.add(s(e.field()) + "=" + s(e.value()));
            }
            if (encoding.equals("hashtable")) {
                java.util.Collections.sort(fields); // a hash table's order depends on how it was filled
            }
            entries.addAll(fields);
            out.put(key, entries);
        }
        return out;
    }

    private static HashEntry e(String field, String value) {
        return new HashEntry(b(field), b(value));
    }

    /** Every kind of hash write, on a listpack, a hash table by count and one by length. */
    private static void writeEverything(Keyspace k, String round) {
        Hashes h = k.hashes();
        h.set(b("small"), List.of(e("a", "1"), e("b", "2"), e("c", round)));
        h.set(b("small"), List.of(e("a", "updated" + round)));
        h.delete(b("small"), b("b"));
        h.setIfAbsent(b("small"), b("d"), b("4"));
        for (int i = 0; i < 200; i++) {
            h.set(b("big"), b("f" + i), b(round + i));
        }
        h.delete(b("big"), b("f7"), b("f8"));
        h.set(b("long"), List.of(e("x", "y".repeat(100))));
        h.incrBy(b("counters"), b("n"), 41);
        h.incrBy(b("counters"), b("n"), 1);
        h.incrByFloat(b("counters"), b("x"), b("0.1"));
        h.incrByFloat(b("counters"), b("x"), b("9223372036854775807"));
        h.set(b("emptied"), List.of(e("only", "one")));
        h.delete(b("emptied"), b("only"));
        k.copy(b("small"), 0, b("copied"), true);
        h.set(b("copied"), List.of(e("z", "26")));
        h.set(b("torename"), List.of(e("r", round)));
        k.rename(b("torename"), b("renamed"), false);
    }

    @Test
    void logReplay_restoresEveryHash() {
        Map<String, List<String>> written;
        try (KvStore store = KvStore.builder().dataDirectory(dir).fsync(FsyncPolicy.NO).build()) {
            writeEverything(store, "r1");
            written = contents(store);
        }
        assertEquals(List.of("hashtable"), written.get("big").subList(0, 1));
        assertEquals(List.of("hashtable", "x=" + "y".repeat(100)), written.get("long"));
        assertEquals(List.of("listpack", "a=updatedr1", "c=r1", "d=4"), written.get("small"));
        assertEquals(List.of("listpack", "n=42", "x=9223372036854775807"), written.get("counters"));
        try (KvStore reopened = KvStore.builder().dataDirectory(dir).build()) {
            assertEquals(written, contents(reopened));
        }
    }

    @Test
    void snapshotThenLog_restoresEveryHash() {
        Map<String, List<String>> written;
        try (KvStore store = KvStore.builder().dataDirectory(dir).fsync(FsyncPolicy.NO).build()) {
            writeEverything(store, "r1");
            store.save();
            writeEverything(store, "r2");
            written = contents(store);
        }
        try (KvStore reopened = KvStore.builder().dataDirectory(dir).build()) {
            assertEquals(written, contents(reopened));
            reopened.save();
        }
        try (KvStore again = KvStore.builder().dataDirectory(dir).build()) {
            assertEquals(written, contents(again), "a snapshot alone");
        }
    }

    @Test
    void hashesWrittenDuringABackgroundSnapshot_stayOutOfIt_andAreKept() throws Exception {
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

        Map<String, List<String>> before;
        Map<String, List<String>> after;
        try (KvStore store = KvStore.builder().dataDirectory(dir).fsync(FsyncPolicy.NO).fileIo(io).build()) {
            writeEverything(store, "old");
            before = contents(store);
            CompletableFuture<Void> saved = store.saveInBackground().toCompletableFuture();
            assertTrue(writing.await(30, TimeUnit.SECONDS));
            writeEverything(store, "new");
            store.hashes().delete(b("big"), b("f1"));
            release.countDown();
            saved.get(30, TimeUnit.SECONDS);
            after = contents(store);
        }
        assertTrue(!before.equals(after));

        Files.copy(dir.resolve(Persistence.SNAPSHOT), copy.resolve(Persistence.SNAPSHOT));
        try (KvStore snapshotOnly = KvStore.builder().dataDirectory(copy).build()) {
            assertEquals(before, contents(snapshotOnly), "the snapshot is the store when it started");
        }
        try (KvStore reopened = KvStore.builder().dataDirectory(dir).build()) {
            assertEquals(after, contents(reopened), "the snapshot and the log after it hold every write");
        }
    }
}
