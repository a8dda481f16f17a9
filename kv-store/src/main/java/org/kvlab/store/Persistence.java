package org.kvlab.store;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.kvlab.api.KvPersistenceException;

/**
 * The data directory: its layout, recovery and snapshots.
 *
 * <p>Layout: {@code kvlab.snapshot} holds every key as of the start of log generation {@code G} (written in its
 * header); {@code kvlab-N.log} are the write logs, generations {@code G, G+1, ...}; {@code kvlab.lock} keeps a second
 * store out. Recovery loads the snapshot, then replays every log from generation {@code G} in order. A snapshot
 * first switches writes to a new, empty log {@code G'} (with every store lock held, so each write is on exactly one
 * side), then writes {@code kvlab.snapshot.tmp}, forces it, renames it over {@code kvlab.snapshot}, forces the
 * directory and deletes the logs before {@code G'}. A crash at any step recovers to the same data: before the rename
 * the old snapshot and all logs from {@code G} remain; after it, the new snapshot and the logs from {@code G'}.
 *
 * <p>Not thread-safe: the store serializes snapshots.
 */
final class Persistence {

    private static final System.Logger LOG = System.getLogger(Persistence.class.getName());
    static final String SNAPSHOT = "kvlab.snapshot";
    static final String TEMPORARY = "kvlab.snapshot.tmp";
    private static final String LOCK = "kvlab.lock";
    private static final String LOG_PREFIX = "kvlab-";
    private static final String LOG_SUFFIX = ".log";
    private static final int WRITE_BATCH = 256 * 1024;

    private final Path directory;
    private final FileIo io;
    private final boolean truncateCorruptLog;
    private final Path rdbFile;
    private FileChannel lockChannel;
    private long generation;
    private long snapshotSize;
    private long logSize;
    private FileChannel logChannel;

    /**
     * Uses {@code directory}; {@code rdbFileName} names the RDB file recovery imports when the directory holds no
     * kvlab data yet, and {@link KvStore}'s RDB snapshots write.
     */
    Persistence(Path directory, FileIo io, boolean truncateCorruptLog, String rdbFileName) {
        this.directory = directory;
        this.io = io;
        this.truncateCorruptLog = truncateCorruptLog;
        this.rdbFile = directory.resolve(rdbFileName);
    }

    FileIo fileIo() {
        return io;
    }

    /** Returns the RDB file of the directory (Redis's {@code dir} and {@code dbfilename}). */
    Path rdbFile() {
        return rdbFile;
    }

    static Path logPath(Path directory, long generation) {
        return directory.resolve(LOG_PREFIX + generation + LOG_SUFFIX);
    }

    long snapshotSize() {
        return snapshotSize;
    }

    long logSize() {
        return logSize;
    }

    FileChannel logChannel() {
        return logChannel;
    }

