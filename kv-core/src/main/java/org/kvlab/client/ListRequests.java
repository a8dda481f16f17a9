package org.kvlab.client;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The requests of Redis's list commands, {@code LPUSH} to {@code BLMPOP}: sequences of elements stored at a key,
 * indexed from 0 at the head (LEFT) and from -1 at the tail (RIGHT). A command on a key holding another type fails
 * with {@link KvServerException} {@code WRONGTYPE}.
 *
 * <p>Every method comes in two forms: {@code String} arguments sent as UTF-8 with replies read as UTF-8, and
 * {@code byte[]} arguments sent as they are with replies as {@code byte[]} (see {@link Request} for how to run
 * them). Arguments must not be {@code null} ({@link NullPointerException}), except where a parameter says so; a
 * variable-length argument list must not be empty ({@link IllegalArgumentException}). Stateless.
 *
 * <p>The blocking pops ({@code BLPOP, BRPOP, BLMOVE, BRPOPLPUSH, BLMPOP}) take a timeout, {@link Duration#ZERO} to
 * wait for ever (negative: {@link IllegalArgumentException}); the client's timeout counts from its end, whichever way
 * the request is sent.
 * Meanwhile the request holds its connection: a pooled one for a synchronous call, and on {@link KvClient#async()}
 * the shared connection, whose later requests wait behind it; a dedicated {@link KvClient#connection()} keeps
 * waits apart.
 */
public final class ListRequests {

    private ListRequests() {
    }

    /**
     * {@code LPUSH}: inserts the elements at the head, one after the other (so the last ends first); replies the
     * length.
     */
    public static Request<Long> lpush(String key, String... elements) {
        return new Request<>(Replies.LONG, ArgList.keyAnd("LPUSH", key, "elements", elements));
    }

    /**
     * {@code LPUSH}: inserts the elements at the head, one after the other (so the last ends first); replies the
     * length.
     */
    public static Request<Long> lpush(byte[] key, byte[]... elements) {
        return new Request<>(Replies.LONG, ArgList.keyAnd("LPUSH", key, "elements", elements));
    }

    /** {@code RPUSH}: appends the elements at the tail, in order; replies the length. */
    public static Request<Long> rpush(String key, String... elements) {
        return new Request<>(Replies.LONG, ArgList.keyAnd("RPUSH", key, "elements", elements));
    }

    /** {@code RPUSH}: appends the elements at the tail, in order; replies the length. */
    public static Request<Long> rpush(byte[] key, byte[]... elements) {
        return new Request<>(Replies.LONG, ArgList.keyAnd("RPUSH", key, "elements", elements));
    }

    /** {@code LPUSHX}: {@code LPUSH} only if the list exists; replies the length, 0 if it does not exist. */
    public static Request<Long> lpushX(String key, String... elements) {
        return new Request<>(Replies.LONG, ArgList.keyAnd("LPUSHX", key, "elements", elements));
    }

    /** {@code LPUSHX}: {@code LPUSH} only if the list exists; replies the length, 0 if it does not exist. */
    public static Request<Long> lpushX(byte[] key, byte[]... elements) {
        return new Request<>(Replies.LONG, ArgList.keyAnd("LPUSHX", key, "elements", elements));
    }

    /** {@code RPUSHX}: {@code RPUSH} only if the list exists; replies the length, 0 if it does not exist. */
    public static Request<Long> rpushX(String key, String... elements) {
        return new Request<>(Replies.LONG, ArgList.keyAnd("RPUSHX", key, "elements", elements));
    }

    /** {@code RPUSHX}: {@code RPUSH} only if the list exists; replies the length, 0 if it does not exist. */
    public static Request<Long> rpushX(byte[] key, byte[]... elements) {
        return new Request<>(Replies.LONG, ArgList.keyAnd("RPUSHX", key, "elements", elements));
    }

    /** {@code LPOP key}: removes and returns the head, or {@code null} if the key is absent. */
    public static Request<String> lpop(String key) {
        return new Request<>(Form.STRING.value, new Object[] {"LPOP", key});
    }

    /** {@code LPOP key}: removes and returns the head, or {@code null} if the key is absent. */
    public static Request<byte[]> lpop(byte[] key) {
        return new Request<>(Form.BYTES.value, new Object[] {"LPOP", key});
    }

    /** {@code LPOP key count}: removes and returns up to {@code count} elements from the head; empty if absent. */
    public static Request<List<String>> lpop(String key, long count) {
        return new Request<>(Form.STRING.listOrEmpty, ArgList.of("LPOP", 3).add(key).add(count));
    }

    /** {@code LPOP key count}: removes and returns up to {@code count} elements from the head; empty if absent. */
    public static Request<List<byte[]>> lpop(byte[] key, long count) {
        return new Request<>(Form.BYTES.listOrEmpty, ArgList.of("LPOP", 3).add(key).add(count));
    }

    /** {@code RPOP key}: removes and returns the tail, or {@code null} if the key is absent. */
    public static Request<String> rpop(String key) {
        return new Request<>(Form.STRING.value, new Object[] {"RPOP", key});
    }

    /** {@code RPOP key}: removes and returns the tail, or {@code null} if the key is absent. */
    public static Request<byte[]> rpop(byte[] key) {
        return new Request<>(Form.BYTES.value, new Object[] {"RPOP", key});
    }

    /** {@code RPOP key count}: removes and returns up to {@code count} elements from the tail; empty if absent. */
    public static Request<List<String>> rpop(String key, long count) {
        return new Request<>(Form.STRING.listOrEmpty, ArgList.of("RPOP", 3).add(key).add(count));
    }

    /** {@code RPOP key count}: removes and returns up to {@code count} elements from the tail; empty if absent. */
    public static Request<List<byte[]>> rpop(byte[] key, long count) {
        return new Request<>(Form.BYTES.listOrEmpty, ArgList.of("RPOP", 3).add(key).add(count));
    }

    /** {@code LLEN}: the length, 0 if the key is absent. */
    public static Request<Long> llen(String key) {
        return new Request<>(Replies.LONG, new Object[] {"LLEN", key});
    }

    /** {@code LLEN}: the length, 0 if the key is absent. */
    public static Request<Long> llen(byte[] key) {
        return new Request<>(Replies.LONG, new Object[] {"LLEN", key});
    }

    /**
     * {@code LRANGE}: the elements from index {@code start} to {@code stop}, both included (negative from the tail).
     */
    public static Request<List<String>> lrange(String key, long start, long stop) {
        return new Request<>(Form.STRING.list, ArgList.of("LRANGE", 4).add(key).add(start).add(stop));
    }

    /**
     * {@code LRANGE}: the elements from index {@code start} to {@code stop}, both included (negative from the tail).
     */
    public static Request<List<byte[]>> lrange(byte[] key, long start, long stop) {
        return new Request<>(Form.BYTES.list, ArgList.of("LRANGE", 4).add(key).add(start).add(stop));
    }

    /** {@code LINDEX}: the element at {@code index} (negative from the tail), or {@code null} if out of range. */
    public static Request<String> lindex(String key, long index) {
        return new Request<>(Form.STRING.value, ArgList.of("LINDEX", 3).add(key).add(index));
    }

    /** {@code LINDEX}: the element at {@code index} (negative from the tail), or {@code null} if out of range. */
    public static Request<byte[]> lindex(byte[] key, long index) {
        return new Request<>(Form.BYTES.value, ArgList.of("LINDEX", 3).add(key).add(index));
    }

    /**
     * {@code LSET}: replaces the element at {@code index}; fails with {@code ERR index out of range} or {@code ERR no
     * such key}.
     */
    public static Request<Void> lset(String key, long index, String element) {
        return new Request<>(Replies.VOID, ArgList.of("LSET", 4).add(key).add(index).add(element));
    }

    /**
     * {@code LSET}: replaces the element at {@code index}; fails with {@code ERR index out of range} or {@code ERR no
     * such key}.
     */
    public static Request<Void> lset(byte[] key, long index, byte[] element) {
        return new Request<>(Replies.VOID, ArgList.of("LSET", 4).add(key).add(index).add(element));
    }

    /** {@code LINSERT key BEFORE pivot element}: replies the new length, -1 if the pivot is absent, 0 if the key is. */
    public static Request<Long> linsertBefore(String key, String pivot, String element) {
        return new Request<>(Replies.LONG, new Object[] {"LINSERT", key, "BEFORE", pivot, element});
    }

    /** {@code LINSERT key BEFORE pivot element}: replies the new length, -1 if the pivot is absent, 0 if the key is. */
    public static Request<Long> linsertBefore(byte[] key, byte[] pivot, byte[] element) {
        return new Request<>(Replies.LONG, new Object[] {"LINSERT", key, "BEFORE", pivot, element});
    }

    /** {@code LINSERT key AFTER pivot element}: replies the new length, -1 if the pivot is absent, 0 if the key is. */
    public static Request<Long> linsertAfter(String key, String pivot, String element) {
        return new Request<>(Replies.LONG, new Object[] {"LINSERT", key, "AFTER", pivot, element});
    }

    /** {@code LINSERT key AFTER pivot element}: replies the new length, -1 if the pivot is absent, 0 if the key is. */
    public static Request<Long> linsertAfter(byte[] key, byte[] pivot, byte[] element) {
        return new Request<>(Replies.LONG, new Object[] {"LINSERT", key, "AFTER", pivot, element});
    }

    /**
     * {@code LREM}: removes elements equal to {@code element}: the first {@code count} from the head if positive, the
     * last {@code -count} from the tail if negative, all if 0; replies how many it removed.
     */
    public static Request<Long> lrem(String key, long count, String element) {
        return new Request<>(Replies.LONG, ArgList.of("LREM", 4).add(key).add(count).add(element));
    }

    /**
     * {@code LREM}: removes elements equal to {@code element}: the first {@code count} from the head if positive, the
     * last {@code -count} from the tail if negative, all if 0; replies how many it removed.
     */
    public static Request<Long> lrem(byte[] key, long count, byte[] element) {
        return new Request<>(Replies.LONG, ArgList.of("LREM", 4).add(key).add(count).add(element));
    }

    /** {@code LTRIM}: keeps only the elements from {@code start} to {@code stop}, both included. */
    public static Request<Void> ltrim(String key, long start, long stop) {
        return new Request<>(Replies.VOID, ArgList.of("LTRIM", 4).add(key).add(start).add(stop));
    }

    /** {@code LTRIM}: keeps only the elements from {@code start} to {@code stop}, both included. */
    public static Request<Void> ltrim(byte[] key, long start, long stop) {
        return new Request<>(Replies.VOID, ArgList.of("LTRIM", 4).add(key).add(start).add(stop));
    }

    /** {@code LPOS}: the index of the first element equal to {@code element}, or {@code null} if there is none. */
    public static Request<Long> lpos(String key, String element) {
        return new Request<>(Replies.NULLABLE_LONG, new Object[] {"LPOS", key, element});
    }

    /** {@code LPOS}: the index of the first element equal to {@code element}, or {@code null} if there is none. */
    public static Request<Long> lpos(byte[] key, byte[] element) {
        return new Request<>(Replies.NULLABLE_LONG, new Object[] {"LPOS", key, element});
    }

    /**
     * {@code LPOS key element RANK rank MAXLEN maxLen}: the index of the {@code rank}-th match (negative: counting
     * from the tail), looking at most at {@code maxLen} elements (0: all), or {@code null} if there is none.
     */
    public static Request<Long> lpos(String key, String element, long rank, long maxLen) {
        return new Request<>(Replies.NULLABLE_LONG,
                ArgList.of("LPOS", 7).add(key).add(element).add("RANK").add(rank).add("MAXLEN").add(maxLen));
    }

    /**
     * {@code LPOS key element RANK rank MAXLEN maxLen}: the index of the {@code rank}-th match (negative: counting
     * from the tail), looking at most at {@code maxLen} elements (0: all), or {@code null} if there is none.
     */
    public static Request<Long> lpos(byte[] key, byte[] element, long rank, long maxLen) {
        return new Request<>(Replies.NULLABLE_LONG,
                ArgList.of("LPOS", 7).add(key).add(element).add("RANK").add(rank).add("MAXLEN").add(maxLen));
    }

    /**
     * {@code LPOS key element RANK rank COUNT count MAXLEN maxLen}: the indexes of up to {@code count} matches (0: all)
     * from the {@code rank}-th on, looking at most at {@code maxLen} elements (0: all); empty if there is none.
     */
    public static Request<List<Long>> lposAll(String key, String element, long rank, long count, long maxLen) {
        return new Request<>(Replies.LONG_LIST, ArgList.of("LPOS", 9).add(key).add(element).add("RANK").add(rank)
                .add("COUNT").add(count).add("MAXLEN").add(maxLen));
    }

    /**
     * {@code LPOS key element RANK rank COUNT count MAXLEN maxLen}: the indexes of up to {@code count} matches (0: all)
     * from the {@code rank}-th on, looking at most at {@code maxLen} elements (0: all); empty if there is none.
     */
    public static Request<List<Long>> lposAll(byte[] key, byte[] element, long rank, long count, long maxLen) {
        return new Request<>(Replies.LONG_LIST, ArgList.of("LPOS", 9).add(key).add(element).add("RANK").add(rank)
                .add("COUNT").add(count).add("MAXLEN").add(maxLen));
    }

    /**
     * {@code LMOVE}: pops an element from the {@code from} end of {@code source} and pushes it at the {@code to} end
     * of {@code destination} (which may be the same key); replies it, or {@code null} if {@code source} is absent.
     */
    public static Request<String> lmove(String source, String destination, ListEnd from, ListEnd to) {
        return new Request<>(Form.STRING.value, new Object[] {"LMOVE", source, destination, from.name(), to.name()});
    }

    /**
     * {@code LMOVE}: pops an element from the {@code from} end of {@code source} and pushes it at the {@code to} end
     * of {@code destination} (which may be the same key); replies it, or {@code null} if {@code source} is absent.
     */
    public static Request<byte[]> lmove(byte[] source, byte[] destination, ListEnd from, ListEnd to) {
        return new Request<>(Form.BYTES.value, new Object[] {"LMOVE", source, destination, from.name(), to.name()});
    }

    /** {@code RPOPLPUSH}: {@code LMOVE source destination RIGHT LEFT}. */
    public static Request<String> rpoplpush(String source, String destination) {
        return new Request<>(Form.STRING.value, new Object[] {"RPOPLPUSH", source, destination});
    }

    /** {@code RPOPLPUSH}: {@code LMOVE source destination RIGHT LEFT}. */
    public static Request<byte[]> rpoplpush(byte[] source, byte[] destination) {
        return new Request<>(Form.BYTES.value, new Object[] {"RPOPLPUSH", source, destination});
    }

    /**
     * {@code LMPOP numkeys key ... LEFT|RIGHT COUNT count}: pops up to {@code count} elements from the given end of the
     * first of {@code keys} that is not empty; replies that key and the elements, or {@code null} if all are empty.
     */
    public static Request<KeyedList<String>> lmpop(ListEnd end, long count, String... keys) {
        return new Request<>(Form.STRING.keyedList,
                ArgList.numKeys("LMPOP", keys, 3).add(end.name()).add("COUNT").add(count));
    }

    /**
     * {@code LMPOP numkeys key ... LEFT|RIGHT COUNT count}: pops up to {@code count} elements from the given end of the
     * first of {@code keys} that is not empty; replies that key and the elements, or {@code null} if all are empty.
     */
    public static Request<KeyedList<byte[]>> lmpop(ListEnd end, long count, byte[]... keys) {
        return new Request<>(Form.BYTES.keyedList,
                ArgList.numKeys("LMPOP", keys, 3).add(end.name()).add("COUNT").add(count));
    }

    /**
     * {@code BLPOP key ... timeout}: pops the head of the first of {@code keys} that is not empty; if all are,
     * waits up to {@code timeout} ({@link Duration#ZERO}: for ever) for an element pushed to one of them, served in
     * the order clients began to wait. Replies the key and the element, or {@code null} if the timeout passed. The
     * client's own timeout counts from the end of {@code timeout}.
     */
    public static Request<Map.Entry<String, String>> blpop(Duration timeout, String... keys) {
        return new Request<>(Form.STRING.keyedValue,
                ArgList.of("BLPOP", keys.length + 2).addAll("keys", keys).addTimeout(timeout));
    }

    /**
     * {@code BLPOP key ... timeout}: pops the head of the first of {@code keys} that is not empty; if all are,
     * waits up to {@code timeout} ({@link Duration#ZERO}: for ever) for an element pushed to one of them, served in
     * the order clients began to wait. Replies the key and the element, or {@code null} if the timeout passed. The
     * client's own timeout counts from the end of {@code timeout}.
     */
    public static Request<Map.Entry<byte[], byte[]>> blpop(Duration timeout, byte[]... keys) {
        return new Request<>(Form.BYTES.keyedValue,
                ArgList.of("BLPOP", keys.length + 2).addAll("keys", keys).addTimeout(timeout));
    }

    /**
     * {@code BRPOP key ... timeout}: pops the tail of the first of {@code keys} that is not empty; if all are,
     * waits up to {@code timeout} ({@link Duration#ZERO}: for ever) for an element pushed to one of them, served in
     * the order clients began to wait. Replies the key and the element, or {@code null} if the timeout passed. The
     * client's own timeout counts from the end of {@code timeout}.
     */
    public static Request<Map.Entry<String, String>> brpop(Duration timeout, String... keys) {
        return new Request<>(Form.STRING.keyedValue,
                ArgList.of("BRPOP", keys.length + 2).addAll("keys", keys).addTimeout(timeout));
    }

    /**
     * {@code BRPOP key ... timeout}: pops the tail of the first of {@code keys} that is not empty; if all are,
     * waits up to {@code timeout} ({@link Duration#ZERO}: for ever) for an element pushed to one of them, served in
     * the order clients began to wait. Replies the key and the element, or {@code null} if the timeout passed. The
     * client's own timeout counts from the end of {@code timeout}.
     */
    public static Request<Map.Entry<byte[], byte[]>> brpop(Duration timeout, byte[]... keys) {
        return new Request<>(Form.BYTES.keyedValue,
                ArgList.of("BRPOP", keys.length + 2).addAll("keys", keys).addTimeout(timeout));
    }

    /**
     * {@code BLMOVE}: {@link #lmove} if {@code source} exists; else waits up to {@code timeout} ({@link Duration#ZERO}:
     * for ever) for an element pushed to it. Replies the element moved, or {@code null} if the timeout passed.
     */
    public static Request<String> blmove(String source, String destination, ListEnd from, ListEnd to,
            Duration timeout) {
        return new Request<>(Form.STRING.value, ArgList.of("BLMOVE", 6).add(source).add(destination).add(from.name())
                .add(to.name()).addTimeout(timeout));
    }

    /**
     * {@code BLMOVE}: {@link #lmove} if {@code source} exists; else waits up to {@code timeout} ({@link Duration#ZERO}:
     * for ever) for an element pushed to it. Replies the element moved, or {@code null} if the timeout passed.
     */
    public static Request<byte[]> blmove(byte[] source, byte[] destination, ListEnd from, ListEnd to,
            Duration timeout) {
        return new Request<>(Form.BYTES.value, ArgList.of("BLMOVE", 6).add(source).add(destination).add(from.name())
                .add(to.name()).addTimeout(timeout));
    }

    /** {@code BRPOPLPUSH}: {@code BLMOVE source destination RIGHT LEFT timeout}. */
    public static Request<String> brpoplpush(String source, String destination, Duration timeout) {
        return new Request<>(Form.STRING.value, ArgList.of("BRPOPLPUSH", 4).add(source).add(destination)
                .addTimeout(timeout));
    }

    /** {@code BRPOPLPUSH}: {@code BLMOVE source destination RIGHT LEFT timeout}. */
    public static Request<byte[]> brpoplpush(byte[] source, byte[] destination, Duration timeout) {
        return new Request<>(Form.BYTES.value, ArgList.of("BRPOPLPUSH", 4).add(source).add(destination)
                .addTimeout(timeout));
    }

    /**
     * {@code BLMPOP timeout numkeys key ... LEFT|RIGHT COUNT count}: {@link #lmpop}, or if all of {@code keys} are
     * empty, waits up to {@code timeout} ({@link Duration#ZERO}: for ever) for one to get elements. Replies the key
     * and the elements, or {@code null} if the timeout passed.
     */
    public static Request<KeyedList<String>> blmpop(Duration timeout, ListEnd end, long count, String... keys) {
        return new Request<>(Form.STRING.keyedList, ArgList.of("BLMPOP", keys.length + 6).add(ArgList.seconds(timeout))
                .add(keys.length).addAll("keys", keys).add(end.name()).add("COUNT").add(count));
    }

    /**
     * {@code BLMPOP timeout numkeys key ... LEFT|RIGHT COUNT count}: {@link #lmpop}, or if all of {@code keys} are
     * empty, waits up to {@code timeout} ({@link Duration#ZERO}: for ever) for one to get elements. Replies the key
     * and the elements, or {@code null} if the timeout passed.
     */
    public static Request<KeyedList<byte[]>> blmpop(Duration timeout, ListEnd end, long count, byte[]... keys) {
        return new Request<>(Form.BYTES.keyedList, ArgList.of("BLMPOP", keys.length + 6).add(ArgList.seconds(timeout))
                .add(keys.length).addAll("keys", keys).add(end.name()).add("COUNT").add(count));
    }
}
