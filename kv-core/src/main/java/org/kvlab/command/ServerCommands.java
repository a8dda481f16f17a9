package org.kvlab.command;

import static org.kvlab.command.Command.ADMIN;
import static org.kvlab.command.Command.ALLOW_BUSY;
import static org.kvlab.command.Command.FAST;
import static org.kvlab.command.Command.LOADING;
import static org.kvlab.command.Command.NOSCRIPT;
import static org.kvlab.command.Command.NO_MULTI;
import static org.kvlab.command.Command.READONLY;
import static org.kvlab.command.Command.STALE;
import static org.kvlab.command.Command.WRITE;
import static org.kvlab.command.Command.sub;

import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.kvlab.api.KeyspaceStats;
import org.kvlab.api.MemoryLimits;
import org.kvlab.api.KeyValueStore;
import org.kvlab.api.KvPersistenceException;
import org.kvlab.api.Keyspace;
import org.kvlab.api.PersistenceStatus;
import org.kvlab.protocol.RespWriter;
import org.kvlab.server.GcPauses;
import org.kvlab.server.KvlabVersion;
import org.kvlab.spi.IoCounters;

/**
 * The server commands: INFO, CONFIG, COMMAND, DBSIZE, FLUSHDB, FLUSHALL, SWAPDB, TIME, SAVE, BGSAVE, LASTSAVE,
 * SHUTDOWN.
 */
final class ServerCommands {

    /** Every section, in Redis's order, kvlab's own last. */
    private static final List<String> SECTIONS = List.of("server", "clients", "memory", "persistence", "stats",
            "replication", "cpu", "commandstats", "errorstats", "latencystats", "keyspace", "transport");
    /** The sections {@code INFO} and {@code INFO default} leave out, as Redis: {@code all} adds them. */
    private static final Set<String> NOT_DEFAULT = Set.of("commandstats", "latencystats");

    private final KeyValueStore store;
    private final ServerContext context;
    private final CommandExecutor executor;

    ServerCommands(KeyValueStore store, ServerContext context, CommandExecutor executor) {
        this.store = store;
        this.context = context;
        this.executor = executor;
    }

    void register(List<Command> t) {
        t.add(new Command("info", -1, LOADING | STALE, 0, 0, 0, null, this::info));
        t.add(new Command("config", -2, ADMIN | NOSCRIPT | LOADING | STALE, 0, 0, 0,
                new Command.Subcommand[] {sub("get", -3), sub("set", -4), sub("resetstat", 2), sub("rewrite", 2),
                    sub("help", 2)},
                this::config));
        t.add(new Command("command", -1, LOADING | STALE, 0, 0, 0,
                new Command.Subcommand[] {sub("count", 2), sub("info", -2), sub("docs", -2), sub("list", -2),
                    sub("getkeys", -4), sub("getkeysandflags", -4), sub("help", 2)}, this::command));
        t.add(new Command("dbsize", 1, READONLY | FAST, 0, 0, 0, null, (s, a, n, w) -> w.integer(s.keyspace().size())));
        t.add(new Command("flushdb", -1, WRITE, 0, 0, 0,
                null, (s, a, n, w) -> {
                    flushMode(a, n);
                    s.keyspace().clear();
                    w.ok();
                }));
        t.add(new Command("flushall", -1, WRITE, 0, 0, 0, null,
                (s, a, n, w) -> {
                    flushMode(a, n);
                    store.clearAll();
                    w.ok();
                }));
        t.add(new Command("swapdb", 3, WRITE | FAST, 0, 0, 0, null,
                this::swapdb));
        t.add(new Command("time", 1, LOADING | STALE | FAST, 0, 0, 0, null,
                (s, a, n, w) -> {
                    Instant now = store.clock().instant();
                    w.arrayHeader(2);
                    w.bulk(now.getEpochSecond());
                    w.bulk(now.getNano() / 1000);
                }));
        t.add(new Command("save", 1, ADMIN | NOSCRIPT | NO_MULTI, 0, 0, 0, null, (s, a, n, w) -> {
                    try {
                        store.save();
                    } catch (KvPersistenceException e) {
                        throw new CommandException("ERR " + e.getMessage());
                    }
                    w.ok();
                }));
        t.add(new Command("bgsave", -1, ADMIN | NOSCRIPT, 0, 0, 0, null, (s, a, n, w) -> {
                    if (n > 2 || (n == 2 && !Args.is(a[1], "schedule"))) {
                        throw CommandException.SYNTAX;
                    }
                    try {
                        store.saveInBackground();
                    } catch (KvPersistenceException e) {
                        throw new CommandException("ERR " + e.getMessage());
                    }
                    w.simpleString("Background saving started");
                }));
        t.add(new Command("lastsave", 1, LOADING | STALE | FAST, 0, 0, 0, null,
                (s, a, n, w) -> w.integer(store.lastSave().getEpochSecond())));
        t.add(new Command("shutdown", -1, ADMIN | NOSCRIPT | LOADING | STALE | NO_MULTI | ALLOW_BUSY, 0, 0, 0, null,
                this::shutdown));
    }

