package org.kvlab.store;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * RDB files in the data directory: writing one from a frozen keyspace as Redis's {@code rdbSave} does (a temporary
 * {@code temp-PID.rdb}, forced, renamed over the target, the directory forced), and loading one. Stateless.
 */
final class RdbFiles {

    private RdbFiles() {
    }

    /**
     * Writes {@code tables} (see {@link KeyspaceWalk}) as the RDB {@code target}; returns its size in bytes.
     *
     * @throws IOException if it cannot be written; the target is then unchanged
     */
    static long write(FileIo io, Path target, Node[][][] tables, long nowMillis, long usedMemory)
            throws IOException {
        Path temporary = target.resolveSibling("temp-" + ProcessHandle.current().pid() + ".rdb");
        long size;
        try (FileChannel channel = io.open(temporary)) {
            io.truncate(channel, 0);
            size = write(new ChannelOutput(io, channel), tables, nowMillis, usedMemory);
            io.force(channel);
        } catch (IOException | RuntimeException e) {
            try {
                io.delete(temporary);
            } catch (IOException deletion) {
                e.addSuppressed(deletion);
            }
            throw e;
        }
        io.move(temporary, target);
        io.syncDirectory(target.toAbsolutePath().getParent());
        return size;
    }

    /** Writes {@code tables} (see {@link KeyspaceWalk}) as an RDB to {@code out}; returns its size in bytes. */
    static long write(OutputStream out, Node[][][] tables, long nowMillis, long usedMemory) throws IOException {
        RdbWriter writer = new RdbWriter(out, true);
        writer.header(nowMillis, usedMemory);
        KeyspaceWalk.walk(tables, nowMillis, new KeyspaceWalk.Visitor() {
            @Override
            public void database(int db, long keys, long expiring) throws IOException {
                writer.database(db, keys, expiring);
            }

            @Override
            public void entry(int db, byte[] key, Object value, long expiry) throws IOException {
                writer.entry(key, value, expiry);
            }
        });
        writer.end();
        return writer.size();
    }

    /**
     * Loads the RDB {@code file} into {@code store}; returns the number of keys loaded.
     *
     * @throws org.kvlab.api.KvPersistenceException if the file is damaged or holds what kvlab cannot load, naming
     *     the file and the offset
     * @throws IOException if it cannot be read
     */
    static long load(KvStore store, Path file) throws IOException {
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16)) {
            return new RdbReader(in, file.toString(), Files.size(file)).load(store);
        }
    }

    /** An output stream onto a file channel through {@link FileIo}, so tests can inject failures. */
    private static final class ChannelOutput extends OutputStream {

        private final FileIo io;
        private final FileChannel channel;
        private long position;

        ChannelOutput(FileIo io, FileChannel channel) {
            this.io = io;
            this.channel = channel;
        }

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] bytes, int offset, int length) throws IOException {
            ByteBuffer source = ByteBuffer.wrap(bytes, offset, length);
            while (source.hasRemaining()) {
                position += io.write(channel, source, position);
            }
        }
    }
}
