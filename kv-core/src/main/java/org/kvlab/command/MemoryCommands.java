package org.kvlab.command;

import static org.kvlab.command.Command.sub;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.kvlab.api.KeyValueStore;
import org.kvlab.api.Keyspace;
import org.kvlab.protocol.RespWriter;

/**
 * {@code MEMORY USAGE|STATS|DOCTOR|MALLOC-STATS|PURGE|HELP}, with Redis 7.0's field names and texts. The JVM is the
 * allocator here: where Redis reports jemalloc's figures, kvlab reports the JVM's, as {@link #stats} says field by
 * field, and a key's memory is the store's own estimate, the one {@code maxmemory} counts.
 */
final class MemoryCommands {

    private static final String[] HELP = {
        "MEMORY <subcommand> [<arg> [value] [opt] ...]. Subcommands are:",
        "DOCTOR",
        "    Return memory problems reports.",
        "MALLOC-STATS",
        "    Return internal statistics report from the memory allocator.",
        "PURGE",
        "    Attempt to purge dirty pages for reclamation by the allocator.",
        "STATS",
        "    Return information about the memory usage of the server.",
        "USAGE <key> [SAMPLES <count>]",
        "    Return memory in bytes used by <key> and its value. Nested values are",
        "    sampled up to <count> times (default: 5, 0 means sample all).",
        "HELP",
        "    Prints this help."};

    /** Redis's {@code MEMORY DOCTOR} thresholds. */
    private static final long DOCTOR_MIN_ALLOCATED = 5L << 20;
    private static final double DOCTOR_BIG_PEAK = 1.5;
    private static final double DOCTOR_HIGH_FRAGMENTATION = 1.4;
    private static final double DOCTOR_HIGH_OVERHEAD = 1.1;
    private static final long DOCTOR_MIN_WASTE = 10L << 20;
    private static final long DOCTOR_BIG_CLIENT = 200L * 1024;

    private final KeyValueStore store;
    private final ServerContext context;
    /** The JVM's heap in use when the server's command executor was built: Redis's {@code startup.allocated}. */
    private final long startupAllocated;