    private void swapdb(Session s, byte[][] a, int n, RespWriter w) {
        int first = databaseIndex(a[1], "ERR invalid first DB index");
        int second = databaseIndex(a[2], "ERR invalid second DB index");
        int count = store.databaseCount();
        if (first < 0 || first >= count || second < 0 || second >= count) {
            throw CommandException.DB_RANGE;
        }
        store.swapDatabases(first, second);
        w.ok();
    }

    /** Parses a database index as Redis's {@code getIntFromObjectOrReply}: an {@code int}, else {@code error}. */
    private static int databaseIndex(byte[] arg, String error) {
        long value;
        try {
            value = Args.toLong(arg);
        } catch (CommandException e) {
            throw new CommandException(error);
        }
        if (value < Integer.MIN_VALUE || value > Integer.MAX_VALUE) {
            throw new CommandException(error);
        }
        return (int) value;
    }

    private static void flushMode(byte[][] a, int n) {
        if (n > 2 || (n == 2 && !Args.is(a[1], "async") && !Args.is(a[1], "sync"))) {
            throw CommandException.SYNTAX;
        }
    }

    private void shutdown(Session s, byte[][] a, int n, RespWriter w) {
        boolean save = false;
        boolean noSave = false;
        for (int i = 1; i < n; i++) {
            if (Args.is(a[i], "save")) {
                save = true;
            } else if (Args.is(a[i], "nosave")) {
                noSave = true;
            } else if (Args.is(a[i], "abort")) {
                throw new CommandException("ERR No shutdown in progress.");
            } else if (!Args.is(a[i], "now") && !Args.is(a[i], "force")) {
                throw CommandException.SYNTAX;
            }
        }
        if (save && noSave) {
            throw CommandException.SYNTAX;
        }
        if (save) {
            try {
                store.save();
            } catch (KvPersistenceException e) {
                throw new CommandException("ERR Errors trying to SHUTDOWN. Check logs.");
            }
        }
        s.closeAfterReply();
        context.shutdown();
    }

    // ---- INFO

    private void info(Session s, byte[][] a, int n, RespWriter w) {
        Set<String> sections = new LinkedHashSet<>();
        for (int i = 1; i < n; i++) {
            String section = Args.str(a[i]).toLowerCase(Locale.ROOT);
            if (section.equals("all") || section.equals("everything")) {
                sections.addAll(SECTIONS);
            } else if (section.equals("default")) {
                addDefaultSections(sections);
            } else {
                sections.add(section);
            }
        }
        if (n == 1) {
            addDefaultSections(sections);
        }
        StringBuilder sb = new StringBuilder();
        for (String section : SECTIONS) {
            if (!sections.contains(section)) {
                continue;
            }
            if (sb.length() > 0) {
                sb.append("\r\n");
            }
            appendSection(sb, section);
        }
        w.verbatim("txt", sb.toString());
    }

    private static void addDefaultSections(Set<String> sections) {
        for (String section : SECTIONS) {
            if (!NOT_DEFAULT.contains(section)) {
                sections.add(section);
            }
        }
    }

