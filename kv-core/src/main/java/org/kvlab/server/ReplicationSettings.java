package org.kvlab.server;

import java.util.LinkedHashMap;
import java.util.Map;
import org.kvlab.api.MemoryLimits;

/**
 * The replication settings {@code CONFIG GET} shows and {@code CONFIG SET} changes, under Redis's names and with its
 * defaults: {@code repl-backlog-size} (1mb), {@code replica-read-only} (yes), {@code masterauth} and
 * {@code masteruser} (none), {@code repl-ping-replica-period} (10 s), {@code repl-timeout} (60 s),
 * {@code replica-priority} (100), {@code min-replicas-to-write} (0) and {@code min-replicas-max-lag} (10 s); each
 * also under its older name ({@code slave-read-only}, {@code min-slaves-to-write}, ...). Thread-safe: each read sees
 * the latest change.
 */
public final class ReplicationSettings {

    /** Each older name Redis still takes, to the name Redis 7 gives the setting. */
    private static final Map<String, String> ALIASES = Map.of(
            "slave-read-only", "replica-read-only",
            "repl-ping-slave-period", "repl-ping-replica-period",
            "slave-priority", "replica-priority",
            "min-slaves-to-write", "min-replicas-to-write",
            "min-slaves-max-lag", "min-replicas-max-lag",
            "slaveof", "replicaof");

    private volatile long backlogSize = 1024 * 1024;
    private volatile boolean readOnly = true;
    private volatile String masterAuth;
    private volatile String masterUser;
    private volatile long pingPeriodSeconds = 10;
    private volatile long timeoutSeconds = 60;
    private volatile int priority = 100;
    private volatile int minReplicasToWrite;
    private volatile int minReplicasMaxLagSeconds = 10;

    /**
     * Returns the name Redis 7 gives the replication setting {@code name} (lower case): {@code replica-read-only}
     * for {@code slave-read-only}, {@code replicaof} for {@code slaveof}, and so on; any other name as it is.
     */
    public static String canonicalName(String name) {
        return ALIASES.getOrDefault(name, name);
    }

    /** Returns the size of the replication backlog in bytes ({@code repl-backlog-size}). */
    public long backlogSize() {
        return backlogSize;
    }

    /** Returns whether a replica refuses writes from its clients ({@code replica-read-only}). */
    public boolean readOnly() {
        return readOnly;
    }

    /** Returns the password a replica authenticates to its primary with, or {@code null} ({@code masterauth}). */
    public String masterAuth() {
        return masterAuth;
    }

    /** Returns the user a replica authenticates as, or {@code null} for the default user ({@code masteruser}). */
    public String masterUser() {
        return masterUser;
    }

    /** Returns how often a primary pings its replicas, in seconds ({@code repl-ping-replica-period}). */
    public long pingPeriodSeconds() {
        return pingPeriodSeconds;
    }

    /** Returns after how many silent seconds a replication link is taken as dead ({@code repl-timeout}). */
    public long timeoutSeconds() {
        return timeoutSeconds;
    }

    /**
     * Returns the rank Sentinel gives this server, as a replica, when it picks one to promote: lower first, 0 never
     * ({@code replica-priority}, INFO's {@code slave_priority}).
     */
    public int priority() {
        return priority;
    }

    /**
     * Returns how many replicas with a recent acknowledgement a primary needs to accept writes, 0 for none
     * ({@code min-replicas-to-write}).
     */
    public int minReplicasToWrite() {
        return minReplicasToWrite;
    }

    /**
     * Returns how old, in seconds, a replica's last acknowledgement may be for it to count towards
     * {@link #minReplicasToWrite()} ({@code min-replicas-max-lag}).
     */
    public int minReplicasMaxLagSeconds() {
        return minReplicasMaxLagSeconds;
    }

    /** Returns the settings, Redis name (older names too) to value. */
    public Map<String, String> values() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("repl-backlog-size", Long.toString(backlogSize));
        m.put("replica-read-only", readOnly ? "yes" : "no");
        m.put("masterauth", masterAuth == null ? "" : masterAuth);
        m.put("masteruser", masterUser == null ? "" : masterUser);
        m.put("repl-ping-replica-period", Long.toString(pingPeriodSeconds));
        m.put("repl-timeout", Long.toString(timeoutSeconds));
        m.put("replica-priority", Integer.toString(priority));
        m.put("min-replicas-to-write", Integer.toString(minReplicasToWrite));
        m.put("min-replicas-max-lag", Integer.toString(minReplicasMaxLagSeconds));
        ALIASES.forEach((alias, name) -> {
            if (m.containsKey(name)) {
                m.put(alias, m.get(name));
            }
        });
        return m;
    }

    /**
     * Sets the setting {@code name} (lower case, under its Redis 7 name or an older one) from its text.
     *
     * @return whether {@code name} is a setting kept here
     * @throws IllegalArgumentException with Redis's reason if {@code value} is not valid
     */
    public boolean set(String name, String value) {
        switch (canonicalName(name)) {
            case "repl-backlog-size": {
                long size = MemoryLimits.memoryValue(value);
                if (size < 1) {
                    throw new IllegalArgumentException("argument must be a memory value");
                }
                backlogSize = Math.max(size, 16 * 1024); // Redis's CONFIG_REPL_BACKLOG_MIN_SIZE
                return true;
            }
            case "replica-read-only":
                if (!value.equalsIgnoreCase("yes") && !value.equalsIgnoreCase("no")) {
                    throw new IllegalArgumentException("argument must be 'yes' or 'no'");
                }
                readOnly = value.equalsIgnoreCase("yes");
                return true;
            case "masterauth":
                masterAuth = value.isEmpty() ? null : value;
                return true;
            case "masteruser":
                masterUser = value.isEmpty() ? null : value;
                return true;
            case "repl-ping-replica-period":
                pingPeriodSeconds = positive(value);
                return true;
            case "repl-timeout":
                timeoutSeconds = positive(value);
                return true;
            case "replica-priority":
                priority = (int) integer(value, 0);
                return true;
            case "min-replicas-to-write":
                minReplicasToWrite = (int) integer(value, 0);
                return true;
            case "min-replicas-max-lag":
                minReplicasMaxLagSeconds = (int) integer(value, 0);
                return true;
            default:
                return false;
        }
    }

    private static long positive(String value) {
        return integer(value, 1);
    }

    /** Parses an integer setting between {@code min} and {@code Integer.MAX_VALUE}, with Redis's reasons. */
    private static long integer(String value, long min) {
        long n;
        try {
            n = Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("argument couldn't be parsed into an integer");
        }
        if (n < min || n > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("argument must be between " + min + " and 2147483647 inclusive");
        }
        return n;
    }
}
