package org.kvlab.bench.load;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The SET and GET commands of one connection, as the argument arrays {@link org.kvlab.client.KvConnection#sendBatch}
 * takes: keys {@code key:NNNNNNNNNNNN} (12 digits, as {@code redis-benchmark -r}) drawn uniformly from the key
 * space, the SET:GET ratio followed exactly in round-robin order. Every array, key and the batch list are made
 * once and rewritten in place, so nothing is allocated per request; a batch stays valid until the next call,
 * which is enough because {@code sendBatch} encodes it before returning. Not thread-safe: one per connection.
 */
final class RequestMix {

    private static final int DIGITS = 12;
    private static final byte[] SET = {'S', 'E', 'T'};
    private static final byte[] GET = {'G', 'E', 'T'};
    private static final int KEY_AT = 4;

    private final byte[][][] setCommands;
    private final byte[][][] getCommands;
    private final List<byte[][]> batch;
    private final int sets;
    private final int cycle;
    private final int keyspace;
    private int position;
    private long random;
    private long setCount;
    private long getCount;

    /**
     * @param sets SETs per cycle of the ratio
     * @param gets GETs per cycle of the ratio
     * @param keyspace distinct keys, at least 1
     * @param valueSize bytes per SET value
     * @param seed the seed of the key sequence
     * @param batchSize the most commands per batch, at least 1
     */
    RequestMix(int sets, int gets, int keyspace, int valueSize, long seed, int batchSize) {
        byte[] value = new byte[valueSize];
        Arrays.fill(value, (byte) 'x');
        this.setCommands = new byte[batchSize][][];
        this.getCommands = new byte[batchSize][][];
        for (int i = 0; i < batchSize; i++) {
            byte[] key = ("key:" + "0".repeat(DIGITS)).getBytes(StandardCharsets.US_ASCII);
            setCommands[i] = new byte[][] {SET, key, value};
            getCommands[i] = new byte[][] {GET, key};
        }
        this.batch = new ArrayList<>(batchSize);
        this.sets = sets;
        this.cycle = sets + gets;
        this.keyspace = keyspace;
        this.random = seed == 0 ? 0x9E3779B97F4A7C15L : seed;
    }

    /**
     * Returns the next {@code n} commands of the ratio; valid until the next call.
     *
     * @throws IndexOutOfBoundsException if {@code n} exceeds the batch size
     */
    List<byte[][]> next(int n) {
        batch.clear();
        for (int i = 0; i < n; i++) {
            boolean set = position < sets;
            position = position + 1 == cycle ? 0 : position + 1;
            byte[][] command = set ? setCommands[i] : getCommands[i];
            writeKey(command[1], Long.remainderUnsigned(nextRandom(), keyspace));
            batch.add(command);
            if (set) {
                setCount++;
            } else {
                getCount++;
            }
        }
        return batch;
    }

    /** Returns how many SETs were handed out since construction. */
    long setCount() {
        return setCount;
    }

    /** Returns how many GETs were handed out since construction. */
    long getCount() {
        return getCount;
    }

    private static void writeKey(byte[] key, long number) {
        long n = number;
        for (int i = KEY_AT + DIGITS - 1; i >= KEY_AT; i--) {
            key[i] = (byte) ('0' + n % 10);
            n /= 10;
        }
    }

    private long nextRandom() {
        long x = random;
        x ^= x << 13;
        x ^= x >>> 7;
        x ^= x << 17;
        random = x;
        return x;
    }
}
