package org.kvlab.store;

import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Function;
import java.util.function.Predicate;
import org.kvlab.api.HashEntry;
import org.kvlab.api.HashScanResult;
import org.kvlab.api.Hashes;
import org.kvlab.api.KvException;
import org.kvlab.api.LongDouble;
import org.kvlab.api.ValueType;

/** The {@link Hashes} of one {@link Database}. Thread-safe. */
final class HashOps implements Hashes {

    private static final int MAX_LIST = Integer.MAX_VALUE - 8;

    private final Database database;

    HashOps(Database database) {
        this.database = database;
    }

    @Override
    public int set(byte[] key, List<HashEntry> entries) {
        Objects.requireNonNull(key, "key");
        if (entries.isEmpty()) {
            throw new IllegalArgumentException("entries: none (expected: at least one)");
        }
        byte[][] args = new byte[2 * entries.size()][];
        for (int i = 0; i < entries.size(); i++) {
            HashEntry e = entries.get(i);
            args[2 * i] = e.field();
            args[2 * i + 1] = Objects.requireNonNull(e.value(), "value");
        }
        return set(key, args);
    }

    @Override
    public boolean set(byte[] key, byte[] field, byte[] value) {
        Objects.requireNonNull(key, "key");
        return set(key, new byte[][] {Objects.requireNonNull(field, "field"), Objects.requireNonNull(value, "value")})
                == 1;
    }

    /** HSET of the field value pairs in {@code args}: returns how many fields were new. */
    private int set(byte[] key, byte[][] args) {
        return (int) database.write(key, true, args, HashOps::setFields);
    }

    /**
     * HSET of the field value pairs in {@code args} on {@code a}'s key, recorded in {@code a}; returns how many
     * fields were new. A method, not a capturing lambda, so that an HSET allocates no operation.
     */
    private static int setFields(Access a, byte[][] args) {
        HashValue hash = a.get(a.key(), ValueType.HASH);
        int created;
        if (args.length == 2) { // the common HSET of one field: no set to tell repeated fields apart
            created = hash == null || !hash.contains(args[0]) ? 1 : 0;
        } else {
            Set<ByteBuffer> seen = new HashSet<>();
            created = 0;
            for (int i = 0; i < args.length; i += 2) {
                byte[] field = args[i];
                if ((hash == null || !hash.contains(field)) && seen.add(ByteBuffer.wrap(field))) {
                    created++;
                }
            }
        }
        a.record(a.key(), HashValue.SET, args);
        return created;
    }

    @Override
    public boolean setIfAbsent(byte[] key, byte[] field, byte[] value) {
        Objects.requireNonNull(field, "field");
        Objects.requireNonNull(value, "value");
        return database.access(key, true, true, a -> {
            HashValue hash = a.get(key, ValueType.HASH);
            if (hash != null && hash.contains(field)) {
                return false;
            }
            a.record(key, HashValue.SET, field, value);
            return true;
        });
    }

    @Override
    public byte[] get(byte[] key, byte[] field) {
        Objects.requireNonNull(field, "field");
        return read(key, hash -> hash.get(field), null);
    }

    @Override
    public List<byte[]> multiGet(byte[] key, byte[]... fields) {
        for (byte[] field : fields) {
            Objects.requireNonNull(field, "field");
        }
        byte[][] values = read(key, hash -> {
            byte[][] out = new byte[fields.length][];
            for (int i = 0; i < fields.length; i++) {
                out[i] = hash.get(fields[i]);
            }
            return out;
        }, new byte[fields.length][]);
        return Collections.unmodifiableList(Arrays.asList(values));
    }

    @Override
    public int delete(byte[] key, byte[]... fields) {
        for (byte[] field : fields) {
            Objects.requireNonNull(field, "field");
        }
        return database.access(key, true, false, a -> {
            HashValue hash = a.get(key, ValueType.HASH);
            if (hash == null) {
                return 0;
            }
            Set<ByteBuffer> seen = new HashSet<>();
            List<byte[]> removed = new ArrayList<>();
            for (byte[] field : fields) {
                if (hash.contains(field) && seen.add(ByteBuffer.wrap(field))) {
                    removed.add(field);
                }
            }
            if (!removed.isEmpty()) {
                a.record(key, HashValue.DELETE, removed.toArray(new byte[0][]));
            }
            return removed.size();
        });
    }

    @Override
    public boolean exists(byte[] key, byte[] field) {
        Objects.requireNonNull(field, "field");
        return read(key, hash -> hash.contains(field), false);
    }

    @Override
    public int length(byte[] key) {
        return read(key, HashValue::size, 0);
    }

    @Override
    public int valueLength(byte[] key, byte[] field) {
        Objects.requireNonNull(field, "field");
        return read(key, hash -> Math.max(0, hash.valueLength(field)), 0);
    }

