package org.kvlab.server.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.logging.Level;
import org.kvlab.api.EncodingLimits;
import org.kvlab.api.EvictionPolicy;
import org.kvlab.api.MemoryLimits;
import org.kvlab.server.ReplicationSettings;
import org.kvlab.server.ConfigFile;
import org.kvlab.server.ConfigFileException;
import org.kvlab.server.ServerSettings;

/**
 * What the directives of {@code kv-server}'s configuration file mean: those with an option of the same name become
 * that option ({@code port 7000} is {@code --port 7000}, {@code replicaof host port} or {@code slaveof host port} is
 * {@code --replicaof host port}), so that options given on the command line override them;
 * the others are settings {@code CONFIG SET} knows, set on the server once it is built. Each value is checked when
 * the file is read, so a bad one is reported with its line, in Redis's words.
 */
final class ConfigDirectives {

    /** The kind of value a directive with an option takes, and how it is checked. */
    private enum Kind {
        INTEGER, MEMORY, YES_NO, TEXT, FSYNC, LOG_LEVEL, POLICY
    }

    /** The directives that are options: each takes one argument, given to the option {@code --NAME}. */
    private static final Map<String, Kind> OPTIONS = Map.ofEntries(
            Map.entry("port", Kind.INTEGER),
            Map.entry("bind", Kind.TEXT),
            Map.entry("requirepass", Kind.TEXT),
            Map.entry("maxclients", Kind.INTEGER),
            Map.entry("timeout", Kind.INTEGER),
            Map.entry("databases", Kind.INTEGER),
            Map.entry("maxmemory", Kind.MEMORY),
            Map.entry("maxmemory-policy", Kind.POLICY),
            Map.entry("maxmemory-samples", Kind.INTEGER),
            Map.entry("protected-mode", Kind.YES_NO),
            Map.entry("appendonly", Kind.YES_NO),
            Map.entry("appendfsync", Kind.FSYNC),
            Map.entry("dir", Kind.TEXT),
            Map.entry("dbfilename", Kind.TEXT),
            Map.entry("loglevel", Kind.LOG_LEVEL),
            Map.entry("transport", Kind.TEXT),
            Map.entry("event-loops", Kind.INTEGER),
            Map.entry("read-buffer-size", Kind.INTEGER));

    private static final Map<String, Level> LOG_LEVELS = Map.of("debug", Level.FINE, "verbose", Level.CONFIG,
            "notice", Level.INFO, "warning", Level.WARNING);

    private ConfigDirectives() {
    }

    /**
     * Returns the options {@code directives} stand for, in their order, and adds to {@code settings} the directives
     * that are settings with no option.
     *
     * @throws ConfigFileException naming the first directive that is unknown, has the wrong number of arguments or
     *     a value that is not valid, with Redis's reason
     */
    static List<String> arguments(List<ConfigFile.Directive> directives, List<ConfigFile.Directive> settings)
            throws ConfigFileException {
        List<String> arguments = new ArrayList<>();
        ServerSettings scratchSettings = new ServerSettings();
        EncodingLimits scratchLimits = new EncodingLimits();
        MemoryLimits scratchMemory = new MemoryLimits();
        ReplicationSettings scratchReplication = new ReplicationSettings();
        for (ConfigFile.Directive d : directives) {
            Kind kind = OPTIONS.get(d.name());
            try {
                if (ReplicationSettings.canonicalName(d.name()).equals("replicaof")) {
                    arguments.addAll(replicaOf(d.args()));
                } else if (kind != null) {
                    if (d.args().size() != 1) {
                        throw d.error(d.name().equals("bind") && d.args().size() > 1
                                ? "kvlab listens on one address (expected: bind ADDRESS)" : "wrong number of arguments");
                    }
                    String value = d.args().get(0);
                    check(kind, value);
                    arguments.add("--" + d.name());
                    arguments.add(kind == Kind.MEMORY ? Long.toString(MemoryLimits.memoryValue(value)) : value);
                } else if (!d.args().isEmpty()
                        && (scratchSettings.set(d.name(), d.value()) || scratchLimits.set(d.name(), d.value())
                                || scratchMemory.set(d.name(), d.value())
                                || scratchReplication.set(d.name(), d.value()))) {
                    settings.add(d);
                } else {
                    throw d.error("Bad directive or wrong number of arguments");
                }
            } catch (IllegalArgumentException e) {
                throw d.error(e.getMessage());
            }
        }
        return arguments;
    }

    /**
     * Returns the options of {@code replicaof host port} (or {@code slaveof}): {@code --replicaof host port}, or
     * {@code --replicaof no one} for a primary.
     *
     * @throws IllegalArgumentException with Redis's reason if the arguments are not a host and a port
     */
    static List<String> replicaOf(List<String> args) {
        if (args.size() != 2) {
            throw new IllegalArgumentException("wrong number of arguments");
        }
        if (!(args.get(0).equalsIgnoreCase("no") && args.get(1).equalsIgnoreCase("one"))) {
            masterPort(args.get(1));
        }
        return List.of("--replicaof", args.get(0), args.get(1));
    }

    /**
     * Reads the port of {@code replicaof}.
     *
     * @throws IllegalArgumentException with Redis's reason if it is not a number from 0 to 65535
     */
    static int masterPort(String value) {
        int port;
        try {
            port = Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("Invalid master port");
        }
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("Invalid master port");
        }
        return port;
    }

    private static void check(Kind kind, String value) {
        switch (kind) {
            case INTEGER:
                try {
                    Long.parseLong(value);
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("argument couldn't be parsed into an integer");
                }
                break;
            case MEMORY:
                MemoryLimits.memoryValue(value);
                break;
            case POLICY:
                EvictionPolicy.fromRedisName(value);
                break;
            case YES_NO:
                yesNo(value);
                break;
            case FSYNC:
                if (!List.of("always", "everysec", "no").contains(value.toLowerCase(Locale.ROOT))) {
                    throw new IllegalArgumentException("argument(s) must be one of the following: always, everysec, "
                            + "no");
                }
                break;
            case LOG_LEVEL:
                logLevel(value);
                break;
            default:
                break;
        }
    }

    /**
     * Reads Redis's boolean: {@code yes} or {@code no}, any case.
     *
     * @throws IllegalArgumentException with Redis's message otherwise
     */
    static boolean yesNo(String value) {
        if (value.equalsIgnoreCase("yes")) {
            return true;
        }
        if (value.equalsIgnoreCase("no")) {
            return false;
        }
        throw new IllegalArgumentException("argument must be 'yes' or 'no'");
    }

    /**
     * Returns the java.util.logging level of Redis's {@code loglevel}: debug FINE, verbose CONFIG, notice INFO,
     * warning WARNING.
     *
     * @throws IllegalArgumentException with Redis's message for another name
     */
    static Level logLevel(String value) {
        Level level = LOG_LEVELS.get(value.toLowerCase(Locale.ROOT));
        if (level == null) {
            throw new IllegalArgumentException("argument(s) must be one of the following: debug, verbose, notice, "
                    + "warning");
        }
        return level;
    }
}
