package org.kvlab.store;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.kvlab.api.Keyspace;
import org.kvlab.api.KvPersistenceException;
import org.kvlab.api.SetOptions;
import org.kvlab.api.ValueType;

/**
 * Reads an RDB file of any version up to 11 into a store, as Redis 7.0's {@code rdbLoad} does: every value type and
 * encoding Redis has written (plain, ziplist, zipmap, intset, listpack, quicklist of ziplists or listpacks; LZF and
 * integer strings; old text and binary sorted-set scores), expiries in seconds or milliseconds, and the CRC-64 after
 * EOF (0 there means the writer computed none, as {@code rdbchecksum no}). Keys already expired are skipped, as a
 * Redis primary skips them. Values kvlab does not hold — streams, modules, functions — are refused.
 *
 * <p>Any damage (bad encoding, wrong checksum, truncation, a database the store does not have, a key twice) throws a
 * {@link KvPersistenceException} naming the source and the offset of the damaged item; the store then holds part of
 * the file, so a caller discards it (recovery fails the store's build). Not thread-safe.
 */
final class RdbReader {

    private static final int BUFFER = 64 * 1024;
    private static final int MAX_VERSION = 11;
    /** LZF's best case, a 3-byte back reference of 264 bytes, bounds a plausible uncompressed length. */
    private static final int MAX_LZF_EXPANSION = 88;
    private static final byte[] MAGIC = "REDIS".getBytes(StandardCharsets.US_ASCII);

    private final InputStream in;
    private final String source;
    private final long sizeLimit;
    private final byte[] buffer = new byte[BUFFER];
    private int position;
    private int limit;
    private long consumedBefore;
    private long crc;
    private long itemOffset;

    /**
     * Reads from {@code in}, naming {@code source} in errors.
     *
     * @param sizeLimit the input's size if known (no string may be longer), else {@link Long#MAX_VALUE}
     */
    RdbReader(InputStream in, String source, long sizeLimit) {
        this.in = in;
        this.source = source;
        this.sizeLimit = sizeLimit;
    }

    /** Returns the number of bytes read so far. */
    long offset() {
        return consumedBefore + position;
    }

    /**
     * Loads the whole RDB (up to and including its checksum) into {@code store}; returns the number of keys loaded.
     *
     * @throws KvPersistenceException if the input is not a valid RDB kvlab can hold, or cannot be read
     */
    long load(KvStore store) {
        try {
            return loadChecked(store);
        } catch (EOFException e) {
            throw damaged("truncated: the input ends before the RDB's end");
        } catch (IOException e) {
            throw new KvPersistenceException("Cannot read the RDB " + source + " at offset " + offset() + ": " + e, e);
        } catch (IllegalArgumentException e) {
            throw damaged(e.getMessage());
        }
    }

