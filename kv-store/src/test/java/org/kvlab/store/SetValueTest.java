package org.kvlab.store;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;
import org.kvlab.api.EncodingLimits;
import org.kvlab.api.ValueType;

/** The two encodings of a set, the conversion between them, and what the effects do. */
final class SetValueTest {

    private final EncodingLimits limits = new EncodingLimits();

    private static byte[] b(String s) {
        return s.getBytes(UTF_8);
    }

    private static List<String> strings(byte[][] members) {
        List<String> out = new ArrayList<>();
        for (byte[] m : members) {
            out.add(new String(m, UTF_8));
        }
        return out;
    }

    private SetValue setOf(String... members) {
        SetValue set = new SetValue();
        for (String m : members) {
            set.add(b(m), limits);
        }
        return set;
    }

    @Test
    void isInteger_acceptsOnlyRedisCanonicalDecimals() {
        for (String yes : new String[] {"0", "1", "-1", "42", "9223372036854775807", "-9223372036854775808"}) {
            assertTrue(Decimal.isInteger(b(yes)), yes);
        }
        for (String no : new String[] {"", "-", "-0", "01", "+1", " 1", "1 ", "1.0", "1e3", "0x1", "a",
            "9223372036854775808", "-9223372036854775809", "99999999999999999999", "000"}) {
            assertFalse(Decimal.isInteger(b(no)), no);
        }
    }

    @Test
    void decimal_writesTheCanonicalForm() {
        for (long v : new long[] {0, 7, -7, 10, -10, Long.MAX_VALUE, Long.MIN_VALUE, 32767, -32768, 65536}) {
            assertArrayEquals(b(Long.toString(v)), SetValue.decimal(v));
        }
    }

    @Test
    void integers_areAnIntset_listedAscending() {
        SetValue set = setOf("5", "-3", "100", "0", "5");
        assertEquals("intset", set.encoding());
        assertEquals(4, set.size());
        assertEquals(List.of("-3", "0", "5", "100"), strings(set.elements()));
        assertTrue(set.contains(b("100")));
        assertFalse(set.contains(b("0100")));
        assertFalse(set.contains(b("x")));
    }

    @Test
    void intset_widensTo32And64Bits_andKeepsOrder() {
        SetValue set = setOf("1", "-2");
        long small = set.memory();
        set.add(b("100000"), limits);
        long wide = set.memory();
        assertTrue(wide > small, "3 values of 4 bytes take more than 2 of 2");
        set.add(b("-9223372036854775808"), limits);
        set.add(b("9223372036854775807"), limits);
        assertEquals("intset", set.encoding());
        assertEquals(List.of("-9223372036854775808", "-2", "1", "100000", "9223372036854775807"),
                strings(set.elements()));
        assertTrue(set.remove(b("9223372036854775807")));
        assertTrue(set.remove(b("-9223372036854775808")));
        assertEquals(List.of("-2", "1", "100000"), strings(set.elements()));
    }

    @Test
    void intset_packsValuesInTheNarrowestWidth() {
        SetValue shorts = new SetValue();
        SetValue longs = new SetValue();
        for (int i = 0; i < 400; i++) {
            shorts.add(b(Integer.toString(i)), limits);
            longs.add(b(Long.toString(i + 10_000_000_000L)), limits);
        }
        assertEquals(400 * 6, longs.memory() - shorts.memory(), "8 bytes a value against 2");
    }

    @Test
    void aMemberThatIsNotAnInteger_convertsToHashtable() {
        SetValue set = setOf("1", "2", "3");
        assertTrue(set.add(b("01"), limits));
        assertEquals("hashtable", set.encoding());
        assertEquals(Set.of("1", "2", "3", "01"), new HashSet<>(strings(set.elements())));
        assertTrue(set.contains(b("2")));
        assertFalse(set.add(b("2"), limits));
    }

