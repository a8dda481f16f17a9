package org.kvlab.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.kvlab.store.DurabilityTest.b;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.doAnswer;
import static org.mockito.Mockito.spy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kvlab.api.Aggregate;
import org.kvlab.api.LexRange;
import org.kvlab.api.ScoreRange;
import org.kvlab.api.ScoredMember;
import org.kvlab.api.SortedSetRange;
import org.kvlab.api.SortedSets;
import org.kvlab.api.ZAddOptions;

/** Every sorted-set write survives a restart, from the log alone and from a snapshot, taken in the background too. */
final class SortedSetPersistenceTest {

    private static final List<String> KEYS =
            List.of("small", "big", "long", "copy", "union", "inter", "diff", "popped");

    @TempDir
    Path dir;

    @TempDir
    Path copy;

    /** Each key's encoding and members with their scores' exact bits (or, {@code exact} false, as numbers). */
    static Map<String, String> contents(KvStore store, boolean exact) {
        Map<String, String> out = new TreeMap<>();
        for (String key : KEYS) {
            StringBuilder sb = new StringBuilder(exact ? String.valueOf(store.encoding(b(key))) : "");
            for (ScoredMember m : store.sortedSets().range(b(key), SortedSetRange.byRank(0, -1))) {
                double s = m.score();
                sb.append(' ').append(new String(m.member(), StandardCharsets.ISO_8859_1)).append('=')
                        .append(exact ? Long.toHexString(Double.doubleToRawLongBits(s)) : s == 0 ? "0" : s);
            }
            out.put(key, sb.toString());
        }
        return out;
    }

    /** Runs every kind of sorted-set write, on listpacks and skiplists. */
    static void writeAll(SortedSets z, int round) {
        z.add(b("small"), ZAddOptions.DEFAULT, List.of(new ScoredMember(b("a"), 1), new ScoredMember(b("b"), 2.5),
                new ScoredMember(b("c"), -0.0), new ScoredMember(b("d" + round), Double.NEGATIVE_INFINITY)));
        z.addIncrement(b("small"), new ZAddOptions(ZAddOptions.Condition.IF_PRESENT, ZAddOptions.Comparison.GREATER,
                false), b("a"), 0.1);
        z.incrementBy(b("small"), b("e"), 1e20);
        z.remove(b("small"), b("b"));
        for (int i = 0; i < 300; i++) {
            z.add(b("big"), ZAddOptions.DEFAULT, List.of(new ScoredMember(b("m" + i), (i * 7919 + round) % 301)));
        }
        z.popMin(b("big"), 3);
        z.popMax(b("big"), 2);
        z.removeRangeByRank(b("big"), 10, 20);
        z.removeRangeByScore(b("big"), new ScoreRange(100, true, 120, false));
        z.add(b("big"), ZAddOptions.DEFAULT, List.of(new ScoredMember(b("neg"), -0.0)));
        z.add(b("long"), ZAddOptions.DEFAULT, List.of(new ScoredMember(b("x".repeat(100)), 5),
                new ScoredMember(b("y"), 0), new ScoredMember(b("z"), 0), new ScoredMember(b("w"), 0)));
        z.removeRangeByLex(b("long"), new LexRange(LexRange.Bound.MINUS, LexRange.Bound.exclusive(b("y"))));
        z.rangeStore(b("copy"), b("big"), SortedSetRange.byScore(ScoreRange.closed(0, 50)).limit(0, 30));
        z.unionStore(b("union"), List.of(b("small"), b("long"), b("absent")), new double[] {2, -1, 3}, Aggregate.MAX);
        z.interStore(b("inter"), List.of(b("big"), b("copy")), null, Aggregate.SUM);
        z.diffStore(b("diff"), List.of(b("big"), b("copy")));
        z.add(b("popped"), ZAddOptions.DEFAULT, List.of(new ScoredMember(b("p"), 1), new ScoredMember(b("q"), 2)));
        z.multiPop(List.of(b("absent"), b("popped")), true, 1);
    }

    @Test
    void everyWrite_replaysFromTheLog_exactly() {
        Map<String, String> before;
        try (KvStore store = KvStore.builder().dataDirectory(dir).build()) {
            writeAll(store.sortedSets(), 0);
            writeAll(store.sortedSets(), 1);
            before = contents(store, true);
        }
        assertTrue(before.get("big").startsWith("skiplist") && before.get("small").startsWith("listpack"));
        assertTrue(before.get("big").contains("neg=8000000000000000"), "a skiplist keeps -0.0");
        try (KvStore reopened = KvStore.builder().dataDirectory(dir).build()) {
            assertEquals(before, contents(reopened, true));
        }
    }

    @Test
    void snapshot_thenMoreWrites_reopensToTheSameContents() throws Exception {
        Map<String, String> atSave;
        Map<String, String> atClose;
        try (KvStore store = KvStore.builder().dataDirectory(dir).build()) {
            writeAll(store.sortedSets(), 0);
            store.save();
            atSave = contents(store, false);
            writeAll(store.sortedSets(), 1);
            atClose = contents(store, false);
        }
        Files.copy(dir.resolve(Persistence.SNAPSHOT), copy.resolve(Persistence.SNAPSHOT));
        try (KvStore snapshotOnly = KvStore.builder().dataDirectory(copy).build()) {
            assertEquals(atSave, contents(snapshotOnly, false));
        }
        try (KvStore reopened = KvStore.builder().dataDirectory(dir).build()) {
            assertEquals(atClose, contents(reopened, false));
        }
    }

    @Test
    void writesDuringABackgroundSnapshot_stayOutOfItAndAreKept() throws Exception {
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
            writeAll(store.sortedSets(), 0);
            before = contents(store, false);
            CompletableFuture<Void> saved = store.saveInBackground().toCompletableFuture();
            assertTrue(writing.await(30, TimeUnit.SECONDS));
            writeAll(store.sortedSets(), 1);
            store.sortedSets().remove(b("small"), b("a"), b("c"));
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
        }
    }
}