    private long loadChecked(KvStore store) throws IOException {
        itemOffset = 0;
        byte[] magic = bytes(9);
        int version = -1;
        if (Arrays.equals(Arrays.copyOf(magic, 5), MAGIC)) {
            String digits = new String(magic, 5, 4, StandardCharsets.US_ASCII);
            version = digits.chars().allMatch(Character::isDigit) ? Integer.parseInt(digits) : -1;
        }
        if (version < 1 || version > MAX_VERSION) {
            throw damaged("not an RDB file of version 1 to " + MAX_VERSION + " (it starts with "
                    + new String(magic, StandardCharsets.ISO_8859_1).replaceAll("[^\\x20-\\x7e]", "?") + ")");
        }
        int db = 0;
        long expiry = Keyspace.NO_EXPIRY;
        long loaded = 0;
        long now = store.millis();
        while (true) {
            itemOffset = offset();
            int type = unsigned();
            switch (type) {
                case Rdb.OPCODE_EXPIRETIME_MS:
                    expiry = fixedLe(8);
                    continue;
                case Rdb.OPCODE_EXPIRETIME:
                    expiry = fixedLe(4) * 1000;
                    continue;
                case Rdb.OPCODE_FREQ:
                    unsigned();
                    continue;
                case Rdb.OPCODE_IDLE:
                    length();
                    continue;
                case Rdb.OPCODE_SELECTDB: {
                    long selected = length();
                    if (selected >= store.databaseCount()) {
                        throw damaged("database " + selected + " but the store has " + store.databaseCount()
                                + " (raise --databases)");
                    }
                    db = (int) selected;
                    continue;
                }
                case Rdb.OPCODE_RESIZEDB:
                    length();
                    length();
                    continue;
                case Rdb.OPCODE_AUX:
                    string();
                    string();
                    continue;
                case Rdb.OPCODE_MODULE_AUX:
                    throw damaged("module data, which kvlab cannot load");
                case Rdb.OPCODE_FUNCTION2:
                case Rdb.OPCODE_FUNCTION:
                    throw damaged("a function library, which kvlab cannot load (FUNCTION FLUSH it first)");
                case Rdb.OPCODE_EOF: {
                    long computed = crcSoFar(); // everything up to and including the EOF byte
                    if (version >= 5) {
                        itemOffset = offset();
                        long stored = fixedLe(8);
                        if (stored != 0 && stored != computed) {
                            throw damaged("wrong checksum: the file says 0x" + Long.toHexString(stored)
                                    + ", its content gives 0x" + Long.toHexString(computed));
                        }
                    }
                    return loaded;
                }
                default:
                    byte[] key = string();
                    Object value = value(type, key);
                    if (expiry != Keyspace.NO_EXPIRY && expiry < 0) {
                        throw damaged("negative expiry " + expiry);
                    }
                    if (store.databaseAt(db).exists(key)) {
                        throw damaged("duplicate key '" + printable(key) + "' in database " + db);
                    }
                    if (expiry == Keyspace.NO_EXPIRY || expiry >= now) { // as Redis's rdbLoad: skipped once past
                        apply(store, db, key, type, value, expiry);
                        loaded++;
                    }
                    expiry = Keyspace.NO_EXPIRY;
            }
        }
    }

    private void apply(KvStore store, int db, byte[] key, int type, Object value, long expiry) {
        if (value instanceof byte[]) {
            store.databaseAt(db).set(key, (byte[]) value,
                    new SetOptions(SetOptions.Condition.ALWAYS, expiry, false, false));
            return;
        }
        try {
            store.databaseAt(db).applyEffects(Database.replacement(key, valueType(type), (byte[][]) value, expiry));
        } catch (IllegalArgumentException e) {
            throw damaged("value of key '" + printable(key) + "' is invalid: " + e.getMessage());
        }
    }

    private static ValueType valueType(int type) {
        switch (type) {
            case Rdb.TYPE_LIST:
            case Rdb.TYPE_LIST_ZIPLIST:
            case Rdb.TYPE_LIST_QUICKLIST:
            case Rdb.TYPE_LIST_QUICKLIST_2:
                return ValueType.LIST;
            case Rdb.TYPE_SET:
            case Rdb.TYPE_SET_INTSET:
            case Rdb.TYPE_SET_LISTPACK:
                return ValueType.SET;
            case Rdb.TYPE_HASH:
            case Rdb.TYPE_HASH_ZIPMAP:
            case Rdb.TYPE_HASH_ZIPLIST:
            case Rdb.TYPE_HASH_LISTPACK:
                return ValueType.HASH;
            default:
                return ValueType.ZSET;
        }
    }

