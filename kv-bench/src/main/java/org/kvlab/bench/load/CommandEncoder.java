package org.kvlab.bench.load;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Writes SET and GET commands as RESP arrays into one reusable byte array, with keys {@code key:NNNNNNNNNNNN} (12
 * digits, as {@code redis-benchmark -r}) drawn uniformly from the key space and the SET:GET ratio followed exactly
 * in round-robin order. Allocates nothing per request. Not thread-safe: one per connection.
 */
final class CommandEncoder {

    private static final int DIGITS = 12;

    private final byte[] setTemplate;
    private final byte[] getTemplate;
    private final int setKeyAt;
    private final int getKeyAt;
    private final int sets;
    private final int cycle;
    private final int keyspace;
    private byte[] buffer;
    private int length;
    private int position;
    private long random;
    private long setCount;
    private long getCount;

    CommandEncoder(int sets, int gets, int keyspace, int valueSize, long seed) {
        String key = "key:" + "0".repeat(DIGITS);
        String setHead = "*3\r\n$3\r\nSET\r\n$" + key.length() + "\r\n";
        String getHead = "*2\r\n$3\r\nGET\r\n$" + key.length() + "\r\n";
        byte[] value = new byte[valueSize];
        Arrays.fill(value, (byte) 'x');
        this.setTemplate = concat(setHead + key + "\r\n$" + valueSize + "\r\n", value, "\r\n");
        this.getTemplate = concat(getHead + key + "\r\n", new byte[0], "");
        this.setKeyAt = setHead.length() + 4;
        this.getKeyAt = getHead.length() + 4;
        this.sets = sets;
        this.cycle = sets + gets;
        this.keyspace = keyspace;
        this.buffer = new byte[Math.max(setTemplate.length, getTemplate.length) * 4];
        this.random = seed == 0 ? 0x9E3779B97F4A7C15L : seed;
    }

    /** Starts a new batch, dropping what the previous one encoded. */
    void reset() {
        length = 0;
    }

    /** Appends the next command of the ratio. */
    void next() {
        boolean set = position < sets;
        position = position + 1 == cycle ? 0 : position + 1;
        byte[] template = set ? setTemplate : getTemplate;
        int keyAt = length + (set ? setKeyAt : getKeyAt);
        ensureRoom(template.length);
        System.arraycopy(template, 0, buffer, length, template.length);
        length += template.length;
        long key = Long.remainderUnsigned(nextRandom(), keyspace);
        for (int i = keyAt + DIGITS - 1; i >= keyAt; i--) {
            buffer[i] = (byte) ('0' + key % 10);
            key /= 10;
        }
        if (set) {
            setCount++;
        } else {
            getCount++;
        }
    }

    /** Returns the array holding the batch; bytes {@code [0, length())}. Valid until the next call. */
    byte[] array() {
        return buffer;
    }

    /** Returns the batch's length in bytes. */
    int length() {
        return length;
    }

    /** Returns how many SETs were encoded since construction. */
    long setCount() {
        return setCount;
    }

    /** Returns how many GETs were encoded since construction. */
    long getCount() {
        return getCount;
    }

    private long nextRandom() {
        long x = random;
        x ^= x << 13;
        x ^= x >>> 7;
        x ^= x << 17;
        random = x;
        return x;
    }

    private void ensureRoom(int extra) {
        if (length + extra > buffer.length) {
            buffer = Arrays.copyOf(buffer, Math.max(length + extra, buffer.length * 2));
        }
    }

    private static byte[] concat(String head, byte[] middle, String tail) {
        byte[] h = head.getBytes(StandardCharsets.US_ASCII);
        byte[] t = tail.getBytes(StandardCharsets.US_ASCII);
        byte[] all = new byte[h.length + middle.length + t.length];
        System.arraycopy(h, 0, all, 0, h.length);
        System.arraycopy(middle, 0, all, h.length, middle.length);
        System.arraycopy(t, 0, all, h.length + middle.length, t.length);
        return all;
    }
}
