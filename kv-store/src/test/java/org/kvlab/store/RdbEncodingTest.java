package org.kvlab.store;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The compact encodings RDB files hold, byte for byte against Redis's definitions: CRC-64's check value, LZF both
 * ways, every listpack integer and string-length encoding and backwards-length width, ziplists and zipmaps as older
 * Redis versions wrote them, intsets of each width, and the damage each decoder must refuse.
 */
final class RdbEncodingTest {

    private static byte[] ascii(String s) {
        return s.getBytes(US_ASCII);
    }

    private static List<String> texts(byte[][] elements) {
        List<String> out = new ArrayList<>();
        for (byte[] e : elements) {
            out.add(new String(e, US_ASCII));
        }
        return out;
    }

    @Test
    void crc64_ofTheCheckString_isRedisCheckValue() {
        byte[] check = ascii("123456789");
        assertEquals(0xe9c6d914c4b8d9caL, Crc64.update(0, check, 0, check.length));
    }

    @Test
    void crc64_inPieces_equalsInOneGo() {
        byte[] data = new byte[1000];
        new Random(1).nextBytes(data);
        long whole = Crc64.update(0, data, 0, data.length);
        long pieces = Crc64.update(Crc64.update(0, data, 0, 333), data, 333, 667);
        assertEquals(whole, pieces);
    }

    @Test
    void lzf_decompress_literalRunAndOverlappingBackReference() {
        // "abc" as a literal run, then a back reference of length 6 at distance 3: "abcabcabc"
        byte[] compressed = {2, 'a', 'b', 'c', (byte) ((6 - 2) << 5), 2};
        assertEquals("abcabcabc", new String(Lzf.decompress(compressed, 9), US_ASCII));
    }

    @Test
    void lzf_decompress_longBackReference_usesTheExtraLengthByte() {
        // literal "x", then a reference of length 2 + 7 + 20 = 29 at distance 1
        byte[] compressed = {0, 'x', (byte) (7 << 5), 20, 0};
        byte[] out = Lzf.decompress(compressed, 30);
        byte[] expected = new byte[30];
        Arrays.fill(expected, (byte) 'x');
        assertArrayEquals(expected, out);
    }

    /** Compresses {@code in} with a fresh compressor; {@code null} if it would not be shorter than {@code max}. */
    private static byte[] compress(byte[] in, int max) {
        return compress(new Lzf.Compressor(), in, max);
    }

    private static byte[] compress(Lzf.Compressor compressor, byte[] in, int max) {
        int n = compressor.compress(in, max);
        return n < 0 ? null : Arrays.copyOf(compressor.output(), n);
    }

    /** Returns the bytes {@code element}'s listpack entry takes: a listpack of it alone less header and end byte. */
    private static int entrySize(byte[] element) {
        return Listpack.encode(new byte[][] {element}, 0, 1).length - 7;
    }

    @Test
    void lzf_compress_roundTrips_repetitiveAndRandomAndEdgeSizes() {
        Random random = new Random(7);
        for (int length : new int[] {21, 22, 32, 33, 64, 100, 264, 265, 1000, 9000, 70000}) {
            byte[] repetitive = new byte[length];
            for (int i = 0; i < length; i++) {
                repetitive[i] = (byte) "abcdefgh".charAt(i % 8);
            }
            byte[] compressed = compress(repetitive, length - 4);
            assertTrue(compressed != null && compressed.length < length - 4, "length " + length);
            assertArrayEquals(repetitive, Lzf.decompress(compressed, length));
            byte[] mixed = repetitive.clone();
            for (int i = 0; i < length; i += 1 + random.nextInt(5)) {
                mixed[i] = (byte) random.nextInt(256);
            }
            byte[] packed = compress(mixed, length * 2);
            if (packed != null) {
                assertArrayEquals(mixed, Lzf.decompress(packed, length));
            }
        }
    }

    @Test
    void lzf_compress_incompressible_returnsNull() {
        byte[] data = new byte[500];
        new Random(3).nextBytes(data);
        assertNull(compress(data, data.length - 4));
    }