    /** Reads a value of {@code type}: a string's bytes, or elements laid out as {@link Container#elements()}. */
    private Object value(int type, byte[] key) throws IOException {
        switch (type) {
            case Rdb.TYPE_STRING:
                return string();
            case Rdb.TYPE_LIST:
            case Rdb.TYPE_SET:
                return strings(length());
            case Rdb.TYPE_HASH:
                return strings(2 * checkedCount(length(), 2));
            case Rdb.TYPE_ZSET:
            case Rdb.TYPE_ZSET_2: {
                long n = checkedCount(length(), 2);
                List<byte[]> out = new ArrayList<>((int) Math.min(2 * n, 1024));
                for (long i = 0; i < n; i++) {
                    out.add(string());
                    double score = type == Rdb.TYPE_ZSET_2
                            ? Double.longBitsToDouble(fixedLe(8)) : textScore();
                    out.add(scoreBits(score));
                }
                return out.toArray(new byte[0][]);
            }
            case Rdb.TYPE_LIST_ZIPLIST:
                return Ziplist.decode(string());
            case Rdb.TYPE_SET_INTSET:
                return Intset.decode(string());
            case Rdb.TYPE_SET_LISTPACK:
                return Listpack.decode(string());
            case Rdb.TYPE_HASH_ZIPMAP:
                return Zipmap.decode(string());
            case Rdb.TYPE_HASH_ZIPLIST:
                return pairs(Ziplist.decode(string()));
            case Rdb.TYPE_HASH_LISTPACK:
                return pairs(Listpack.decode(string()));
            case Rdb.TYPE_ZSET_ZIPLIST:
                return packedSortedSet(Ziplist.decode(string()));
            case Rdb.TYPE_ZSET_LISTPACK:
                return packedSortedSet(Listpack.decode(string()));
            case Rdb.TYPE_LIST_QUICKLIST:
            case Rdb.TYPE_LIST_QUICKLIST_2: {
                long nodes = length();
                List<byte[]> out = new ArrayList<>();
                for (long i = 0; i < nodes; i++) {
                    long container = type == Rdb.TYPE_LIST_QUICKLIST_2 ? length() : Rdb.QUICKLIST_NODE_PACKED;
                    byte[] node = string();
                    if (container == Rdb.QUICKLIST_NODE_PLAIN) {
                        out.add(node);
                    } else if (container == Rdb.QUICKLIST_NODE_PACKED) {
                        byte[][] elements = type == Rdb.TYPE_LIST_QUICKLIST_2
                                ? Listpack.decode(node) : Ziplist.decode(node);
                        if (elements.length == 0) {
                            throw new IllegalArgumentException("empty quicklist node in list '" + printable(key)
                                    + "'");
                        }
                        out.addAll(Arrays.asList(elements));
                    } else {
                        throw new IllegalArgumentException("quicklist node container " + container
                                + " (expected: 1 or 2)");
                    }
                }
                return out.toArray(new byte[0][]);
            }
            case Rdb.TYPE_MODULE:
            case Rdb.TYPE_MODULE_2:
                throw damaged("key '" + printable(key) + "' holds a module value, which kvlab cannot load");
            case Rdb.TYPE_STREAM_LISTPACKS:
            case Rdb.TYPE_STREAM_LISTPACKS_2:
            case Rdb.TYPE_STREAM_LISTPACKS_3:
                throw damaged("key '" + printable(key) + "' holds a stream, which kvlab cannot load yet");
            default:
                throw damaged("unknown value type " + type);
        }
    }

    private byte[][] pairs(byte[][] elements) {
        if (elements.length % 2 != 0) {
            throw new IllegalArgumentException("odd number of hash fields and values: " + elements.length);
        }
        return elements;
    }

    private byte[][] packedSortedSet(byte[][] elements) {
        pairs(elements);
        for (int i = 1; i < elements.length; i += 2) {
            elements[i] = scoreBits(parseScore(new String(elements[i], StandardCharsets.US_ASCII)));
        }
        return elements;
    }

    private static byte[] scoreBits(double score) {
        if (Double.isNaN(score)) {
            throw new IllegalArgumentException("sorted set score is NaN");
        }
        return ByteBuffer.allocate(8).putDouble(score).array();
    }

    /** Parses a score as Redis's {@code strtod} does, infinities spelled {@code inf}. */
    private static double parseScore(String text) {
        String lower = text.toLowerCase(Locale.ROOT);
        if (lower.equals("inf") || lower.equals("+inf") || lower.equals("infinity")) {
            return Double.POSITIVE_INFINITY;
        }
        if (lower.equals("-inf") || lower.equals("-infinity")) {
            return Double.NEGATIVE_INFINITY;
        }
        if (text.isEmpty() || !Character.isDigit(text.charAt(text.length() - 1)) && !text.endsWith(".")) {
            throw new IllegalArgumentException("bad sorted set score '" + text + "'");
        }
        try {
            return Double.parseDouble(text);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("bad sorted set score '" + text + "'");
        }
    }

    /** Reads a score of the old text form: a length byte (253 NaN, 254 +inf, 255 -inf) and that much text. */
    private double textScore() throws IOException {
        int length = unsigned();
        switch (length) {
            case 253:
                return Double.NaN;
            case 254:
                return Double.POSITIVE_INFINITY;
            case 255:
                return Double.NEGATIVE_INFINITY;
            default:
                return parseScore(new String(bytes(length), StandardCharsets.US_ASCII));
        }
    }

    private static long checkedCount(long count, int per) {
        if (count > Integer.MAX_VALUE / per) {
            throw new IllegalArgumentException("a value of " + count + " entries");
        }
        return count;
    }

