package org.kvlab.client;

import java.util.List;
import java.util.Set;

/**
 * The requests of Redis's set commands, {@code SADD} to {@code SSCAN}: unordered collections of distinct members
 * stored at a key. A command on a key holding another type fails with {@link KvServerException} {@code WRONGTYPE}.
 * Sets of the {@code String} form keep the server's order; those of the {@code byte[]} form are sorted by unsigned
 * bytes and compare members by content.
 *
 * <p>Every method comes in two forms: {@code String} arguments sent as UTF-8 with replies read as UTF-8, and
 * {@code byte[]} arguments sent as they are with replies as {@code byte[]} (see {@link Request} for how to run
 * them). Arguments must not be {@code null} ({@link NullPointerException}), except where a parameter says so; a
 * variable-length argument list must not be empty ({@link IllegalArgumentException}). Stateless.
 */
public final class SetRequests {

    private SetRequests() {
    }

    /** {@code SADD}: adds the members; replies how many were new. */
    public static Request<Long> sadd(String key, String... members) {
        return new Request<>(Replies.LONG, ArgList.keyAnd("SADD", key, "members", members));
    }

    /** {@code SADD}: adds the members; replies how many were new. */
    public static Request<Long> sadd(byte[] key, byte[]... members) {
        return new Request<>(Replies.LONG, ArgList.keyAnd("SADD", key, "members", members));
    }

    /** {@code SREM}: removes the members; replies how many were there. */
    public static Request<Long> srem(String key, String... members) {
        return new Request<>(Replies.LONG, ArgList.keyAnd("SREM", key, "members", members));
    }

    /** {@code SREM}: removes the members; replies how many were there. */
    public static Request<Long> srem(byte[] key, byte[]... members) {
        return new Request<>(Replies.LONG, ArgList.keyAnd("SREM", key, "members", members));
    }

    /** {@code SMEMBERS}: every member; empty if the key is absent. */
    public static Request<Set<String>> smembers(String key) {
        return new Request<>(Form.STRING.set, new Object[] {"SMEMBERS", key});
    }

    /** {@code SMEMBERS}: every member; empty if the key is absent. */
    public static Request<Set<byte[]>> smembers(byte[] key) {
        return new Request<>(Form.BYTES.set, new Object[] {"SMEMBERS", key});
    }

    /** {@code SISMEMBER}: whether {@code member} is in the set. */
    public static Request<Boolean> sisMember(String key, String member) {
        return new Request<>(Replies.BOOLEAN, new Object[] {"SISMEMBER", key, member});
    }

    /** {@code SISMEMBER}: whether {@code member} is in the set. */
    public static Request<Boolean> sisMember(byte[] key, byte[] member) {
        return new Request<>(Replies.BOOLEAN, new Object[] {"SISMEMBER", key, member});
    }

    /** {@code SMISMEMBER}: per member, in the order given, whether it is in the set. */
    public static Request<List<Boolean>> smisMember(String key, String... members) {
        return new Request<>(Replies.BOOLEAN_LIST, ArgList.keyAnd("SMISMEMBER", key, "members", members));
    }

    /** {@code SMISMEMBER}: per member, in the order given, whether it is in the set. */
    public static Request<List<Boolean>> smisMember(byte[] key, byte[]... members) {
        return new Request<>(Replies.BOOLEAN_LIST, ArgList.keyAnd("SMISMEMBER", key, "members", members));
    }

    /** {@code SCARD}: the number of members, 0 if the key is absent. */
    public static Request<Long> scard(String key) {
        return new Request<>(Replies.LONG, new Object[] {"SCARD", key});
    }

    /** {@code SCARD}: the number of members, 0 if the key is absent. */
    public static Request<Long> scard(byte[] key) {
        return new Request<>(Replies.LONG, new Object[] {"SCARD", key});
    }

    /** {@code SPOP key}: removes and returns a random member, or {@code null} if the key is absent. */
    public static Request<String> spop(String key) {
        return new Request<>(Form.STRING.value, new Object[] {"SPOP", key});
    }

