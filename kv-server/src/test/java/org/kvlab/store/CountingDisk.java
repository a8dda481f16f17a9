package org.kvlab.store;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The real file layer, watched: counts the forces that returned, remembers how much of each file they covered, and
 * refuses writes with {@code ENOSPC} while {@link #full(boolean) full}, as a full disk does. In this package so that a
 * server test can hand it to {@link KvStore.Builder#fileIo}. Thread-safe.
 */
final class CountingDisk extends SystemFileIo {

    private final AtomicLong forces = new AtomicLong();
    private final Map<FileChannel, Path> paths = new ConcurrentHashMap<>();
    private final Map<Path, Long> forcedSizes = new ConcurrentHashMap<>();
    private volatile boolean full;

    /** Returns how many forces have returned. */
    long forces() {
        return forces.get();
    }

    /** Returns, per file forced at least once, the size its last force covered. */
    Map<Path, Long> forcedSizes() {
        return Map.copyOf(forcedSizes);
    }

    /** Makes every write fail with {@code No space left on device} ({@code true}), or succeed again. */
    void full(boolean value) {
        full = value;
    }

    @Override
    public FileChannel open(Path path) throws IOException {
        FileChannel channel = super.open(path);
        paths.put(channel, path);
        return channel;
    }

    @Override
    public int write(FileChannel channel, ByteBuffer source, long position) throws IOException {
        if (full) {
            throw new IOException("No space left on device");
        }
        return super.write(channel, source, position);
    }

    @Override
    public void force(FileChannel channel) throws IOException {
        long size = channel.size();
        super.force(channel);
        Path path = paths.get(channel);
        if (path != null) {
            forcedSizes.merge(path, size, Math::max);
        }
        forces.incrementAndGet();
    }
}