    private void appendSection(StringBuilder sb, String section) {
        switch (section) {
            case "server": {
                long uptime = (System.currentTimeMillis() - executor.startMillis()) / 1000;
                sb.append("# Server\r\n");
                field(sb, "redis_version", ConnectionCommands.REDIS_VERSION);
                field(sb, "kvlab_version", KvlabVersion.current());
                field(sb, "redis_mode", "standalone");
                field(sb, "os", System.getProperty("os.name") + " " + System.getProperty("os.version") + " "
                        + System.getProperty("os.arch"));
                field(sb, "arch_bits", "64");
                field(sb, "java_version", System.getProperty("java.version"));
                field(sb, "process_id", ProcessHandle.current().pid());
                field(sb, "run_id", executor.runId());
                field(sb, "tcp_port", context.port());
                field(sb, "uptime_in_seconds", uptime);
                field(sb, "uptime_in_days", uptime / 86400);
                break;
            }
            case "clients":
                sb.append("# Clients\r\n");
                field(sb, "connected_clients", context.sessions().size());
                field(sb, "maxclients", context.config().getOrDefault("maxclients", "0"));
                field(sb, "blocked_clients", executor.blockedClients());
                break;
            case "memory": {
                long used = store.usedMemory();
                Runtime rt = Runtime.getRuntime();
                sb.append("# Memory\r\n");
                field(sb, "used_memory", used);
                field(sb, "used_memory_human", human(used));
                field(sb, "jvm_heap_used", rt.totalMemory() - rt.freeMemory());
                field(sb, "jvm_heap_max", rt.maxMemory());
                GcPauses pauses = GcPauses.ofThisJvm();
                field(sb, "jvm_gc_pauses", pauses.count());
                field(sb, "jvm_gc_pause_ms", pauses.millis());
                MemoryLimits limits = store.memoryLimits();
                field(sb, "maxmemory", limits.maxMemory());
                field(sb, "maxmemory_human", human(limits.maxMemory()));
                field(sb, "maxmemory_policy", limits.policy().redisName());
                break;
            }
            case "persistence": {
                PersistenceStatus status = store.persistenceStatus();
                boolean aof = "yes".equals(context.config().get("appendonly"));
                sb.append("# Persistence\r\n");
                field(sb, "loading", 0); // a server serves only once its store has recovered
                field(sb, "rdb_changes_since_last_save", status.changesSinceLastSave());
                field(sb, "rdb_last_save_time", store.lastSave().getEpochSecond());
                field(sb, "rdb_last_bgsave_status", status.lastSaveOk() ? "ok" : "err");
                field(sb, "aof_enabled", aof ? 1 : 0);
                field(sb, "aof_rewrite_in_progress", status.rewriteInProgress() ? 1 : 0);
                field(sb, "aof_last_bgrewrite_status", status.lastRewriteOk() ? "ok" : "err");
                field(sb, "aof_last_write_status", status.lastWriteOk() ? "ok" : "err");
                if (aof) {
                    field(sb, "aof_delayed_fsync", status.delayedFsyncs());
                }
                break;
            }
            case "stats":
                sb.append("# Stats\r\n");
                field(sb, "total_connections_received", context.connectionsReceived());
                field(sb, "total_commands_processed", executor.totalCommands());
                field(sb, "instantaneous_ops_per_sec", context.instantaneousOpsPerSec());
                IoCounters.Snapshot net = context.ioCounters();
                field(sb, "total_net_input_bytes", net.bytesRead());
                field(sb, "total_net_output_bytes", net.bytesWritten());
                field(sb, "total_error_replies", executor.observability().errors().total());
                field(sb, "rejected_connections", context.rejectedConnections());
                KeyspaceStats keyspace = store.keyspaceStats();
                field(sb, "expired_keys", keyspace.expiredKeys());
                field(sb, "evicted_keys", keyspace.evictedKeys());
                field(sb, "keyspace_hits", keyspace.hits());
                field(sb, "keyspace_misses", keyspace.misses());
                field(sb, "pubsub_channels", executor.pubsub().channelCount(false));
                field(sb, "pubsub_patterns", executor.pubsub().patternCount());
                field(sb, "pubsubshard_channels", executor.pubsub().channelCount(true));
                executor.replication().appendSyncStats(sb);
                break;
            case "replication":
                executor.replication().appendInfo(sb);
                break;
            case "cpu": {
                sb.append("# CPU\r\n");
                Observability.appendCpu(sb);
                java.lang.management.OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
                if (os instanceof com.sun.management.OperatingSystemMXBean) {
                    long nanos = ((com.sun.management.OperatingSystemMXBean) os).getProcessCpuTime();
                    field(sb, "used_cpu_process", String.format(Locale.ROOT, "%.6f", nanos / 1e9));
                }
                break;
            }
            case "commandstats":
                executor.observability().appendCommandStats(sb, executor.table().all());
                break;
            case "errorstats":
                executor.observability().appendErrorStats(sb);
                break;
            case "latencystats":
                executor.observability().appendLatencyStats(sb, executor.table().all());
                break;
            case "keyspace":
                sb.append("# Keyspace\r\n");
                for (int db = 0; db < store.databaseCount(); db++) {
                    Keyspace k = store.database(db);
                    long keys = k.size();
                    if (keys > 0) {
                        sb.append("db").append(db).append(":keys=").append(keys).append(",expires=")
                                .append(k.expiringKeys()).append(",avg_ttl=0\r\n");
                    }
                }
                break;
            case "transport": {
                IoCounters.Snapshot io = context.ioCounters();
                sb.append("# Transport\r\n");
                field(sb, "transport", context.transportName());
                field(sb, "io_reads", io.reads());
                field(sb, "io_writes", io.writes());
                field(sb, "io_accepts", io.accepts());
                field(sb, "io_closes", io.closes());
                field(sb, "io_wakeups", io.wakeups());
                field(sb, "io_bytes_read", io.bytesRead());
                field(sb, "io_bytes_written", io.bytesWritten());
                break;
            }
            default:
                throw new IllegalStateException(section);
        }
    }

