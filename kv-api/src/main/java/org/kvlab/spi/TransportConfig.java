package org.kvlab.spi;

import java.time.Duration;
import java.util.Objects;

/**
 * Settings shared by every transport. Immutable; build with {@link #builder()}.
 *
 * @param bindAddress the address a server binds, {@code 127.0.0.1} by default (protected mode)
 * @param port the port a server binds, 6379 by default; 0 picks a free one
 * @param eventLoops how many event-loop threads non-blocking transports run, 1 by default (on 2 cores the load
 *     generator needs the other core); the blocking transport ignores it
 * @param readBufferSize bytes read per read call, 16 KiB by default as Redis
 * @param outputBufferLimit the unwritten reply bytes a connection may hold before the transport closes it (a
 *     reader too slow for what it asks), 256 MiB by default; 0 means unlimited
 * @param backlog the listen backlog, 511 by default as Redis's {@code tcp-backlog}
 * @param connectTimeout how long a client waits to connect, 5 s by default
 * @param tcpNoDelay whether to disable Nagle's algorithm, {@code true} by default
 */
public record TransportConfig(String bindAddress, int port, int eventLoops, int readBufferSize,
        long outputBufferLimit, int backlog, Duration connectTimeout, boolean tcpNoDelay) {

    /** Validates the settings. */
    public TransportConfig {
        Objects.requireNonNull(bindAddress, "bindAddress");
        Objects.requireNonNull(connectTimeout, "connectTimeout");
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port: " + port + " (expected: 0-65535)");
        }
        if (eventLoops < 1) {
            throw new IllegalArgumentException("eventLoops: " + eventLoops + " (expected: > 0)");
        }
        if (readBufferSize < 64) {
            throw new IllegalArgumentException("readBufferSize: " + readBufferSize + " (expected: >= 64)");
        }
        if (outputBufferLimit < 0) {
            throw new IllegalArgumentException("outputBufferLimit: " + outputBufferLimit + " (expected: >= 0)");
        }
        if (backlog < 1) {
            throw new IllegalArgumentException("backlog: " + backlog + " (expected: > 0)");
        }
        if (connectTimeout.isNegative() || connectTimeout.isZero()) {
            throw new IllegalArgumentException("connectTimeout: " + connectTimeout + " (expected: > 0)");
        }
    }

    /** Returns the defaults. */
    public static TransportConfig defaults() {
        return builder().build();
    }

    /** Returns a builder holding the defaults. */
    public static Builder builder() {
        return new Builder();
    }

    /** Returns a builder holding these settings. */
    public Builder toBuilder() {
        return new Builder().bindAddress(bindAddress).port(port).eventLoops(eventLoops)
                .readBufferSize(readBufferSize).outputBufferLimit(outputBufferLimit).backlog(backlog)
                .connectTimeout(connectTimeout).tcpNoDelay(tcpNoDelay);
    }

    /** Builds a {@link TransportConfig}; not thread-safe. */
    public static final class Builder {
        private String bindAddress = "127.0.0.1";
        private int port = 6379;
        private int eventLoops = 1;
        private int readBufferSize = 16 * 1024;
        private long outputBufferLimit = 256L * 1024 * 1024;
        private int backlog = 511;
        private Duration connectTimeout = Duration.ofSeconds(5);
        private boolean tcpNoDelay = true;

        private Builder() {
        }

        /** Sets {@link TransportConfig#bindAddress()}. */
        public Builder bindAddress(String value) {
            this.bindAddress = value;
            return this;
        }

        /** Sets {@link TransportConfig#port()}. */
        public Builder port(int value) {
            this.port = value;
            return this;
        }

        /** Sets {@link TransportConfig#eventLoops()}. */
        public Builder eventLoops(int value) {
            this.eventLoops = value;
            return this;
        }

        /** Sets {@link TransportConfig#readBufferSize()}. */
        public Builder readBufferSize(int value) {
            this.readBufferSize = value;
            return this;
        }

        /** Sets {@link TransportConfig#outputBufferLimit()}. */
        public Builder outputBufferLimit(long value) {
            this.outputBufferLimit = value;
            return this;
        }

        /** Sets {@link TransportConfig#backlog()}. */
        public Builder backlog(int value) {
            this.backlog = value;
            return this;
        }

        /** Sets {@link TransportConfig#connectTimeout()}. */
        public Builder connectTimeout(Duration value) {
            this.connectTimeout = value;
            return this;
        }

        /** Sets {@link TransportConfig#tcpNoDelay()}. */
        public Builder tcpNoDelay(boolean value) {
            this.tcpNoDelay = value;
            return this;
        }

        /** Returns the config; throws {@link IllegalArgumentException} naming a bad setting. */
        public TransportConfig build() {
            return new TransportConfig(bindAddress, port, eventLoops, readBufferSize, outputBufferLimit, backlog,
                    connectTimeout, tcpNoDelay);
        }
    }
}
