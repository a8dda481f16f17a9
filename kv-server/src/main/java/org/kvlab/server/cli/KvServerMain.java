package org.kvlab.server.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.kvlab.api.EvictionPolicy;
import org.kvlab.api.MemoryLimits;
import org.kvlab.server.ReplicationSettings;
import org.kvlab.server.ConfigFile;
import org.kvlab.server.ConfigFileException;
import org.kvlab.server.KvServer;
import org.kvlab.server.KvlabVersion;
import org.kvlab.server.ServerSettings;
import org.kvlab.spi.TransportConfig;
import org.kvlab.spi.TransportProvider;
import org.kvlab.spi.TransportUnavailableException;
import org.kvlab.spi.Transports;
import org.kvlab.store.FsyncPolicy;
import org.kvlab.store.KvStore;
import org.kvlab.store.SnapshotFormat;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code kv-server}: serves a kvlab store over the Redis protocol on the chosen transport until SIGTERM, SIGINT or
 * {@code SHUTDOWN}. Prints one ready line, {@code kvlab ready: transport=NAME address=HOST:PORT pid=PID}, once it
 * accepts connections; errors are one line on stderr and exit status 1 (2 for bad usage). Like {@code redis-server},
 * it takes a configuration file first ({@link ConfigDirectives}), whose directives the options given after it
 * override.
 */
@Command(name = "kv-server", mixinStandardHelpOptions = true, versionProvider = KvServerMain.Version.class,
        description = {"Serves a kvlab key-value store over the Redis protocol (RESP2/RESP3).",
            "Usage as redis-server's: kv-server [/path/to/kvlab.conf] [options]; the options override the file."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:stopped by SHUTDOWN or --help, --version, --list-transports",
            "1:cannot start: a bad configuration file, an unavailable transport, a port in use, a store that "
                + "cannot be recovered",
            "2:bad usage",
            "143:stopped by SIGTERM (130 by SIGINT)"})
public final class KvServerMain implements Callable<Integer> {

    /** Where the settings of a configuration file go that no option has: set on the server once it is built. */
    final List<ConfigFile.Directive> fileSettings = new ArrayList<>();

    @Parameters(index = "0", arity = "0..1", paramLabel = "CONFIG_FILE",
            description = "a configuration file in redis.conf's syntax: port, bind, requirepass, maxmemory, "
                    + "maxclients, timeout, databases, protected-mode, appendonly, appendfsync, dir, save \"\", "
                    + "loglevel, include, replicaof, the settings CONFIG SET changes, and kvlab's transport, "
                    + "event-loops and read-buffer-size; CONFIG REWRITE writes into it")
    Path configFile;

    @Option(names = "--transport", paramLabel = "NAME",
            description = "I/O model: blocking, virtual, nio, epoll, iouring (default: -Dkvlab.transport, else the "
                    + "best available)")
    String transport;

    @Option(names = "--list-transports",
            description = "print each transport, highest priority first, as NAME available or NAME unavailable: CAUSE, "
                    + "and exit")
    boolean listTransports;

    @Option(names = "--port", defaultValue = "6379", description = "TCP port (default: ${DEFAULT-VALUE}; 0 picks a free one)")
    int port;

    @Option(names = "--bind", defaultValue = "127.0.0.1",
            description = "address to listen on (default: ${DEFAULT-VALUE}; protected mode refuses other peers without a password)")
    String bind;

    @Option(names = "--event-loops", defaultValue = "1",
            description = "event-loop threads of non-blocking transports (default: ${DEFAULT-VALUE})")
    int eventLoops;

    @Option(names = "--read-buffer-size", defaultValue = "16384", paramLabel = "BYTES",
            description = "bytes a connection reads per read call; a request larger than this arrives in several "
                    + "reads (default: ${DEFAULT-VALUE}, as Redis's 16 KiB)")
    int readBufferSize;

    @Option(names = "--data-dir", paramLabel = "DIR",
            description = "directory of the write log and snapshots: --appendonly yes --dir DIR (default: none, "
                    + "memory only)")
    Path dataDir;

    @Option(names = "--appendonly", defaultValue = "no", paramLabel = "yes|no", converter = YesNo.class, arity = "1",
            description = "keep a write log and snapshots in --dir (default: ${DEFAULT-VALUE})")
    String appendOnly;

