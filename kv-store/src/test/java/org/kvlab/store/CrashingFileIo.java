package org.kvlab.store;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;

/**
 * Real file operations that simulate a crash: once armed with {@code n}, the first {@code n} operations run, and the
 * next one and every later one fail without touching the disk, as if the process had died there.
 */
final class CrashingFileIo implements FileIo {

    private final FileIo real = new SystemFileIo();
    private long remaining = Long.MAX_VALUE;
    private boolean crashed;

    synchronized void crashAfter(long operations) {
        remaining = operations;
    }

    synchronized boolean crashed() {
        return crashed;
    }

    private synchronized void step() throws IOException {
        if (crashed || remaining-- <= 0) {
            crashed = true;
            throw new IOException("simulated crash");
        }
    }

    @Override
    public FileChannel open(Path path) throws IOException {
        step();
        return real.open(path);
    }

    @Override
    public int write(FileChannel channel, ByteBuffer source, long position) throws IOException {
        step();
        return real.write(channel, source, position);
    }

    @Override
    public void force(FileChannel channel) throws IOException {
        step();
        real.force(channel);
    }

    @Override
    public void truncate(FileChannel channel, long size) throws IOException {
        step();
        real.truncate(channel, size);
    }

    @Override
    public void move(Path source, Path target) throws IOException {
        step();
        real.move(source, target);
    }

    @Override
    public void syncDirectory(Path directory) throws IOException {
        step();
        real.syncDirectory(directory);
    }

    @Override
    public void delete(Path path) throws IOException {
        step();
        real.delete(path);
    }
}