    @Test
    void lzf_compressorReused_writesWhatAFreshOneWrites() {
        // a reused compressor must not match against an earlier string's positions left in its table
        Random random = new Random(11);
        Lzf.Compressor reused = new Lzf.Compressor();
        for (int i = 0; i < 2000; i++) {
            byte[] in = new byte[21 + random.nextInt(300)];
            for (int j = 0; j < in.length; j++) {
                in[j] = (byte) "abcdxyz".charAt(random.nextInt(i % 2 == 0 ? 2 : 7));
            }
            byte[] fresh = compress(in, in.length * 2);
            assertArrayEquals(fresh, compress(reused, in, in.length * 2), "string " + i);
            if (fresh != null) {
                assertArrayEquals(in, Lzf.decompress(fresh, in.length));
            }
        }
    }

    @Test
    void canonicalLong_inARangeOfALargerArray_readsAsTheWholeArrayWould() {
        for (String text : new String[] {"0", "7", "-1", "12345", "-2147483648", "9223372036854775807",
                "-9223372036854775808", "007", "-0", "+5", "1 ", "", "9223372036854775808", "12a"}) {
            byte[] framed = ascii("x" + text + "9");
            boolean canonical = Rdb.isCanonicalLong(ascii(text));
            assertEquals(canonical, Rdb.isCanonicalLong(framed, 1, text.length()), text);
            if (canonical) {
                assertEquals(Long.parseLong(text), Rdb.parseCanonicalLong(framed, 1, text.length()), text);
            }
        }
    }

    @Test
    void lzf_decompress_damage_isRefused() {
        assertThrows(IllegalArgumentException.class, () -> Lzf.decompress(new byte[] {5, 'a'}, 6));
        assertThrows(IllegalArgumentException.class, () -> Lzf.decompress(new byte[] {0, 'a', (byte) 0x20, 9}, 4));
        assertThrows(IllegalArgumentException.class, () -> Lzf.decompress(new byte[] {1, 'a', 'b'}, 3));
        assertThrows(IllegalArgumentException.class, () -> Lzf.decompress(new byte[] {0, 'a', (byte) 0xE0}, 20));
    }

    @Test
    void listpack_smallInteger_isSevenBitEntry() {
        byte[] listpack = Listpack.encode(new byte[][] {ascii("1")}, 0, 1);
        assertArrayEquals(new byte[] {9, 0, 0, 0, 1, 0, 1, 1, (byte) 0xFF}, listpack);
    }

    @Test
    void listpack_everyIntegerEncoding_atItsBounds_roundTrips() {
        long[] values = {0, 127, 128, -1, -4096, 4095, 4096, -4097, Short.MIN_VALUE, Short.MAX_VALUE,
            Short.MIN_VALUE - 1, Short.MAX_VALUE + 1, -(1 << 23), (1 << 23) - 1, -(1 << 23) - 1, 1 << 23,
            Integer.MIN_VALUE, Integer.MAX_VALUE, Integer.MIN_VALUE - 1L, Integer.MAX_VALUE + 1L, Long.MIN_VALUE,
            Long.MAX_VALUE};
        int[] entrySizes = {2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 6, 6, 6, 6, 10, 10, 10, 10};
        byte[][] elements = new byte[values.length][];
        for (int i = 0; i < values.length; i++) {
            elements[i] = Rdb.decimal(values[i]);
            assertEquals(entrySizes[i], entrySize(elements[i]), "entry of " + values[i]);
        }
        byte[] listpack = Listpack.encode(elements, 0, elements.length);
        assertEquals(Arrays.stream(entrySizes).sum() + 7, listpack.length);
        assertEquals(texts(elements), texts(Listpack.decode(listpack)));
    }

    @Test
    void listpack_thirteenBitNegative_isEncodedAsTwosComplement() {
        byte[] listpack = Listpack.encode(new byte[][] {ascii("-1")}, 0, 1);
        assertEquals(0xDF, listpack[6] & 0xFF);
        assertEquals(0xFF, listpack[7] & 0xFF);
        assertEquals(2, listpack[8]);
    }

    @Test
    void listpack_nonCanonicalIntegers_stayStrings() {
        for (String s : new String[] {"01", "+1", "-0", " 1", "1 ", "9223372036854775808", "", "-"}) {
            assertFalse(Rdb.isCanonicalLong(ascii(s)), s);
            byte[] listpack = Listpack.encode(new byte[][] {ascii(s)}, 0, 1);
            assertEquals(s, new String(Listpack.decode(listpack)[0], US_ASCII));
        }
    }