    static void field(StringBuilder sb, String name, Object value) {
        sb.append(name).append(':').append(value).append("\r\n");
    }

    private static String human(long bytes) {
        if (bytes < 1024) {
            return bytes + "B";
        }
        String units = "KMGTPE";
        double v = bytes;
        int u = -1;
        while (v >= 1024 && u < units.length() - 1) {
            v /= 1024;
            u++;
        }
        return String.format(Locale.ROOT, "%.2f%c", v, units.charAt(u));
    }

    // ---- CONFIG

    private void config(Session s, byte[][] a, int n, RespWriter w) {
        String sub = Args.str(a[1]).toLowerCase(Locale.ROOT);
        switch (sub) {
            case "get": {
                if (n < 3) {
                    throw new CommandException("ERR wrong number of arguments for 'config|get' command");
                }
                Map<String, String> all = new LinkedHashMap<>(context.config());
                all.putAll(executor.observability().config());
                Map<String, String> found = new LinkedHashMap<>();
                for (int i = 2; i < n; i++) {
                    byte[] pattern = a[i];
                    all.forEach((name, value) -> {
                        if (Glob.matches(pattern, Args.bytes(name), true)) {
                            found.put(name, value);
                        }
                    });
                }
                w.mapHeader(found.size());
                for (Map.Entry<String, String> e : found.entrySet()) {
                    w.bulk(e.getKey());
                    w.bulk(e.getValue());
                }
                break;
            }
            case "set": {
                if (n < 4 || (n & 1) != 0) {
                    throw new CommandException("ERR wrong number of arguments for 'config|set' command");
                }
                for (int i = 2; i < n; i += 2) {
                    String name = Args.str(a[i]).toLowerCase(Locale.ROOT);
                    if (!context.config().containsKey(name)
                            && !executor.observability().config().containsKey(name)) {
                        throw new CommandException("ERR Unknown option or number of arguments for CONFIG SET - '"
                                + Args.str(a[i]) + "'");
                    }
                }
                for (int i = 2; i < n; i += 2) {
                    String name = Args.str(a[i]).toLowerCase(Locale.ROOT);
                    try {
                        if (!executor.observability().set(name, Args.str(a[i + 1]))) {
                            context.configSet(name, Args.str(a[i + 1]));
                        }
                    } catch (IllegalArgumentException e) {
                        throw new CommandException("ERR CONFIG SET failed (possibly related to argument '" + name
                                + "') - " + e.getMessage());
                    }
                }
                w.ok();
                break;
            }
            case "resetstat":
                if (n != 2) {
                    throw new CommandException("ERR wrong number of arguments for 'config|resetstat' command");
                }
                executor.resetStats();
                context.resetStats();
                w.ok();
                break;
            case "rewrite":
                if (n != 2) {
                    throw new CommandException("ERR wrong number of arguments for 'config|rewrite' command");
                }
                try {
                    context.configRewrite();
                } catch (IllegalStateException e) {
                    throw new CommandException("ERR " + e.getMessage());
                } catch (java.io.IOException e) {
                    throw new CommandException("ERR Rewriting config file: " + e.getMessage());
                }
                w.ok();
                break;
            case "help": {
                String[] lines = {"CONFIG <subcommand> [<arg> [value] [opt] ...]. Subcommands are:",
                    "GET <pattern>", "    Return parameters matching the glob-like <pattern> and their values.",
                    "SET <directive> <value>", "    Set the configuration <directive> to <value>.",
                    "RESETSTAT", "    Reset statistics reported by the INFO command.",
                    "REWRITE", "    Rewrite the configuration file.",
                    "HELP", "    Prints this help."};
                w.arrayHeader(lines.length);
                for (String line : lines) {
                    w.simpleString(line);
                }
                break;
            }
            default:
                throw new CommandException("ERR unknown subcommand '" + Args.str(a[1]) + "'. Try CONFIG HELP.");
        }
    }