    @Test
    void intset_convertsPastSetMaxIntsetEntries_andNeverBack() {
        limits.set("set-max-intset-entries", "4");
        SetValue set = setOf("1", "2", "3", "4");
        assertEquals("intset", set.encoding());
        set.add(b("5"), limits);
        assertEquals("hashtable", set.encoding());
        set.remove(b("5"));
        set.remove(b("4"));
        assertEquals("hashtable", set.encoding());
        assertEquals(3, set.size());
    }

    @Test
    void setMaxIntsetEntriesZero_makesEverySetAHashtable() {
        limits.set("set-max-intset-entries", "0");
        assertEquals("hashtable", setOf("1").encoding());
    }

    @Test
    void hashtable_growsAndShrinks_keepingEveryMember() {
        SetValue set = setOf("a");
        for (int i = 0; i < 10_000; i++) {
            assertTrue(set.add(b("m" + i), limits));
        }
        assertEquals(10_001, set.size());
        long full = set.memory();
        for (int i = 0; i < 10_000; i += 2) {
            assertTrue(set.remove(b("m" + i)));
            assertFalse(set.remove(b("m" + i)));
        }
        for (int i = 0; i < 10_000; i++) {
            assertEquals(i % 2 == 1, set.contains(b("m" + i)), "m" + i);
        }
        for (int i = 1; i < 10_000; i += 2) {
            assertTrue(set.remove(b("m" + i)));
        }
        assertEquals(List.of("a"), strings(set.elements()));
        assertTrue(set.memory() < full / 100, "shrunk: " + set.memory() + " of " + full);
    }

    @Test
    void memory_countsEachMemberArray() {
        SetValue set = setOf("a");
        long before = set.memory();
        set.add(b("x".repeat(100)), limits);
        assertTrue(set.memory() - before >= 116, "a 100-byte member takes its array: " + (set.memory() - before));
    }

    @Test
    void scan_ofAnIntset_returnsEverythingWithCursorZero() {
        SetValue set = setOf("3", "1", "2");
        List<byte[]> out = new ArrayList<>();
        assertEquals(0, set.scan(0, 1, m -> true, out));
        assertEquals(List.of("1", "2", "3"), strings(out.toArray(new byte[0][])));
    }

    @Test
    void scan_ofAHashtable_returnsEveryMemberThatStays_whileItGrowsAndShrinks() {
        SetValue set = setOf("keep");
        for (int i = 0; i < 2000; i++) {
            set.add(b("k" + i), limits);
        }
        Set<String> seen = new HashSet<>();
        long cursor = 0;
        int step = 0;
        do {
            List<byte[]> out = new ArrayList<>();
            cursor = set.scan(cursor, 10, m -> true, out);
            for (byte[] m : out) {
                seen.add(new String(m, UTF_8));
            }
            step++;
            if (step == 20) {
                for (int i = 0; i < 4000; i++) {
                    set.add(b("new" + i), limits);
                }
            } else if (step == 200) {
                for (int i = 0; i < 4000; i++) {
                    set.remove(b("new" + i));
                }
                for (int i = 0; i < 1900; i++) {
                    set.remove(b("k" + i));
                }
            }
        } while (cursor != 0);
        assertTrue(seen.contains("keep"));
        for (int i = 1900; i < 2000; i++) {
            assertTrue(seen.contains("k" + i), "k" + i);
        }
    }

    @Test
    void scan_filtersButCountsWhatItExamined() {
        SetValue set = setOf("a");
        for (int i = 0; i < 100; i++) {
            set.add(b("m" + i), limits);
        }
        List<byte[]> out = new ArrayList<>();
        long cursor = set.scan(0, 1000, m -> m[0] == 'a', out);
        assertEquals(0, cursor);
        assertEquals(List.of("a"), strings(out.toArray(new byte[0][])));
    }

    @Test
    void random_returnsMembers_ofBothEncodings() {
        Random random = new Random(1);
        SetValue ints = setOf("1", "2", "3");
        SetValue words = setOf("a", "b", "c");
        Set<String> drawn = new TreeSet<>();
        for (int i = 0; i < 200; i++) {
            drawn.add(new String(ints.random(random), UTF_8));
            drawn.add(new String(words.random(random), UTF_8));
        }
        assertEquals(Set.of("1", "2", "3", "a", "b", "c"), drawn);
    }

