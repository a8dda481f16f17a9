package org.kvlab.command;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.kvlab.command.Replies.NIL;
import static org.kvlab.command.Replies.NOT_INTEGER;
import static org.kvlab.command.Replies.OK;
import static org.kvlab.command.Replies.SYNTAX;
import static org.kvlab.command.Replies.array;
import static org.kvlab.command.Replies.bulk;
import static org.kvlab.command.Replies.error;
import static org.kvlab.command.Replies.integer;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kvlab.server.ServerSettings;
import org.kvlab.store.KvStore;

final class BitmapCommandsTest {

    private static final String BIT_OFFSET = error("ERR bit offset is not an integer or out of range");
    private static final String BIT_VALUE = error("ERR bit is not an integer or out of range");
    private static final String FIELD_TYPE = error(
            "ERR Invalid bitfield type. Use something like i16 u8. Note that u64 is not supported but i64 is.");

    private final Wire wire = new Wire();
    private final Wire.Client c = wire.connect();

    @AfterEach
    void close() {
        wire.close();
    }

    /** A bulk string of raw bytes. */
    private static String raw(int... bytes) {
        StringBuilder sb = new StringBuilder("$").append(bytes.length).append("\r\n");
        for (int b : bytes) {
            sb.append((char) b);
        }
        return sb.append("\r\n").toString();
    }

    @Test
    void setbit_growsTheString_returnsTheOldBit() {
        assertEquals(integer(0), c.call("SETBIT", "k", "7", "1"));
        assertEquals(raw(0x01), c.call("GET", "k"));
        assertEquals(integer(1), c.call("SETBIT", "k", "7", "0"));
        assertEquals(integer(0), c.call("SETBIT", "k", "17", "1"));
        assertEquals(raw(0x00, 0x00, 0x40), c.call("GET", "k"));
        assertEquals(integer(1), c.call("SETBIT", "k", "17", "1"), "setting a set bit changes nothing");
    }

    @Test
    void setbit_keepsTheExpiry() {
        c.call("SET", "k", "abc");
        c.call("EXPIRE", "k", "100");
        assertEquals(integer(0), c.call("SETBIT", "k", "100", "1"));
        assertEquals(integer(100), c.call("TTL", "k"));
        assertEquals(integer(13), c.call("STRLEN", "k"));
    }

    @Test
    void setbit_rejectsBadOffsetsAndBits_offsetFirst() {
        assertEquals(BIT_OFFSET, c.call("SETBIT", "k", "-1", "1"));
        assertEquals(BIT_OFFSET, c.call("SETBIT", "k", "4294967296", "1"), "past 512 MB");
        assertEquals(BIT_OFFSET, c.call("SETBIT", "k", "x", "2"));
        assertEquals(BIT_VALUE, c.call("SETBIT", "k", "4294967295", "2"), "the last valid offset, a bad bit");
        assertEquals(BIT_VALUE, c.call("SETBIT", "k", "1", "x"));
        assertEquals(BIT_VALUE, c.call("SETBIT", "k", "1", "-1"));
        assertEquals(integer(0), c.call("EXISTS", "k"));
    }

    @Test
    void setbit_offsetLimit_followsProtoMaxBulkLen() {
        try (Wire small = new Wire(new ServerSettings().protoMaxBulkLen(1024 * 1024))) {
            Wire.Client s = small.connect();
            assertEquals(BIT_OFFSET, s.call("SETBIT", "k", Long.toString(8L * 1024 * 1024), "1"));
            assertEquals(integer(0), s.call("SETBIT", "k", Long.toString(8L * 1024 * 1024 - 1), "1"));
        }
    }

    @Test
    void getbit_readsZerosPastTheEnd_andForAbsentKeys() {
        c.call("SET", "k", "\u0001");
        assertEquals(integer(1), c.call("GETBIT", "k", "7"));
        assertEquals(integer(0), c.call("GETBIT", "k", "6"));
        assertEquals(integer(0), c.call("GETBIT", "k", "4294967295"));
        assertEquals(integer(0), c.call("GETBIT", "nokey", "0"));
        assertEquals(BIT_OFFSET, c.call("GETBIT", "k", "4294967296"));
    }

