package org.kvlab.command;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.kvlab.command.Replies.NIL;
import static org.kvlab.command.Replies.NOT_INTEGER;
import static org.kvlab.command.Replies.OK;
import static org.kvlab.command.Replies.SYNTAX;
import static org.kvlab.command.Replies.bulk;
import static org.kvlab.command.Replies.bulks;
import static org.kvlab.command.Replies.error;
import static org.kvlab.command.Replies.integer;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

final class StringCommandsTest {

    private final Wire wire = new Wire();
    private final Wire.Client c = wire.connect();

    @AfterEach
    void close() {
        wire.close();
    }

    @Test
    void get_absentKey_returnsNil() {
        assertEquals(NIL, c.call("GET", "k"));
    }

    @Test
    void set_thenGet_returnsValue_binarySafe() {
        assertEquals(OK, c.call("SET", "k", "v\r\n\u0000x"));
        assertEquals(bulk("v\r\n\u0000x"), c.call("get", "k"));
    }

    @Test
    void set_nxAndXx_writeOnlyWhenAllowed() {
        assertEquals(NIL, c.call("SET", "k", "1", "XX"));
        assertEquals(OK, c.call("SET", "k", "1", "NX"));
        assertEquals(NIL, c.call("SET", "k", "2", "NX"));
        assertEquals(OK, c.call("SET", "k", "3", "xx"));
        assertEquals(bulk("3"), c.call("GET", "k"));
    }

    @Test
    void set_get_returnsPreviousValue() {
        assertEquals(NIL, c.call("SET", "k", "1", "GET"));
        assertEquals(bulk("1"), c.call("SET", "k", "2", "GET"));
        assertEquals(bulk("2"), c.call("SET", "k", "3", "NX", "GET"));
        assertEquals(bulk("2"), c.call("GET", "k"));
    }

    @Test
    void set_expiryOptions_setTtl() {
        assertEquals(OK, c.call("SET", "a", "v", "EX", "10"));
        assertEquals(integer(10_000), c.call("PTTL", "a"));
        assertEquals(OK, c.call("SET", "b", "v", "PX", "1500"));
        assertEquals(integer(1500), c.call("PTTL", "b"));
        long at = Wire.START / 1000 + 100;
        assertEquals(OK, c.call("SET", "c", "v", "EXAT", Long.toString(at)));
        assertEquals(integer(at), c.call("EXPIRETIME", "c"));
        assertEquals(OK, c.call("SET", "d", "v", "PXAT", Long.toString(Wire.START + 5)));
        assertEquals(integer(Wire.START + 5), c.call("PEXPIRETIME", "d"));
        wire.clock.advance(1501); // past b's expiry: at it, b is still there
        assertEquals(NIL, c.call("GET", "b"));
        assertEquals(NIL, c.call("GET", "d"));
        assertEquals(bulk("v"), c.call("GET", "a"));
    }

    @Test
    void set_keepTtl_keepsExpiry_plainSetClearsIt() {
        c.call("SET", "k", "v", "EX", "10");
        assertEquals(OK, c.call("SET", "k", "w", "KEEPTTL"));
        assertEquals(integer(10), c.call("TTL", "k"));
        assertEquals(OK, c.call("SET", "k", "x"));
        assertEquals(integer(-1), c.call("TTL", "k"));
    }

    @Test
    void set_badOptions_areSyntaxErrors() {
        assertEquals(SYNTAX, c.call("SET", "k", "v", "NX", "XX"));
        assertEquals(SYNTAX, c.call("SET", "k", "v", "EX", "1", "PX", "1"));
        assertEquals(SYNTAX, c.call("SET", "k", "v", "EX", "1", "KEEPTTL"));
        assertEquals(SYNTAX, c.call("SET", "k", "v", "EX"));
        assertEquals(SYNTAX, c.call("SET", "k", "v", "FOO"));
        assertEquals(NIL, c.call("GET", "k"));
    }

