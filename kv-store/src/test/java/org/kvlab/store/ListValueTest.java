package org.kvlab.store;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.kvlab.api.EncodingLimits;

/**
 * The quicklist layout of {@link ListValue}: nodes fill to {@code list-max-listpack-size} and split, merge and
 * shrink at that bound, at both ends and inside, while the list reads as a plain sequence.
 */
final class ListValueTest {

    private final EncodingLimits limits = new EncodingLimits();

    private ListValue list(int fill) {
        limits.set("list-max-listpack-size", Integer.toString(fill));
        return new ListValue();
    }

    private void apply(ListValue list, byte op, byte[]... args) {
        list.apply(op, args, limits);
        checkLayout(list, limits.listMaxListpackSize());
    }

    private void apply(ListValue list, byte op, long number, byte[] element) {
        apply(list, op, ListValue.number(number), element);
    }

    static byte[] b(String s) {
        return s.getBytes(ISO_8859_1);
    }

    /** Elements {@code prefix0 .. prefix(n-1)}, each padded with dots to {@code length} bytes. */
    private static byte[][] elements(String prefix, int n, int length) {
        byte[][] out = new byte[n][];
        for (int i = 0; i < n; i++) {
            StringBuilder s = new StringBuilder(prefix).append(i);
            while (s.length() < length) {
                s.append('.');
            }
            out[i] = b(s.toString());
        }
        return out;
    }

    private static List<String> contents(ListValue list) {
        List<String> out = new ArrayList<>();
        for (byte[] e : list.elements()) {
            out.add(new String(e, ISO_8859_1));
        }
        return out;
    }

    private static List<String> strings(byte[][] elements) {
        List<String> out = new ArrayList<>();
        for (byte[] e : elements) {
            out.add(new String(e, ISO_8859_1));
        }
        return out;
    }

    /**
     * Asserts the node counts add up to the size, no node is empty, and every node of more than one element is within
     * the bound {@code fill} sets (bytes from the entries' sizes, or a count).
     */
    static void checkLayout(ListValue list, int fill) {
        int[] sizes = list.nodeSizes();
        byte[][] all = list.elements();
        assertEquals(list.size(), all.length);
        assertEquals(list.size(), Arrays.stream(sizes).sum(), "node counts add up to the size");
        int at = 0;
        for (int count : sizes) {
            assertTrue(count > 0, "no empty node: " + Arrays.toString(sizes));
            long bytes = 0;
            for (int k = 0; k < count; k++) {
                bytes += ListValue.entryBytes(all[at++]);
            }
            if (count > 1) {
                int f = Math.max(fill, -5);
                long bound = f < 0 ? 4096L << (-f - 1) : 8192;
                assertTrue(bytes <= bound, "node of " + bytes + " bytes within " + bound);
                assertTrue(f < 0 || count <= f, "node of " + count + " elements within " + f);
            }
        }
    }

    /**
     * Asserts that under compress depth {@code depth} the nodes within it of either end are raw, and none is
     * compressed under depth 0.
     */
    static void checkEndsRaw(ListValue list, int depth) {
        boolean[] compressed = list.compressedNodes();
        for (int i = 0; i < compressed.length; i++) {
            boolean end = depth == 0 || i < depth || i >= compressed.length - depth;
            assertTrue(!end || !compressed[i], "node " + i + " of " + compressed.length + " raw at depth " + depth);
        }
    }

    /** Asserts the nodes more than {@code depth} from either end are compressed: for lists of compressible nodes. */
    private static void checkInsideCompressed(ListValue list, int depth) {
        checkEndsRaw(list, depth);
        boolean[] compressed = list.compressedNodes();
        for (int i = depth; i < compressed.length - depth; i++) {
            assertTrue(depth == 0 || compressed[i], "node " + i + " of " + compressed.length + " compressed");
        }
    }