    MemoryCommands(KeyValueStore store, ServerContext context) {
        this.store = store;
        this.context = context;
        this.startupAllocated = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    void register(List<Command> t) {
        t.add(new Command("memory", -2, 0, 0, 0, 0,
                new Command.Subcommand[] {sub("doctor", 2), sub("malloc-stats", 2), sub("purge", 2), sub("stats", 2),
                    sub("usage", -3), sub("help", 2)},
                this::memory));
    }

    private void memory(Session s, byte[][] a, int n, RespWriter w) {
        String sub = Args.str(a[1]).toLowerCase(Locale.ROOT);
        switch (sub) {
            case "usage":
                usage(s, a, n, w);
                break;
            case "stats":
                stats(w);
                break;
            case "doctor":
                w.verbatim("txt", doctor(new Figures()));
                break;
            case "malloc-stats":
                w.verbatim("txt", mallocStats());
                break;
            case "purge":
                System.gc(); // the JVM's way to hand back what it holds: a full collection may shrink the heap
                w.ok();
                break;
            case "help":
                w.arrayHeader(HELP.length);
                for (String line : HELP) {
                    w.simpleString(line);
                }
                break;
            default:
                throw new CommandException("ERR unknown subcommand '" + Args.str(a[1]) + "'. Try MEMORY HELP.");
        }
    }

    /**
     * {@code MEMORY USAGE key [SAMPLES n]}: the bytes the store counts for the key ({@link Keyspace#memoryUsage}).
     * The store counts every element, so {@code SAMPLES} is checked as Redis checks it and changes nothing.
     */
    private void usage(Session s, byte[][] a, int n, RespWriter w) {
        for (int j = 3; j < n; j++) {
            if (Args.is(a[j], "samples") && j + 1 < n) {
                if (Args.toLong(a[j + 1]) < 0) {
                    throw CommandException.SYNTAX;
                }
                j++;
            } else {
                throw CommandException.SYNTAX;
            }
        }
        long usage = s.keyspace().memoryUsage(a[2]);
        if (usage == Keyspace.ABSENT) {
            w.nullBulk();
        } else {
            w.integer(usage);
        }
    }

    /**
     * {@code MEMORY STATS}, Redis 7.0's fields in its order, from these sources:
     * <ul>
     *   <li>{@code peak.allocated}: the sum of the peak use of the JVM's heap pools; {@code total.allocated}: the
     *       heap in use now; {@code startup.allocated}: the heap in use when the server was built;</li>
     *   <li>{@code clients.normal}: every client's {@code CLIENT LIST tot-mem}; {@code replication.backlog},
     *       {@code clients.slaves}, {@code cluster.links}, {@code lua.caches}, {@code functions.caches}: 0, kvlab has
     *       none of these; {@code aof.buffer}: 0, the write log's buffer is not counted;</li>
     *   <li>{@code db.N} (each database with keys): {@code overhead.hashtable.main} is its keys times the store's
     *       per-entry overhead ({@link KeyValueStore#entryOverhead()}), which holds the expiry too, so
     *       {@code overhead.hashtable.expires} and {@code overhead.hashtable.slot-to-keys} are 0;</li>
     *   <li>{@code overhead.total}: startup, clients and the databases' overhead; {@code dataset.bytes}: the store's
     *       {@link KeyValueStore#usedMemory() estimate} less the databases' overhead; {@code keys.bytes-per-key} and
     *       the percentages as Redis computes them;</li>
     *   <li>{@code allocator.allocated}: heap in use; {@code allocator.active}: heap committed;
     *       {@code allocator.resident}: heap and non-heap committed; the process's resident set ({@code VmRSS} of
     *       {@code /proc/self/status}, else {@code allocator.resident}) for {@code rss-overhead} and
     *       {@code fragmentation}, each ratio and difference as Redis computes it.</li>
     * </ul>
     */
    private void stats(RespWriter w) {
        Figures f = new Figures();
        long[] keysByDatabase = new long[store.databaseCount()];
        long keys = 0;
        int databases = 0;
        for (int db = 0; db < keysByDatabase.length; db++) {
            keysByDatabase[db] = store.database(db).size();
            keys += keysByDatabase[db];
            if (keysByDatabase[db] > 0) {
                databases++;
            }
        }
        w.mapHeader(27 + databases);
        entry(w, "peak.allocated", f.peak);
        entry(w, "total.allocated", f.allocated);
        entry(w, "startup.allocated", startupAllocated);
        entry(w, "replication.backlog", 0);
        entry(w, "clients.slaves", 0);
        entry(w, "clients.normal", f.clients);
        entry(w, "cluster.links", 0);
        entry(w, "aof.buffer", 0);
        entry(w, "lua.caches", 0);
        entry(w, "functions.caches", 0);
        long overhead = 0;
        for (int db = 0; db < keysByDatabase.length; db++) {
            if (keysByDatabase[db] == 0) {
                continue;
            }
            long main = keysByDatabase[db] * store.entryOverhead();
            overhead += main;
            w.bulk("db." + db);
            w.mapHeader(3);
            entry(w, "overhead.hashtable.main", main);
            entry(w, "overhead.hashtable.expires", 0);
            entry(w, "overhead.hashtable.slot-to-keys", 0);
        }
        long netUsage = f.allocated > startupAllocated ? f.allocated - startupAllocated : 1;
        long dataset = Math.max(0, store.usedMemory() - overhead);
        entry(w, "overhead.total", startupAllocated + f.clients + overhead);
        entry(w, "keys.count", keys);
        entry(w, "keys.bytes-per-key", keys == 0 ? 0 : netUsage / keys);
        entry(w, "dataset.bytes", dataset);
        w.bulk("dataset.percentage");
        w.doubleValue((float) dataset * 100 / netUsage);
        w.bulk("peak.percentage");
        w.doubleValue((float) f.allocated * 100 / f.peak);
        entry(w, "allocator.allocated", f.allocated);
        entry(w, "allocator.active", f.active);
        entry(w, "allocator.resident", f.resident);
        w.bulk("allocator-fragmentation.ratio");
        w.doubleValue(f.allocatorFragmentation());
        entry(w, "allocator-fragmentation.bytes", f.active - f.allocated);
        w.bulk("allocator-rss.ratio");
        w.doubleValue((float) f.resident / f.active);
        entry(w, "allocator-rss.bytes", f.resident - f.active);
        w.bulk("rss-overhead.ratio");
        w.doubleValue(f.rssOverhead());
        entry(w, "rss-overhead.bytes", f.rss - f.resident);
        w.bulk("fragmentation");
        w.doubleValue(f.fragmentation());
        entry(w, "fragmentation.bytes", f.rss - f.allocated);
    }

    private static void entry(RespWriter w, String name, long value) {
        w.bulk(name);
        w.integer(value);
    }

    /** Redis's {@code MEMORY DOCTOR} report, its checks applied to the JVM's figures ({@link #stats}). */
    private String doctor(Figures f) {
        if (f.allocated < DOCTOR_MIN_ALLOCATED) {
            return "Hi Sam, this instance is empty or is using very little memory, my issues detector can't be used "
                    + "in these conditions. Please, leave for your mission on Earth and fill it with some data. The new "
                    + "Sam and I will be back to our programming as soon as I finished rebooting.\n";
        }
        StringBuilder issues = new StringBuilder();
        if ((float) f.peak / f.allocated > DOCTOR_BIG_PEAK) {
            issues.append(" * Peak memory: In the past this instance used more than 150% the memory that is currently "
                    + "using. The allocator is normally not able to release memory after a peak, so you can expect to "
                    + "see a big fragmentation ratio, however this is actually harmless and is only due to the memory "
                    + "peak, and if the Redis instance Resident Set Size (RSS) is currently bigger than expected, the "
                    + "memory will be used as soon as you fill the Redis instance with more data. If the memory peak "
                    + "was only occasional and you want to try to reclaim memory, please try the MEMORY PURGE command, "
                    + "otherwise the only other option is to shutdown and restart the instance.\n\n");
        }
        if (f.fragmentation() > DOCTOR_HIGH_FRAGMENTATION && f.rss - f.allocated > DOCTOR_MIN_WASTE) {
            issues.append(" * High total RSS: This instance has a memory fragmentation and RSS overhead greater than "
                    + "1.4 (this means that the Resident Set Size of the Redis process is much larger than the sum of "
                    + "the logical allocations Redis performed). This problem is usually due either to a large peak "
                    + "memory (check if there is a peak memory entry above in the report) or may result from a "
                    + "workload that causes the allocator to fragment memory a lot. If the problem is a large peak "
                    + "memory, then there is no issue. Otherwise, make sure you are using the Jemalloc allocator and "
                    + "not the default libc malloc. Note: The currently used allocator is \"jvm\".\n\n");
        }
        if (f.allocatorFragmentation() > DOCTOR_HIGH_OVERHEAD && f.active - f.allocated > DOCTOR_MIN_WASTE) {
            issues.append(" * High allocator fragmentation: This instance has an allocator external fragmentation "
                    + "greater than 1.1. This problem is usually due either to a large peak memory (check if there is "
                    + "a peak memory entry above in the report) or may result from a workload that causes the "
                    + "allocator to fragment memory a lot. You can try enabling 'activedefrag' config option.\n\n");
        }
        if ((float) f.resident / f.active > DOCTOR_HIGH_OVERHEAD && f.resident - f.active > DOCTOR_MIN_WASTE) {
            issues.append(" * High allocator RSS overhead: This instance has an RSS memory overhead is greater than "
                    + "1.1 (this means that the Resident Set Size of the allocator is much larger than the sum what "
                    + "the allocator actually holds). This problem is usually due to a large peak memory (check if "
                    + "there is a peak memory entry above in the report), you can try the MEMORY PURGE command to "
                    + "reclaim it.\n\n");
        }
        if (f.rssOverhead() > DOCTOR_HIGH_OVERHEAD && f.rss - f.resident > DOCTOR_MIN_WASTE) {
            issues.append(" * High process RSS overhead: This instance has non-allocator RSS memory overhead is "
                    + "greater than 1.1 (this means that the Resident Set Size of the Redis process is much larger "
                    + "than the RSS the allocator holds). This problem may be due to Lua scripts or Modules.\n\n");
        }
        int clients = Math.max(1, context.sessions().size());
        if (f.clients / clients > DOCTOR_BIG_CLIENT) {
            issues.append(" * Big client buffers: The clients output buffers in this instance are greater than 200K "
                    + "per client (on average). This may result from different causes, like Pub/Sub clients "
                    + "subscribed to channels bot not receiving data fast enough, so that data piles on the Redis "
                    + "instance output buffer, or clients sending commands with large replies or very large sequences "
                    + "of commands in the same pipeline. Please use the CLIENT LIST command in order to investigate "
                    + "the issue if it causes problems in your instance, or to understand better why certain clients "
                    + "are using a big amount of memory.\n\n");
        }
        if (issues.length() == 0) {
            return "Hi Sam, I can't find any memory issue in your instance. I can only account for what occurs on "
                    + "this base.\n";
        }
        return "Sam, I detected a few issues in this Redis instance memory implants:\n\n" + issues
                + "I'm here to keep you safe, Sam. I want to help you.\n";
    }

    /** The JVM's memory, pool by pool, as text: kvlab's {@code MEMORY MALLOC-STATS}, where Redis prints jemalloc's. */
    private static String mallocStats() {
        StringBuilder sb = new StringBuilder("___ Begin JVM memory statistics ___\n");
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        usageLine(sb, "heap", memory.getHeapMemoryUsage());
        usageLine(sb, "non-heap", memory.getNonHeapMemoryUsage());
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            usageLine(sb, (pool.getType() == MemoryType.HEAP ? "heap pool " : "non-heap pool ") + pool.getName(),
                    pool.getUsage());
        }
        return sb.append("--- End JVM memory statistics ---\n").toString();
    }

