package org.kvlab.bench.load;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * The commands of one connection, as the argument arrays {@link org.kvlab.client.KvConnection#sendBatch} takes:
 * one or more command templates, each used its share of a round-robin cycle (the SET:GET ratio, one
 * {@link BenchmarkTest}, or the fan-out workload's PUBLISH), every {@value BenchmarkTest#RANDOM} in an argument replaced by a 12-digit number drawn
 * uniformly from the key space (as {@code redis-benchmark -r}), a fresh draw per occurrence and per request. Every
 * array and the batch list are made once and rewritten in place, so nothing is allocated per request; a batch
 * stays valid until the next call, which is enough because {@code sendBatch} encodes it before returning. Not
 * thread-safe: one per connection.
 */
final class RequestMix {

    private static final int DIGITS = 12;
    private static final byte[] PLACEHOLDER = BenchmarkTest.RANDOM.getBytes(StandardCharsets.US_ASCII);

    /** Per template, per batch slot, the command's arguments. */
    private final byte[][][][] commands;
    /** Per template, the index of each argument that holds a random number. */
    private final int[][] randomArgs;
    /** Per template, where that argument's digits start. */
    private final int[][] randomAt;
    /** Per template, the end of its share in the cycle (cumulative shares). */
    private final int[] shareEnds;
    private final long[] counts;
    private final String[] names;
    private final List<byte[][]> batch;
    private final int cycle;
    private final int keyspace;
    private int position;
    private long random;

    /**
     * @param templates the commands, with {@value BenchmarkTest#RANDOM} where a number goes (at most once per
     *     argument, and an array holding it at most once per command); arrays without it are shared by every
     *     request
     * @param shares how many of each template per cycle, not all 0
     * @param keyspace how many distinct numbers, at least 1
     * @param seed the seed of the number sequence
     * @param batchSize the most commands per batch, at least 1
     */
    RequestMix(List<byte[][]> templates, int[] shares, int keyspace, long seed, int batchSize) {
        int n = templates.size();
        this.commands = new byte[n][batchSize][][];
        this.randomArgs = new int[n][];
        this.randomAt = new int[n][];
        this.shareEnds = new int[n];
        this.counts = new long[n];
        this.names = new String[n];
        // per template argument holding a number, its copy for each batch slot; templates that share the argument
        // (SET and GET share their key) share the copies, as a slot holds one command at a time
        Map<byte[], byte[][]> slotCopies = new IdentityHashMap<>();
        int end = 0;
        for (int t = 0; t < n; t++) {
            byte[][] template = templates.get(t);
            names[t] = new String(template[0], StandardCharsets.US_ASCII);
            List<Integer> args = new ArrayList<>();
            List<Integer> at = new ArrayList<>();
            for (int a = 0; a < template.length; a++) {
                int found = indexOf(template[a], PLACEHOLDER);
                if (found >= 0) {
                    args.add(a);
                    at.add(found);
                    slotCopies.computeIfAbsent(template[a], arg -> numberedCopies(arg, found, batchSize));
                }
            }
            randomArgs[t] = args.stream().mapToInt(Integer::intValue).toArray();
            randomAt[t] = at.stream().mapToInt(Integer::intValue).toArray();
            for (int slot = 0; slot < batchSize; slot++) {
                byte[][] command = template.clone();
                for (int a : randomArgs[t]) {
                    command[a] = slotCopies.get(template[a])[slot];
                }
                commands[t][slot] = command;
            }
            end += shares[t];
            shareEnds[t] = end;
        }
        this.cycle = end;
        this.batch = new ArrayList<>(batchSize);
        this.keyspace = keyspace;
        this.random = seed == 0 ? 0x9E3779B97F4A7C15L : seed;
    }

    /**
     * Returns the mix of {@code kv-bench load --ratio}: {@code SET key:NNNNNNNNNNNN value} and
     * {@code GET key:NNNNNNNNNNNN}, the value {@code valueSize} bytes of {@code x}.
     */
    static RequestMix ratio(int sets, int gets, int keyspace, int valueSize, long seed, int batchSize) {
        byte[] value = new byte[valueSize];
        Arrays.fill(value, (byte) 'x');
        byte[] key = ("key:" + BenchmarkTest.RANDOM).getBytes(StandardCharsets.US_ASCII);
        List<byte[][]> templates = List.of(new byte[][] {ascii("SET"), key, value}, new byte[][] {ascii("GET"), key});
        return new RequestMix(templates, new int[] {sets, gets}, keyspace, seed, batchSize);
    }

    /**
     * Returns the mix of a fan-out publisher: {@code PUBLISH channel message}, the message {@code valueSize} bytes
     * of {@code x}.
     */
    static RequestMix publish(byte[] channel, int valueSize, int batchSize) {
        byte[] message = new byte[valueSize];
        Arrays.fill(message, (byte) 'x');
        return new RequestMix(List.<byte[][]>of(new byte[][] {ascii("PUBLISH"), channel, message}), new int[] {1}, 1,
                1, batchSize);
    }

    /** Returns the mix of one redis-benchmark test, its value {@code valueSize} bytes of redis-benchmark's data. */
    static RequestMix of(BenchmarkTest test, int keyspace, int valueSize, long seed, int batchSize) {
        List<byte[][]> templates = List.of(new byte[][][] {test.command(BenchmarkTest.value(valueSize))});
        return new RequestMix(templates, new int[] {1}, keyspace, seed, batchSize);
    }

    /**
     * Returns the next {@code n} commands of the cycle; valid until the next call.
     *
     * @throws IndexOutOfBoundsException if {@code n} exceeds the batch size
     */
    List<byte[][]> next(int n) {
        batch.clear();
        for (int i = 0; i < n; i++) {
            int t = 0;
            while (position >= shareEnds[t]) {
                t++;
            }
            position = position + 1 == cycle ? 0 : position + 1;
            byte[][] command = commands[t][i];
            int[] args = randomArgs[t];
            for (int r = 0; r < args.length; r++) {
                writeNumber(command[args[r]], randomAt[t][r], Long.remainderUnsigned(nextRandom(), keyspace));
            }
            counts[t]++;
            batch.add(command);
        }
        return batch;
    }

    /** Returns how many SETs were handed out since construction. */
    long setCount() {
        return count("SET");
    }

    /** Returns how many GETs were handed out since construction. */
    long getCount() {
        return count("GET");
    }

    private long count(String name) {
        long sum = 0;
        for (int t = 0; t < names.length; t++) {
            if (names[t].equals(name)) {
                sum += counts[t];
            }
        }
        return sum;
    }

    /** Returns {@code count} copies of {@code arg} with zeros for the placeholder at {@code at}. */
    private static byte[][] numberedCopies(byte[] arg, int at, int count) {
        byte[][] copies = new byte[count][];
        for (int i = 0; i < count; i++) {
            copies[i] = arg.clone();
            Arrays.fill(copies[i], at, at + DIGITS, (byte) '0');
        }
        return copies;
    }

    private static void writeNumber(byte[] arg, int at, long number) {
        long n = number;
        for (int i = at + DIGITS - 1; i >= at; i--) {
            arg[i] = (byte) ('0' + n % 10);
            n /= 10;
        }
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
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