    /** {@code SPOP key}: removes and returns a random member, or {@code null} if the key is absent. */
    public static Request<byte[]> spop(byte[] key) {
        return new Request<>(Form.BYTES.value, new Object[] {"SPOP", key});
    }

    /** {@code SPOP key count}: removes and returns up to {@code count} random members; empty if the key is absent. */
    public static Request<Set<String>> spop(String key, long count) {
        return new Request<>(Form.STRING.set, ArgList.of("SPOP", 3).add(key).add(count));
    }

    /** {@code SPOP key count}: removes and returns up to {@code count} random members; empty if the key is absent. */
    public static Request<Set<byte[]>> spop(byte[] key, long count) {
        return new Request<>(Form.BYTES.set, ArgList.of("SPOP", 3).add(key).add(count));
    }

    /** {@code SRANDMEMBER key}: a random member, or {@code null} if the key is absent. */
    public static Request<String> srandMember(String key) {
        return new Request<>(Form.STRING.value, new Object[] {"SRANDMEMBER", key});
    }

    /** {@code SRANDMEMBER key}: a random member, or {@code null} if the key is absent. */
    public static Request<byte[]> srandMember(byte[] key) {
        return new Request<>(Form.BYTES.value, new Object[] {"SRANDMEMBER", key});
    }

    /**
     * {@code SRANDMEMBER key count}: up to {@code count} distinct random members if {@code count} is positive, exactly
     * {@code -count} members that may repeat if it is negative; empty if the key is absent.
     */
    public static Request<List<String>> srandMember(String key, long count) {
        return new Request<>(Form.STRING.list, ArgList.of("SRANDMEMBER", 3).add(key).add(count));
    }

    /**
     * {@code SRANDMEMBER key count}: up to {@code count} distinct random members if {@code count} is positive, exactly
     * {@code -count} members that may repeat if it is negative; empty if the key is absent.
     */
    public static Request<List<byte[]>> srandMember(byte[] key, long count) {
        return new Request<>(Form.BYTES.list, ArgList.of("SRANDMEMBER", 3).add(key).add(count));
    }

    /**
     * {@code SMOVE}: moves {@code member} from {@code source} to {@code destination}; replies whether it was in source.
     */
    public static Request<Boolean> smove(String source, String destination, String member) {
        return new Request<>(Replies.BOOLEAN, new Object[] {"SMOVE", source, destination, member});
    }

    /**
     * {@code SMOVE}: moves {@code member} from {@code source} to {@code destination}; replies whether it was in source.
     */
    public static Request<Boolean> smove(byte[] source, byte[] destination, byte[] member) {
        return new Request<>(Replies.BOOLEAN, new Object[] {"SMOVE", source, destination, member});
    }

    /** {@code SINTER}: the members in every one of the sets (an absent key is an empty set). */
    public static Request<Set<String>> sinter(String... keys) {
        return new Request<>(Form.STRING.set, ArgList.of("SINTER", 1 + keys.length).addAll("keys", keys));
    }

    /** {@code SINTER}: the members in every one of the sets (an absent key is an empty set). */
    public static Request<Set<byte[]>> sinter(byte[]... keys) {
        return new Request<>(Form.BYTES.set, ArgList.of("SINTER", 1 + keys.length).addAll("keys", keys));
    }

    /**
     * {@code SINTERCARD numkeys key ... LIMIT limit}: the size of the intersection, counting stops at {@code limit}
     * (0: no limit).
     */
    public static Request<Long> sinterCard(long limit, String... keys) {
        return new Request<>(Replies.LONG, ArgList.numKeys("SINTERCARD", keys, 2).add("LIMIT").add(limit));
    }

    /**
     * {@code SINTERCARD numkeys key ... LIMIT limit}: the size of the intersection, counting stops at {@code limit}
     * (0: no limit).
     */
    public static Request<Long> sinterCard(long limit, byte[]... keys) {
        return new Request<>(Replies.LONG, ArgList.numKeys("SINTERCARD", keys, 2).add("LIMIT").add(limit));
    }

