package org.kvlab.store;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.kvlab.api.Keyspace;

/**
 * Writes the keyspace as an RDB file of version 10, as Redis 7.0's {@code rdbSave} does: the {@code REDIS0010} magic,
 * the AUX fields, per database a SELECTDB and a RESIZEDB, each key with its expiry, then EOF and the CRC-64 of
 * everything before it, little-endian. Each value keeps the encoding kvlab holds it in: lists as quicklists of
 * listpacks, small hashes and sorted sets as listpacks, small integer sets as intsets, the rest as plain sets, hashes
 * and binary-score sorted sets; strings that are integers are written as such, and strings over 20 bytes compressed
 * with LZF when that saves space ({@code rdbcompression yes}). A full resynchronization streams this from the live
 * store, so the writer reads values where they lie and allocates nothing per string: one compression table and
 * buffer for the whole file, a list's nodes framed as they are, a hash table's fields written from its entries.
 * Not thread-safe.
 */
final class RdbWriter {

    /** Redis's {@code list-max-listpack-size -2}: a list's listpack nodes hold up to 8 KB, header included. */
    private static final int LIST_NODE_BYTES = 8 * 1024;
    /** Strings up to this length are never compressed, as in Redis's {@code rdbSaveRawString}. */
    private static final int COMPRESS_ABOVE = 20;
    private static final int BUFFER = 64 * 1024;
    private static final byte[] EMPTY_KEY = new byte[0];
    /** The Redis version kvlab answers as (INFO {@code redis_version}), named in the {@code redis-ver} AUX field. */
    private static final String REDIS_VERSION = "7.0.0";

    private final OutputStream out;
    /** Compresses strings, or {@code null} with {@code rdbcompression no}. */
    private final Lzf.Compressor compressor;
    private final byte[] buffer = new byte[BUFFER];
    /** Where a list's node is framed as a listpack before it is written; grows to the largest node. */
    private byte[] listpack = new byte[LIST_NODE_BYTES];
    private int pending;
    private long crc;
    private long written;

    RdbWriter(OutputStream out, boolean compress) {
        this.out = out;
        this.compressor = compress ? new Lzf.Compressor() : null;
    }

    /** Returns the bytes written so far, those still buffered included. */
    long size() {
        return written + pending;
    }

    /** Writes the magic and the AUX fields Redis 7.0 writes (no replication ones). */
    void header(long nowMillis, long usedMemory) throws IOException {
        raw(("REDIS" + String.format("%04d", Rdb.VERSION)).getBytes(StandardCharsets.US_ASCII));
        aux("redis-ver", REDIS_VERSION);
        aux("redis-bits", "64");
        aux("ctime", Long.toString(nowMillis / 1000));
        aux("used-mem", Long.toString(usedMemory));
        aux("aof-base", "0");
    }

    private void aux(String field, String value) throws IOException {
        byte1(Rdb.OPCODE_AUX);
        string(field.getBytes(StandardCharsets.US_ASCII));
        string(value.getBytes(StandardCharsets.US_ASCII));
    }

    /** Starts database {@code db}, which holds {@code keys} keys, {@code expiring} of them with an expiry. */
    void database(int db, long keys, long expiring) throws IOException {
        byte1(Rdb.OPCODE_SELECTDB);
        length(db);
        byte1(Rdb.OPCODE_RESIZEDB);
        length(keys);
        length(expiring);
    }

    /** Writes one key: {@code value} is a string's bytes or a {@link Container}. */
    void entry(byte[] key, Object value, long expiry) throws IOException {
        if (expiry != Keyspace.NO_EXPIRY) {
            byte1(Rdb.OPCODE_EXPIRETIME_MS);
            fixedLe(expiry, 8);
        }
        if (value instanceof byte[]) {
            byte1(Rdb.TYPE_STRING);
            string(key);
            string((byte[]) value);
            return;
        }
        Container container = (Container) value;
        if (container instanceof ListValue) {
            byte1(Rdb.TYPE_LIST_QUICKLIST_2);
            string(key);
            quicklist((ListValue) container);
            return;
        }
        if (container instanceof HashValue && "hashtable".equals(container.encoding())) {
            byte1(Rdb.TYPE_HASH);
            string(key);
            length(container.size());
            ((HashValue) container).forEachEntry((array, field, fieldLength, at, valueLength) -> {
                string(array, field, fieldLength);
                string(array, at, valueLength);
            });
            return;
        }
        byte[][] elements = container.elements();
        boolean compact = !"hashtable".equals(container.encoding()) && !"skiplist".equals(container.encoding());
        switch (container.type()) {
            case SET:
                if (compact) {
                    byte1(Rdb.TYPE_SET_INTSET);
                    string(key);
                    string(Intset.encode(elements));
                } else {
                    byte1(Rdb.TYPE_SET);
                    string(key);
                    strings(elements);
                }
                break;
            case HASH:
                byte1(Rdb.TYPE_HASH_LISTPACK);
                string(key);
                string(Listpack.encode(elements, 0, elements.length));
                break;
            case ZSET:
                byte1(compact ? Rdb.TYPE_ZSET_LISTPACK : Rdb.TYPE_ZSET_2);
                string(key);
                sortedSet(elements, compact);
                break;
            default:
                throw new IllegalArgumentException("value of type " + container.type());
        }
    }