    private byte[][] strings(long count) throws IOException {
        checkedCount(count, 1);
        List<byte[]> out = new ArrayList<>((int) Math.min(count, 1024));
        for (long i = 0; i < count; i++) {
            out.add(string());
        }
        return out.toArray(new byte[0][]);
    }

    /** Reads a length ({@code rdbLoadLen}); an encoded-string marker is damage here. */
    private long length() throws IOException {
        int b = unsigned();
        switch (b >>> 6) {
            case 0:
                return b & 0x3F;
            case 1:
                return (b & 0x3F) << 8 | unsigned();
            case 2:
                if (b == 0x80) {
                    return fixedBe(4);
                } else if (b == 0x81) {
                    long length = fixedBe(8);
                    if (length < 0) {
                        throw new IllegalArgumentException("length " + Long.toUnsignedString(length));
                    }
                    return length;
                }
                throw new IllegalArgumentException("unknown length encoding 0x" + Integer.toHexString(b));
            default:
                throw new IllegalArgumentException("an encoded string where a length belongs (0x"
                        + Integer.toHexString(b) + ")");
        }
    }

    /** Reads a string ({@code rdbGenericLoadStringObject}): raw, an 8/16/32-bit integer, or LZF-compressed. */
    private byte[] string() throws IOException {
        int b = peek();
        if (b >>> 6 != 3) {
            return bytes(stringLength(length()));
        }
        unsigned();
        switch (b & 0x3F) {
            case 0:
                return Rdb.decimal((byte) fixedLe(1));
            case 1:
                return Rdb.decimal((short) fixedLe(2));
            case 2:
                return Rdb.decimal((int) fixedLe(4));
            case 3: {
                int compressed = stringLength(length());
                long length = length();
                if (length > (long) compressed * MAX_LZF_EXPANSION || length > Integer.MAX_VALUE - 8) {
                    throw new IllegalArgumentException("an LZF string of " + compressed + " bytes said to expand to "
                            + length);
                }
                return Lzf.decompress(bytes(compressed), (int) length);
            }
            default:
                throw new IllegalArgumentException("unknown string encoding 0x" + Integer.toHexString(b));
        }
    }

    private int stringLength(long length) {
        if (length > Integer.MAX_VALUE - 8 || length > sizeLimit) {
            throw new IllegalArgumentException("a string of " + length + " bytes"
                    + (sizeLimit == Long.MAX_VALUE ? "" : " in a file of " + sizeLimit));
        }
        return (int) length;
    }

    private long fixedLe(int width) throws IOException {
        long v = 0;
        for (int i = 0; i < width; i++) {
            v |= (long) unsigned() << (8 * i);
        }
        return v;
    }

    private long fixedBe(int width) throws IOException {
        long v = 0;
        for (int i = 0; i < width; i++) {
            v = v << 8 | unsigned();
        }
        return v;
    }

    private int peek() throws IOException {
        if (position == limit) {
            fill();
        }
        return buffer[position] & 0xFF;
    }

    private int unsigned() throws IOException {
        if (position == limit) {
            fill();
        }
        return buffer[position++] & 0xFF;
    }

    private byte[] bytes(int n) throws IOException {
        byte[] out = new byte[n];
        int done = 0;
        while (done < n) {
            if (position == limit) {
                fill();
            }
            int chunk = Math.min(n - done, limit - position);
            System.arraycopy(buffer, position, out, done, chunk);
            position += chunk;
            done += chunk;
        }
        return out;
    }

    /** Refills the buffer, adding the bytes consumed from it to the running checksum. */
    private void fill() throws IOException {
        crc = Crc64.update(crc, buffer, 0, position);
        consumedBefore += position;
        position = 0;
        limit = 0;
        int n = in.read(buffer, 0, buffer.length);
        if (n <= 0) {
            throw new EOFException();
        }
        limit = n;
    }

    /** Returns the checksum of every byte consumed so far. */
    private long crcSoFar() {
        return Crc64.update(crc, buffer, 0, position);
    }

    private KvPersistenceException damaged(String problem) {
        return new KvPersistenceException("Bad RDB " + source + " at offset " + itemOffset + ": " + problem);
    }

    private static String printable(byte[] key) {
        String text = new String(key, 0, Math.min(key.length, 64), StandardCharsets.ISO_8859_1);
        return text.replaceAll("[^\\x20-\\x7e]", "?") + (key.length > 64 ? "..." : "");
    }
}
