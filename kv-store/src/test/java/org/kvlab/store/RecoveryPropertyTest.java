package org.kvlab.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.kvlab.store.DurabilityTest.b;
import static org.kvlab.store.DurabilityTest.contents;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.kvlab.api.ExpireCondition;
import org.kvlab.api.KvException;
import org.kvlab.api.SetOptions;

/** Random writes, snapshots and reopenings: a reopened store holds exactly what the store held when closed. */
final class RecoveryPropertyTest {

    /** One step: an operation code, two key indices and a time offset. */
    record Op(int code, int key, int other, int offset) {
    }

    @Provide
    Arbitrary<List<Op>> operations() {
        return Combinators.combine(Arbitraries.integers().between(0, 12), Arbitraries.integers().between(0, 6),
                        Arbitraries.integers().between(0, 6), Arbitraries.integers().between(-50, 200))
                .as(Op::new).list().ofMaxSize(80);
    }

    @Property(tries = 40)
    void reopenedStore_holdsWhatTheClosedOneHeld(@ForAll("operations") List<Op> ops) throws IOException {
        Path dir = Files.createTempDirectory("kvlab-recovery");
        MutableClock clock = new MutableClock(1_000_000);
        try {
            KvStore store = open(dir, clock);
            try {
                for (Op op : ops) {
                    byte[] key = b("k" + op.key);
                    byte[] other = b("k" + op.other);
                    long at = clock.millis() + op.offset;
                    try {
                        switch (op.code) {
                            case 0:
                                store.set(key, b("v" + op.offset));
                                break;
                            case 1:
                                store.set(key, b("e" + op.offset), new SetOptions(SetOptions.Condition.ALWAYS,
                                        Math.max(0, at), false, false));
                                break;
                            case 2:
                                store.delete(key);
                                break;
                            case 3:
                                store.expire(key, Math.max(0, at), ExpireCondition.values()[op.other % 5]);
                                break;
                            case 4:
                                store.persist(key);
                                break;
                            case 5:
                                store.rename(key, other, op.offset % 2 == 0);
                                break;
                            case 6:
                                store.setAll(new byte[][] {key, other}, new byte[][] {b("a"), b("b")}, op.offset > 0);
                                break;
                            case 7:
                                store.copy(key, op.other % 3, other, op.offset % 2 == 0);
                                break;
                            case 8:
                                store.update(key, old -> old == null ? b("u") : b(new String(old) + "u"));
                                break;
                            case 9:
                                store.database(op.other % 3).clear();
                                break;
                            case 10:
                                store.save();
                                break;
                            case 11:
                                clock.advance(Math.abs(op.offset));
                                break;
                            default:
                                Map<String, String> before = contents(store);
                                store.close();
                                store = open(dir, clock);
                                assertEquals(before, contents(store));
                                break;
                        }
                    } catch (KvException e) {
                        assertEquals("no such key", e.getMessage());
                    }
                }
                Map<String, String> before = contents(store);
                store.close();
                store = open(dir, clock);
                assertEquals(before, contents(store));
            } finally {
                store.close();
            }
        } finally {
            try (Stream<Path> files = Files.list(dir)) {
                for (Path file : (Iterable<Path>) files::iterator) {
                    Files.delete(file);
                }
            }
            Files.delete(dir);
        }
    }

    private static KvStore open(Path dir, MutableClock clock) {
        return KvStore.builder().dataDirectory(dir).clock(clock).databases(3).fsync(FsyncPolicy.NO).build();
    }
}