    @Test
    void bitcount_countsBytesOrBits() {
        c.call("SET", "k", "foobar");
        assertEquals(integer(26), c.call("BITCOUNT", "k"));
        assertEquals(integer(4), c.call("BITCOUNT", "k", "0", "0"));
        assertEquals(integer(6), c.call("BITCOUNT", "k", "1", "1", "BYTE"));
        assertEquals(integer(1), c.call("BITCOUNT", "k", "1", "1", "bit"));
        assertEquals(integer(17), c.call("BITCOUNT", "k", "5", "30", "BIT"));
        assertEquals(integer(7), c.call("BITCOUNT", "k", "-2", "-1"));
    }

    @Test
    void bitcount_checksArgumentsAfterTheKey_inRedisOrder() {
        assertEquals(integer(0), c.call("BITCOUNT", "nokey", "x", "y", "z", "w"), "an absent key answers first");
        c.call("SET", "k", "foobar");
        assertEquals(SYNTAX, c.call("BITCOUNT", "k", "0"));
        assertEquals(SYNTAX, c.call("BITCOUNT", "k", "0", "1", "BIT", "x"));
        assertEquals(integer(0), c.call("BITCOUNT", "k", "-1", "-2", "nonsense"), "an empty range before the unit");
        assertEquals(SYNTAX, c.call("BITCOUNT", "k", "0", "-1", "bits"));
        assertEquals(NOT_INTEGER, c.call("BITCOUNT", "k", "0", "x"));
    }

    @Test
    void bitpos_findsSetAndClearBits() {
        c.call("SET", "z", "\u0000\u0001");
        assertEquals(integer(15), c.call("BITPOS", "z", "1"));
        assertEquals(integer(0), c.call("BITPOS", "z", "0"));
        assertEquals(integer(-1), c.call("BITPOS", "z", "1", "0", "0"));
        assertEquals(integer(15), c.call("BITPOS", "z", "1", "8", "-1", "BIT"));
        assertEquals(integer(-1), c.call("BITPOS", "z", "1", "2"));
    }

    @Test
    void bitpos_ofAClearBit_inAllOnes_isPastTheEnd_unlessTheEndIsGiven() {
        c.call("SETBIT", "k", "7", "1");
        c.call("BITFIELD", "k", "SET", "u16", "0", "65535");
        assertEquals(integer(16), c.call("BITPOS", "k", "0"));
        assertEquals(integer(16), c.call("BITPOS", "k", "0", "0"));
        assertEquals(integer(-1), c.call("BITPOS", "k", "0", "0", "-1"));
        assertEquals(integer(-1), c.call("BITPOS", "k", "0", "0", "-1", "BIT"));
    }

    @Test
    void bitpos_absentKeys_emptyStrings_andErrors() {
        assertEquals(integer(0), c.call("BITPOS", "nokey", "0"));
        assertEquals(integer(-1), c.call("BITPOS", "nokey", "1", "x", "y", "z", "w"));
        assertEquals(error("ERR The bit argument must be 1 or 0."), c.call("BITPOS", "nokey", "2"));
        assertEquals(NOT_INTEGER, c.call("BITPOS", "nokey", "x"));
        c.call("SET", "e", "");
        assertEquals(integer(-1), c.call("BITPOS", "e", "0"), "an empty string has no bit at all");
        c.call("SET", "k", "a");
        assertEquals(SYNTAX, c.call("BITPOS", "k", "1", "0", "x", "FOO"), "the unit is checked before the end");
        assertEquals(NOT_INTEGER, c.call("BITPOS", "k", "1", "0", "x"));
        assertEquals(SYNTAX, c.call("BITPOS", "k", "1", "0", "1", "BIT", "x"));
    }

    @Test
    void bitop_combinesSources_intoTheDestination_replacingItsTtl() {
        c.call("SET", "a", "\u0001\u0002");
        c.call("SET", "b", "\u0003");
        c.call("SET", "d", "old");
        c.call("EXPIRE", "d", "100");
        assertEquals(integer(2), c.call("BITOP", "AND", "d", "a", "b"));
        assertEquals(raw(0x01, 0x00), c.call("GET", "d"));
        assertEquals(integer(-1), c.call("TTL", "d"));
        assertEquals(integer(2), c.call("BITOP", "or", "d", "a", "b", "nokey"));
        assertEquals(raw(0x03, 0x02), c.call("GET", "d"));
        assertEquals(integer(2), c.call("BITOP", "XOR", "d", "a", "b"));
        assertEquals(raw(0x02, 0x02), c.call("GET", "d"));
        assertEquals(integer(1), c.call("BITOP", "NOT", "d", "b"));
        assertEquals(raw(0xFC), c.call("GET", "d"));
    }

