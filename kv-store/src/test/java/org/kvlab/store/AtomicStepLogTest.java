package org.kvlab.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.kvlab.store.DurabilityTest.b;
import static org.kvlab.store.DurabilityTest.contents;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kvlab.api.HashEntry;
import org.kvlab.api.KvPersistenceException;
import org.kvlab.api.ListEnd;

/**
 * In the write log, the changes of one {@link KvStore#atomically} step are all or nothing: a log cut anywhere inside
 * the step recovers the state before it, and the cut is made at the step's beginning.
 */
final class AtomicStepLogTest {

    @TempDir
    Path dir;

    private KvStore open(Path directory, boolean truncate) {
        return KvStore.builder().dataDirectory(directory).fsync(FsyncPolicy.NO).truncateCorruptLog(truncate).build();
    }

    /** The log of: a write, a step of several writes of several types and databases, a write; and its sizes. */
    private record Written(byte[] log, long beforeStep, long afterStep, Map<String, String> before,
            Map<String, String> after, Map<String, String> end) {
    }

    /** Every key of every database, as "db:key" to its {@link KeyContents} text. */
    private static Map<String, String> everything(KvStore store) {
        Map<String, String> out = new TreeMap<>();
        for (int db = 0; db < store.databaseCount(); db++) {
            int index = db;
            KeyContents.all(store.database(db)).forEach((key, text) -> out.put(index + ":" + key, text));
        }
        return out;
    }

    private Written writeStepBetweenTwoWrites() throws IOException {
        Path log = Persistence.logPath(dir, 1);
        try (KvStore store = open(dir, false)) {
            store.set(b("x"), b("0"));
            store.set(b("gone"), b("soon"));
            Map<String, String> before = everything(store);
            long beforeStep = Files.size(log);
            store.atomically(() -> {
                store.set(b("a"), b("1"));
                store.lists().push(b("l"), ListEnd.RIGHT, b("p"), b("q"));
                store.database(2).hashes().set(b("h"), List.of(new HashEntry(b("f"), b("v"))));
                store.delete(b("gone"));
                store.swapDatabases(0, 3); // nested: part of the same step
                store.set(b("b"), b("2"));
                return null;
            });
            long afterStep = Files.size(log);
            Map<String, String> after = everything(store);
            store.set(b("y"), b("3"));
            Map<String, String> end = everything(store);
            return new Written(Files.readAllBytes(log), beforeStep, afterStep, before, after, end);
        }
    }

    private Map<String, String> recoverCut(Written w, int length, Path into) throws IOException {
        Files.createDirectories(into);
        Files.write(Persistence.logPath(into, 1), Arrays.copyOf(w.log, length));
        try (KvStore store = open(into, false)) {
            return everything(store);
        }
    }

    @Test
    void logCutAnywhereInsideAStep_recoversTheStateBeforeIt_andCutsAtTheStepsBeginning() throws IOException {
        Written w = writeStepBetweenTwoWrites();
        assertTrue(w.afterStep - w.beforeStep > 100, "the step wrote its records");
        for (int cut = (int) w.beforeStep + 1; cut < w.afterStep; cut++) {
            Path copy = dir.resolve("cut-" + cut);
            assertEquals(w.before, recoverCut(w, cut, copy), "cut at " + cut);
            assertEquals(w.beforeStep, Files.size(Persistence.logPath(copy, 1)), "log cut back, cut at " + cut);
        }
    }

    @Test
    void logCutRightAfterAStep_orInTheNextRecord_keepsTheWholeStep() throws IOException {
        Written w = writeStepBetweenTwoWrites();
        assertEquals(w.after, recoverCut(w, (int) w.afterStep, dir.resolve("at-end")));
        assertEquals(w.after, recoverCut(w, w.log.length - 1, dir.resolve("torn-next")));
        assertEquals(w.end, recoverCut(w, w.log.length, dir.resolve("whole")));
    }

    @Test
    void damageInsideAStepBeforeTheEnd_refusesToStart_orWithTruncationCutsAtTheStep() throws IOException {
        Written w = writeStepBetweenTwoWrites();
        byte[] damaged = w.log.clone();
        int inside = (int) (w.beforeStep + (w.afterStep - w.beforeStep) / 2);
        damaged[inside] ^= 0x40;
        Path copy = dir.resolve("damaged");
        Files.createDirectories(copy);
        Files.write(Persistence.logPath(copy, 1), damaged);
        KvPersistenceException refused = assertThrows(KvPersistenceException.class, () -> open(copy, false));
        assertTrue(refused.getMessage().contains("at offset " + w.beforeStep), refused.getMessage());
        try (KvStore store = open(copy, true)) {
            assertEquals(w.before, everything(store));
        }
    }

    @Test
    void aStepThatChangesNothing_writesNothing() throws IOException {
        Path log = Persistence.logPath(dir, 1);
        try (KvStore store = open(dir, false)) {
            store.set(b("k"), b("v"));
            long size = Files.size(log);
            store.atomically(() -> store.get(b("k")));
            store.atomically(() -> store.delete(b("missing")));
            assertEquals(size, Files.size(log));
        }
    }

    @Test
    void aStepThatThrows_keepsWhatItChanged_inMemoryAndInTheLog() {
        try (KvStore store = open(dir, false)) {
            assertThrows(IllegalStateException.class, () -> store.atomically(() -> {
                store.set(b("k"), b("v"));
                throw new IllegalStateException("stop");
            }));
            store.set(b("after"), b("1"));
            assertEquals("v", DurabilityTest.s(store.get(b("k"))));
        }
        try (KvStore store = open(dir, false)) {
            assertEquals(Map.of("0:after", "1@-1", "0:k", "v@-1"), contents(store));
        }
    }

    @Test
    void swappedDatabases_areRecovered_fromTheLogAndFromASnapshot() {
        try (KvStore store = open(dir, false)) {
            store.set(b("k"), b("in0"));
            store.database(5).set(b("k"), b("in5"));
            store.database(5).set(b("only5"), b("x"));
            store.swapDatabases(0, 5);
            assertEquals("in5", DurabilityTest.s(store.get(b("k"))));
        }
        Map<String, String> expected = Map.of("0:k", "in5@-1", "0:only5", "x@-1", "5:k", "in0@-1");
        try (KvStore store = open(dir, false)) {
            assertEquals(expected, contents(store));
            store.save();
            store.swapDatabases(5, 0);
        }
        try (KvStore store = open(dir, false)) {
            assertEquals(Map.of("5:k", "in5@-1", "5:only5", "x@-1", "0:k", "in0@-1"), contents(store));
        }
    }

    @Test
    void save_insideAStep_isRefused() {
        try (KvStore store = open(dir, false)) {
            assertThrows(IllegalStateException.class, () -> store.atomically(() -> {
                store.save();
                return null;
            }));
            store.save(); // and the step's locks were released
        }
    }
}
