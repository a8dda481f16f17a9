package org.kvlab.command;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.kvlab.command.Replies.OK;
import static org.kvlab.command.Replies.bulk;
import static org.kvlab.command.Replies.bulks;
import static org.kvlab.command.Replies.integer;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

final class KeyspaceNotificationsTest {

    private final Wire wire = new Wire();
    private final Wire.Client subscriber = wire.connect();
    private final Wire.Client c = wire.connect();

    @AfterEach
    void close() {
        wire.close();
    }

    /** Turns notifications on with {@code flags} and subscribes to every channel. */
    private void listen(String flags) {
        assertEquals(OK, c.call("CONFIG", "SET", "notify-keyspace-events", flags));
        subscriber.call("PSUBSCRIBE", "*");
    }

    private static String keyspace(String key, String event) {
        return bulks("pmessage", "*", "__keyspace@0__:" + key, event);
    }

    private static String keyevent(String event, String key) {
        return bulks("pmessage", "*", "__keyevent@0__:" + event, key);
    }

    /** The {@code K} messages of {@code events} on {@code key}, in order. */
    private static String onKey(String key, String... events) {
        StringBuilder sb = new StringBuilder();
        for (String event : events) {
            sb.append(keyspace(key, event));
        }
        return sb.toString();
    }

    @Test
    void withNotificationsOff_nothingIsPublished() {
        subscriber.call("PSUBSCRIBE", "*");
        c.call("SET", "k", "v");
        c.call("DEL", "k");
        assertEquals("", subscriber.pushed());
    }

    @Test
    void keyspaceAndKeyevent_publishTheEventAndTheKeyOnTheirChannels() {
        listen("KEA");
        c.call("SET", "k", "v");
        assertEquals(keyspace("k", "set") + keyevent("set", "k"), subscriber.pushed());
        c.call("SELECT", "3");
        c.call("DEL", "k2");
        c.call("SET", "k2", "v");
        assertEquals(bulks("pmessage", "*", "__keyspace@3__:k2", "set")
                + bulks("pmessage", "*", "__keyevent@3__:set", "k2"), subscriber.pushed());
    }

    @Test
    void classes_areFilteredByTheirFlags() {
        listen("Kl");
        c.call("SET", "s", "v");
        c.call("LPUSH", "l", "a");
        c.call("DEL", "s");
        assertEquals(keyspace("l", "lpush"), subscriber.pushed());
    }

    @Test
    void genericEvents_areRedissNames() {
        listen("Kg$");
        c.call("SET", "a", "1", "EX", "100");
        c.call("EXPIRE", "a", "200");
        c.call("PERSIST", "a");
        c.call("RENAME", "a", "b");
        c.call("COPY", "b", "c");
        c.call("DEL", "b", "c", "missing");
        c.call("SET", "d", "1");
        c.call("EXPIRE", "d", "-1");
        assertEquals(onKey("a", "set", "expire", "expire", "persist", "rename_from") + onKey("b", "rename_to")
                + onKey("c", "copy_to") + onKey("b", "del") + onKey("c", "del") + onKey("d", "set", "del"),
                subscriber.pushed());
    }

    @Test
    void stringEvents_areRedissNames() {
        listen("K$");
        c.call("SET", "s", "1");
        c.call("INCR", "s");
        c.call("INCRBYFLOAT", "s", "1.5");
        c.call("APPEND", "s", "x");
        c.call("SETRANGE", "s", "0", "y");
        c.call("SETRANGE", "s", "0", "");
        c.call("SETBIT", "b", "1", "1");
        c.call("SETBIT", "b", "1", "1");
        c.call("MSET", "m1", "1", "m2", "2");
        c.call("SET", "s", "1", "NX");
        assertEquals(onKey("s", "set", "incrby", "incrbyfloat", "append", "setrange") + onKey("b", "setbit")
                + onKey("m1", "set") + onKey("m2", "set"), subscriber.pushed());
    }