    @Option(names = "--dir", defaultValue = ".", paramLabel = "DIR",
            description = "with --appendonly yes: the directory of the write log and snapshots (default: the working "
                    + "directory)")
    Path dir;

    @Option(names = "--appendfsync", defaultValue = "everysec", paramLabel = "POLICY", converter = Fsync.class,
            description = "with --data-dir or --appendonly yes: always, everysec or no (default: ${DEFAULT-VALUE})")
    FsyncPolicy appendfsync;

    @Option(names = "--snapshot-format", defaultValue = "kvlab", paramLabel = "FORMAT",
            description = "with --data-dir or --appendonly yes: what SAVE and BGSAVE write: kvlab, or rdb for Redis's RDB file too "
                    + "(default: ${DEFAULT-VALUE})")
    String snapshotFormat;

    @Option(names = "--dbfilename", defaultValue = "dump.rdb", paramLabel = "NAME",
            description = "with --data-dir or --appendonly yes: the RDB file SAVE writes in rdb format, and imported at start-up when "
                    + "the directory holds no kvlab data yet (default: ${DEFAULT-VALUE})")
    String dbFileName;

    @Option(names = "--databases", defaultValue = "16", description = "number of databases (default: ${DEFAULT-VALUE})")
    int databases;

    @Option(names = "--maxmemory", defaultValue = "0", paramLabel = "BYTES", converter = Memory.class,
            description = "limit on the estimated memory use, in bytes or with Redis's units (100mb, 1gb); a write "
                    + "past it evicts as --maxmemory-policy says (default: 0, no limit)")
    long maxMemory;

    @Option(names = "--maxmemory-policy", defaultValue = "noeviction", paramLabel = "POLICY", converter = Policy.class,
            description = "keys evicted at --maxmemory: allkeys-lru, allkeys-lfu, allkeys-random, volatile-lru, "
                    + "volatile-lfu, volatile-random, volatile-ttl, or noeviction to refuse writes (default: "
                    + "${DEFAULT-VALUE})")
    EvictionPolicy maxMemoryPolicy;

    @Option(names = "--maxmemory-samples", defaultValue = "5", paramLabel = "N",
            description = "keys sampled per eviction round (default: ${DEFAULT-VALUE})")
    int maxMemorySamples;

    @Option(names = "--requirepass", paramLabel = "PASSWORD",
            description = "clients must AUTH with this password (default: none; in the configuration file it stays "
                    + "out of ps)")
    String requirePass;

    @Option(names = "--protected-mode", defaultValue = "yes", paramLabel = "yes|no", converter = YesNo.class, arity = "1",
            description = "with no password, serve loopback peers only (default: ${DEFAULT-VALUE})")
    String protectedMode;

    @Option(names = "--loglevel", paramLabel = "LEVEL", converter = LogLevel.class,
            description = "debug, verbose, notice or warning, as Redis's; java.util.logging's FINE, CONFIG, INFO, "
                    + "WARNING (default: notice)")
    java.util.logging.Level logLevel;

    @Option(names = "--maxclients", defaultValue = "10000",
            description = "most clients connected at once (default: ${DEFAULT-VALUE})")
    int maxClients;

    @Option(names = "--timeout", defaultValue = "0", paramLabel = "SECONDS",
            description = "close clients idle this long (default: 0, never)")
    long timeoutSeconds;

    @Option(names = {"--replicaof", "--slaveof"}, paramLabel = "'HOST PORT'", converter = PrimaryAddress.class,
            description = "start as a replica of that primary, as REPLICAOF HOST PORT would make it ('no one', the "
                    + "default: a primary); also --replicaof HOST PORT")
    PrimaryAddress.Value replicaOf;

    /** Runs the server; see {@code --help}. */
    public static void main(String[] args) {
        System.exit(run(args));
    }

