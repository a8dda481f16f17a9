package org.kvlab.server;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.kvlab.api.MemoryLimits;
import org.kvlab.command.KeyspaceEvents;
import org.kvlab.command.OutputBufferLimits;
import org.kvlab.protocol.ProtocolLimits;

/**
 * The settings of a {@link KvServer} that {@code CONFIG GET} shows and {@code CONFIG SET} changes while it runs,
 * under Redis's names, with Redis's defaults. Thread-safe: every field is read on each use, so a change applies
 * to the following commands (protocol limits apply to connections accepted after the change).
 */
public final class ServerSettings {

    private volatile String requirePass;
    private volatile int maxClients = 10_000;
    private volatile long timeoutSeconds;
    private volatile long protoMaxBulkLen = 512L * 1024 * 1024;
    private volatile long clientQueryBufferLimit = 1024L * 1024 * 1024;
    private volatile boolean protectedMode = true;
    private volatile long partialCommandTimeoutSeconds = 30;
    private volatile boolean appendOnly;
    private volatile String appendFsync = "everysec";
    private volatile OutputBufferLimits outputBufferLimits = OutputBufferLimits.DEFAULTS;
    private volatile int keyspaceEvents;

    /** Creates settings holding Redis's defaults: no password, 10,000 clients, no idle timeout, protected mode. */
    public ServerSettings() {
    }

    /** Returns the password clients must {@code AUTH} with, or {@code null} for none ({@code requirepass}). */
    public String requirePass() {
        return requirePass;
    }

    /** Sets {@code requirepass}; {@code null} or empty requires none. Returns this. */
    public ServerSettings requirePass(String password) {
        this.requirePass = password == null || password.isEmpty() ? null : password;
        return this;
    }

    /** Returns the most clients connected at once ({@code maxclients}). */
    public int maxClients() {
        return maxClients;
    }

    /**
     * Sets {@code maxclients}. Returns this.
     *
     * @throws IllegalArgumentException if {@code value} is not positive
     */
    public ServerSettings maxClients(int value) {
        if (value < 1) {
            throw new IllegalArgumentException("maxclients: " + value + " (expected: >= 1)");
        }
        this.maxClients = value;
        return this;
    }

    /** Returns after how many idle seconds a client is closed, 0 for never ({@code timeout}). */
    public long timeoutSeconds() {
        return timeoutSeconds;
    }

    /**
     * Sets {@code timeout}. Returns this.
     *
     * @throws IllegalArgumentException if {@code seconds} is negative
     */
    public ServerSettings timeoutSeconds(long seconds) {
        if (seconds < 0) {
            throw new IllegalArgumentException("timeout: " + seconds + " (expected: >= 0)");
        }
        this.timeoutSeconds = seconds;
        return this;
    }

    /** Returns the largest bulk argument and string value, in bytes ({@code proto-max-bulk-len}). */
    public long protoMaxBulkLen() {
        return protoMaxBulkLen;
    }

    /**
     * Sets {@code proto-max-bulk-len}. Returns this.
     *
     * @throws IllegalArgumentException if {@code bytes} is under 1 MiB (Redis's minimum) or over 2 GiB - 9
     */
    public ServerSettings protoMaxBulkLen(long bytes) {
        if (bytes < 1024 * 1024 || bytes > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("proto-max-bulk-len: " + bytes + " (expected: 1048576-"
                    + (Integer.MAX_VALUE - 8) + ")");
        }
        this.protoMaxBulkLen = bytes;
        return this;
    }

    /** Returns the most bytes one unfinished command may take ({@code client-query-buffer-limit}). */
    public long clientQueryBufferLimit() {
        return clientQueryBufferLimit;
    }

    /**
     * Sets {@code client-query-buffer-limit}. Returns this.
     *
     * @throws IllegalArgumentException if {@code bytes} is under 1 MiB (Redis's minimum)
     */
    public ServerSettings clientQueryBufferLimit(long bytes) {
        if (bytes < 1024 * 1024) {
            throw new IllegalArgumentException("client-query-buffer-limit: " + bytes + " (expected: >= 1048576)");
        }
        this.clientQueryBufferLimit = bytes;
        return this;
    }

    /** Returns whether, with no password set, only loopback peers are served ({@code protected-mode}). */
    public boolean protectedMode() {
        return protectedMode;
    }

    /** Sets {@code protected-mode}. Returns this. */
    public ServerSettings protectedMode(boolean value) {
        this.protectedMode = value;
        return this;
    }

    /**
     * Returns how many seconds a command may take to arrive once its first byte has, 0 for no limit
     * ({@code partial-command-timeout}, kvlab's own: the slow-loris case Redis leaves open).
     */
    public long partialCommandTimeoutSeconds() {
        return partialCommandTimeoutSeconds;
    }

    /**
     * Sets {@code partial-command-timeout}. Returns this.
     *
     * @throws IllegalArgumentException if {@code seconds} is negative
     */
    public ServerSettings partialCommandTimeoutSeconds(long seconds) {
        if (seconds < 0) {
            throw new IllegalArgumentException("partial-command-timeout: " + seconds + " (expected: >= 0)");
        }
        this.partialCommandTimeoutSeconds = seconds;
        return this;
    }

    /** Returns whether the store keeps a write log, as {@code CONFIG GET appendonly} shows it. */
    public boolean appendOnly() {
        return appendOnly;
    }

    /** Returns the store's fsync policy name, as {@code CONFIG GET appendfsync} shows it. */
    public String appendFsync() {
        return appendFsync;
    }