    // ---- COMMAND

    private void command(Session s, byte[][] a, int n, RespWriter w) {
        List<Command> all = executor.table().all();
        if (n == 1) {
            w.arrayHeader(all.size());
            for (Command c : all) {
                commandInfo(c.name, w);
            }
            return;
        }
        String sub = Args.str(a[1]).toLowerCase(Locale.ROOT);
        switch (sub) {
            case "count":
                if (n != 2) {
                    throw new CommandException("ERR wrong number of arguments for 'command|count' command");
                }
                w.integer(all.size());
                break;
            case "list":
                w.arrayHeader(all.size());
                for (Command c : all) {
                    w.bulk(c.name);
                }
                break;
            case "info":
                if (n == 2) {
                    w.arrayHeader(all.size());
                    for (Command c : all) {
                        commandInfo(c.name, w);
                    }
                    break;
                }
                w.arrayHeader(n - 2);
                for (int i = 2; i < n; i++) {
                    String name = knownName(a[i]);
                    if (name == null) {
                        w.nullBulk();
                    } else {
                        commandInfo(name, w);
                    }
                }
                break;
            case "docs": {
                List<String> wanted = new ArrayList<>();
                if (n == 2) {
                    for (Command c : all) {
                        wanted.add(c.name);
                    }
                } else {
                    for (int i = 2; i < n; i++) {
                        String name = knownName(a[i]);
                        if (name != null) {
                            wanted.add(name);
                        }
                    }
                }
                w.mapHeader(wanted.size());
                for (String name : wanted) {
                    w.bulk(name);
                    commandDocs(name, w);
                }
                break;
            }
            case "getkeys":
            case "getkeysandflags":
                if (n < 4) {
                    throw new CommandException("ERR wrong number of arguments for 'command|" + sub + "' command");
                }
                getKeys(a, n, sub.equals("getkeysandflags"), w);
                break;
            case "help": {
                String[] lines = {"COMMAND <subcommand> [<arg> [value] [opt] ...]. Subcommands are:",
                    "(no subcommand)", "    Return details about all Redis commands.",
                    "COUNT", "    Return the total number of commands in this Redis server.",
                    "LIST", "    Return a list of all commands in this Redis server.",
                    "INFO [<command-name> ...]", "    Return details about multiple Redis commands.",
                    "    If no command names are given, documentation details for all", "    commands are returned.",
                    "DOCS [<command-name> ...]", "    Return documentation details about multiple Redis commands.",
                    "    If no command names are given, documentation details for all", "    commands are returned.",
                    "GETKEYS <full-command>", "    Return the keys from a full Redis command.",
                    "GETKEYSANDFLAGS <full-command>", "    Return the keys and the access flags from a full Redis command.",
                    "HELP", "    Prints this help."};
                w.arrayHeader(lines.length);
                for (String line : lines) {
                    w.simpleString(line);
                }
                break;
            }
            default:
                throw new CommandException("ERR unknown subcommand '" + Args.str(a[1]) + "'. Try COMMAND HELP.");
        }
    }

