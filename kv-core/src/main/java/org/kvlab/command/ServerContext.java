package org.kvlab.command;

import java.io.IOException;
import java.util.Collection;
import java.util.Map;
import org.kvlab.spi.IoCounters;

/**
 * What the server-level commands ({@code INFO}, {@code CONFIG}, {@code CLIENT}, {@code AUTH}, {@code SHUTDOWN})
 * need from the running server. Implementations must be thread-safe: every connection's thread calls them.
 */
public interface ServerContext {

    /** Returns the name of the transport serving connections, or {@code "none"} before the server started. */
    String transportName();

    /** Returns the transport's I/O counts now; all zero before the server started. Never {@code null}. */
    IoCounters.Snapshot ioCounters();

    /** Returns the port the server listens on; before it is bound, the port it was told to bind (0: any free one). */
    int port();

    /** Returns the sessions of the connections open now, for {@code CLIENT LIST} and {@code CLIENT KILL}. */
    Collection<Session> sessions();

    /** Returns how many connections were accepted since start or the last {@code CONFIG RESETSTAT}. */
    long connectionsReceived();

    /** Returns how many connections were refused ({@code maxclients}, protected mode) since start or reset. */
    long rejectedConnections();

    /** Returns the commands processed per second over the last sampling interval, 0 before the first. */
    long instantaneousOpsPerSec();

    /** Returns the password clients must {@code AUTH} with, or {@code null} when none is required. */
    String requirePass();

    /** Returns the largest string a command may build ({@code proto-max-bulk-len}), in bytes. */
    long maxBulkLength();

    /** Returns the {@code client-output-buffer-limit} in force; never {@code null}. */
    OutputBufferLimits outputBufferLimits();

    /** Returns the {@code notify-keyspace-events} flags in force ({@link KeyspaceEvents}); 0 for none. */
    int keyspaceEvents();

    /**
     * Returns the most bytes a client's unexecuted input may take ({@code client-query-buffer-limit}): what it sent
     * of a command, and what it queued between {@code MULTI} and {@code EXEC}.
     */
    long clientQueryBufferLimit();

    /** Returns every setting {@code CONFIG GET} shows, lower-case name to value, in a stable order. */
    Map<String, String> config();

    /**
     * Changes setting {@code name} (case-insensitive) to {@code value}.
     *
     * @throws IllegalArgumentException with Redis's message (without the {@code ERR} prefix) if the setting does
     *     not exist, cannot be changed at run time, or {@code value} is not valid for it
     */
    void configSet(String name, String value);

    /**
     * Writes the settings {@link #config()} shows into the configuration file the server was started with, as Redis's
     * {@code CONFIG REWRITE} does. This default is a server started without one.
     *
     * @throws IllegalStateException with Redis's message if the server was started without a configuration file
     * @throws IOException if the file cannot be read or written
     */
    default void configRewrite() throws IOException {
        throw new IllegalStateException("The server is running without a config file");
    }

    /** Resets the statistics {@code INFO} shows ({@code CONFIG RESETSTAT}). */
    void resetStats();

    /** Stops the server after the current reply is written: what {@code SHUTDOWN} does once it may. */
    void shutdown();
}