    @Test
    void listEvents_endWithDelWhenTheListIsGone() {
        listen("Klg");
        c.call("RPUSH", "l", "a", "b", "c");
        c.call("LPUSH", "l", "z");
        c.call("LINSERT", "l", "BEFORE", "a", "x");
        c.call("LSET", "l", "0", "y");
        c.call("LREM", "l", "1", "x");
        c.call("LTRIM", "l", "0", "1");
        c.call("LMOVE", "l", "m", "LEFT", "RIGHT");
        c.call("RPOP", "l");
        assertEquals(onKey("l", "rpush", "lpush", "linsert", "lset", "lrem", "ltrim") + onKey("m", "rpush")
                + onKey("l", "lpop", "rpop", "del"), subscriber.pushed());
    }

    @Test
    void blockingPopsServedAtOnce_fireThePopsEvents() {
        listen("Klzg");
        c.call("RPUSH", "l", "a", "b", "c");
        c.call("BLPOP", "l", "0");
        c.call("BLMOVE", "l", "m", "LEFT", "RIGHT", "0");
        c.call("BRPOPLPUSH", "l", "m", "0");
        c.call("ZADD", "z", "1", "a");
        c.call("BZPOPMIN", "z", "0");
        assertEquals(onKey("l", "rpush", "lpop") + onKey("m", "rpush") + onKey("l", "lpop") + onKey("m", "lpush")
                + onKey("l", "rpop", "del") + onKey("z", "zadd", "zpopmin", "del"), subscriber.pushed());
    }

    @Test
    void hashSetAndSortedSetEvents_areRedissNames() {
        listen("Khszg");
        c.call("HSET", "h", "f", "1");
        c.call("HINCRBY", "h", "f", "1");
        c.call("HDEL", "h", "f");
        c.call("SADD", "s", "a", "b");
        c.call("SREM", "s", "a");
        c.call("SADD", "t", "x");
        c.call("SINTERSTORE", "u", "s", "t");
        c.call("SPOP", "s");
        c.call("ZADD", "z", "1", "a", "2", "b");
        c.call("ZADD", "z", "1", "a");
        c.call("ZADD", "z", "5", "a");
        c.call("ZINCRBY", "z", "0", "a");
        c.call("ZINCRBY", "z", "1", "a");
        c.call("ZREM", "z", "b");
        c.call("ZPOPMIN", "z");
        assertEquals(onKey("h", "hset", "hincrby", "hdel", "del") + onKey("s", "sadd", "srem") + onKey("t", "sadd")
                + onKey("s", "spop", "del") + onKey("z", "zadd", "zadd", "zincr", "zrem", "zpopmin", "del"),
                subscriber.pushed());
    }

    @Test
    void storingAnEmptyResultOverAKey_publishesDel() {
        listen("Kgs");
        c.call("SET", "dst", "x");
        assertEquals(integer(0), c.call("SUNIONSTORE", "dst", "nothing"));
        assertEquals(onKey("dst", "del"), subscriber.pushed());
    }

    @Test
    void aKeyFoundExpired_publishesExpired() {
        listen("KEx");
        c.call("SET", "k", "v", "PX", "100");
        wire.clock.advance(200);
        assertEquals(Replies.NIL, c.call("GET", "k"));
        assertEquals(keyspace("k", "expired") + keyevent("expired", "k"), subscriber.pushed());
    }

    @Test
    void resp3Subscriber_changingKeysItself_getsEachEventBeforeTheReply() {
        c.call("CONFIG", "SET", "notify-keyspace-events", "KA");
        subscriber.call("HELLO", "3");
        subscriber.call("SUBSCRIBE", "__keyspace@0__:k");
        assertEquals(">3\r\n" + bulk("message") + bulk("__keyspace@0__:k") + bulk("set") + OK,
                subscriber.call("SET", "k", "v"));
    }
}