    /**
     * {@code COMMAND GETKEYS command arg ...} and {@code GETKEYSANDFLAGS}: the keys of the call in {@code a[2..n)} as
     * Redis finds them from its key specs ({@link RedisCommandDocs#keys}), with their flags if {@code withFlags}; the
     * command is looked up as Redis does, a container's by its subcommand.
     */
    private void getKeys(byte[][] a, int n, boolean withFlags, RespWriter w) {
        Command c = executor.table().find(a[2]);
        String name = c == null ? null : c.name;
        if (c != null && c.subcommands != null && n > 3) {
            Command.Subcommand sub = c.subcommand(a[3]);
            name = sub == null ? null : c.name + "|" + sub.name();
        }
        if (name == null || !RedisCommandDocs.has(name)) {
            throw new CommandException("ERR Invalid command specified");
        }
        if (!RedisCommandDocs.hasKeys(name)) {
            throw new CommandException("ERR The command has no key arguments");
        }
        int argc = n - 2;
        if (!Command.arityOk(RedisCommandDocs.arity(name), argc)) {
            throw new CommandException("ERR Invalid number of arguments specified for command");
        }
        byte[][] call = Arrays.copyOfRange(a, 2, n);
        List<RedisCommandDocs.Key> keys = RedisCommandDocs.keys(name, call, argc);
        if (keys.isEmpty()) {
            throw new CommandException("ERR Invalid arguments specified for command");
        }
        w.arrayHeader(keys.size());
        for (RedisCommandDocs.Key key : keys) {
            if (withFlags) {
                w.arrayHeader(2);
                w.bulk(call[key.position()]);
                w.setHeader(key.flags().size());
                for (String flag : key.flags()) {
                    w.simpleString(flag);
                }
            } else {
                w.bulk(call[key.position()]);
            }
        }
    }

    /**
     * Returns the lower-case name of the command, or {@code container|subcommand}, that {@code name} names in any
     * case, or {@code null} if kvlab has no such command.
     */
    private String knownName(byte[] name) {
        String text = Args.str(name).toLowerCase(Locale.ROOT);
        int bar = text.indexOf('|');
        Command c = executor.table().find((bar < 0 ? text : text.substring(0, bar)).getBytes(StandardCharsets.UTF_8));
        if (c == null || bar < 0) {
            return c == null ? null : c.name;
        }
        return hasSubcommand(c.name + text.substring(bar)) ? text : null;
    }

    /** Returns whether {@code name}, {@code container|subcommand}, is a subcommand kvlab has and Redis documents. */
    private boolean hasSubcommand(String name) {
        int bar = name.indexOf('|');
        Command c = executor.table().find(name.substring(0, bar).getBytes(StandardCharsets.UTF_8));
        return c != null && c.subcommands != null
                && c.subcommand(name.substring(bar + 1).getBytes(StandardCharsets.UTF_8)) != null
                && RedisCommandDocs.has(name);
    }

    /**
     * Writes Redis's COMMAND INFO entry of {@code name} (see {@link #knownName}): every command kvlab has is one of
     * Redis 7.0's ({@code RedisCommandDocsTest}).
     */
    private void commandInfo(String name, RespWriter w) {
        RedisCommandDocs.writeInfo(name, this::hasSubcommand, w);
    }

    /** Writes Redis's COMMAND DOCS entry of {@code name}, as {@link #commandInfo}. */
    private void commandDocs(String name, RespWriter w) {
        RedisCommandDocs.writeDocs(name, this::hasSubcommand, w);
    }
}