    /**
     * Locks the directory and loads its data into {@code store}, whose journal must record nothing meanwhile; leaves
     * the last log open for appending ({@link #logChannel()}, {@link #logSize()}).
     *
     * @throws KvPersistenceException if the directory cannot be used or its data is damaged
     */
    void recover(KvStore store) {
        try {
            Files.createDirectories(directory);
            lock();
            io.delete(directory.resolve(TEMPORARY));
            TreeMap<Long, Path> logs = listLogs();
            Path snapshot = directory.resolve(SNAPSHOT);
            long first;
            if (Files.exists(snapshot)) {
                first = loadSnapshot(store, snapshot);
                snapshotSize = Files.size(snapshot);
            } else if (Files.exists(rdbFile) && allEmpty(logs)) {
                first = importRdb(store);
            } else {
                first = logs.isEmpty() ? 1 : logs.keySet().iterator().next();
                if (first != 1) {
                    throw new KvPersistenceException("Missing snapshot " + snapshot + ": the write logs start at "
                            + logs.get(first) + ", which follows a snapshot");
                }
            }
            for (Map.Entry<Long, Path> log : Map.copyOf(logs).entrySet()) {
                if (log.getKey() < first) {
                    io.delete(log.getValue());
                    logs.remove(log.getKey());
                }
            }
            long expected = first;
            for (long gen : logs.keySet()) {
                if (gen != expected) {
                    throw new KvPersistenceException("Missing write log " + logPath(directory, expected)
                            + " (found " + logs.get(gen) + ")");
                }
                expected++;
            }
            generation = first;
            long valid = 0;
            boolean replayed = false;
            for (Map.Entry<Long, Path> log : logs.entrySet()) {
                long declared = replayed ? previousLogSize(log.getValue()) : -1;
                if (declared > valid) {
                    LOG.log(System.Logger.Level.WARNING, "The write log before " + log.getValue() + " lost its tail"
                            + " to a power cut (" + valid + " of " + declared + " bytes)");
                    dropLogsAfter(logs, generation);
                    break;
                }
                generation = log.getKey();
                valid = replay(store, log.getValue(), generation == expected - 1);
                replayed = true;
                if (valid < 0) {
                    dropLogsAfter(logs, generation);
                    valid = -valid - 1;
                    break;
                }
            }
            boolean created = !logs.containsKey(generation);
            logChannel = io.open(logPath(directory, generation));
            io.truncate(logChannel, valid);
            if (created) {
                io.syncDirectory(directory);
            }
            logSize = valid;
        } catch (IOException e) {
            close();
            throw new KvPersistenceException("Cannot open the data directory " + directory + ": " + e, e);
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    private static boolean allEmpty(TreeMap<Long, Path> logs) throws IOException {
        for (Path log : logs.values()) {
            if (Files.size(log) > 0) {
                return false;
            }
        }
        return true;
    }

    /**
     * Loads the directory's RDB file, as Redis does at start-up, into a directory with no kvlab data, then writes it
     * as kvlab's snapshot of generation 1 before any write is logged (else a restart would replay the log onto an
     * empty store). A crash before that snapshot's rename imports again. Returns the generation that follows.
     */
    private long importRdb(KvStore store) throws IOException {
        long started = System.nanoTime();
        long keys = RdbFiles.load(store, rdbFile);
        LOG.log(System.Logger.Level.INFO, "Imported " + keys + " keys from " + rdbFile + " in "
                + (System.nanoTime() - started) / 1_000_000 + " ms");
        generation = 1;
        long now = store.millis();
        Node[][][] tables = store.freezeTables();
        try {
            snapshotSize = writeSnapshot(tables, now);
        } finally {
            store.thawTables();
        }
        return 1;
    }

    private void lock() throws IOException {
        lockChannel = FileChannel.open(directory.resolve(LOCK), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        FileLock lock;
        try {
            lock = lockChannel.tryLock();
        } catch (OverlappingFileLockException e) {
            lock = null;
        }
        if (lock == null) {
            lockChannel.close();
            lockChannel = null;
            throw new KvPersistenceException("The data directory " + directory + " is in use by another store");
        }
    }

    private TreeMap<Long, Path> listLogs() throws IOException {
        TreeMap<Long, Path> logs = new TreeMap<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(directory, LOG_PREFIX + "*" + LOG_SUFFIX)) {
            for (Path file : files) {
                String name = file.getFileName().toString();
                String number = name.substring(LOG_PREFIX.length(), name.length() - LOG_SUFFIX.length());
                try {
                    logs.put(Long.parseLong(number), file);
                } catch (NumberFormatException e) {
                    LOG.log(System.Logger.Level.WARNING, "Ignoring " + file + ": not a write log name");
                }
            }
        }
        return logs;
    }

    /**
     * Deletes the logs after {@code generation}, the last first (so a power cut midway leaves no gap in the
     * numbering), and makes that durable.
     */
    private void dropLogsAfter(TreeMap<Long, Path> logs, long generation) throws IOException {
        for (Map.Entry<Long, Path> log : logs.descendingMap().entrySet()) {
            if (log.getKey() > generation) {
                LOG.log(System.Logger.Level.WARNING, "Deleting " + log.getValue() + ": it follows a cut log");
                io.delete(log.getValue());
            }
        }
        io.syncDirectory(directory); // else the dropped logs may come back after a power cut, behind a gap
    }

    /** Returns the size a log's first record says the log before it had, or -1 if it does not start so. */
    private static long previousLogSize(Path path) throws IOException {
        try (LogReader reader = new LogReader(path)) {
            if (reader.next() != LogReader.Outcome.RECORD) {
                return -1;
            }
            ByteBuffer p = reader.payload();
            return p.remaining() == 9 && p.get(0) == RecordBuffer.LOG_START ? p.getLong(1) : -1;
        }
    }

    /** Loads a snapshot; returns the log generation that follows it. */
    private long loadSnapshot(KvStore store, Path path) throws IOException {
        try (LogReader reader = new LogReader(path)) {
            long generation = -1;
            long entries = 0;
            while (true) {
                LogReader.Outcome outcome = reader.next();
                String where = "in " + path + " at offset " + reader.offset();
                if (outcome != LogReader.Outcome.RECORD) {
                    throw new KvPersistenceException("Bad snapshot: "
                            + (outcome == LogReader.Outcome.END ? "no end record" : reader.problem()) + " " + where);
                }
                ByteBuffer p = reader.payload();
                byte type = p.get();
                if (generation < 0) {
                    if (type != RecordBuffer.SNAPSHOT_HEADER) {
                        throw new KvPersistenceException("Bad snapshot: no header " + where);
                    }
                    generation = p.getLong();
                } else if (type == RecordBuffer.SET) {
                    Replay.set(store, p.getInt(), Replay.bytes(p), Replay.bytes(p), p.getLong(), where);
                    entries++;
                } else if (type == RecordBuffer.EFFECTS) {
                    Replay.effects(store, p, where);
                    entries++;
                } else if (type == RecordBuffer.SNAPSHOT_END && p.getLong() == entries
                        && reader.next() == LogReader.Outcome.END) {
                    return generation;
                } else {
                    throw new KvPersistenceException("Bad snapshot record " + where);
                }
            }
        }
    }

    /**
     * Replays one log. The records of a transaction are held back until its end record, then applied together; a
     * log that ends inside one (its last records torn or never written) is cut at the transaction's beginning. Returns
     * the log's valid length, or {@code -(length + 1)} if it was cut (at damage, or at a torn tail before the last
     * log) so later logs must be dropped.
     */
    private long replay(KvStore store, Path path, boolean last) throws IOException {
        try (LogReader reader = new LogReader(path)) {
            List<ByteBuffer> transaction = null;
            List<Long> offsets = new ArrayList<>();
            long transactionStart = -1;
            while (true) {
                LogReader.Outcome outcome = reader.next();
                switch (outcome) {
                    case RECORD: {
                        ByteBuffer payload = reader.payload();
                        String where = "in " + path + " at offset " + reader.offset();
                        byte type = payload.get(0);
                        if (type == RecordBuffer.LOG_START) {
                            if (reader.offset() != 0 || payload.remaining() != 9) {
                                throw new KvPersistenceException("Bad log start record " + where);
                            }
                        } else if (type == RecordBuffer.TRANSACTION_BEGIN || type == RecordBuffer.TRANSACTION_END) {
                            if ((type == RecordBuffer.TRANSACTION_BEGIN) != (transaction == null)
                                    || payload.remaining() != 1) {
                                throw new KvPersistenceException("Bad transaction record " + where);
                            }
                            if (type == RecordBuffer.TRANSACTION_BEGIN) {
                                transaction = new ArrayList<>();
                                transactionStart = reader.offset();
                            } else {
                                for (int i = 0; i < transaction.size(); i++) {
                                    Replay.apply(store, transaction.get(i), "in " + path + " at offset "
                                            + offsets.get(i));
                                }
                                transaction = null;
                                offsets.clear();
                            }
                        } else if (transaction != null) {
                            transaction.add(payload);
                            offsets.add(reader.offset());
                        } else {
                            Replay.apply(store, payload, where);
                        }
                        break;
                    }
                    case END:
                        if (transaction == null) {
                            return reader.size();
                        }
                        return cutTail(path, transactionStart, reader.size(), last,
                                "an unfinished transaction: the log ends inside it");
                    case TORN:
                        if (transaction != null) {
                            return cutTail(path, transactionStart, reader.size(), last, "an unfinished transaction: "
                                    + "its record at offset " + reader.offset() + " is torn: " + reader.problem());
                        }
                        return cutTail(path, reader.offset(), reader.size(), last,
                                "a torn last record: " + reader.problem());
                    default:
                        return damaged(path, transaction == null ? reader.offset() : transactionStart, reader.size(),
                                transaction == null ? reader.problem() : reader.problem() + " at offset "
                                        + reader.offset() + ", inside the transaction begun here");
                }
            }
        }
    }

    /**
     * Cuts the torn tail a power cut left at {@code start}: what was not forced yet. A log that is not the last may
     * have one too (the next log was created before the old one's tail was forced, and the next log's records may
     * have reached the disk first): then the later logs are dropped, as they would follow a gap.
     */
    private static long cutTail(Path path, long start, long size, boolean last, String what) {
        LOG.log(System.Logger.Level.WARNING, "Cutting " + what + " off " + path + " at offset " + start
                + ": dropping " + (size - start) + " bytes" + (last ? "" : " and every later log"));
        return last ? start : -start - 1;
    }

    /** Refuses the damaged log, or with truncateCorruptLog cuts it at {@code offset}. */
    private long damaged(Path path, long offset, long size, String problem) {
        String what = "Bad write log record in " + path + " at offset " + offset + " (" + problem + ")";
        if (!truncateCorruptLog) {
            throw new KvPersistenceException(what + "; the log is damaged before its end. Start with "
                    + "truncateCorruptLog (aof-load-truncated) to drop it and everything after it");
        }
        LOG.log(System.Logger.Level.WARNING, what + ": truncating, dropping " + (size - offset)
                + " bytes and every later log");
        return -offset - 1;
    }

    /**
     * Loads the snapshot and the logs after it into {@code store}, whose journal records nothing meanwhile and whose
     * databases are empty: {@code DEBUG RELOAD}, after a snapshot, with every lock of the store held. The files stay
     * as they are.
     *
     * @throws KvPersistenceException if a file cannot be read or is damaged
     */
    void reload(KvStore store) {
        Path snapshot = directory.resolve(SNAPSHOT);
        try {
            long first = loadSnapshot(store, snapshot);
            for (long g = first; g <= generation; g++) {
                Path log = logPath(directory, g);
                if (Files.exists(log) && replay(store, log, g == generation) < 0) {
                    throw new KvPersistenceException("Cannot reload: the write log " + log + " is damaged");
                }
            }
        } catch (IOException e) {
            throw new KvPersistenceException("Cannot reload " + snapshot + ": " + e, e);
        }
    }

    /** Creates the empty log of the next generation and makes its name durable; returns it open. */
    FileChannel createNextLog() throws IOException {
        FileChannel next = io.open(logPath(directory, generation + 1));
        try {
            io.truncate(next, 0);
            io.syncDirectory(directory);
        } catch (IOException e) {
            next.close();
            throw e;
        }
        return next;
    }

    /** Records that writes now go to the next generation's log. */
    void rotated() {
        generation++;
    }

    /**
     * Writes a snapshot of {@code tables} ({@code [database][segment]}, point-in-time copies of bucket arrays) as the
     * state at the start of the current log generation, then deletes the older logs.
     *
     * @return the snapshot's size in bytes
     */
    long writeSnapshot(Node[][][] tables, long nowMillis) throws IOException {
        long snapshotGeneration = generation;
        Path temporary = directory.resolve(TEMPORARY);
        RecordBuffer records = new RecordBuffer();
        long[] written = new long[2]; // bytes written, entries
        long position;
        try (FileChannel out = io.open(temporary)) {
            io.truncate(out, 0);
            records.encodeSnapshotHeader(snapshotGeneration, nowMillis);
            KeyspaceWalk.walk(tables, nowMillis, (db, key, value, expiry) -> {
                if (value instanceof byte[]) {
                    records.encodeSet(db, key, (byte[]) value, expiry);
                } else {
                    records.encodeEffects(db, Database.replacement(key, (Container) value, expiry));
                }
                written[1]++;
                if (records.pending() >= WRITE_BATCH) {
                    written[0] += records.writeTo(io, out, written[0]);
                }
            });
            long entries = written[1];
            position = written[0];
            records.encodeSnapshotEnd(entries);
            position += records.writeTo(io, out, position);
            io.force(out);
        } catch (IOException | RuntimeException e) {
            records.clear();
            try {
                io.delete(temporary);
            } catch (IOException deletion) {
                e.addSuppressed(deletion);
            }
            throw e;
        }
        io.move(temporary, directory.resolve(SNAPSHOT));
        io.syncDirectory(directory);
        for (Map.Entry<Long, Path> log : listLogs().entrySet()) {
            if (log.getKey() < snapshotGeneration) {
                io.delete(log.getValue());
            }
        }
        snapshotSize = position;
        return position;
    }

    /** Releases the directory lock. */
    void close() {
        if (lockChannel != null) {
            try {
                lockChannel.close();
            } catch (IOException e) {
                LOG.log(System.Logger.Level.WARNING, "Cannot release the lock of " + directory, e);
            }
            lockChannel = null;
        }
    }
}
