package org.kvlab.client;

/**
 * The requests of Redis's bitmap commands, {@code SETBIT} to {@code BITOP}: bit operations on string values, bit 0
 * being the most significant bit of the first byte. A command on a key holding another type fails with
 * {@link KvServerException} {@code WRONGTYPE}.
 *
 * <p>Every method comes in two forms: {@code String} arguments sent as UTF-8 with replies read as UTF-8, and
 * {@code byte[]} arguments sent as they are with replies as {@code byte[]} (see {@link Request} for how to run
 * them). Arguments must not be {@code null} ({@link NullPointerException}), except where a parameter says so; a
 * variable-length argument list must not be empty ({@link IllegalArgumentException}). Stateless.
 */
public final class BitmapRequests {

    private BitmapRequests() {
    }

    /**
     * {@code SETBIT}: sets or clears the bit at {@code offset}, growing the string with zero bytes; replies the old
     * bit.
     */
    public static Request<Boolean> setBit(String key, long offset, boolean value) {
        return new Request<>(Replies.BOOLEAN, ArgList.of("SETBIT", 4).add(key).add(offset).add(value ? "1" : "0"));
    }

    /**
     * {@code SETBIT}: sets or clears the bit at {@code offset}, growing the string with zero bytes; replies the old
     * bit.
     */
    public static Request<Boolean> setBit(byte[] key, long offset, boolean value) {
        return new Request<>(Replies.BOOLEAN, ArgList.of("SETBIT", 4).add(key).add(offset).add(value ? "1" : "0"));
    }

    /** {@code GETBIT}: the bit at {@code offset}; false past the end or if the key is absent. */
    public static Request<Boolean> getBit(String key, long offset) {
        return new Request<>(Replies.BOOLEAN, ArgList.of("GETBIT", 3).add(key).add(offset));
    }

    /** {@code GETBIT}: the bit at {@code offset}; false past the end or if the key is absent. */
    public static Request<Boolean> getBit(byte[] key, long offset) {
        return new Request<>(Replies.BOOLEAN, ArgList.of("GETBIT", 3).add(key).add(offset));
    }

    /** {@code BITCOUNT key}: the number of set bits. */
    public static Request<Long> bitCount(String key) {
        return new Request<>(Replies.LONG, new Object[] {"BITCOUNT", key});
    }

    /** {@code BITCOUNT key}: the number of set bits. */
    public static Request<Long> bitCount(byte[] key) {
        return new Request<>(Replies.LONG, new Object[] {"BITCOUNT", key});
    }

    /**
     * {@code BITCOUNT key start end BYTE|BIT}: the number of set bits between {@code start} and {@code end}, both
     * included and negative from the end, counted in {@code unit}s.
     */
    public static Request<Long> bitCount(String key, long start, long end, BitUnit unit) {
        return new Request<>(Replies.LONG, ArgList.of("BITCOUNT", 5).add(key).add(start).add(end).add(unit.name()));
    }

    /**
     * {@code BITCOUNT key start end BYTE|BIT}: the number of set bits between {@code start} and {@code end}, both
     * included and negative from the end, counted in {@code unit}s.
     */
    public static Request<Long> bitCount(byte[] key, long start, long end, BitUnit unit) {
        return new Request<>(Replies.LONG, ArgList.of("BITCOUNT", 5).add(key).add(start).add(end).add(unit.name()));
    }

    /** {@code BITPOS key bit}: the position of the first bit equal to {@code bit}, or -1 as Redis documents. */
    public static Request<Long> bitPos(String key, boolean bit) {
        return new Request<>(Replies.LONG, new Object[] {"BITPOS", key, bit ? "1" : "0"});
    }

    /** {@code BITPOS key bit}: the position of the first bit equal to {@code bit}, or -1 as Redis documents. */
    public static Request<Long> bitPos(byte[] key, boolean bit) {
        return new Request<>(Replies.LONG, new Object[] {"BITPOS", key, bit ? "1" : "0"});
    }

    /**
     * {@code BITPOS key bit start end BYTE|BIT}: the position of the first bit equal to {@code bit} between
     * {@code start} and {@code end}, both included and negative from the end, counted in {@code unit}s; -1 if none.
     */
    public static Request<Long> bitPos(String key, boolean bit, long start, long end, BitUnit unit) {
        return new Request<>(Replies.LONG,
                ArgList.of("BITPOS", 6).add(key).add(bit ? "1" : "0").add(start).add(end).add(unit.name()));
    }

    /**
     * {@code BITPOS key bit start end BYTE|BIT}: the position of the first bit equal to {@code bit} between
     * {@code start} and {@code end}, both included and negative from the end, counted in {@code unit}s; -1 if none.
     */
    public static Request<Long> bitPos(byte[] key, boolean bit, long start, long end, BitUnit unit) {
        return new Request<>(Replies.LONG,
                ArgList.of("BITPOS", 6).add(key).add(bit ? "1" : "0").add(start).add(end).add(unit.name()));
    }

    /**
     * {@code BITOP}: stores at {@code destination} the operation over the sources' bytes (shorter ones padded with
     * zero bytes); replies the length of the result.
     */
    public static Request<Long> bitOp(BitOperation operation, String destination, String... keys) {
        return new Request<>(Replies.LONG,
                ArgList.of("BITOP", 3 + keys.length).add(operation.name()).add(destination).addAll("keys", keys));
    }

    /**
     * {@code BITOP}: stores at {@code destination} the operation over the sources' bytes (shorter ones padded with
     * zero bytes); replies the length of the result.
     */
    public static Request<Long> bitOp(BitOperation operation, byte[] destination, byte[]... keys) {
        return new Request<>(Replies.LONG,
                ArgList.of("BITOP", 3 + keys.length).add(operation.name()).add(destination).addAll("keys", keys));
    }
}