    @Test
    void listpack_stringLengths_acrossSixTwelveAndThirtyTwoBitEncodings_andBacklenWidths() {
        int[] lengths = {0, 63, 64, 125, 126, 127, 4095, 4096, 16380, 16381, 16382, 70000};
        for (int length : lengths) {
            byte[] s = new byte[length];
            Arrays.fill(s, (byte) 'x');
            int header = length < 64 ? 1 : length < 4096 ? 2 : 5;
            int entry = header + length;
            int backlen = entry <= 127 ? 1 : entry < 16383 ? 2 : entry < 2097151 ? 3 : 4;
            assertEquals(entry + backlen, entrySize(s), "length " + length);
            byte[] listpack = Listpack.encode(new byte[][] {s, ascii("after")}, 0, 2);
            byte[][] decoded = Listpack.decode(listpack);
            assertArrayEquals(s, decoded[0], "length " + length);
            assertEquals("after", new String(decoded[1], US_ASCII));
        }
    }

    @Test
    void listpack_twelveBitLength_hasItsHighBitsInTheFirstByte() {
        byte[] s = new byte[300];
        byte[] listpack = Listpack.encode(new byte[][] {s}, 0, 1);
        assertEquals(0xE1, listpack[6] & 0xFF);
        assertEquals(300 - 256, listpack[7] & 0xFF);
    }

    @Test
    void listpack_damage_isRefused() {
        byte[] good = Listpack.encode(new byte[][] {ascii("abc"), ascii("12")}, 0, 2);
        byte[] wrongTotal = good.clone();
        wrongTotal[0]++;
        assertThrows(IllegalArgumentException.class, () -> Listpack.decode(wrongTotal));
        byte[] wrongCount = good.clone();
        wrongCount[4] = 3;
        assertThrows(IllegalArgumentException.class, () -> Listpack.decode(wrongCount));
        byte[] wrongBacklen = good.clone();
        wrongBacklen[6 + 4] = 9;
        assertThrows(IllegalArgumentException.class, () -> Listpack.decode(wrongBacklen));
        byte[] noEnd = Arrays.copyOf(good, good.length);
        noEnd[noEnd.length - 1] = 1;
        assertThrows(IllegalArgumentException.class, () -> Listpack.decode(noEnd));
        byte[] badEncoding = good.clone();
        badEncoding[6] = (byte) 0xF5;
        assertThrows(IllegalArgumentException.class, () -> Listpack.decode(badEncoding));
    }