    @Test
    void bitop_ofOnlyEmptySources_deletesTheDestination() {
        c.call("SET", "d", "x");
        c.call("SET", "e", "");
        assertEquals(integer(0), c.call("BITOP", "OR", "d", "nokey", "e"));
        assertEquals(integer(0), c.call("EXISTS", "d"));
    }

    @Test
    void bitop_errors() {
        assertEquals(error("ERR BITOP NOT must be called with a single source key."),
                c.call("BITOP", "NOT", "d", "a", "b"));
        assertEquals(SYNTAX, c.call("BITOP", "NAND", "d", "a"));
    }

    @Test
    void bitfield_setGetIncrby_withOverflowModes() {
        assertEquals(array(integer(0), integer(-100), integer(56), integer(-44), NIL, integer(4), NIL),
                c.call("BITFIELD", "bf", "SET", "i8", "0", "-100", "GET", "i8", "0", "INCRBY", "i8", "0", "-100",
                        "OVERFLOW", "SAT", "INCRBY", "i8", "0", "-100", "OVERFLOW", "FAIL", "INCRBY", "i8", "0",
                        "-100", "GET", "u4", "#1", "SET", "u2", "#3", "5"));
        assertEquals(raw(0xD4), c.call("GET", "bf"));
    }

    @Test
    void bitfield_u63AndI64_atTheirLimits() {
        assertEquals(array(integer(Long.MAX_VALUE), integer(0), integer(5), integer(10)),
                c.call("BITFIELD", "k", "INCRBY", "u63", "0", "9223372036854775807", "INCRBY", "u63", "0", "1",
                        "OVERFLOW", "SAT", "INCRBY", "u63", "0", "5", "GET", "i64", "0"));
        assertEquals(array(integer(0), integer(Long.MAX_VALUE), integer(Long.MAX_VALUE - 1), integer(Long.MAX_VALUE)),
                c.call("BITFIELD", "j", "SET", "i64", "0", "-9223372036854775808", "INCRBY", "i64", "0", "-1",
                        "OVERFLOW", "SAT", "INCRBY", "i64", "0", "-1", "INCRBY", "i64", "0", "9223372036854775807"));
    }

    @Test
    void bitfield_setOutOfRange_saturatesOrWraps_asRedis() {
        c.call("BITFIELD", "k", "OVERFLOW", "SAT", "SET", "i8", "0", "-9223372036854775808", "SET", "u8", "8", "-1",
                "OVERFLOW", "WRAP", "SET", "u8", "16", "-1", "SET", "i8", "24", "200");
        assertEquals(array(integer(127), integer(255), integer(255), integer(-56)),
                c.call("BITFIELD_RO", "k", "GET", "i8", "0", "GET", "u8", "8", "GET", "u8", "16", "GET", "i8", "24"));
    }

    @Test
    void bitfield_failedWrite_stillCreatesTheZeroPaddedKey() {
        assertEquals(array(NIL), c.call("BITFIELD", "k", "OVERFLOW", "FAIL", "SET", "u8", "100", "1000"));
        assertEquals(integer(14), c.call("STRLEN", "k"));
    }

    @Test
    void bitfield_readsDoNotCreateKeys() {
        assertEquals(array(integer(0)), c.call("BITFIELD", "k", "GET", "u8", "4294967295"));
        assertEquals(array(), c.call("BITFIELD", "k"));
        assertEquals(array(integer(0)), c.call("BITFIELD_RO", "k", "GET", "i8", "0"));
        assertEquals(integer(0), c.call("EXISTS", "k"));
    }

    @Test
    void bitfield_inResp3_failedWritesAreNulls() {
        c.call("HELLO", "3");
        assertEquals("*2\r\n_\r\n:0\r\n",
                c.call("BITFIELD", "k", "OVERFLOW", "FAIL", "INCRBY", "u2", "0", "4", "GET", "u2", "0"));
    }