    @Test
    void compressDepth_keepsTheEndsRawAndTheInsideCompressed_throughEveryChange() {
        for (int depth = 0; depth <= 2; depth++) {
            limits.set("list-compress-depth", Integer.toString(depth));
            ListValue list = list(-1);
            List<String> model = new ArrayList<>();
            byte[][] right = elements("r", 2000, 40);
            byte[][] left = elements("l", 2000, 40);
            apply(list, ListValue.PUSH_RIGHT, right);
            apply(list, ListValue.PUSH_LEFT, left);
            model.addAll(strings(right));
            for (byte[] e : left) {
                model.add(0, new String(e, ISO_8859_1));
            }
            assertTrue(list.nodeSizes().length > 2 * depth + 4, "several nodes inside");
            checkInsideCompressed(list, depth);
            assertEquals(model, contents(list));
            for (int index : new int[] {1, 700, 2000, 3300, 3998}) {
                apply(list, ListValue.INSERT, index, b("inserted-" + index));
                model.add(index, "inserted-" + index);
                apply(list, ListValue.SET, index + 5, b("set-" + index + "-".repeat(300)));
                model.set(index + 5, "set-" + index + "-".repeat(300));
                checkInsideCompressed(list, depth);
            }
            assertEquals(model, contents(list));
            assertEquals(model.subList(1000, 3001), strings(list.range(1000, 3000)));
            assertEquals(model.get(2222), new String(list.get(2222), ISO_8859_1));
            apply(list, ListValue.POP_LEFT, ListValue.number(300));
            apply(list, ListValue.POP_RIGHT, ListValue.number(450));
            model.subList(model.size() - 450, model.size()).clear();
            model.subList(0, 300).clear();
            checkInsideCompressed(list, depth);
            apply(list, ListValue.TRIM, ListValue.number(1200), ListValue.number(1300));
            model.subList(model.size() - 1300, model.size()).clear();
            model.subList(0, 1200).clear();
            checkInsideCompressed(list, depth);
            apply(list, ListValue.REMOVE, 0, b("set-2000-" + "-".repeat(300)));
            assertEquals(model, contents(list));
            checkInsideCompressed(list, depth);
        }
    }

    @Test
    void compressDepth_changed_appliesToTheWholeListAtItsNextChange() {
        ListValue list = list(-2);
        byte[][] es = elements("e", 5000, 30);
        apply(list, ListValue.PUSH_RIGHT, es);
        long raw = list.memory();
        checkInsideCompressed(list, 0);
        limits.set("list-compress-depth", "1");
        apply(list, ListValue.PUSH_RIGHT, b("one more"));
        checkInsideCompressed(list, 1);
        long compressed = list.memory();
        assertTrue(compressed < raw / 2, compressed + " bytes compressed, " + raw + " raw");
        ListValue copy = (ListValue) list.copy();
        assertEquals(contents(list), contents(copy));
        assertEquals(5001, copy.size());
        limits.set("list-compress-depth", "0");
        apply(list, ListValue.POP_RIGHT, ListValue.number(1));
        checkInsideCompressed(list, 0);
        assertEquals(strings(es), contents(list));
        assertTrue(list.memory() > compressed);
    }

    @Test
    void incompressibleNodes_stayRaw() {
        limits.set("list-compress-depth", "1");
        ListValue list = list(-1);
        Random random = new Random(3);
        byte[][] es = new byte[3000][];
        for (int i = 0; i < es.length; i++) {
            es[i] = new byte[20];
            random.nextBytes(es[i]);
        }
        apply(list, ListValue.PUSH_RIGHT, es);
        boolean[] compressed = list.compressedNodes();
        assertTrue(compressed.length > 4);
        for (boolean c : compressed) {
            assertTrue(!c, "random bytes do not compress");
        }
        assertArrayEquals(es, list.elements());
    }

    @Test
    void pushRight_fillsANodeToItsByteBound_thenStartsANewOne() {
        ListValue list = list(-1);
        byte[][] values = elements("e", 150, 60);
        assertEquals(62, ListValue.entryBytes(values[0]), "1 header byte, 60 bytes, 1 back-length byte");
        apply(list, ListValue.PUSH_RIGHT, values);
        assertArrayEquals(new int[] {66, 66, 18}, list.nodeSizes(), "4096 bytes hold 66 entries of 62");
        assertEquals(strings(values), contents(list));
    }

    @Test
    void pushLeft_fillsNodesTowardsTheHead() {
        ListValue list = list(-1);
        byte[][] values = elements("e", 150, 60);
        apply(list, ListValue.PUSH_LEFT, values);
        assertArrayEquals(new int[] {18, 66, 66}, list.nodeSizes());
        List<String> reversed = strings(values);
        Collections.reverse(reversed);
        assertEquals(reversed, contents(list));
    }