    @Test
    void set_badExpiry_isRejected() {
        assertEquals(error("ERR invalid expire time in 'set' command"), c.call("SET", "k", "v", "EX", "0"));
        assertEquals(error("ERR invalid expire time in 'set' command"), c.call("SET", "k", "v", "PX", "-5"));
        assertEquals(error("ERR invalid expire time in 'set' command"),
                c.call("SET", "k", "v", "EX", "9223372036854775807"));
        assertEquals(error("ERR invalid expire time in 'set' command"),
                c.call("SET", "k", "v", "PX", "9223372036854775807"));
        assertEquals(NOT_INTEGER, c.call("SET", "k", "v", "EX", "1.5"));
        assertEquals(NIL, c.call("GET", "k"));
    }

    @Test
    void set_wrongArity_isRejected() {
        assertEquals(error("ERR wrong number of arguments for 'set' command"), c.call("SET", "k"));
    }

    @Test
    void setnx_writesOnlyAbsentKeys() {
        assertEquals(integer(1), c.call("SETNX", "k", "1"));
        assertEquals(integer(0), c.call("SETNX", "k", "2"));
        assertEquals(bulk("1"), c.call("GET", "k"));
    }

    @Test
    void setex_andPsetex_setValueAndTtl() {
        assertEquals(OK, c.call("SETEX", "k", "5", "v"));
        assertEquals(integer(5000), c.call("PTTL", "k"));
        assertEquals(OK, c.call("PSETEX", "p", "250", "v"));
        assertEquals(integer(250), c.call("PTTL", "p"));
        assertEquals(error("ERR invalid expire time in 'setex' command"), c.call("SETEX", "k", "0", "v"));
        assertEquals(error("ERR invalid expire time in 'psetex' command"), c.call("PSETEX", "k", "-1", "v"));
        assertEquals(NOT_INTEGER, c.call("SETEX", "k", "x", "v"));
    }

    @Test
    void getset_returnsOldValueAndClearsTtl() {
        assertEquals(NIL, c.call("GETSET", "k", "1"));
        c.call("EXPIRE", "k", "100");
        assertEquals(bulk("1"), c.call("GETSET", "k", "2"));
        assertEquals(integer(-1), c.call("TTL", "k"));
        assertEquals(bulk("2"), c.call("GET", "k"));
    }

    @Test
    void getdel_returnsAndRemoves() {
        c.call("SET", "k", "v");
        assertEquals(bulk("v"), c.call("GETDEL", "k"));
        assertEquals(NIL, c.call("GETDEL", "k"));
        assertEquals(integer(0), c.call("EXISTS", "k"));
    }

    @Test
    void getex_changesOrRemovesExpiry() {
        assertEquals(NIL, c.call("GETEX", "k", "EX", "10"));
        c.call("SET", "k", "v");
        assertEquals(bulk("v"), c.call("GETEX", "k"));
        assertEquals(integer(-1), c.call("TTL", "k"));
        assertEquals(bulk("v"), c.call("GETEX", "k", "EX", "10"));
        assertEquals(integer(10), c.call("TTL", "k"));
        assertEquals(bulk("v"), c.call("GETEX", "k", "PX", "500"));
        assertEquals(integer(500), c.call("PTTL", "k"));
        assertEquals(bulk("v"), c.call("GETEX", "k", "PXAT", Long.toString(Wire.START + 700)));
        assertEquals(integer(700), c.call("PTTL", "k"));
        assertEquals(bulk("v"), c.call("GETEX", "k", "EXAT", Long.toString(Wire.START / 1000 + 3)));
        assertEquals(integer(3), c.call("TTL", "k"));
        assertEquals(bulk("v"), c.call("GETEX", "k", "PERSIST"));
        assertEquals(integer(-1), c.call("TTL", "k"));
        assertEquals(SYNTAX, c.call("GETEX", "k", "EX", "1", "PERSIST"));
        assertEquals(SYNTAX, c.call("GETEX", "k", "FOO"));
        assertEquals(error("ERR invalid expire time in 'getex' command"), c.call("GETEX", "k", "EX", "0"));
    }

    @Test
    void mget_returnsNilForAbsentKeys() {
        c.call("SET", "a", "1");
        c.call("SET", "c", "3");
        assertEquals(bulks("1", null, "3"), c.call("MGET", "a", "b", "c"));
    }

