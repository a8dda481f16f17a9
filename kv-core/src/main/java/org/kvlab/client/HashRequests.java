package org.kvlab.client;

import java.util.List;
import java.util.Map;

/**
 * The requests of Redis's hash commands, {@code HSET} to {@code HSCAN}: maps of fields to values stored at a key.
 * A command on a key holding another type fails with {@link KvServerException} {@code WRONGTYPE}.
 *
 * <p>Every method comes in two forms: {@code String} arguments sent as UTF-8 with replies read as UTF-8, and
 * {@code byte[]} arguments sent as they are with replies as {@code byte[]} (see {@link Request} for how to run
 * them). Arguments must not be {@code null} ({@link NullPointerException}), except where a parameter says so; a
 * variable-length argument list must not be empty ({@link IllegalArgumentException}). Stateless.
 */
public final class HashRequests {

    private HashRequests() {
    }

    /** {@code HSET key field value}: sets one field; replies 1 if the field is new, 0 if it was updated. */
    public static Request<Long> hset(String key, String field, String value) {
        return new Request<>(Replies.LONG, new Object[] {"HSET", key, field, value});
    }

    /** {@code HSET key field value}: sets one field; replies 1 if the field is new, 0 if it was updated. */
    public static Request<Long> hset(byte[] key, byte[] field, byte[] value) {
        return new Request<>(Replies.LONG, new Object[] {"HSET", key, field, value});
    }

    /**
     * {@code HSET key field value ...}: sets every entry, in the map's iteration order; replies how many fields are
     * new.
     *
     * @throws IllegalArgumentException if {@code entries} is empty
     */
    public static Request<Long> hset(String key, Map<String, String> entries) {
        return new Request<>(Replies.LONG,
                ArgList.of("HSET", 2 + 2 * entries.size()).add(key).addPairs("entries", entries));
    }

    /**
     * {@code HSET key field value ...}: sets every entry, in the map's iteration order; replies how many fields are
     * new.
     *
     * @throws IllegalArgumentException if {@code entries} is empty
     */
    public static Request<Long> hset(byte[] key, Map<byte[], byte[]> entries) {
        return new Request<>(Replies.LONG,
                ArgList.of("HSET", 2 + 2 * entries.size()).add(key).addPairs("entries", entries));
    }

    /** {@code HSETNX}: sets the field only if it is absent; replies whether it did. */
    public static Request<Boolean> hsetNx(String key, String field, String value) {
        return new Request<>(Replies.BOOLEAN, new Object[] {"HSETNX", key, field, value});
    }

    /** {@code HSETNX}: sets the field only if it is absent; replies whether it did. */
    public static Request<Boolean> hsetNx(byte[] key, byte[] field, byte[] value) {
        return new Request<>(Replies.BOOLEAN, new Object[] {"HSETNX", key, field, value});
    }

    /** {@code HGET}: the field's value, or {@code null} if the field or the key is absent. */
    public static Request<String> hget(String key, String field) {
        return new Request<>(Form.STRING.value, new Object[] {"HGET", key, field});
    }

    /** {@code HGET}: the field's value, or {@code null} if the field or the key is absent. */
    public static Request<byte[]> hget(byte[] key, byte[] field) {
        return new Request<>(Form.BYTES.value, new Object[] {"HGET", key, field});
    }

    /** {@code HMGET}: a value or {@code null} per field, in the order given. */
    public static Request<List<String>> hmget(String key, String... fields) {
        return new Request<>(Form.STRING.list, ArgList.keyAnd("HMGET", key, "fields", fields));
    }

    /** {@code HMGET}: a value or {@code null} per field, in the order given. */
    public static Request<List<byte[]>> hmget(byte[] key, byte[]... fields) {
        return new Request<>(Form.BYTES.list, ArgList.keyAnd("HMGET", key, "fields", fields));
    }

    /** {@code HDEL}: removes the fields; replies how many existed. */
    public static Request<Long> hdel(String key, String... fields) {
        return new Request<>(Replies.LONG, ArgList.keyAnd("HDEL", key, "fields", fields));
    }

