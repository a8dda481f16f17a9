package org.kvlab.command;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.kvlab.command.Replies.NOT_INTEGER;
import static org.kvlab.command.Replies.OK;
import static org.kvlab.command.Replies.SYNTAX;
import static org.kvlab.command.Replies.array;
import static org.kvlab.command.Replies.error;
import static org.kvlab.command.Replies.integer;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.kvlab.api.ValueType;

/**
 * SORT's parsing on the wire, and its ordering and lookups on values built directly ({@link MapKeyView}); the
 * expected orders are what redis-server 7.0.15 replied for the same values.
 */
final class SortCommandTest {

    private final Wire wire = new Wire();
    private final Wire.Client c = wire.connect();

    @AfterEach
    void close() {
        wire.close();
    }

    /** Runs {@code SORT key options...} on {@code view}; a missing value shows as {@code null}. */
    private static List<String> sort(MapKeyView view, String key, String... options) {
        byte[][] args = new byte[options.length + 2][];
        args[0] = MapKeyView.bytes("SORT");
        args[1] = MapKeyView.bytes(key);
        for (int i = 0; i < options.length; i++) {
            args[i + 2] = options[i].getBytes(StandardCharsets.ISO_8859_1);
        }
        SortCommand.Options o = SortCommand.Options.parse(args, args.length, false);
        List<String> out = new ArrayList<>();
        for (byte[] b : SortCommand.run(o, args[1], view)) {
            out.add(b == null ? null : new String(b, StandardCharsets.ISO_8859_1));
        }
        return out;
    }

    private static List<String> list(String... values) {
        return Arrays.asList(values);
    }

    private static MapKeyView numbers() {
        return new MapKeyView().collection("l", ValueType.LIST, "3", "10", "1.5", "-1", "", "0x10");
    }

    private static MapKeyView letters() {
        return new MapKeyView().collection("a", ValueType.LIST, "b", "B", "a", "\u00e9", "ab", "A")
                .string("w_b", "2").string("w_B", "1").string("w_a", "3")
                .hash("h_a", "f", "5").hash("h_b", "f", "-1");
    }

    @Test
    void numericSort_readsNumbersAsStrtod_theEmptyStringIsZero() {
        assertEquals(list("-1", "", "1.5", "3", "10", "0x10"), sort(numbers(), "l"));
        assertEquals(list("10", "3"), sort(numbers(), "l", "DESC", "LIMIT", "1", "2"));
    }

    @Test
    void numericSort_equalScores_compareTheElementsBytes() {
        MapKeyView v = new MapKeyView().collection("n", ValueType.LIST, "2", "02", "1");
        assertEquals(list("1", "02", "2"), sort(v, "n"));
        assertEquals(list("2", "02", "1"), sort(v, "n", "DESC"));
    }

    @Test
    void numericSort_ofAWord_isRedisConversionError() {
        CommandException e = assertThrows(CommandException.class, () -> sort(letters(), "a"));
        assertEquals("ERR One or more scores can't be converted into double", e.getMessage());
    }

    @Test
    void alphaSort_comparesUnsignedBytes() {
        assertEquals(list("A", "B", "a", "ab", "b", "\u00c3\u00a9"), sort(letters(), "a", "ALPHA"));
    }

    @Test
    void alphaSort_comparesUpToANulByte_unlessStoring_equalOnesKeepTheirOrder() {
        MapKeyView v = new MapKeyView().collection("z", ValueType.LIST, "a\u0000c", "b", "a\u0000b", "a");
        assertEquals(list("a\u0000c", "a\u0000b", "a", "b"), sort(v, "z", "ALPHA"));
        assertEquals(list("a", "a\u0000b", "a\u0000c", "b"), sort(v, "z", "ALPHA", "STORE", "d"));
    }

    @Test
    void sortBy_stringWeights_missingOnesWeighZero() {
        assertEquals(list("A", "ab", "\u00c3\u00a9", "B", "b", "a"), sort(letters(), "a", "BY", "w_*"));
    }

    @Test
    void sortBy_hashFields_andGetOfElementsStringsAndFields() {
        assertEquals(list("b", "2", "-1", "A", null, null, "B", "1", null, "ab", null, null, "\u00c3\u00a9", null,
                null, "a", "3", "5"), sort(letters(), "a", "BY", "h_*->f", "GET", "#", "GET", "w_*", "GET", "h_*->f"));
    }

    @Test
    void sortByAConstant_keepsTheListOrder_descReversesIt() {
        assertEquals(list("A", "ab", "\u00c3\u00a9", "a", "B", "b"), sort(letters(), "a", "BY", "nosort", "DESC"));
        assertEquals(list("3", ""), sort(letters(), "a", "BY", "nosort", "LIMIT", "2", "2", "GET", "w_*", "STORE",
                "d"), "a missing GET value is stored as an empty string");
    }