    /**
     * Parses {@code args} and runs the server until it is told to stop; returns the exit status. A configuration
     * file's directives come first, as options where one exists, so the options given on the command line override
     * them, as {@code redis-server}'s do.
     */
    static int run(String... args) {
        Path file = null;
        try {
            CommandLine.ParseResult probe = commandLine(new KvServerMain()).parseArgs(args);
            if (!probe.isUsageHelpRequested() && !probe.isVersionHelpRequested()) {
                file = probe.matchedPositionalValue(0, null);
            }
        } catch (CommandLine.ParameterException e) {
            // the run below reports it
        }
        KvServerMain main = new KvServerMain();
        List<String> all = new ArrayList<>();
        if (file != null) {
            try {
                all.addAll(ConfigDirectives.arguments(ConfigFile.read(file), main.fileSettings));
            } catch (ConfigFileException e) {
                System.err.print(e.report("kvlab", file));
                return 1;
            } catch (IOException e) {
                System.err.println("kv-server: " + e.getMessage());
                return 1;
            }
        }
        all.addAll(List.of(args));
        return commandLine(main).execute(joinReplicaOf(all).toArray(String[]::new));
    }

    /**
     * Returns {@code args} with each {@code --replicaof HOST PORT} (or {@code --slaveof}) given as two words made one,
     * {@code --replicaof 'HOST PORT'}, as redis-server takes either.
     */
    static List<String> joinReplicaOf(List<String> args) {
        List<String> out = new ArrayList<>(args.size());
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            out.add(arg);
            if ((arg.equals("--replicaof") || arg.equals("--slaveof")) && i + 2 < args.size()
                    && !args.get(i + 1).contains(" ") && !args.get(i + 2).startsWith("--")) {
                out.add(args.get(i + 1) + " " + args.get(i + 2));
                i += 2;
            }
        }
        return out;
    }

    private static CommandLine commandLine(KvServerMain main) {
        CommandLine cli = new CommandLine(main);
        cli.setOverwrittenOptionsAllowed(true);
        cli.getHelpSectionMap().put(CommandLine.Model.UsageMessageSpec.SECTION_KEY_FOOTER,
                help -> String.format("%nTransports (highest priority first; the default is the first available):%n%s",
                        transportList()));
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            commandLine.getErr().println("kv-server: " + oneLine(e));
            return 1;
        });
        return cli;
    }

    @Override
    public Integer call() throws Exception {
        if (listTransports) {
            Map<String, String> unavailable = Transports.unavailable();
            for (TransportProvider p : Transports.providers()) {
                String reason = unavailable.get(p.name());
                System.out.println(p.name() + (reason == null ? " available" : " unavailable: " + reason));
            }
            return 0;
        }
        TransportProvider provider;
        try {
            provider = Transports.select(transport);
        } catch (TransportUnavailableException e) {
            System.err.println("kv-server: " + e.getMessage());
            return 1;
        }
        if (logLevel != null) {
            java.util.logging.Logger root = java.util.logging.Logger.getLogger("");
            root.setLevel(logLevel);
            for (java.util.logging.Handler handler : root.getHandlers()) {
                handler.setLevel(logLevel);
            }
        }
        Path dataDirectory = dataDir != null ? dataDir : appendOnly.equals("yes") ? dir : null;
        KvStore.Builder storeBuilder = KvStore.builder().databases(databases).maxMemory(maxMemory)
                .evictionPolicy(maxMemoryPolicy).maxMemorySamples(maxMemorySamples)
                .snapshotFormat(SnapshotFormat.parse(snapshotFormat)).rdbFileName(dbFileName);
        if (dataDirectory != null) {
            storeBuilder.dataDirectory(dataDirectory).fsync(appendfsync);
        }
        ServerSettings settings = new ServerSettings().requirePass(requirePass)
                .maxClients(maxClients).timeoutSeconds(timeoutSeconds).protectedMode(protectedMode.equals("yes"))
                .durability(dataDirectory != null, appendfsync.redisName());
        KvStore store = storeBuilder.build();
        ReplicationSettings replication = new ReplicationSettings();
        for (ConfigFile.Directive d : fileSettings) {
            if (!settings.set(d.name(), d.value()) && !store.encodingLimits().set(d.name(), d.value())
                    && !store.memoryLimits().set(d.name(), d.value())) {
                replication.set(d.name(), d.value());
            }
        }
        CountDownLatch stopped = new CountDownLatch(1);
        KvServer server = KvServer.builder()
                .store(store)
                .transport(provider.name())
                .transportConfig(TransportConfig.builder().bindAddress(bind).port(port).eventLoops(eventLoops)
                        .readBufferSize(readBufferSize).build())
                .settings(settings)
                .replicationSettings(replication)
                .configFile(configFile)
                .replicaOf(replicaOf == null ? null : replicaOf.host(), replicaOf == null ? 0 : replicaOf.port())
                .onShutdown(stopped::countDown)
                .build();
        InetSocketAddress address;
        try {
            address = server.start();
        } catch (java.io.IOException e) {
            store.close();
            System.err.println("kv-server: cannot listen on " + bind + ":" + port + ": " + oneLine(e));
            return 1;
        }
        Thread hook = new Thread(() -> {
            server.close();
            store.close();
        }, "kv-server-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        PrintWriter out = new PrintWriter(System.out, true);
        out.printf("kvlab ready: transport=%s address=%s:%d pid=%d%n", server.transportName(),
                address.getHostString(), address.getPort(), ProcessHandle.current().pid());
        stopped.await();
        return 0;
    }

    private static String transportList() {
        StringBuilder sb = new StringBuilder();
        Map<String, String> unavailable = Transports.unavailable();
        for (TransportProvider p : Transports.providers()) {
            String reason = unavailable.get(p.name());
            sb.append(String.format("  %-9s %s%s%n", p.name(), reason == null ? "" : "[unavailable: " + reason + "] ",
                    p.description()));
        }
        return sb.toString();
    }

    private static String oneLine(Throwable e) {
        String message = e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
        return message.replace('\n', ' ');
    }

    /** {@code --version}: kvlab and the version the build wrote into the jar's manifest ({@link KvlabVersion}). */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"kvlab " + KvlabVersion.current()};
        }
    }

    /** Reads {@code --replicaof}: {@code HOST PORT}, or {@code no one} for none. */
    static final class PrimaryAddress implements CommandLine.ITypeConverter<PrimaryAddress.Value> {

        /** A primary's address; a {@code null} host for none. */
        record Value(String host, int port) {
        }

        @Override
        public Value convert(String text) {
            List<String> words = List.of(text.trim().split("\\s+"));
            try {
                ConfigDirectives.replicaOf(words);
            } catch (IllegalArgumentException e) {
                throw new CommandLine.TypeConversionException(e.getMessage() + " (expected: HOST PORT or 'no one')");
            }
            if (words.get(0).equalsIgnoreCase("no") && words.get(1).equalsIgnoreCase("one")) {
                return new Value(null, 0);
            }
            return new Value(words.get(0), ConfigDirectives.masterPort(words.get(1)));
        }
    }

    /** Reads {@code yes} or {@code no}, as Redis's boolean settings, in lower case. */
    static final class YesNo implements CommandLine.ITypeConverter<String> {
        @Override
        public String convert(String value) {
            try {
                return ConfigDirectives.yesNo(value) ? "yes" : "no";
            } catch (IllegalArgumentException e) {
                throw new CommandLine.TypeConversionException(e.getMessage());
            }
        }
    }

    /** Reads a size in bytes with Redis's optional unit ({@code 100mb}). */
    static final class Memory implements CommandLine.ITypeConverter<Long> {
        @Override
        public Long convert(String value) {
            try {
                return MemoryLimits.memoryValue(value);
            } catch (IllegalArgumentException e) {
                throw new CommandLine.TypeConversionException(e.getMessage());
            }
        }
    }

    /** Reads a {@code maxmemory-policy} by its Redis name. */
    static final class Policy implements CommandLine.ITypeConverter<EvictionPolicy> {
        @Override
        public EvictionPolicy convert(String value) {
            try {
                return EvictionPolicy.fromRedisName(value);
            } catch (IllegalArgumentException e) {
                throw new CommandLine.TypeConversionException(e.getMessage());
            }
        }
    }

    /** Reads an {@code appendfsync} policy. */
    static final class Fsync implements CommandLine.ITypeConverter<FsyncPolicy> {
        @Override
        public FsyncPolicy convert(String value) {
            try {
                return FsyncPolicy.parse(value);
            } catch (IllegalArgumentException e) {
                throw new CommandLine.TypeConversionException(e.getMessage());
            }
        }
    }

    /** Reads Redis's {@code loglevel} into java.util.logging's level. */
    static final class LogLevel implements CommandLine.ITypeConverter<java.util.logging.Level> {
        @Override
        public java.util.logging.Level convert(String value) {
            try {
                return ConfigDirectives.logLevel(value);
            } catch (IllegalArgumentException e) {
                throw new CommandLine.TypeConversionException(e.getMessage());
            }
        }
    }
}
