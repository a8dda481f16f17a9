package org.kvlab.command;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.kvlab.api.KeyView;
import org.kvlab.api.ValueType;

/**
 * A {@link KeyView} over values built in a test: strings, and lists, sets, sorted sets and hashes laid out as the
 * store's containers lay them out, so SORT's logic can be tested before those types have commands.
 */
final class MapKeyView implements KeyView {

    private final Map<ByteBuffer, ValueType> types = new HashMap<>();
    private final Map<ByteBuffer, Object> values = new HashMap<>();

    MapKeyView string(String key, String value) {
        return string(bytes(key), bytes(value));
    }

    MapKeyView string(byte[] key, byte[] value) {
        types.put(ByteBuffer.wrap(key), ValueType.STRING);
        values.put(ByteBuffer.wrap(key), value);
        return this;
    }

    /** A list of {@code elements}, or a set of them in this order. */
    MapKeyView collection(String key, ValueType type, String... elements) {
        byte[][] flat = new byte[elements.length][];
        for (int i = 0; i < elements.length; i++) {
            flat[i] = bytes(elements[i]);
        }
        return collection(bytes(key), type, flat);
    }

    MapKeyView collection(byte[] key, ValueType type, byte[][] elements) {
        types.put(ByteBuffer.wrap(key), type);
        values.put(ByteBuffer.wrap(key), elements);
        return this;
    }

    /** A sorted set of {@code members} with {@code scores}, laid out in score order, then member bytes. */
    MapKeyView sortedSet(byte[] key, List<byte[]> members, List<Double> scores) {
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < members.size(); i++) {
            order.add(i);
        }
        order.sort(Comparator.<Integer>comparingDouble(scores::get)
                .thenComparing((x, y) -> Arrays.compareUnsigned(members.get(x), members.get(y))));
        byte[][] flat = new byte[2 * members.size()][];
        for (int i = 0; i < order.size(); i++) {
            flat[2 * i] = members.get(order.get(i));
            flat[2 * i + 1] = ByteBuffer.allocate(8).putLong(Double.doubleToLongBits(scores.get(order.get(i))))
                    .array();
        }
        return collection(key, ValueType.ZSET, flat);
    }

    /** A hash of field, value pairs. */
    MapKeyView hash(String key, String... fieldsAndValues) {
        return collection(key, ValueType.HASH, fieldsAndValues);
    }

    @Override
    public ValueType type(byte[] key) {
        return types.getOrDefault(ByteBuffer.wrap(key), ValueType.NONE);
    }

    @Override
    public ValueType lookup(byte[] key) {
        return type(key);
    }

    @Override
    public byte[] string(byte[] key) {
        Object v = values.get(ByteBuffer.wrap(key));
        return v instanceof byte[] ? (byte[]) v : null;
    }

    @Override
    public byte[][] elements(byte[] key) {
        Object v = values.get(ByteBuffer.wrap(key));
        return v instanceof byte[][] ? (byte[][]) v : null;
    }

    static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
