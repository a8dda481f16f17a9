package org.kvlab.bench.profile;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.kvlab.spi.TransportProvider;
import org.kvlab.spi.Transports;

/**
 * The transports kv-server can run where kv-bench starts it, and the selection among them. Whether a transport runs
 * depends on the server's JVM — {@code virtual} needs Java 21+ — so when kv-server runs on another java than this
 * JVM's ({@code --server-java}), it is asked ({@link #ask}: {@code kv-server --list-transports}); on this JVM's java,
 * {@link Transports} answers here ({@link #here}). Immutable.
 */
public final class ServerTransports {

    private static final Pattern LINE = Pattern.compile("^(\\S+) (?:available|unavailable: (.*))$");
    private static final long ASK_TIMEOUT_SECONDS = 60;

    /** Name to {@code null} when available, else the reason; in priority order, highest first. */
    private final Map<String, String> reasons;
    private final String where;

    private ServerTransports(Map<String, String> reasons, String where) {
        this.reasons = Collections.unmodifiableMap(new LinkedHashMap<>(reasons));
        this.where = where;
    }

    /** Returns the transports of a kv-server on this JVM's java, as {@link Transports} finds them here. */
    public static ServerTransports here() {
        Map<String, String> reasons = new LinkedHashMap<>();
        Map<String, String> unavailable = Transports.unavailable();
        for (TransportProvider p : Transports.providers()) {
            reasons.put(p.name(), unavailable.get(p.name()));
        }
        return new ServerTransports(reasons, "here");
    }

    /**
     * Returns the transports of a kv-server that {@code launcher} runs on another java, as it lists them
     * ({@code --list-transports}).
     *
     * @param java the java executable the server runs on, for messages
     * @param launcher the command that runs kv-server on it, without its arguments
     * @throws IOException if the server cannot be run or its answer is not a list of transports
     */
    public static ServerTransports ask(String java, List<String> launcher) throws IOException {
        List<String> command = new ArrayList<>(launcher);
        command.add("--list-transports");
        String output;
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(ASK_TIMEOUT_SECONDS, TimeUnit.SECONDS) || p.exitValue() != 0) {
                p.destroyForcibly();
                throw new IOException("kv-server --list-transports on " + java + " failed: " + output.strip());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while asking kv-server for its transports", e);
        }
        return parse(output, "on " + java);
    }

    /**
     * Reads what {@code kv-server --list-transports} prints: {@code NAME available} or {@code NAME unavailable:
     * CAUSE} a line; other lines (a JVM's warnings) are ignored.
     *
     * @param where where the server runs, for messages: {@code here}, {@code on /path/to/java}
     * @throws IOException if no line lists a transport
     */
    static ServerTransports parse(String listing, String where) throws IOException {
        Map<String, String> reasons = new LinkedHashMap<>();
        for (String line : listing.split("\\R")) {
            Matcher m = LINE.matcher(line.strip());
            if (m.matches()) {
                reasons.put(m.group(1), m.group(2));
            }
        }
        if (reasons.isEmpty()) {
            throw new IOException("kv-server --list-transports " + where + " listed no transport: " + listing.strip());
        }
        return new ServerTransports(reasons, where);
    }

    /** Returns the names of the transports the server can run, highest priority first. */
    public List<String> available() {
        List<String> names = new ArrayList<>();
        reasons.forEach((name, reason) -> {
            if (reason == null) {
                names.add(name);
            }
        });
        return names;
    }

    /**
     * Returns {@code name} (in lower case) if the server can run it, or the best available when {@code name} is
     * {@code null} or blank — as {@link Transports#select} does in the server.
     *
     * @throws IllegalArgumentException naming the cause and the transports that are available, if the server does
     *     not know {@code name} or cannot run it, or can run none
     */
    public String select(String name) {
        if (name == null || name.isBlank()) {
            return available().stream().findFirst().orElseThrow(() -> new IllegalArgumentException(
                    "no transport is available " + where + ": " + reasons));
        }
        String key = name.trim().toLowerCase(Locale.ROOT);
        if (!reasons.containsKey(key)) {
            throw new IllegalArgumentException("unknown transport '" + name + "'; available: " + availableNames());
        }
        String reason = reasons.get(key);
        if (reason != null) {
            throw new IllegalArgumentException("transport '" + key + "' is not available " + where + ": " + reason
                    + "; available: " + availableNames());
        }
        return key;
    }

    /** Returns why the server cannot run {@code name}, or {@code null} if it can or does not know it. */
    public String unavailabilityReason(String name) {
        return reasons.get(name);
    }

    private String availableNames() {
        List<String> names = available();
        return names.isEmpty() ? "none" : String.join(", ", names);
    }
}