    @Test
    void mset_setsAll_oddArgumentsAreRejected() {
        assertEquals(OK, c.call("MSET", "a", "1", "b", "2"));
        assertEquals(bulks("1", "2"), c.call("MGET", "a", "b"));
        assertEquals(error("ERR wrong number of arguments for 'mset' command"), c.call("MSET", "a", "1", "b"));
        assertEquals(error("ERR wrong number of arguments for 'mset' command"), c.call("MSET", "a"));
    }

    @Test
    void msetnx_writesNothingIfAnyKeyExists() {
        assertEquals(integer(1), c.call("MSETNX", "a", "1", "b", "2"));
        assertEquals(integer(0), c.call("MSETNX", "b", "x", "c", "3"));
        assertEquals(bulks("1", "2", null), c.call("MGET", "a", "b", "c"));
        assertEquals(error("ERR wrong number of arguments for 'msetnx' command"), c.call("MSETNX", "a", "1", "b"));
    }

    @Test
    void append_createsOrExtends_andRepliesLength() {
        assertEquals(integer(3), c.call("APPEND", "k", "abc"));
        assertEquals(integer(5), c.call("APPEND", "k", "de"));
        assertEquals(bulk("abcde"), c.call("GET", "k"));
    }

    @Test
    void append_beyondProtoMaxBulkLen_isRejectedAndChangesNothing() {
        c.call("CONFIG", "SET", "proto-max-bulk-len", "1mb");
        c.call("SETRANGE", "k", Integer.toString(1024 * 1024 - 2), "ab");
        assertEquals(error("ERR string exceeds maximum allowed size (proto-max-bulk-len)"), c.call("APPEND", "k", "c"));
        assertEquals(integer(1024 * 1024), c.call("STRLEN", "k"));
    }

    @Test
    void strlen_countsBytes() {
        assertEquals(integer(0), c.call("STRLEN", "k"));
        c.call("SET", "k", "héllo");
        assertEquals(integer(6), c.call("STRLEN", "k"));
    }

    @Test
    void getrange_followsRedisIndexRules() {
        c.call("SET", "k", "This is a string");
        assertEquals(bulk("This"), c.call("GETRANGE", "k", "0", "3"));
        assertEquals(bulk("ing"), c.call("GETRANGE", "k", "-3", "-1"));
        assertEquals(bulk("This is a string"), c.call("GETRANGE", "k", "0", "-1"));
        assertEquals(bulk("string"), c.call("GETRANGE", "k", "10", "100"));
        assertEquals(bulk(""), c.call("GETRANGE", "k", "5", "3"));
        assertEquals(bulk(""), c.call("GETRANGE", "k", "-1", "-5"));
        assertEquals(bulk(""), c.call("GETRANGE", "absent", "0", "-1"));
        assertEquals(NOT_INTEGER, c.call("GETRANGE", "k", "a", "1"));
    }

    @Test
    void setrange_overwritesAndPadsWithZeros() {
        c.call("SET", "k", "Hello World");
        assertEquals(integer(11), c.call("SETRANGE", "k", "6", "Redis"));
        assertEquals(bulk("Hello Redis"), c.call("GET", "k"));
        assertEquals(integer(6), c.call("SETRANGE", "n", "3", "abc"));
        assertEquals(bulk("\u0000\u0000\u0000abc"), c.call("GET", "n"));
        assertEquals(integer(0), c.call("SETRANGE", "e", "5", ""));
        assertEquals(integer(0), c.call("EXISTS", "e"));
        assertEquals(integer(11), c.call("SETRANGE", "k", "100", ""));
        assertEquals(error("ERR offset is out of range"), c.call("SETRANGE", "k", "-1", "x"));
        assertEquals(error("ERR string exceeds maximum allowed size (proto-max-bulk-len)"),
                c.call("SETRANGE", "k", "536870912", "x"));
        assertEquals(NOT_INTEGER, c.call("SETRANGE", "k", "x", "x"));
    }

    @Test
    void incrAndDecr_countFromZero() {
        assertEquals(integer(1), c.call("INCR", "n"));
        assertEquals(integer(11), c.call("INCRBY", "n", "10"));
        assertEquals(integer(10), c.call("DECR", "n"));
        assertEquals(integer(-5), c.call("DECRBY", "n", "15"));
        assertEquals(bulk("-5"), c.call("GET", "n"));
    }