    /** Builds a ziplist as Redis's ziplist.c lays it out, from entries given as encoding plus data bytes. */
    private static byte[] ziplist(byte[]... entries) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        int previous = 0;
        int tail = 10;
        for (byte[] entry : entries) {
            tail = 10 + body.size();
            ByteArrayOutputStream one = new ByteArrayOutputStream();
            if (previous < 254) {
                one.write(previous);
            } else {
                one.write(0xFE);
                byte[] le = new byte[4];
                Rdb.putIntLe(le, 0, previous);
                one.writeBytes(le);
            }
            one.writeBytes(entry);
            previous = one.size();
            body.writeBytes(one.toByteArray());
        }
        byte[] out = new byte[10 + body.size() + 1];
        Rdb.putIntLe(out, 0, out.length);
        Rdb.putIntLe(out, 4, tail);
        out[8] = (byte) entries.length;
        System.arraycopy(body.toByteArray(), 0, out, 10, body.size());
        out[out.length - 1] = (byte) 0xFF;
        return out;
    }

    private static byte[] concat(byte[] head, byte[] tail) {
        byte[] out = Arrays.copyOf(head, head.length + tail.length);
        System.arraycopy(tail, 0, out, head.length, tail.length);
        return out;
    }

    @Test
    void ziplist_everyEncoding_decodes() {
        byte[] big = new byte[300];
        Arrays.fill(big, (byte) 'y');
        byte[] huge = new byte[17000];
        Arrays.fill(huge, (byte) 'z');
        byte[][] entries = {
            concat(new byte[] {2}, ascii("ab")),
            {(byte) 0xF1},                                           // immediate 0
            {(byte) 0xFD},                                           // immediate 12
            {(byte) 0xFE, (byte) -3},                                // int8
            {(byte) 0xC0, (byte) 0x30, (byte) 0xF8},                 // int16 -2000
            {(byte) 0xF0, 0, 0, (byte) 0x80},                        // int24 -8388608
            {(byte) 0xD0, 0, 0, 0, (byte) 0x80},                     // int32 MIN
            {(byte) 0xE0, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF,
                0x7F},                                               // int64 MAX
            concat(new byte[] {(byte) (0x40 | (300 >> 8)), (byte) (300 & 0xFF)}, big),
            concat(new byte[] {(byte) 0x80, 0, 0, (byte) (17000 >> 8), (byte) (17000 & 0xFF)}, huge),
            concat(new byte[] {3}, ascii("end")),
        };
        byte[][] decoded = Ziplist.decode(ziplist(entries));
        assertEquals(List.of("ab", "0", "12", "-3", "-2000", "-8388608", "-2147483648", "9223372036854775807"),
                texts(decoded).subList(0, 8));
        assertArrayEquals(big, decoded[8]);
        assertArrayEquals(huge, decoded[9]);
        assertEquals("end", new String(decoded[10], US_ASCII));
    }

    @Test
    void ziplist_damage_isRefused() {
        byte[] good = ziplist(concat(new byte[] {2}, ascii("ab")), new byte[] {(byte) 0xF2});
        byte[] wrongPrevious = good.clone();
        wrongPrevious[10 + 4] = 7;
        assertThrows(IllegalArgumentException.class, () -> Ziplist.decode(wrongPrevious));
        byte[] badEncoding = good.clone();
        badEncoding[11] = (byte) 0x90;
        assertThrows(IllegalArgumentException.class, () -> Ziplist.decode(badEncoding));
        assertThrows(IllegalArgumentException.class, () -> Ziplist.decode(Arrays.copyOf(good, good.length - 1)));
    }

    @Test
    void intset_eachWidth_roundTripsSorted() {
        String[][] sets = {{"3", "-2", "1"}, {"70000", "-5"}, {"5000000000", "1", "-9223372036854775808"}};
        int[] widths = {2, 4, 8};
        for (int i = 0; i < sets.length; i++) {
            byte[][] members = Arrays.stream(sets[i]).map(RdbEncodingTest::ascii).toArray(byte[][]::new);
            byte[] intset = Intset.encode(members);
            assertEquals(widths[i], intset[0]);
            List<String> sorted = new ArrayList<>(List.of(sets[i]));
            sorted.sort((a, b) -> Long.compare(Long.parseLong(a), Long.parseLong(b)));
            assertEquals(sorted, texts(Intset.decode(intset)));
        }
    }

    @Test
    void intset_damage_isRefused() {
        byte[] intset = Intset.encode(new byte[][] {ascii("1"), ascii("2")});
        byte[] unordered = intset.clone();
        unordered[8] = 5;
        assertThrows(IllegalArgumentException.class, () -> Intset.decode(unordered));
        byte[] badWidth = intset.clone();
        badWidth[0] = 3;
        assertThrows(IllegalArgumentException.class, () -> Intset.decode(badWidth));
        assertThrows(IllegalArgumentException.class, () -> Intset.decode(Arrays.copyOf(intset, 11)));
    }

    @Test
    void zipmap_withFreeBytesAndBigLengths_decodes() {
        ByteArrayOutputStream zipmap = new ByteArrayOutputStream();
        zipmap.write(2);
        zipmap.write(1);
        zipmap.writeBytes(ascii("a"));
        zipmap.write(2);
        zipmap.write(3); // free bytes after the value
        zipmap.writeBytes(ascii("xy"));
        zipmap.writeBytes(new byte[3]);
        byte[] field = new byte[300];
        Arrays.fill(field, (byte) 'f');
        zipmap.write(254);
        zipmap.writeBytes(new byte[] {(byte) 300, 1, 0, 0});
        zipmap.writeBytes(field);
        zipmap.write(1);
        zipmap.write(0);
        zipmap.writeBytes(ascii("v"));
        zipmap.write(0xFF);
        byte[][] decoded = Zipmap.decode(zipmap.toByteArray());
        assertEquals(4, decoded.length);
        assertEquals("a", new String(decoded[0], US_ASCII));
        assertEquals("xy", new String(decoded[1], US_ASCII));
        assertArrayEquals(field, decoded[2]);
        assertEquals("v", new String(decoded[3], US_ASCII));
    }
}