    /** {@code SINTERSTORE}: stores the intersection at {@code destination} (replacing it); replies its size. */
    public static Request<Long> sinterStore(String destination, String... keys) {
        return new Request<>(Replies.LONG, ArgList.keyAnd("SINTERSTORE", destination, "keys", keys));
    }

    /** {@code SINTERSTORE}: stores the intersection at {@code destination} (replacing it); replies its size. */
    public static Request<Long> sinterStore(byte[] destination, byte[]... keys) {
        return new Request<>(Replies.LONG, ArgList.keyAnd("SINTERSTORE", destination, "keys", keys));
    }

    /** {@code SUNION}: the members in any of the sets. */
    public static Request<Set<String>> sunion(String... keys) {
        return new Request<>(Form.STRING.set, ArgList.of("SUNION", 1 + keys.length).addAll("keys", keys));
    }

    /** {@code SUNION}: the members in any of the sets. */
    public static Request<Set<byte[]>> sunion(byte[]... keys) {
        return new Request<>(Form.BYTES.set, ArgList.of("SUNION", 1 + keys.length).addAll("keys", keys));
    }

    /** {@code SUNIONSTORE}: stores the union at {@code destination} (replacing it); replies its size. */
    public static Request<Long> sunionStore(String destination, String... keys) {
        return new Request<>(Replies.LONG, ArgList.keyAnd("SUNIONSTORE", destination, "keys", keys));
    }

    /** {@code SUNIONSTORE}: stores the union at {@code destination} (replacing it); replies its size. */
    public static Request<Long> sunionStore(byte[] destination, byte[]... keys) {
        return new Request<>(Replies.LONG, ArgList.keyAnd("SUNIONSTORE", destination, "keys", keys));
    }

    /** {@code SDIFF}: the members of the first set that are in none of the others. */
    public static Request<Set<String>> sdiff(String... keys) {
        return new Request<>(Form.STRING.set, ArgList.of("SDIFF", 1 + keys.length).addAll("keys", keys));
    }

    /** {@code SDIFF}: the members of the first set that are in none of the others. */
    public static Request<Set<byte[]>> sdiff(byte[]... keys) {
        return new Request<>(Form.BYTES.set, ArgList.of("SDIFF", 1 + keys.length).addAll("keys", keys));
    }

    /** {@code SDIFFSTORE}: stores the difference at {@code destination} (replacing it); replies its size. */
    public static Request<Long> sdiffStore(String destination, String... keys) {
        return new Request<>(Replies.LONG, ArgList.keyAnd("SDIFFSTORE", destination, "keys", keys));
    }

    /** {@code SDIFFSTORE}: stores the difference at {@code destination} (replacing it); replies its size. */
    public static Request<Long> sdiffStore(byte[] destination, byte[]... keys) {
        return new Request<>(Replies.LONG, ArgList.keyAnd("SDIFFSTORE", destination, "keys", keys));
    }

    /**
     * {@code SSCAN}: one step of an iteration over the members; start and end at cursor 0.
     *
     * @param match a glob the members must match, or {@code null} for all
     * @param count the hint of members per step, or 0 for the server's default
     * @throws IllegalArgumentException if {@code count} is negative
     */
    public static Request<ScanPage<String>> sscan(String key, long cursor, String match, int count) {
        return new Request<>(Form.STRING.scan, ArgList.of("SSCAN", 7).add(key).add(Long.toUnsignedString(cursor))
                .addScanOptions(match, count));
    }

    /**
     * {@code SSCAN}: one step of an iteration over the members; start and end at cursor 0.
     *
     * @param match a glob the members must match, or {@code null} for all
     * @param count the hint of members per step, or 0 for the server's default
     * @throws IllegalArgumentException if {@code count} is negative
     */
    public static Request<ScanPage<byte[]>> sscan(byte[] key, long cursor, byte[] match, int count) {
        return new Request<>(Form.BYTES.scan, ArgList.of("SSCAN", 7).add(key).add(Long.toUnsignedString(cursor))
                .addScanOptions(match, count));
    }
}
