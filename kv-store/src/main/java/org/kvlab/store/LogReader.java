package org.kvlab.store;

import java.io.BufferedInputStream;
import java.io.Closeable;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.CRC32C;

/**
 * Reads the framed records of a log or snapshot file (see {@link RecordBuffer}) one at a time and tells a clean end
 * from a torn tail and from damage. A torn tail is what a power cut leaves of writes not yet forced, cut at a sector
 * boundary with the rest missing or reading as zeros: an incomplete last record, a bad header or checksum with
 * nothing but zeros after it, or a header of zeros (nothing was written there; what follows, if anything, came from
 * later writes that reached the disk when earlier ones did not, and would follow a gap). Damage is a bad header or
 * checksum with other data after it. Not thread-safe.
 */
final class LogReader implements Closeable {

    /** What {@link #next()} found. */
    enum Outcome {
        /** A complete record; see {@link #payload()}. */
        RECORD,
        /** The end of the file, right after a complete record. */
        END,
        /**
         * A torn tail: the log as the disk kept it ends at {@link #offset()} (an incomplete or unreadable last
         * record, or a header of zeros).
         */
        TORN,
        /** A damaged record at {@link #offset()} followed by more data. */
        CORRUPT
    }

    private final long size;
    private final DataInputStream in;
    private final CRC32C crc = new CRC32C();
    private long position;
    private long offset;
    private ByteBuffer payload;
    private String problem;

    LogReader(Path path) throws IOException {
        this.size = Files.size(path);
        this.in = new DataInputStream(new BufferedInputStream(Files.newInputStream(path), 64 * 1024));
    }

    long size() {
        return size;
    }

    /** Returns the offset of the record {@link #next()} last looked at. */
    long offset() {
        return offset;
    }

    /** Returns the payload of the last {@link Outcome#RECORD}. */
    ByteBuffer payload() {
        return payload;
    }

    /** Returns what was wrong with the last {@link Outcome#TORN} or {@link Outcome#CORRUPT} record. */
    String problem() {
        return problem;
    }

    Outcome next() throws IOException {
        offset = position;
        long remaining = size - position;
        if (remaining == 0) {
            return Outcome.END;
        }
        if (remaining < RecordBuffer.HEADER) {
            problem = "incomplete record header";
            return Outcome.TORN;
        }
        int length = in.readInt();
        int check = in.readInt();
        int sum = in.readInt();
        position += RecordBuffer.HEADER;
        if (length != ~check || length <= 0) {
            if (length == 0 && check == 0 && sum == 0) {
                // never written: the end of the log as the disk kept it, even if writes made after the ones lost
                // (to a power cut, or to a failed force that dropped them) follow
                problem = "zeros where a record should start";
                return Outcome.TORN;
            }
            if (restIsZero()) {
                problem = "partly written record header, then zeros to the end of the file";
                return Outcome.TORN;
            }
            problem = "bad record header";
            return Outcome.CORRUPT;
        }
        if (length > remaining - RecordBuffer.HEADER) {
            problem = "incomplete record of " + length + " bytes";
            return Outcome.TORN;
        }
        byte[] bytes = new byte[length];
        in.readFully(bytes);
        position += length;
        crc.reset();
        crc.update(bytes, 0, length);
        if ((int) crc.getValue() != sum) {
            if (position == size) {
                problem = "checksum mismatch";
                return Outcome.TORN;
            }
            if (restIsZero()) {
                problem = "checksum mismatch, then zeros to the end of the file";
                return Outcome.TORN;
            }
            problem = "checksum mismatch";
            return Outcome.CORRUPT;
        }
        payload = ByteBuffer.wrap(bytes);
        return Outcome.RECORD;
    }

    private boolean restIsZero() throws IOException {
        try {
            while (position < size) {
                if (in.readByte() != 0) {
                    return false;
                }
                position++;
            }
            return true;
        } catch (EOFException e) {
            return false;
        }
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