    private static void usageLine(StringBuilder sb, String name, MemoryUsage usage) {
        sb.append(name).append(": used=").append(usage.getUsed()).append(" committed=").append(usage.getCommitted())
                .append(" max=").append(usage.getMax()).append('\n');
    }

    /** The memory figures of the JVM and the clients at one moment, what {@link #stats} and the doctor read. */
    private final class Figures {
        final long allocated;
        final long peak;
        final long active;
        final long resident;
        final long rss;
        final long clients;

        Figures() {
            MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
            MemoryUsage heap = memory.getHeapMemoryUsage();
            allocated = heap.getUsed();
            long peakSum = 0;
            for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
                if (pool.getType() == MemoryType.HEAP && pool.getPeakUsage() != null) {
                    peakSum += pool.getPeakUsage().getUsed();
                }
            }
            peak = Math.max(peakSum, allocated);
            active = Math.max(1, heap.getCommitted());
            resident = Math.max(1, active + memory.getNonHeapMemoryUsage().getCommitted());
            rss = residentSetSize(resident);
            long clientMemory = 0;
            for (Session session : context.sessions()) {
                clientMemory += session.totalMemory();
            }
            clients = clientMemory;
        }

        double allocatorFragmentation() {
            return (float) active / Math.max(1, allocated);
        }

        double rssOverhead() {
            return (float) rss / resident;
        }

        double fragmentation() {
            return (float) rss / Math.max(1, allocated);
        }
    }

    /** Returns the process's resident set from {@code /proc/self/status}, or {@code fallback} where there is none. */
    private static long residentSetSize(long fallback) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmRSS:")) {
                    String[] parts = line.substring(6).trim().split("\\s+");
                    return Long.parseLong(parts[0]) * 1024; // the file gives kB
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux, or no procfs: the JVM's committed memory stands in
        }
        return fallback;
    }
}