    /**
     * Records the store's durability for {@code CONFIG GET appendonly} and {@code appendfsync}. Returns this.
     *
     * @throws IllegalArgumentException if {@code fsync} is not {@code always}, {@code everysec} or {@code no}
     */
    public ServerSettings durability(boolean appendOnly, String fsync) {
        String policy = fsync.toLowerCase(Locale.ROOT);
        if (!policy.equals("always") && !policy.equals("everysec") && !policy.equals("no")) {
            throw new IllegalArgumentException("appendfsync: " + fsync + " (expected: always, everysec or no)");
        }
        this.appendOnly = appendOnly;
        this.appendFsync = policy;
        return this;
    }

    /**
     * Returns the output a client may have waiting before it is closed, per class of client
     * ({@code client-output-buffer-limit}). The server's own: the type is internal to kv-core.
     */
    OutputBufferLimits outputBufferLimits() {
        return outputBufferLimits;
    }

    /**
     * Changes the classes {@code text} names in {@code client-output-buffer-limit}, in Redis's syntax
     * ({@code pubsub 32mb 8mb 60}). Returns this.
     *
     * @throws IllegalArgumentException with Redis's message if {@code text} is not valid
     */
    public ServerSettings outputBufferLimits(String text) {
        this.outputBufferLimits = outputBufferLimits.with(text);
        return this;
    }

    /** Returns the keyspace notifications published, as {@link KeyspaceEvents} flags ({@code notify-keyspace-events}). */
    public int keyspaceEvents() {
        return keyspaceEvents;
    }

    /**
     * Sets {@code notify-keyspace-events} from Redis's flag letters ({@code KEA}, {@code Kx}, {@code ""} for none).
     * Returns this.
     *
     * @throws IllegalArgumentException with Redis's message if a letter is not valid
     */
    public ServerSettings keyspaceEvents(String letters) {
        this.keyspaceEvents = KeyspaceEvents.parse(letters);
        return this;
    }

    /** Returns the protocol limits a new connection's parser gets. */
    ProtocolLimits limits() {
        return ProtocolLimits.DEFAULTS.withMaxBulkLength(protoMaxBulkLen)
                .withMaxQueryBufferLength(clientQueryBufferLimit);
    }

    /** Returns the settings kept here, Redis name to value. */
    Map<String, String> values() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("requirepass", requirePass == null ? "" : requirePass);
        m.put("maxclients", Integer.toString(maxClients));
        m.put("timeout", Long.toString(timeoutSeconds));
        m.put("proto-max-bulk-len", Long.toString(protoMaxBulkLen));
        m.put("client-query-buffer-limit", Long.toString(clientQueryBufferLimit));
        m.put("protected-mode", protectedMode ? "yes" : "no");
        m.put("partial-command-timeout", Long.toString(partialCommandTimeoutSeconds));
        m.put("appendonly", appendOnly ? "yes" : "no");
        m.put("appendfsync", appendFsync);
        m.put("save", "");
        m.put("client-output-buffer-limit", outputBufferLimits.toString());
        m.put("notify-keyspace-events", KeyspaceEvents.format(keyspaceEvents));
        return m;
    }

    /**
     * Sets the setting {@code name} (lower case) from its {@code CONFIG SET} text, as a configuration file's
     * directive of that name does.
     *
     * @return whether {@code name} is a setting kept here
     * @throws IllegalArgumentException with Redis's reason if {@code value} is not valid or cannot change
     */
    public boolean set(String name, String value) {
        switch (name) {
            case "requirepass":
                requirePass(value);
                return true;
            case "maxclients":
                maxClients((int) Math.min(Integer.MAX_VALUE, number(value)));
                return true;
            case "timeout":
                timeoutSeconds(number(value));
                return true;
            case "proto-max-bulk-len":
                protoMaxBulkLen(MemoryLimits.memoryValue(value));
                return true;
            case "client-query-buffer-limit":
                clientQueryBufferLimit(MemoryLimits.memoryValue(value));
                return true;
            case "protected-mode":
                protectedMode(yesNo(value));
                return true;
            case "partial-command-timeout":
                partialCommandTimeoutSeconds(number(value));
                return true;
            case "client-output-buffer-limit":
                outputBufferLimits(value);
                return true;
            case "notify-keyspace-events":
                keyspaceEvents(value);
                return true;
            case "save":
                if (!value.isBlank()) {
                    throw new IllegalArgumentException("snapshots are taken with SAVE and BGSAVE only (expected: \"\")");
                }
                return true;
            case "appendfsync":
                if (!value.equalsIgnoreCase("everysec") && !value.equalsIgnoreCase("always")
                        && !value.equalsIgnoreCase("no")) {
                    throw new IllegalArgumentException("argument(s) must be one of the following: everysec, always, no");
                }
                durability(appendOnly, value);
                return true;
            case "appendonly":
                if (yesNo(value) != appendOnly) {
                    // the write log is opened with the data directory at start-up, not at run time
                    throw new IllegalArgumentException("can't set immutable config");
                }
                return true;
            default:
                return false;
        }
    }

    private static long number(String value) {
        try {
            return Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("argument couldn't be parsed into an integer");
        }
    }

    private static boolean yesNo(String value) {
        if (value.equalsIgnoreCase("yes")) {
            return true;
        }
        if (value.equalsIgnoreCase("no")) {
            return false;
        }
        throw new IllegalArgumentException("argument must be 'yes' or 'no'");
    }
}