    @Test
    void popRebuild_makesAnAllIntegerRemainderAnIntsetAgain() {
        SetValue set = setOf("a", "1", "2", "b");
        set.apply(SetValue.POP_REBUILD, new byte[][] {b("a"), b("b")}, limits);
        assertEquals("intset", set.encoding());
        assertEquals(List.of("1", "2"), strings(set.elements()));
        SetValue mixed = setOf("a", "1", "2", "b");
        mixed.apply(SetValue.POP_REBUILD, new byte[][] {b("b")}, limits);
        assertEquals("hashtable", mixed.encoding());
        assertEquals(3, mixed.size());
    }

    @Test
    void addAndRemoveEffects_changeTheSet() {
        SetValue set = (SetValue) Container.empty(ValueType.SET);
        set.apply(SetValue.ADD, new byte[][] {b("1"), b("x"), b("1")}, limits);
        assertEquals(2, set.size());
        set.apply(SetValue.REMOVE, new byte[][] {b("x"), b("nope")}, limits);
        assertEquals(List.of("1"), strings(set.elements()));
        assertThrows(IllegalArgumentException.class, () -> set.apply((byte) 0x3F, new byte[0][], limits));
    }

    @Test
    void load_choosesTheEncodingAFreshSetWouldHave() {
        SetValue ints = new SetValue();
        ints.load(new byte[][] {b("skip"), b("3"), b("1"), b("2")}, 1, limits);
        assertEquals("intset", ints.encoding());
        assertEquals(List.of("1", "2", "3"), strings(ints.elements()));
        SetValue sorted = new SetValue();
        sorted.load(ints.elements(), 0, limits);
        assertEquals(ints.memory(), sorted.memory());
        SetValue words = new SetValue();
        words.load(new byte[][] {b("1"), b("a")}, 0, limits);
        assertEquals("hashtable", words.encoding());
        limits.set("set-max-intset-entries", "2");
        SetValue many = new SetValue();
        many.load(new byte[][] {b("1"), b("2"), b("3")}, 0, limits);
        assertEquals("hashtable", many.encoding());
        assertEquals(3, many.size());
    }

    @Test
    void copy_isIndependent_inBothEncodings() {
        for (SetValue set : new SetValue[] {setOf("1", "2"), setOf("a", "b")}) {
            SetValue copy = (SetValue) set.copy();
            copy.add(b("3"), limits);
            copy.remove(b("1"));
            copy.remove(b("a"));
            assertEquals(2, set.size());
            assertTrue(set.contains(b("1")) || set.contains(b("a")));
            assertFalse(set.contains(b("3")));
            assertEquals(set.encoding(), copy.encoding());
        }
    }

    /** One step of the model property: add or remove member {@code member} (integers below 30, words above). */
    record Op(boolean add, int member) {
    }

    @Provide
    Arbitrary<List<Op>> ops() {
        return Combinators.combine(Arbitraries.of(true, true, false), Arbitraries.integers().between(0, 40))
                .as(Op::new).list().ofMaxSize(400);
    }

    @Property(tries = 200)
    void randomAddsAndRemoves_matchAJavaSet_andTheEncodingFollowsTheRules(@ForAll("ops") List<Op> ops) {
        limits.set("set-max-intset-entries", "16");
        SetValue set = new SetValue();
        Set<String> model = new HashSet<>();
        boolean converted = false;
        for (Op op : ops) {
            String member = op.member < 30 ? Integer.toString(op.member - 10) : "w" + op.member;
            if (op.add) {
                assertEquals(model.add(member), set.add(b(member), limits));
            } else {
                assertEquals(model.remove(member), set.remove(b(member)));
            }
            if (model.isEmpty()) {
                set = new SetValue();
                converted = false;
            }
            converted |= model.size() > 16 || model.stream().anyMatch(m -> m.startsWith("w"));
            assertEquals(converted ? "hashtable" : "intset", set.encoding());
            assertEquals(model.size(), set.size());
            assertEquals(model, new HashSet<>(strings(set.elements())));
        }
    }
}
