package org.kvlab.protocol;

/**
 * The limits a {@link RespParser} enforces, defaulting to Redis 7's. Immutable; change one limit with a
 * {@code with...} method.
 *
 * @param maxInlineLength             the longest inline command line, and the longest {@code *} or {@code $} header
 *                                    line, in bytes, not counting its line end (Redis: 64 KiB)
 * @param maxBulkLength               the largest bulk argument, in bytes ({@code proto-max-bulk-len}, 512 MiB)
 * @param maxMultibulkLength          the most arguments of one command (Redis 7: {@link Integer#MAX_VALUE})
 * @param maxQueryBufferLength        the most bytes received for one unfinished command
 *                                    ({@code client-query-buffer-limit}, 1 GiB)
 * @param unauthenticatedMaxMultibulk the most arguments of one command before authentication (10)
 * @param unauthenticatedMaxBulk      the largest bulk argument before authentication (16384)
 */
public record ProtocolLimits(int maxInlineLength, long maxBulkLength, int maxMultibulkLength,
                             long maxQueryBufferLength, int unauthenticatedMaxMultibulk,
                             int unauthenticatedMaxBulk) {

    /** Redis 7's defaults. */
    public static final ProtocolLimits DEFAULTS = new ProtocolLimits(64 * 1024, 512L * 1024 * 1024,
            Integer.MAX_VALUE, 1024L * 1024 * 1024, 10, 16384);

    /**
     * Checks the limits.
     *
     * @throws IllegalArgumentException if a limit is not positive
     */
    public ProtocolLimits {
        requirePositive("maxInlineLength", maxInlineLength);
        requirePositive("maxBulkLength", maxBulkLength);
        requirePositive("maxMultibulkLength", maxMultibulkLength);
        requirePositive("maxQueryBufferLength", maxQueryBufferLength);
        requirePositive("unauthenticatedMaxMultibulk", unauthenticatedMaxMultibulk);
        requirePositive("unauthenticatedMaxBulk", unauthenticatedMaxBulk);
    }

    private static void requirePositive(String name, long value) {
        if (value <= 0) {
            throw new IllegalArgumentException(name + ": " + value + " (expected: > 0)");
        }
    }

    /**
     * Returns these limits with another {@code maxInlineLength}.
     *
     * @param value the new limit, positive
     * @return the new limits
     * @throws IllegalArgumentException if {@code value} is not positive
     */
    public ProtocolLimits withMaxInlineLength(int value) {
        return new ProtocolLimits(value, maxBulkLength, maxMultibulkLength, maxQueryBufferLength,
                unauthenticatedMaxMultibulk, unauthenticatedMaxBulk);
    }

    /**
     * Returns these limits with another {@code maxBulkLength}.
     *
     * @param value the new limit, positive
     * @return the new limits
     * @throws IllegalArgumentException if {@code value} is not positive
     */
    public ProtocolLimits withMaxBulkLength(long value) {
        return new ProtocolLimits(maxInlineLength, value, maxMultibulkLength, maxQueryBufferLength,
                unauthenticatedMaxMultibulk, unauthenticatedMaxBulk);
    }

    /**
     * Returns these limits with another {@code maxMultibulkLength}.
     *
     * @param value the new limit, positive
     * @return the new limits
     * @throws IllegalArgumentException if {@code value} is not positive
     */
    public ProtocolLimits withMaxMultibulkLength(int value) {
        return new ProtocolLimits(maxInlineLength, maxBulkLength, value, maxQueryBufferLength,
                unauthenticatedMaxMultibulk, unauthenticatedMaxBulk);
    }

    /**
     * Returns these limits with another {@code maxQueryBufferLength}.
     *
     * @param value the new limit, positive
     * @return the new limits
     * @throws IllegalArgumentException if {@code value} is not positive
     */
    public ProtocolLimits withMaxQueryBufferLength(long value) {
        return new ProtocolLimits(maxInlineLength, maxBulkLength, maxMultibulkLength, value,
                unauthenticatedMaxMultibulk, unauthenticatedMaxBulk);
    }

    /**
     * Returns these limits with other limits for unauthenticated clients.
     *
     * @param maxMultibulk the most arguments of one command, positive
     * @param maxBulk      the largest bulk argument, positive
     * @return the new limits
     * @throws IllegalArgumentException if a value is not positive
     */
    public ProtocolLimits withUnauthenticatedLimits(int maxMultibulk, int maxBulk) {
        return new ProtocolLimits(maxInlineLength, maxBulkLength, maxMultibulkLength, maxQueryBufferLength,
                maxMultibulk, maxBulk);
    }
}