    @Test
    void incr_keepsTtl() {
        c.call("SET", "n", "1", "EX", "100");
        c.call("INCR", "n");
        assertEquals(integer(100), c.call("TTL", "n"));
    }

    @Test
    void incr_onNonInteger_isRejected() {
        c.call("SET", "s", "abc");
        assertEquals(NOT_INTEGER, c.call("INCR", "s"));
        c.call("SET", "s", " 1");
        assertEquals(NOT_INTEGER, c.call("INCR", "s"));
        c.call("SET", "s", "01");
        assertEquals(NOT_INTEGER, c.call("INCR", "s"));
        assertEquals(NOT_INTEGER, c.call("INCRBY", "n", "1.0"));
        assertEquals(NOT_INTEGER, c.call("INCRBY", "n", "99999999999999999999"));
    }

    @Test
    void incr_overflow_isRejectedAndChangesNothing() {
        c.call("SET", "n", "9223372036854775807");
        assertEquals(error("ERR increment or decrement would overflow"), c.call("INCR", "n"));
        c.call("SET", "m", "-9223372036854775808");
        assertEquals(error("ERR increment or decrement would overflow"), c.call("DECR", "m"));
        assertEquals(error("ERR decrement would overflow"), c.call("DECRBY", "m", "-9223372036854775808"));
        assertEquals(bulk("9223372036854775807"), c.call("GET", "n"));
    }

    @Test
    void incrbyfloat_addsDecimals() {
        c.call("SET", "f", "10.50");
        assertEquals(bulk("10.6"), c.call("INCRBYFLOAT", "f", "0.1"));
        assertEquals(bulk("5.6"), c.call("INCRBYFLOAT", "f", "-5"));
        assertEquals(bulk("5.6"), c.call("GET", "f"));
        c.call("SET", "e", "5.0e3");
        assertEquals(bulk("5200"), c.call("INCRBYFLOAT", "e", "2.0e2"));
        assertEquals(bulk("0.3"), c.call("INCRBYFLOAT", "z", "0.3"));
    }

    @Test
    void setrange_onAnotherType_isWrongTypeBeforeTheLengthCheck() {
        c.call("RPUSH", "list", "a");
        assertEquals(error("WRONGTYPE Operation against a key holding the wrong kind of value"),
                c.call("SETRANGE", "list", "2147483648", "x"));
        assertEquals(error("ERR string exceeds maximum allowed size (proto-max-bulk-len)"),
                c.call("SETRANGE", "missing", "9223372036854775807", "x"));
    }

    @Test
    void incrbyfloat_badNumbers_areRejected() {
        c.call("SET", "s", "abc");
        assertEquals(error("ERR value is not a valid float"), c.call("INCRBYFLOAT", "s", "1"));
        assertEquals(error("ERR value is not a valid float"), c.call("INCRBYFLOAT", "n", "x"));
        c.call("SET", "big", "1e308");
        // Redis adds in 80-bit long double: 2e308 overflows a double but not the sum (redis-server 7.0.15's reply)
        assertEquals(bulk("1999999999999999999933717593116912913211201996948311344155940959898434697376761237442002"
                + "538437770786408934944501080264463042694991879211671948416288603928375359182000392063815573262192"
                + "090142133358783067915778778291210871261225367298032372604341731785068897632475826017115146362848"
                + "49020905456510092687857156096"), c.call("INCRBYFLOAT", "big", "1e308"));
        c.call("SET", "huge", "1e4932");
        assertEquals(error("ERR increment would produce NaN or Infinity"), c.call("INCRBYFLOAT", "huge", "1e4932"));
        assertEquals(error("ERR increment would produce NaN or Infinity"), c.call("INCRBYFLOAT", "n", "inf"));
        assertEquals(error("ERR value is not a valid float"), c.call("INCRBYFLOAT", "n", "nan"));
        assertEquals(error("ERR value is not a valid float"), c.call("INCRBYFLOAT", "n", " 1"));
        c.call("SET", "infinite", "inf");
        // both are read before their sum is judged (redis-server 7.0.15's replies)
        assertEquals(error("ERR value is not a valid float"), c.call("INCRBYFLOAT", "infinite", ""));
        assertEquals(error("ERR increment would produce NaN or Infinity"), c.call("INCRBYFLOAT", "infinite", "1"));
    }
}
