package org.kvlab.store;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.zip.CRC32C;
import org.kvlab.api.KvPersistenceException;

/**
 * Encodes framed records into a reusable buffer. A record is a 12-byte header, {@code [int length][int ~length]
 * [int CRC32C of the payload]}, then {@code length} bytes of payload; the complemented length tells a damaged
 * header from a torn one. Payloads are a type byte and big-endian fields (see the {@code encode} methods and
 * {@link Replay}). Not thread-safe: the owner synchronizes.
 */
final class RecordBuffer {

    static final int HEADER = 12;
    static final byte SET = 1;
    static final byte DELETE = 2;
    static final byte EXPIRE = 3;
    static final byte SET_ALL = 4;
    static final byte RENAME = 5;
    static final byte CLEAR = 6;
    static final byte SNAPSHOT_HEADER = 7;
    static final byte SNAPSHOT_END = 8;
    static final byte RENAME_KEY = 9;
    static final byte EFFECTS = 10;
    static final byte SWAP = 11;
    /** Opens an atomic step: the records up to its {@link #TRANSACTION_END} are applied together or not at all. */
    static final byte TRANSACTION_BEGIN = 12;
    static final byte TRANSACTION_END = 13;
    /**
     * The first record of a log after the first: the size of the log before it when writes switched, so recovery
     * can tell that log lost its tail to a power cut (the logs are forced separately, in any order) and not replay
     * this one after a gap.
     */
    static final byte LOG_START = 14;

    private static final int DEFAULT_CAPACITY = 64 * 1024;
    private static final int MAX_CHUNK = 1 << 20;
    private static final long MAX_PAYLOAD = Integer.MAX_VALUE - 64;

    private final CRC32C crc = new CRC32C();
    private ByteBuffer buffer = ByteBuffer.allocateDirect(DEFAULT_CAPACITY);
    private int start;

    /** Returns the number of encoded bytes not yet written. */
    int pending() {
        return buffer.position();
    }

    /** Starts a record of {@code payload} bytes and returns the buffer to put its fields into. */
    ByteBuffer begin(long payload) {
        if (payload > MAX_PAYLOAD) {
            throw new KvPersistenceException("Errors writing to the AOF file: record of " + payload
                    + " bytes (expected: at most " + MAX_PAYLOAD + ")");
        }
        int need = HEADER + (int) payload;
        if (buffer.remaining() < need) {
            long capacity = Math.max((long) buffer.capacity() * 2, (long) buffer.position() + need);
            ByteBuffer grown = ByteBuffer.allocate((int) Math.min(capacity, Integer.MAX_VALUE - 8));
            buffer.flip();
            grown.put(buffer);
            buffer = grown;
        }
        start = buffer.position();
        buffer.position(start + HEADER);
        return buffer;
    }

    /** Completes the record begun last: writes its header. */
    void end() {
        int end = buffer.position();
        int length = end - start - HEADER;
        crc.reset();
        ByteBuffer payload = buffer.duplicate();
        payload.position(start + HEADER).limit(end);
        crc.update(payload);
        buffer.putInt(start, length).putInt(start + 4, ~length).putInt(start + 8, (int) crc.getValue());
    }

    /**
     * Writes every pending byte to {@code channel} at {@code position} in chunks of at most 1 MB, then empties the
     * buffer (shrinking it if a large record grew it).
     *
     * @return the number of bytes written
     */
    long writeTo(FileIo io, FileChannel channel, long position) throws IOException {
        buffer.flip();
        long written = 0;
        try {
            int end = buffer.limit();
            while (buffer.position() < end) {
                buffer.limit(Math.min(end, buffer.position() + MAX_CHUNK));
                written += io.write(channel, buffer, position + written);
                buffer.limit(end);
            }
            return written;
        } finally {
            clear();
        }
    }

    /** Drops every pending byte. */
    void clear() {
        if (buffer.capacity() > 16 * DEFAULT_CAPACITY) {
            buffer = ByteBuffer.allocateDirect(DEFAULT_CAPACITY);
        }
        buffer.clear();
    }

    static void putBytes(ByteBuffer buffer, byte[] bytes) {
        buffer.putInt(bytes.length).put(bytes);
    }

    void encodeSet(int db, byte[] key, byte[] value, long expiry) {
        ByteBuffer b = begin(1 + 4 + 4L + key.length + 4 + value.length + 8);
        b.put(SET).putInt(db);
        putBytes(b, key);
        putBytes(b, value);
        b.putLong(expiry);
        end();
    }

    void encodeDelete(int db, byte[] key) {
        ByteBuffer b = begin(1 + 4 + 4L + key.length);
        b.put(DELETE).putInt(db);
        putBytes(b, key);
        end();
    }

    void encodeExpire(int db, byte[] key, long expiry) {
        ByteBuffer b = begin(1 + 4 + 4L + key.length + 8);
        b.put(EXPIRE).putInt(db);
        putBytes(b, key);
        b.putLong(expiry);
        end();
    }

    void encodeSetAll(int db, byte[][] keys, byte[][] values) {
        long size = 1 + 4 + 4;
        for (int i = 0; i < keys.length; i++) {
            size += 8L + keys[i].length + values[i].length;
        }
        ByteBuffer b = begin(size);
        b.put(SET_ALL).putInt(db).putInt(keys.length);
        for (int i = 0; i < keys.length; i++) {
            putBytes(b, keys[i]);
            putBytes(b, values[i]);
        }
        end();
    }

    void encodeRename(int db, byte[] source, byte[] target) {
        ByteBuffer b = begin(1 + 4 + 8L + source.length + target.length);
        b.put(RENAME_KEY).putInt(db);
        putBytes(b, source);
        putBytes(b, target);
        end();
    }

    /** {@code [db][count]}, then for each effect {@code [key][op byte][argc]} and its arguments. */
    void encodeEffects(int db, Effect effects) {
        long size = 1 + 4 + 4;
        for (Effect e = effects; e != null; e = e.next) {
            size += 4L + e.key.length + 1 + 4;
            for (byte[] arg : e.args) {
                size += 4L + arg.length;
            }
        }
        ByteBuffer b = begin(size);
        b.put(EFFECTS).putInt(db).putInt(Effect.count(effects));
        for (Effect e = effects; e != null; e = e.next) {
            putBytes(b, e.key);
            b.put(e.op).putInt(e.args.length);
            for (byte[] arg : e.args) {
                putBytes(b, arg);
            }
        }
        end();
    }

    void encodeClear(int db) {
        begin(1 + 4).put(CLEAR).putInt(db);
        end();
    }

    void encodeSwap(int first, int second) {
        begin(1 + 4 + 4).put(SWAP).putInt(first).putInt(second);
        end();
    }

    /** Encodes a record that is its type byte alone ({@link #TRANSACTION_BEGIN}, {@link #TRANSACTION_END}). */
    void encodeMarker(byte type) {
        begin(1).put(type);
        end();
    }

    void encodeLogStart(long previousLogSize) {
        begin(1 + 8).put(LOG_START).putLong(previousLogSize);
        end();
    }

    void encodeSnapshotHeader(long generation, long createdMillis) {
        begin(1 + 8 + 8).put(SNAPSHOT_HEADER).putLong(generation).putLong(createdMillis);
        end();
    }

    void encodeSnapshotEnd(long entries) {
        begin(1 + 8).put(SNAPSHOT_END).putLong(entries);
        end();
    }
}