    @Test
    void sortByAConstant_isSticky_asInRedis() {
        assertEquals(list("b", "B", "a"), sort(letters(), "a", "BY", "nosort", "BY", "w_*", "LIMIT", "0", "3"));
    }

    @Test
    void alphaSortBy_withALimit_ordersEqualWeightsAsRedisPartialSort() {
        MapKeyView v = new MapKeyView().collection("t", ValueType.LIST, "0", "1", "2", "3", "4", "5", "6", "7", "8",
                "9");
        assertEquals(list("9", "1", "2"), sort(v, "t", "BY", "nosuch_*", "ALPHA", "LIMIT", "0", "3"));
        assertEquals(list("0", "1", "2", "3", "4", "5", "6", "7", "8", "9"), sort(v, "t", "BY", "nosuch_*", "ALPHA"),
                "a full sort is stable");
    }

    @Test
    void sortedSet_byAConstant_isInScoreOrder() {
        MapKeyView v = new MapKeyView().sortedSet(MapKeyView.bytes("z"),
                List.of(MapKeyView.bytes("x"), MapKeyView.bytes("y"), MapKeyView.bytes("w")), List.of(2.0, -1.0, 2.0));
        assertEquals(list("y", "w", "x"), sort(v, "z", "BY", "nosort"));
        assertEquals(list("x", "w"), sort(v, "z", "BY", "nosort", "DESC", "LIMIT", "0", "2"));
        assertEquals(list("w", "x", "y"), sort(v, "z", "ALPHA"));
    }

    @Test
    void set_byAConstant_keepsItsOrder_butIsSortedAlphaWhenStored() {
        MapKeyView v = new MapKeyView().collection("s", ValueType.SET, "c", "a", "b");
        assertEquals(list("c", "a", "b"), sort(v, "s", "BY", "nosort", "DESC"));
        assertEquals(list("a", "b", "c"), sort(v, "s", "BY", "nosort", "STORE", "d"));
        assertEquals(list("c", "b", "a"), sort(v, "s", "BY", "nosort", "DESC", "STORE", "d"));
    }

    @Test
    void limits_areClampedToTheElements() {
        assertEquals(list(), sort(numbers(), "l", "LIMIT", "6", "1"));
        assertEquals(list(), sort(numbers(), "l", "LIMIT", "0", "0"));
        assertEquals(list("10", "0x10"), sort(numbers(), "l", "LIMIT", "4", "-5"));
        assertEquals(list("-1", ""), sort(numbers(), "l", "LIMIT", "-3", "2"));
    }

    @Test
    void patterns_substituteTheFirstStar_fieldsNeedAFieldName_andAreCStrings() {
        MapKeyView v = new MapKeyView().collection("l", ValueType.LIST, "x").string("k_x_y", "1")
                .string("k_x->", "2").hash("h_x", "f\u0000g", "3").string("p", "4");
        assertEquals(list("1", "2", "3", null, "x", "x", null), sort(v, "l", "BY", "nosort", "GET", "k_*_y",
                "GET", "k_*->", "GET", "h_*->f\u0000g", "GET", "p", "GET", "#", "GET", "#\u0000junk", "GET",
                "\u0000*"));
    }

    @Test
    void sortOfAStringOrHash_isWrongType() {
        MapKeyView v = new MapKeyView().string("s", "1").hash("h", "f", "v");
        assertEquals("WRONGTYPE Operation against a key holding the wrong kind of value",
                assertThrows(CommandException.class, () -> sort(v, "s")).getMessage());
        assertThrows(CommandException.class, () -> sort(v, "h"));
    }

    @Test
    void wire_absentKey_sortsAsAnEmptyList_storeDeletesTheDestination() {
        assertEquals(array(), c.call("SORT", "nokey", "BY", "w_*", "GET", "#"));
        assertEquals(array(), c.call("SORT_RO", "nokey", "ALPHA", "DESC", "LIMIT", "0", "1"));
        assertEquals(OK, c.call("SET", "d", "x"));
        assertEquals(integer(0), c.call("SORT", "nokey", "STORE", "d"));
        assertEquals(integer(0), c.call("EXISTS", "d"));
    }

    @Test
    void wire_optionErrors_comeBeforeTheKeysType() {
        c.call("SET", "s", "1");
        assertEquals(error("WRONGTYPE Operation against a key holding the wrong kind of value"), c.call("SORT", "s"));
        assertEquals(SYNTAX, c.call("SORT", "s", "FOO"));
        assertEquals(SYNTAX, c.call("SORT", "s", "LIMIT", "0"));
        assertEquals(NOT_INTEGER, c.call("SORT", "s", "LIMIT", "x", "1"));
        assertEquals(NOT_INTEGER, c.call("SORT", "s", "LIMIT", "0", "1.5"));
        assertEquals(SYNTAX, c.call("SORT_RO", "s", "STORE", "d"));
        assertEquals(SYNTAX, c.call("SORT", "s", "GET"));
    }
}
