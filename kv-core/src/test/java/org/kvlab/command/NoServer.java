package org.kvlab.command;

import java.util.List;

/** A server context with nothing running. */
final class NoServer implements ServerContext {
    @Override
    public String transportName() {
        return "none";
    }

    @Override
    public org.kvlab.spi.IoCounters.Snapshot ioCounters() {
        return new org.kvlab.spi.IoCounters().snapshot();
    }

    @Override
    public int port() {
        return 0;
    }

    @Override
    public java.util.Collection<Session> sessions() {
        return List.of();
    }

    @Override
    public long connectionsReceived() {
        return 0;
    }

    @Override
    public long rejectedConnections() {
        return 0;
    }

    @Override
    public long instantaneousOpsPerSec() {
        return 0;
    }

    @Override
    public String requirePass() {
        return null;
    }

    @Override
    public long maxBulkLength() {
        return 512L * 1024 * 1024;
    }

    @Override
    public long clientQueryBufferLimit() {
        return 1024L * 1024 * 1024;
    }

    @Override
    public OutputBufferLimits outputBufferLimits() {
        return OutputBufferLimits.DEFAULTS;
    }

    @Override
    public int keyspaceEvents() {
        return 0;
    }

    @Override
    public java.util.Map<String, String> config() {
        return java.util.Map.of();
    }

    @Override
    public void configSet(String name, String value) {
        throw new IllegalArgumentException("can't set immutable config");
    }

    @Override
    public void resetStats() {
    }

    @Override
    public void shutdown() {
    }
}