    @Override
    public List<byte[]> fields(byte[] key) {
        return read(key, hash -> {
            List<byte[]> out = new ArrayList<>(hash.size());
            for (HashEntry e : hash.entries(true, false)) {
                out.add(e.field());
            }
            return Collections.unmodifiableList(out);
        }, List.of());
    }

    @Override
    public List<byte[]> values(byte[] key) {
        return read(key, hash -> {
            List<byte[]> out = new ArrayList<>(hash.size());
            for (HashEntry e : hash.entries(false, true)) {
                out.add(e.value());
            }
            return Collections.unmodifiableList(out);
        }, List.of());
    }

    @Override
    public List<HashEntry> entries(byte[] key) {
        return read(key, hash -> Collections.unmodifiableList(hash.entries(true, true)), List.of());
    }

    @Override
    public long incrBy(byte[] key, byte[] field, long increment) {
        Objects.requireNonNull(field, "field");
        return database.access(key, true, true, a -> {
            HashValue hash = a.get(key, ValueType.HASH);
            byte[] current = hash == null ? null : hash.get(field);
            long value = current == null ? 0 : parseLong(current);
            if (increment < 0 && value < 0 && increment < Long.MIN_VALUE - value
                    || increment > 0 && value > 0 && increment > Long.MAX_VALUE - value) {
                throw new KvException("increment or decrement would overflow");
            }
            long sum = value + increment;
            a.record(key, HashValue.SET, field, Long.toString(sum).getBytes(StandardCharsets.US_ASCII));
            return sum;
        });
    }

    @Override
    public byte[] incrByFloat(byte[] key, byte[] field, byte[] increment) {
        Objects.requireNonNull(field, "field");
        BigDecimal by;
        try {
            by = LongDouble.parse(increment);
        } catch (NumberFormatException e) {
            throw new KvException("value is not a valid float");
        } catch (LongDouble.InfiniteException e) {
            throw new KvException("value is NaN or Infinity");
        }
        return database.access(key, true, true, a -> {
            HashValue hash = a.get(key, ValueType.HASH);
            byte[] current = hash == null ? null : hash.get(field);
            BigDecimal sum;
            try {
                sum = LongDouble.add(current == null ? BigDecimal.ZERO : LongDouble.parse(current), by);
            } catch (NumberFormatException e) {
                throw new KvException("hash value is not a float");
            } catch (LongDouble.InfiniteException | ArithmeticException e) {
                throw new KvException("increment would produce NaN or Infinity");
            }
            byte[] text = LongDouble.format(sum);
            a.record(key, HashValue.SET, field, text);
            return text;
        });
    }

    @Override
    public byte[] randomField(byte[] key) {
        return read(key, hash -> hash.random(-1, false, ThreadLocalRandom.current()).get(0).field(), null);
    }

    @Override
    public List<HashEntry> randomFields(byte[] key, long count, boolean withValues) {
        return read(key, hash -> {
            if (count < -MAX_LIST) {
                throw new IllegalArgumentException("count: " + count + " (expected: >= " + -MAX_LIST + ")");
            }
            return count == 0 ? List.<HashEntry>of()
                    : Collections.unmodifiableList(hash.random(count, withValues, ThreadLocalRandom.current()));
        }, List.of());
    }

    @Override
    public HashScanResult scan(byte[] key, long cursor, int count, Predicate<byte[]> filter) {
        Objects.requireNonNull(filter, "filter");
        if (count < 1) {
            throw new IllegalArgumentException("count: " + count + " (expected: >= 1)");
        }
        return read(key, hash -> hash.scan(cursor, count, filter), new HashScanResult(0, List.of()));
    }

    /** Runs {@code read} on the hash of {@code key} with its segment locked, or returns {@code absent}. */
    private <R> R read(byte[] key, Function<HashValue, R> read, R absent) {
        Objects.requireNonNull(key, "key");
        return database.access(key, false, false, a -> {
            HashValue hash = a.get(key, ValueType.HASH);
            return hash == null ? absent : read.apply(hash);
        });
    }

    /**
     * Parses a hash value as Redis's {@code string2ll}: a decimal {@code long}, no sign {@code +}, no leading zeros,
     * no spaces.
     *
     * @throws KvException {@code "hash value is not an integer"} otherwise
     */
    static long parseLong(byte[] b) {
        int n = b.length;
        if (n == 1 && b[0] == '0') {
            return 0;
        }
        boolean negative = n > 0 && b[0] == '-';
        int i = negative ? 1 : 0;
        if (n == 0 || n > 20 || i >= n || b[i] < '1' || b[i] > '9') {
            throw new KvException("hash value is not an integer");
        }
        long limit = negative ? Long.MIN_VALUE : -Long.MAX_VALUE;
        long v = 0;
        for (; i < n; i++) {
            int d = b[i] - '0';
            if (d < 0 || d > 9 || v < limit / 10 || v * 10 < limit + d) {
                throw new KvException("hash value is not an integer");
            }
            v = v * 10 - d;
        }
        return negative ? v : -v;
    }
}
