package org.kvlab.store;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

/**
 * Real file operations in one directory that also keep what a power cut would leave of it, as RocksDB's
 * {@code FaultInjectionTestFS}, LevelDB's fault-injection env and LazyFS do. The real files play the page cache; a
 * model keeps, per file, the content its last successful force made durable and the writes and cuts since, and, for
 * the directory, the names its last force made durable and the creations, renames and deletions since.
 *
 * <p>{@link #powerCut()} captures that model at any moment as a {@link Image}; {@link Image#restore} writes one
 * possible state of the disk after the cut into a directory: a random prefix of each file's unforced changes (files
 * chosen independently, so unforced writes to different files survive in any order), the last kept write torn at a
 * sector boundary with the rest missing or zeros, and a random prefix of the unforced directory operations (a
 * created, renamed or deleted name may come back as before). With {@link #capture} on, every operation first
 * captures the state a cut right before it would leave.
 *
 * <p>It can also fail operations as a full or broken disk does ({@link #failEvery}): a write then writes part of its
 * bytes or none and fails ({@code ENOSPC}), a force fails ({@code EIO}) and, as Linux does, forgets the unforced
 * writes (the page cache still shows them, the disk never gets them: "fsyncgate"), a rename fails. Forces only
 * change the model: the real files need not reach the disk. Thread-safe.
 */
final class PowerCutFileIo implements FileIo {

    static final int SECTOR = 512;
    static final String LOCK = "kvlab.lock";

    private final FileIo real = new SystemFileIo();
    private final Random random;
    private final Map<String, Inode> names = new HashMap<>();
    private final Map<String, Inode> durableNames = new HashMap<>();
    private final List<DirOp> dirOps = new ArrayList<>();
    private final Map<FileChannel, Inode> channels = new IdentityHashMap<>();
    private final List<Image> images = new ArrayList<>();
    private boolean capture;
    private int failEvery;
    private long operations;
    private long failures;

    /** Models {@code directory} as it is on disk now, every file and name durable. */
    PowerCutFileIo(Path directory, long seed) throws IOException {
        this.random = new Random(seed);
        try (DirectoryStream<Path> files = Files.newDirectoryStream(directory)) {
            for (Path file : files) {
                String name = file.getFileName().toString();
                if (!name.equals(LOCK) && Files.isRegularFile(file)) {
                    Inode inode = new Inode(Files.readAllBytes(file));
                    names.put(name, inode);
                    durableNames.put(name, inode);
                }
            }
        }
    }

    /** Captures, before every later operation, the state a power cut right then would leave. */
    synchronized void capture(boolean on) {
        capture = on;
    }

    /** Fails about one operation in {@code n} (writes, forces, renames, directory forces); 0 fails none. */
    synchronized void failEvery(int n) {
        failEvery = n;
    }

    /** Returns the images captured so far. */
    synchronized List<Image> images() {
        return new ArrayList<>(images);
    }

    /** Returns how many operations were failed on purpose. */
    synchronized long failures() {
        return failures;
    }

    /** Returns the state a power cut now would leave. */
    synchronized Image powerCut() {
        Map<Inode, FileState> files = new IdentityHashMap<>();
        for (Inode inode : names.values()) {
            files.computeIfAbsent(inode, Inode::state);
        }
        for (Inode inode : durableNames.values()) {
            files.computeIfAbsent(inode, Inode::state);
        }
        for (DirOp op : dirOps) {
            if (op.inode != null) {
                files.computeIfAbsent(op.inode, Inode::state);
            }
        }
        return new Image(operations, System.nanoTime(), new HashMap<>(durableNames), List.copyOf(dirOps), files);
    }

    /** Counts an operation, captures the state before it, and tells whether to fail it. */
    private boolean before(boolean failable) {
        operations++;
        if (capture) {
            images.add(powerCut());
        }
        if (failable && failEvery > 0 && random.nextInt(failEvery) == 0) {
            failures++;
            return true;
        }
        return false;
    }