    @Test
    void positiveFill_boundsTheElementsPerNode_atBothEnds() {
        ListValue list = list(4);
        apply(list, ListValue.PUSH_RIGHT, elements("r", 10, 1));
        assertArrayEquals(new int[] {4, 4, 2}, list.nodeSizes());
        apply(list, ListValue.PUSH_LEFT, elements("l", 3, 1));
        assertArrayEquals(new int[] {3, 4, 4, 2}, list.nodeSizes());
        assertEquals(List.of("l2", "l1", "l0", "r0", "r1", "r2", "r3", "r4", "r5", "r6", "r7", "r8", "r9"),
                contents(list));
    }

    @Test
    void elementBiggerThanANode_getsANodeOfItsOwn() {
        ListValue list = list(-1);
        byte[] big = elements("big", 1, 5000)[0];
        apply(list, ListValue.PUSH_RIGHT, b("a"), b("b"), big, b("c"));
        assertArrayEquals(new int[] {2, 1, 1}, list.nodeSizes());
        assertArrayEquals(big, list.get(2));
    }

    @Test
    void pops_removeWholeNodesThenPartOfOne_atEitherEnd() {
        ListValue list = list(4);
        apply(list, ListValue.PUSH_RIGHT, elements("e", 14, 1));
        apply(list, ListValue.POP_LEFT, ListValue.number(5));
        assertArrayEquals(new int[] {3, 4, 2}, list.nodeSizes());
        apply(list, ListValue.POP_RIGHT, ListValue.number(3));
        assertArrayEquals(new int[] {3, 3}, list.nodeSizes());
        assertEquals(List.of("e5", "e6", "e7", "e8", "e9", "e10"), contents(list));
        apply(list, ListValue.POP_RIGHT, ListValue.number(6));
        assertEquals(0, list.size());
        assertArrayEquals(new int[0], list.nodeSizes());
    }

    @Test
    void get_walksToEveryIndex_fromTheNearerEnd() {
        ListValue list = list(3);
        byte[][] values = elements("v", 50, 2);
        apply(list, ListValue.PUSH_RIGHT, values);
        for (int i = 0; i < values.length; i++) {
            assertArrayEquals(values[i], list.get(i), "index " + i);
        }
        assertEquals(strings(Arrays.copyOfRange(values, 7, 31)), strings(list.range(7, 30)));
    }

    @Test
    void insert_atANodeBoundary_whenBothNeighboursAreFull_makesANodeBetween() {
        ListValue list = list(4);
        apply(list, ListValue.PUSH_RIGHT, elements("e", 8, 1));
        apply(list, ListValue.INSERT, 4, b("x"));
        assertArrayEquals(new int[] {4, 1, 4}, list.nodeSizes());
        assertEquals(List.of("e0", "e1", "e2", "e3", "x", "e4", "e5", "e6", "e7"), contents(list));
    }

    @Test
    void insert_intoAFullNode_splitsItAndMergesWhatFits() {
        ListValue list = list(4);
        apply(list, ListValue.PUSH_RIGHT, elements("e", 8, 1));
        apply(list, ListValue.INSERT, 2, b("x"));
        assertEquals(List.of("e0", "e1", "x", "e2", "e3", "e4", "e5", "e6", "e7"), contents(list));
        assertArrayEquals(new int[] {3, 2, 4}, list.nodeSizes());
        apply(list, ListValue.INSERT, 3, b("y"));
        assertEquals(List.of("e0", "e1", "x", "y", "e2", "e3", "e4", "e5", "e6", "e7"), contents(list));
        assertArrayEquals(new int[] {3, 3, 4}, list.nodeSizes(), "y goes to the head of the node with room");
    }

    @Test
    void insert_intoANodeWithRoom_staysInIt() {
        ListValue list = list(-2);
        apply(list, ListValue.PUSH_RIGHT, b("a"), b("c"));
        apply(list, ListValue.INSERT, 1, b("b"));
        assertArrayEquals(new int[] {3}, list.nodeSizes());
        assertEquals(List.of("a", "b", "c"), contents(list));
    }

    @Test
    void remove_acrossNodes_dropsEmptiedNodesAndMergesNeighbours() {
        ListValue list = list(4);
        byte[][] values = new byte[12][];
        for (int i = 0; i < values.length; i++) {
            values[i] = b(i % 2 == 0 ? "a" : "b" + i);
        }
        apply(list, ListValue.PUSH_RIGHT, values);
        assertArrayEquals(new int[] {4, 4, 4}, list.nodeSizes());
        apply(list, ListValue.REMOVE, 0, b("a"));
        assertEquals(List.of("b1", "b3", "b5", "b7", "b9", "b11"), contents(list));
        assertArrayEquals(new int[] {4, 2}, list.nodeSizes());
    }