    @Test
    void bitfield_errors_inRedisOrder() {
        assertEquals(error("ERR BITFIELD_RO only supports the GET subcommand"),
                c.call("BITFIELD_RO", "k", "SET", "u8", "0", "1"));
        assertEquals(FIELD_TYPE, c.call("BITFIELD", "k", "GET", "u64", "0"));
        assertEquals(FIELD_TYPE, c.call("BITFIELD", "k", "GET", "i65", "0"));
        assertEquals(FIELD_TYPE, c.call("BITFIELD", "k", "GET", "i0", "0"));
        assertEquals(FIELD_TYPE, c.call("BITFIELD", "k", "GET", "I8", "0"));
        assertEquals(FIELD_TYPE, c.call("BITFIELD", "k", "GET", "u64", "x"), "the type before the offset");
        assertEquals(BIT_OFFSET, c.call("BITFIELD", "k", "GET", "i8", "-1"));
        assertEquals(BIT_OFFSET, c.call("BITFIELD", "k", "GET", "i8", "#-1"));
        assertEquals(BIT_OFFSET, c.call("BITFIELD", "k", "GET", "i8", "#"));
        assertEquals(BIT_OFFSET, c.call("BITFIELD", "k", "GET", "i8", "4294967296"));
        assertEquals(error("ERR Invalid OVERFLOW type specified"), c.call("BITFIELD", "k", "OVERFLOW", "foo"));
        assertEquals(SYNTAX, c.call("BITFIELD", "k", "FOO"));
        assertEquals(SYNTAX, c.call("BITFIELD", "k", "GET", "i8"));
        assertEquals(SYNTAX, c.call("BITFIELD", "k", "OVERFLOW"));
        assertEquals(NOT_INTEGER, c.call("BITFIELD", "k", "SET", "i8", "0", "x"));
        assertEquals(integer(0), c.call("EXISTS", "k"));
    }

    @Test
    void bitfield_hashOffsets_multiplyByTheWidth() {
        c.call("BITFIELD", "k", "SET", "u8", "#2", "255");
        assertEquals(raw(0, 0, 0xFF), c.call("GET", "k"));
        assertEquals(array(integer(255)), c.call("BITFIELD_RO", "k", "GET", "u8", "16"));
    }

    @Test
    void substr_isGetrange() {
        c.call("SET", "k", "This is a string");
        assertEquals(bulk("This"), c.call("SUBSTR", "k", "0", "3"));
        assertEquals(bulk("ing"), c.call("SUBSTR", "k", "-3", "-1"));
        assertEquals(bulk(""), c.call("SUBSTR", "k", "-1", "-5"));
        assertEquals(bulk(""), c.call("SUBSTR", "nokey", "0", "-1"));
        assertEquals(NOT_INTEGER, c.call("SUBSTR", "k", "x", "1"));
    }

    @Test
    void bitmapWrites_surviveARestart(@TempDir Path dir) {
        try (Wire w = new Wire(KvStore.builder().dataDirectory(dir).build(), new ServerSettings())) {
            Wire.Client d = w.connect();
            assertEquals(integer(0), d.call("SETBIT", "a", "9", "1"));
            assertEquals(array(integer(0)), d.call("BITFIELD", "b", "SET", "i16", "#1", "-2"));
            assertEquals(integer(4), d.call("BITOP", "OR", "c", "a", "b"));
            assertEquals(OK, d.call("SET", "e", "x"));
            assertEquals(integer(0), d.call("BITOP", "AND", "e", "nokey"));
        }
        try (Wire w = new Wire(KvStore.builder().dataDirectory(dir).build(), new ServerSettings())) {
            Wire.Client d = w.connect();
            assertEquals(raw(0x00, 0x40), d.call("GET", "a"));
            assertEquals(raw(0x00, 0x00, 0xFF, 0xFE), d.call("GET", "b"));
            assertEquals(raw(0x00, 0x40, 0xFF, 0xFE), d.call("GET", "c"));
            assertEquals(integer(0), d.call("EXISTS", "e"));
        }
    }
}