    /** {@code HDEL}: removes the fields; replies how many existed. */
    public static Request<Long> hdel(byte[] key, byte[]... fields) {
        return new Request<>(Replies.LONG, ArgList.keyAnd("HDEL", key, "fields", fields));
    }

    /** {@code HEXISTS}: whether the field exists. */
    public static Request<Boolean> hexists(String key, String field) {
        return new Request<>(Replies.BOOLEAN, new Object[] {"HEXISTS", key, field});
    }

    /** {@code HEXISTS}: whether the field exists. */
    public static Request<Boolean> hexists(byte[] key, byte[] field) {
        return new Request<>(Replies.BOOLEAN, new Object[] {"HEXISTS", key, field});
    }

    /** {@code HLEN}: the number of fields, 0 if the key is absent. */
    public static Request<Long> hlen(String key) {
        return new Request<>(Replies.LONG, new Object[] {"HLEN", key});
    }

    /** {@code HLEN}: the number of fields, 0 if the key is absent. */
    public static Request<Long> hlen(byte[] key) {
        return new Request<>(Replies.LONG, new Object[] {"HLEN", key});
    }

    /** {@code HSTRLEN}: the length in bytes of the field's value, 0 if absent. */
    public static Request<Long> hstrlen(String key, String field) {
        return new Request<>(Replies.LONG, new Object[] {"HSTRLEN", key, field});
    }

    /** {@code HSTRLEN}: the length in bytes of the field's value, 0 if absent. */
    public static Request<Long> hstrlen(byte[] key, byte[] field) {
        return new Request<>(Replies.LONG, new Object[] {"HSTRLEN", key, field});
    }

    /** {@code HKEYS}: every field, in the server's order; empty if the key is absent. */
    public static Request<List<String>> hkeys(String key) {
        return new Request<>(Form.STRING.list, new Object[] {"HKEYS", key});
    }

    /** {@code HKEYS}: every field, in the server's order; empty if the key is absent. */
    public static Request<List<byte[]>> hkeys(byte[] key) {
        return new Request<>(Form.BYTES.list, new Object[] {"HKEYS", key});
    }

    /** {@code HVALS}: every value, in the server's order; empty if the key is absent. */
    public static Request<List<String>> hvals(String key) {
        return new Request<>(Form.STRING.list, new Object[] {"HVALS", key});
    }

    /** {@code HVALS}: every value, in the server's order; empty if the key is absent. */
    public static Request<List<byte[]>> hvals(byte[] key) {
        return new Request<>(Form.BYTES.list, new Object[] {"HVALS", key});
    }

    /**
     * {@code HGETALL}: every field and its value; empty if the key is absent. From a RESP2 flat array or a RESP3 map;
     * the {@code String} form keeps the server's order, the {@code byte[]} form is sorted by unsigned bytes and looks
     * fields up by content.
     */
    public static Request<Map<String, String>> hgetAll(String key) {
        return new Request<>(Form.STRING.map, new Object[] {"HGETALL", key});
    }

    /**
     * {@code HGETALL}: every field and its value; empty if the key is absent. From a RESP2 flat array or a RESP3 map;
     * the {@code String} form keeps the server's order, the {@code byte[]} form is sorted by unsigned bytes and looks
     * fields up by content.
     */
    public static Request<Map<byte[], byte[]>> hgetAll(byte[] key) {
        return new Request<>(Form.BYTES.map, new Object[] {"HGETALL", key});
    }

    /** {@code HINCRBY}: adds {@code increment} to the field's integer value (absent counts as 0); replies the sum. */
    public static Request<Long> hincrBy(String key, String field, long increment) {
        return new Request<>(Replies.LONG, ArgList.of("HINCRBY", 4).add(key).add(field).add(increment));
    }

    /** {@code HINCRBY}: adds {@code increment} to the field's integer value (absent counts as 0); replies the sum. */
    public static Request<Long> hincrBy(byte[] key, byte[] field, long increment) {
        return new Request<>(Replies.LONG, ArgList.of("HINCRBY", 4).add(key).add(field).add(increment));
    }

