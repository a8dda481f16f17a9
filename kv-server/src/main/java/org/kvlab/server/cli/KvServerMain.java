package org.kvlab.server.cli;

import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.kvlab.server.KvServer;
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

/**
 * {@code kv-server}: serves a kvlab store over the Redis protocol on the chosen transport until SIGTERM, SIGINT or
 * {@code SHUTDOWN}. Prints one ready line, {@code kvlab ready: transport=NAME address=HOST:PORT pid=PID}, once it
 * accepts connections; errors are one line on stderr and exit status 1 (2 for bad usage).
 */
@Command(name = "kv-server", mixinStandardHelpOptions = true, version = "kvlab 0.1.0",
        description = "Serves a kvlab key-value store over the Redis protocol (RESP2/RESP3).")
public final class KvServerMain implements Callable<Integer> {

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
            description = "directory of the write log and snapshots (default: none, memory only)")
    Path dataDir;

    @Option(names = "--appendfsync", defaultValue = "everysec", paramLabel = "POLICY",
            description = "with --data-dir: always, everysec or no (default: ${DEFAULT-VALUE})")
    String appendfsync;

    @Option(names = "--snapshot-format", defaultValue = "kvlab", paramLabel = "FORMAT",
            description = "with --data-dir: what SAVE and BGSAVE write: kvlab, or rdb for Redis's RDB file too "
                    + "(default: ${DEFAULT-VALUE})")
    String snapshotFormat;

    @Option(names = "--dbfilename", defaultValue = "dump.rdb", paramLabel = "NAME",
            description = "with --data-dir: the RDB file SAVE writes in rdb format, and imported at start-up when "
                    + "the directory holds no kvlab data yet (default: ${DEFAULT-VALUE})")
    String dbFileName;

    @Option(names = "--databases", defaultValue = "16", description = "number of databases (default: ${DEFAULT-VALUE})")
    int databases;

    @Option(names = "--maxmemory", defaultValue = "0", paramLabel = "BYTES",
            description = "refuse writes above this estimated memory use (default: 0, no limit)")
    long maxMemory;

    @Option(names = "--requirepass", paramLabel = "PASSWORD",
            description = "clients must AUTH with this password (default: none)")
    String requirePass;

    @Option(names = "--maxclients", defaultValue = "10000",
            description = "most clients connected at once (default: ${DEFAULT-VALUE})")
    int maxClients;

    @Option(names = "--timeout", defaultValue = "0", paramLabel = "SECONDS",
            description = "close clients idle this long (default: 0, never)")
    long timeoutSeconds;

    /** Runs the server; see {@code --help}. */
    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Parses {@code args} and runs the server until it is told to stop; returns the exit status. */
    static int run(String... args) {
        CommandLine cli = new CommandLine(new KvServerMain());
        cli.getHelpSectionMap().put(CommandLine.Model.UsageMessageSpec.SECTION_KEY_FOOTER,
                help -> String.format("%nTransports (highest priority first; the default is the first available):%n%s",
                        transportList()));
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            commandLine.getErr().println("kv-server: " + oneLine(e));
            return 1;
        });
        return cli.execute(args);
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
        KvStore.Builder storeBuilder = KvStore.builder().databases(databases).maxMemory(maxMemory)
                .snapshotFormat(SnapshotFormat.parse(snapshotFormat)).rdbFileName(dbFileName);
        if (dataDir != null) {
            storeBuilder.dataDirectory(dataDir).fsync(FsyncPolicy.parse(appendfsync));
        }
        ServerSettings settings = new ServerSettings().maxMemory(maxMemory).requirePass(requirePass)
                .maxClients(maxClients).timeoutSeconds(timeoutSeconds)
                .durability(dataDir != null, dataDir != null ? appendfsync : "everysec");
        KvStore store = storeBuilder.build();
        CountDownLatch stopped = new CountDownLatch(1);
        KvServer server = KvServer.builder()
                .store(store)
                .transport(provider.name())
                .transportConfig(TransportConfig.builder().bindAddress(bind).port(port).eventLoops(eventLoops)
                        .readBufferSize(readBufferSize).build())
                .settings(settings)
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
}