    @Override
    public synchronized FileChannel open(Path path) throws IOException {
        before(false);
        FileChannel channel = real.open(path);
        String name = path.getFileName().toString();
        Inode inode = names.get(name);
        if (inode == null) {
            inode = new Inode(new byte[0]);
            names.put(name, inode);
            dirOps.add(new DirOp(DirOp.Kind.CREATE, name, null, inode));
        }
        channels.put(channel, inode);
        return channel;
    }

    @Override
    public synchronized int write(FileChannel channel, ByteBuffer source, long position) throws IOException {
        Inode inode = inode(channel);
        if (before(true)) {
            int part = source.remaining() < 2 || random.nextBoolean() ? 0 : random.nextInt(source.remaining());
            if (part == 0) {
                throw new IOException("No space left on device");
            }
            ByteBuffer slice = source.duplicate();
            slice.limit(slice.position() + part);
            return write(inode, channel, slice, source, position);
        }
        return write(inode, channel, source.duplicate(), source, position);
    }

    private int write(Inode inode, FileChannel channel, ByteBuffer slice, ByteBuffer source, long position)
            throws IOException {
        ByteBuffer copy = slice.duplicate();
        int written = real.write(channel, slice, position);
        byte[] bytes = new byte[written];
        copy.get(bytes);
        source.position(source.position() + written);
        inode.pending.add(new FileOp(position, bytes, -1));
        return written;
    }

    @Override
    public synchronized void force(FileChannel channel) throws IOException {
        Inode inode = inode(channel);
        if (before(true)) {
            inode.pending.clear(); // the kernel dropped them: the page cache shows them, the disk never gets them
            throw new IOException("Input/output error");
        }
        inode.durable = apply(inode.durable, inode.pending, inode.pending.size(), Tear.NONE, 0);
        inode.pending.clear();
    }

    @Override
    public synchronized void truncate(FileChannel channel, long size) throws IOException {
        Inode inode = inode(channel);
        before(false);
        real.truncate(channel, size);
        inode.pending.add(new FileOp(size, null, size));
    }

    @Override
    public synchronized void move(Path source, Path target) throws IOException {
        if (before(true)) {
            throw new IOException("No space left on device");
        }
        real.move(source, target);
        Inode inode = names.remove(source.getFileName().toString());
        names.put(target.getFileName().toString(), inode);
        dirOps.add(new DirOp(DirOp.Kind.MOVE, source.getFileName().toString(), target.getFileName().toString(),
                inode));
    }

    @Override
    public synchronized void syncDirectory(Path directory) throws IOException {
        if (before(true)) {
            throw new IOException("Input/output error");
        }
        durableNames.clear();
        durableNames.putAll(names);
        dirOps.clear();
    }

    @Override
    public synchronized void delete(Path path) throws IOException {
        before(false);
        real.delete(path);
        String name = path.getFileName().toString();
        if (names.remove(name) != null) {
            dirOps.add(new DirOp(DirOp.Kind.DELETE, name, null, null));
        }
    }

    private Inode inode(FileChannel channel) {
        Inode inode = channels.get(channel);
        if (inode == null) {
            throw new IllegalStateException("a channel this file layer did not open");
        }
        return inode;
    }

    /** How the last kept write of a file survives a cut. */
    enum Tear {
        /** Wholly. */
        NONE,
        /** Up to a sector boundary; the rest is missing. */
        MISSING,
        /** Up to a sector boundary; the rest reads as zeros. */
        ZEROS
    }