    /**
     * Returns the bytes {@code value} (a string's bytes or a {@link Container}) takes in an RDB file, without its
     * type byte and key (Redis's {@code rdbSavedObjectLen}), strings compressed as snapshots compress them.
     */
    static long valueLength(Object value) {
        RdbWriter writer = new RdbWriter(OutputStream.nullOutputStream(), true);
        try {
            writer.entry(EMPTY_KEY, value, Keyspace.NO_EXPIRY);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e); // the null stream never throws
        }
        return writer.size() - 2; // the type byte and the empty key's length byte
    }

    /** Writes EOF and the checksum, and flushes. */
    void end() throws IOException {
        byte1(Rdb.OPCODE_EOF);
        flushBuffer();
        long checksum = crc;
        fixedLe(checksum, 8);
        flushBuffer();
        out.flush();
    }

    /**
     * Writes a list as Redis writes its quicklist: node by node, each node's entries framed as a listpack in a
     * buffer this writer reuses, so that the list is neither decoded nor copied per element.
     */
    private void quicklist(ListValue list) throws IOException {
        length(list.nodes());
        list.forEachNode((entries, from, to, count) -> {
            length(Rdb.QUICKLIST_NODE_PACKED);
            int size = Listpack.framedSize(to - from);
            if (listpack.length < size) {
                listpack = new byte[Math.max(size, 2 * listpack.length)];
            }
            Listpack.frame(entries, from, to, count, listpack);
            string(listpack, 0, size);
        });
    }

    private void sortedSet(byte[][] elements, boolean compact) throws IOException {
        int n = elements.length / 2;
        if (compact) {
            byte[][] flat = new byte[elements.length][];
            for (int i = 0; i < n; i++) {
                flat[2 * i] = elements[2 * i];
                flat[2 * i + 1] = scoreText(ByteBuffer.wrap(elements[2 * i + 1]).getDouble());
            }
            string(Listpack.encode(flat, 0, flat.length));
            return;
        }
        length(n);
        for (int i = 0; i < n; i++) {
            string(elements[2 * i]);
            fixedLe(ByteBuffer.wrap(elements[2 * i + 1]).getLong(), 8); // the score's bits, little-endian
        }
    }

    /** Returns a score as Redis's {@code d2string} writes it into a listpack: integral scores as integers. */
    static byte[] scoreText(double score) {
        if (Double.isInfinite(score)) {
            return (score > 0 ? "inf" : "-inf").getBytes(StandardCharsets.US_ASCII);
        }
        if (score == 0) {
            return (1 / score < 0 ? "-0" : "0").getBytes(StandardCharsets.US_ASCII);
        }
        if (score == Math.rint(score) && Math.abs(score) < 1e17) {
            return Rdb.decimal((long) score);
        }
        return Double.toString(score).getBytes(StandardCharsets.US_ASCII);
    }

    private void strings(byte[][] elements) throws IOException {
        length(elements.length);
        for (byte[] element : elements) {
            string(element);
        }
    }

    /** Writes a length as {@code rdbSaveLen}: 6 bits, 14 bits big-endian, or a marker and 32 or 64 bits. */
    private void length(long length) throws IOException {
        if (length < 1 << 6) {
            byte1((int) length);
        } else if (length < 1 << 14) {
            byte1((int) (length >>> 8) | 0x40);
            byte1((int) length & 0xFF);
        } else if (length <= 0xFFFFFFFFL) {
            byte1(0x80);
            fixedBe(length, 4);
        } else {
            byte1(0x81);
            fixedBe(length, 8);
        }
    }

    /** Writes a string as {@code rdbSaveRawString}: as an integer if it is one that fits 32 bits, else LZF or raw. */
    private void string(byte[] s) throws IOException {
        string(s, 0, s.length);
    }

    /** Writes {@code s[offset..offset+length)} as {@link #string(byte[])} writes a whole array. */
    private void string(byte[] s, int offset, int length) throws IOException {
        if (length <= 11 && Rdb.isCanonicalLong(s, offset, length)) {
            long v = Rdb.parseCanonicalLong(s, offset, length);
            if (v >= Byte.MIN_VALUE && v <= Byte.MAX_VALUE) {
                byte1(0xC0);
                fixedLe(v, 1);
                return;
            } else if (v >= Short.MIN_VALUE && v <= Short.MAX_VALUE) {
                byte1(0xC1);
                fixedLe(v, 2);
                return;
            } else if (v >= Integer.MIN_VALUE && v <= Integer.MAX_VALUE) {
                byte1(0xC2);
                fixedLe(v, 4);
                return;
            }
        }
        if (compressor != null && length > COMPRESS_ABOVE) {
            int compressed = compressor.compress(s, offset, length, length - 4);
            if (compressed >= 0) {
                byte1(0xC3);
                length(compressed);
                length(length);
                raw(compressor.output(), 0, compressed);
                return;
            }
        }
        length(length);
        raw(s, offset, length);
    }

    private void byte1(int b) throws IOException {
        if (pending == buffer.length) {
            flushBuffer();
        }
        buffer[pending++] = (byte) b;
    }

    private void fixedLe(long v, int width) throws IOException {
        for (int i = 0; i < width; i++) {
            byte1((int) (v >>> (8 * i)) & 0xFF);
        }
    }

    private void fixedBe(long v, int width) throws IOException {
        for (int i = width - 1; i >= 0; i--) {
            byte1((int) (v >>> (8 * i)) & 0xFF);
        }
    }

    private void raw(byte[] bytes) throws IOException {
        raw(bytes, 0, bytes.length);
    }

    /** Writes {@code bytes[offset..offset+length)}. */
    private void raw(byte[] bytes, int offset, int length) throws IOException {
        if (length > buffer.length - pending) {
            flushBuffer();
            if (length > buffer.length) {
                crc = Crc64.update(crc, bytes, offset, length);
                out.write(bytes, offset, length);
                written += length;
                return;
            }
        }
        System.arraycopy(bytes, offset, buffer, pending, length);
        pending += length;
    }

    private void flushBuffer() throws IOException {
        crc = Crc64.update(crc, buffer, 0, pending);
        out.write(buffer, 0, pending);
        written += pending;
        pending = 0;
    }
}