    @Test
    void remove_withACount_takesTheFirstOrTheLastMatches() {
        ListValue list = list(2);
        apply(list, ListValue.PUSH_RIGHT, b("a"), b("x"), b("a"), b("a"), b("y"), b("a"), b("a"));
        apply(list, ListValue.REMOVE, 2, b("a"));
        assertEquals(List.of("x", "a", "y", "a", "a"), contents(list));
        apply(list, ListValue.REMOVE, -2, b("a"));
        assertEquals(List.of("x", "a", "y"), contents(list));
    }

    @Test
    void trim_acrossNodes_keepsTheMiddle() {
        ListValue list = list(4);
        apply(list, ListValue.PUSH_RIGHT, elements("e", 20, 1));
        apply(list, ListValue.TRIM, ListValue.number(6), ListValue.number(9));
        assertEquals(List.of("e6", "e7", "e8", "e9", "e10"), contents(list));
        assertArrayEquals(new int[] {2, 3}, list.nodeSizes());
    }

    @Test
    void set_toAnElementTooBigForItsNode_splitsItOut() {
        ListValue list = list(-1);
        apply(list, ListValue.PUSH_RIGHT, elements("e", 30, 100));
        byte[] big = elements("big", 1, 4000)[0];
        apply(list, ListValue.SET, 10, big);
        assertArrayEquals(new int[] {10, 1, 19}, list.nodeSizes());
        assertArrayEquals(big, list.get(10));
        apply(list, ListValue.SET, 10, b("small"));
        assertArrayEquals(new int[] {30}, list.nodeSizes(), "back within the bound, the three merge again");
        assertArrayEquals(b("small"), list.get(10));
    }

    @Test
    void integers_areHeldPacked_andReadBackAsTheSameBytes() {
        ListValue list = list(-2);
        String[] values = {"0", "127", "128", "-1", "4095", "-4096", "4096", "32767", "-32768", "8388607",
            "-8388608", "2147483647", "-2147483648", "2147483648", "9223372036854775807", "-9223372036854775808",
            "9223372036854775808", "007", "-0", "+1", " 1", "1 ", "", "-", "12a"};
        byte[][] elements = new byte[values.length][];
        for (int i = 0; i < values.length; i++) {
            elements[i] = b(values[i]);
        }
        apply(list, ListValue.PUSH_RIGHT, elements);
        assertEquals(List.of(values), contents(list));
        assertEquals(2, ListValue.entryBytes(b("127")), "a 7-bit integer takes a byte and its back-length");
        assertEquals(3, ListValue.entryBytes(b("-4096")));
        assertEquals(5, ListValue.entryBytes(b("007")), "a string that is not canonical stays a string");
        assertEquals(1, list.countOf(b("-0"), 0), "\"-0\" does not equal 0");
        assertEquals(1, list.countOf(b("0"), 0));
        assertEquals(17, list.indexOf(b("007")));
        assertEquals(-1, list.indexOf(b("7")));
    }

    @Test
    void positions_countFromTheChosenEnd_withRankCountAndMaxLength() {
        ListValue list = list(2);
        apply(list, ListValue.PUSH_RIGHT, b("a"), b("b"), b("a"), b("c"), b("a"), b("a"));
        assertArrayEquals(new long[] {0, 2, 4, 5}, list.positions(b("a"), 1, 0, 0, false));
        assertArrayEquals(new long[] {2, 4}, list.positions(b("a"), 2, 2, 0, false));
        assertArrayEquals(new long[] {5, 4, 2, 0}, list.positions(b("a"), 1, 0, 0, true));
        assertArrayEquals(new long[] {4}, list.positions(b("a"), 2, 0, 2, true));
        assertArrayEquals(new long[] {0, 2}, list.positions(b("a"), 1, 0, 4, false));
        assertArrayEquals(new long[0], list.positions(b("z"), 1, 0, 0, false));
    }