    /**
     * Applies the first {@code count} of {@code ops} to {@code base}; the last one, if a write, survives as
     * {@code tear} says, cut at the first sector boundary past {@code sectorPick} sectors into it.
     */
    static byte[] apply(byte[] base, List<FileOp> ops, int count, Tear tear, int sectorPick) {
        byte[] content = base;
        for (int i = 0; i < count; i++) {
            FileOp op = ops.get(i);
            if (op.bytes == null) {
                content = Arrays.copyOf(content, (int) op.size);
                continue;
            }
            byte[] bytes = op.bytes;
            int end = (int) op.position + bytes.length;
            if (i == count - 1 && tear != Tear.NONE && bytes.length > 0) {
                // cut at the write's start or at one of the sector boundaries inside it
                long first = (op.position / SECTOR + 1) * SECTOR;
                long boundaries = first >= end ? 0 : (end - 1 - first) / SECTOR + 1;
                long choice = sectorPick % (boundaries + 1);
                long cut = choice == 0 ? op.position : first + (choice - 1) * SECTOR;
                int kept = (int) (cut - op.position);
                bytes = Arrays.copyOf(bytes, tear == Tear.ZEROS ? bytes.length : kept);
                Arrays.fill(bytes, kept, bytes.length, (byte) 0);
                end = (int) op.position + bytes.length;
            }
            if (content.length < end) {
                content = Arrays.copyOf(content, end);
            } else {
                content = content.clone();
            }
            System.arraycopy(bytes, 0, content, (int) op.position, bytes.length);
        }
        return content;
    }

    /** A write of {@code bytes} at {@code position}, or (with {@code bytes} null) a cut to {@code size}. */
    record FileOp(long position, byte[] bytes, long size) {
    }

    /** A creation, rename or deletion in the directory. */
    record DirOp(Kind kind, String name, String target, Inode inode) {
        enum Kind { CREATE, MOVE, DELETE }
    }

    /** A file's durable content and its changes since. */
    record FileState(byte[] durable, List<FileOp> pending) {
    }

    /** A file, under whatever names it has. */
    static final class Inode {
        private byte[] durable;
        private final List<FileOp> pending = new ArrayList<>();

        Inode(byte[] durable) {
            this.durable = durable;
        }

        FileState state() {
            return new FileState(durable, List.copyOf(pending));
        }
    }

    /**
     * What the disk holds at one moment for a power cut: durable names and contents, and the changes since that may
     * or may not survive.
     */
    record Image(long operation, long nanos, Map<String, Inode> durableNames, List<DirOp> dirOps,
            Map<Inode, FileState> files) {

        /**
         * Writes into {@code directory} (emptied first, but for the lock file) one state the disk may hold after
         * the cut, chosen by {@code random}; returns a description of the choices.
         */
        String restore(Path directory, Random random) throws IOException {
            try (DirectoryStream<Path> files = Files.newDirectoryStream(directory)) {
                for (Path file : files) {
                    if (!file.getFileName().toString().equals(LOCK)) {
                        Files.delete(file);
                    }
                }
            }
            StringBuilder choices = new StringBuilder();
            Map<String, Inode> survivors = new HashMap<>(durableNames);
            int keptOps = random.nextInt(dirOps.size() + 1);
            choices.append("directory operations kept ").append(keptOps).append('/').append(dirOps.size());
            for (DirOp op : dirOps.subList(0, keptOps)) {
                switch (op.kind) {
                    case CREATE -> survivors.put(op.name, op.inode);
                    case MOVE -> survivors.put(op.target, survivors.remove(op.name));
                    case DELETE -> survivors.remove(op.name);
                }
            }
            Map<Inode, byte[]> contents = new IdentityHashMap<>();
            for (Map.Entry<String, Inode> entry : new TreeMap<>(survivors).entrySet()) {
                if (entry.getValue() == null) {
                    continue;
                }
                byte[] content = contents.get(entry.getValue());
                if (content == null) {
                    FileState state = files.get(entry.getValue());
                    int kept = random.nextInt(state.pending.size() + 1);
                    Tear tear = Tear.values()[random.nextInt(3)];
                    content = apply(state.durable, state.pending, kept, tear, random.nextInt(1 << 20));
                    contents.put(entry.getValue(), content);
                    choices.append("; ").append(entry.getKey()).append(": kept ").append(kept).append('/')
                            .append(state.pending.size()).append(" changes, ").append(tear).append(", ")
                            .append(content.length).append(" bytes");
                }
                Files.write(directory.resolve(entry.getKey()), content);
            }
            return choices.toString();
        }
    }
}
