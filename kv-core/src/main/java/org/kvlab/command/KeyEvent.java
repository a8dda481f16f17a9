package org.kvlab.command;

import static org.kvlab.command.KeyspaceEvents.EXPIRED;
import static org.kvlab.command.KeyspaceEvents.GENERIC;
import static org.kvlab.command.KeyspaceEvents.HASH;
import static org.kvlab.command.KeyspaceEvents.KEY_MISS;
import static org.kvlab.command.KeyspaceEvents.LIST;
import static org.kvlab.command.KeyspaceEvents.SET;
import static org.kvlab.command.KeyspaceEvents.STRING;
import static org.kvlab.command.KeyspaceEvents.ZSET;

import java.nio.charset.StandardCharsets;

/**
 * The keyspace events commands report, each with its Redis name and the class ({@link KeyspaceEvents}) that turns it
 * on: what {@link Session#notify} publishes.
 */
enum KeyEvent {
    DEL(GENERIC, "del"),
    EXPIRE(GENERIC, "expire"),
    PERSIST(GENERIC, "persist"),
    RENAME_FROM(GENERIC, "rename_from"),
    RENAME_TO(GENERIC, "rename_to"),
    COPY_TO(GENERIC, "copy_to"),
    MOVE_FROM(GENERIC, "move_from"),
    MOVE_TO(GENERIC, "move_to"),
    SORTSTORE(LIST, "sortstore"),
    EXPIRED_EVENT(EXPIRED, "expired"),
    NEW(KeyspaceEvents.NEW, "new"),
    KEYMISS(KEY_MISS, "keymiss"),

    SET_STRING(STRING, "set"),
    SETRANGE(STRING, "setrange"),
    INCRBY(STRING, "incrby"),
    INCRBYFLOAT(STRING, "incrbyfloat"),
    APPEND(STRING, "append"),
    SETBIT(STRING, "setbit"),

    LPUSH(LIST, "lpush"),
    RPUSH(LIST, "rpush"),
    LPOP(LIST, "lpop"),
    RPOP(LIST, "rpop"),
    LINSERT(LIST, "linsert"),
    LSET(LIST, "lset"),
    LREM(LIST, "lrem"),
    LTRIM(LIST, "ltrim"),

    HSET(HASH, "hset"),
    HDEL(HASH, "hdel"),
    HINCRBY(HASH, "hincrby"),
    HINCRBYFLOAT(HASH, "hincrbyfloat"),

    SADD(SET, "sadd"),
    SREM(SET, "srem"),
    SPOP(SET, "spop"),
    SINTERSTORE(SET, "sinterstore"),
    SUNIONSTORE(SET, "sunionstore"),
    SDIFFSTORE(SET, "sdiffstore"),

    ZADD(ZSET, "zadd"),
    ZINCR(ZSET, "zincr"),
    ZREM(ZSET, "zrem"),
    ZREMRANGEBYRANK(ZSET, "zremrangebyrank"),
    ZREMRANGEBYSCORE(ZSET, "zremrangebyscore"),
    ZREMRANGEBYLEX(ZSET, "zremrangebylex"),
    ZPOPMIN(ZSET, "zpopmin"),
    ZPOPMAX(ZSET, "zpopmax"),
    ZUNIONSTORE(ZSET, "zunionstore"),
    ZINTERSTORE(ZSET, "zinterstore"),
    ZDIFFSTORE(ZSET, "zdiffstore"),
    ZRANGESTORE(ZSET, "zrangestore");

    /** The class flag that turns the event on. */
    final int type;
    /** The event's name, the payload of a keyspace message and the tail of a keyevent channel. */
    final byte[] name;

    KeyEvent(int type, String name) {
        this.type = type;
        this.name = name.getBytes(StandardCharsets.US_ASCII);
    }
}