    @Test
    void copy_isIndependentOfTheOriginal() {
        ListValue list = list(3);
        apply(list, ListValue.PUSH_RIGHT, elements("e", 10, 1));
        ListValue copy = (ListValue) list.copy();
        apply(copy, ListValue.SET, 0, b("changed"));
        apply(copy, ListValue.POP_RIGHT, ListValue.number(3));
        assertEquals(strings(elements("e", 10, 1)), contents(list));
        assertEquals(List.of("changed", "e1", "e2", "e3", "e4", "e5", "e6"), contents(copy));
    }

    @Test
    void malformedEffects_areRejected() {
        ListValue list = list(-2);
        apply(list, ListValue.PUSH_RIGHT, b("a"));
        assertThrows(IllegalArgumentException.class,
                () -> list.apply(ListValue.POP_LEFT, new byte[][] {ListValue.number(2)}, limits));
        assertThrows(IllegalArgumentException.class,
                () -> list.apply(ListValue.SET, new byte[][] {ListValue.number(1), b("x")}, limits));
        assertThrows(IllegalArgumentException.class,
                () -> list.apply(ListValue.INSERT, new byte[][] {new byte[3], b("x")}, limits));
        assertThrows(IllegalArgumentException.class, () -> list.apply(ListValue.PUSH_LEFT, new byte[0][], limits));
        assertThrows(IllegalArgumentException.class,
                () -> list.apply(Container.op(org.kvlab.api.ValueType.LIST, 15), new byte[0][], limits));
        assertEquals(List.of("a"), contents(list));
    }

    @Test
    void hundredThousandElements_pushedPoppedIndexedAndTrimmed_matchAPlainList() {
        ListValue list = list(-2);
        List<String> left = new ArrayList<>();
        List<String> right = new ArrayList<>();
        Random random = new Random(42);
        for (int i = 0; i < 100_000; i++) {
            String v = random.nextInt(4) == 0 ? Integer.toString(random.nextInt(100_000)) : "v" + i;
            if (random.nextBoolean()) {
                list.apply(ListValue.PUSH_RIGHT, new byte[][] {b(v)}, limits);
                right.add(v);
            } else {
                list.apply(ListValue.PUSH_LEFT, new byte[][] {b(v)}, limits);
                left.add(v);
            }
        }
        Collections.reverse(left);
        List<String> model = new ArrayList<>(left);
        model.addAll(right);
        checkLayout(list, -2);
        assertTrue(list.nodeSizes().length > 50, "many nodes: " + list.nodeSizes().length);
        for (int k = 0; k < 2000; k++) {
            int i = random.nextInt(model.size());
            assertEquals(model.get(i), new String(list.get(i), ISO_8859_1), "index " + i);
        }
        list.apply(ListValue.POP_LEFT, new byte[][] {ListValue.number(12_345)}, limits);
        model.subList(0, 12_345).clear();
        list.apply(ListValue.POP_RIGHT, new byte[][] {ListValue.number(23_456)}, limits);
        model.subList(model.size() - 23_456, model.size()).clear();
        list.apply(ListValue.TRIM, new byte[][] {ListValue.number(1000), ListValue.number(2000)}, limits);
        model = new ArrayList<>(model.subList(1000, model.size() - 2000));
        list.apply(ListValue.INSERT, new byte[][] {ListValue.number(30_000), b("middle")}, limits);
        model.add(30_000, "middle");
        checkLayout(list, -2);
        assertEquals(model, contents(list));
        assertEquals(model.subList(29_990, 30_011), strings(list.range(29_990, 30_010)));
    }

    @Test
    void millionShortElements_takeAboutWhatRedisTakes() {
        ListValue list = list(-2);
        byte[][] batch = new byte[1000][];
        for (int j = 0; j < 1000; j++) {
            batch[j] = b(String.format("v%02d", j % 100));
        }
        for (int i = 0; i < 1000; i++) {
            list.apply(ListValue.PUSH_RIGHT, batch, limits);
        }
        assertEquals(1_000_000, list.size());
        // Redis 7.0 reports 5,038,072 bytes (MEMORY USAGE) for this list: 5 bytes an entry and its nodes
        long redis = 5_038_072;
        assertTrue(list.memory() <= redis * 3 / 2, "memory " + list.memory() + " within 1.5x Redis's " + redis);
        assertTrue(list.memory() >= 5_000_000, "memory " + list.memory() + " counts the entries' 5 bytes each");
        assertNotEquals(0, list.nodeSizes().length);
    }
}