    /**
     * {@code HINCRBYFLOAT}: adds {@code increment} to the field's numeric value (absent counts as 0); replies the
     * result.
     *
     * @throws IllegalArgumentException if {@code increment} is NaN
     */
    public static Request<Double> hincrByFloat(String key, String field, double increment) {
        return new Request<>(Replies.DOUBLE, ArgList.of("HINCRBYFLOAT", 4).add(key).add(field).add(increment));
    }

    /**
     * {@code HINCRBYFLOAT}: adds {@code increment} to the field's numeric value (absent counts as 0); replies the
     * result.
     *
     * @throws IllegalArgumentException if {@code increment} is NaN
     */
    public static Request<Double> hincrByFloat(byte[] key, byte[] field, double increment) {
        return new Request<>(Replies.DOUBLE, ArgList.of("HINCRBYFLOAT", 4).add(key).add(field).add(increment));
    }

    /** {@code HRANDFIELD key}: a random field, or {@code null} if the key is absent. */
    public static Request<String> hrandField(String key) {
        return new Request<>(Form.STRING.value, new Object[] {"HRANDFIELD", key});
    }

    /** {@code HRANDFIELD key}: a random field, or {@code null} if the key is absent. */
    public static Request<byte[]> hrandField(byte[] key) {
        return new Request<>(Form.BYTES.value, new Object[] {"HRANDFIELD", key});
    }

    /**
     * {@code HRANDFIELD key count}: up to {@code count} distinct random fields if {@code count} is positive, exactly
     * {@code -count} fields that may repeat if it is negative; empty if the key is absent.
     */
    public static Request<List<String>> hrandField(String key, long count) {
        return new Request<>(Form.STRING.list, ArgList.of("HRANDFIELD", 3).add(key).add(count));
    }

    /**
     * {@code HRANDFIELD key count}: up to {@code count} distinct random fields if {@code count} is positive, exactly
     * {@code -count} fields that may repeat if it is negative; empty if the key is absent.
     */
    public static Request<List<byte[]>> hrandField(byte[] key, long count) {
        return new Request<>(Form.BYTES.list, ArgList.of("HRANDFIELD", 3).add(key).add(count));
    }

    /**
     * {@code HRANDFIELD key count WITHVALUES}: random fields with their values, as {@link #hrandField(String, long)}
     * chooses them (so entries repeat for a negative {@code count}).
     */
    public static Request<List<Map.Entry<String, String>>> hrandFieldWithValues(String key, long count) {
        return new Request<>(Form.STRING.pairs, ArgList.of("HRANDFIELD", 4).add(key).add(count).add("WITHVALUES"));
    }

    /**
     * {@code HRANDFIELD key count WITHVALUES}: random fields with their values, as {@link #hrandField(byte[], long)}
     * chooses them (so entries repeat for a negative {@code count}).
     */
    public static Request<List<Map.Entry<byte[], byte[]>>> hrandFieldWithValues(byte[] key, long count) {
        return new Request<>(Form.BYTES.pairs, ArgList.of("HRANDFIELD", 4).add(key).add(count).add("WITHVALUES"));
    }

    /**
     * {@code HSCAN}: one step of an iteration over the fields and values; start and end at cursor 0.
     *
     * @param match a glob the fields must match, or {@code null} for all
     * @param count the hint of entries per step, or 0 for the server's default
     * @throws IllegalArgumentException if {@code count} is negative
     */
    public static Request<ScanPage<Map.Entry<String, String>>> hscan(String key, long cursor, String match, int count) {
        return new Request<>(Form.STRING.pairScan, ArgList.of("HSCAN", 7).add(key).add(Long.toUnsignedString(cursor))
                .addScanOptions(match, count));
    }

    /**
     * {@code HSCAN}: one step of an iteration over the fields and values; start and end at cursor 0.
     *
     * @param match a glob the fields must match, or {@code null} for all
     * @param count the hint of entries per step, or 0 for the server's default
     * @throws IllegalArgumentException if {@code count} is negative
     */
    public static Request<ScanPage<Map.Entry<byte[], byte[]>>> hscan(byte[] key, long cursor, byte[] match, int count) {
        return new Request<>(Form.BYTES.pairScan, ArgList.of("HSCAN", 7).add(key).add(Long.toUnsignedString(cursor))
                .addScanOptions(match, count));
    }
}
