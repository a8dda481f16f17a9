package org.kvlab.store;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;

/**
 * Every file operation of the write-ahead log and snapshots that can fail with a full or broken disk: the seam tests
 * use to inject I/O errors and crashes and to count forces. {@link SystemFileIo} is the real one.
 */
interface FileIo {

    /** Opens {@code path} for reading and writing, creating it if absent. */
    FileChannel open(Path path) throws IOException;

    /** Writes some of {@code source} at {@code position}; returns the number of bytes written. */
    int write(FileChannel channel, ByteBuffer source, long position) throws IOException;

    /** Forces the file's content to the device ({@code fdatasync}). */
    void force(FileChannel channel) throws IOException;

    /** Cuts the file to {@code size} bytes. */
    void truncate(FileChannel channel, long size) throws IOException;

    /** Renames {@code source} to {@code target} atomically, replacing it. */
    void move(Path source, Path target) throws IOException;

    /** Forces the directory, making renames, creations and deletions in it durable. */
    void syncDirectory(Path directory) throws IOException;

    /** Deletes {@code path} if it exists. */
    void delete(Path path) throws IOException;
}
