package org.kvlab.client;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Supplier;

/**
 * The decoders of one argument form of the typed requests: replies read as UTF-8 {@code String}s ({@link #STRING})
 * or as {@code byte[]}s ({@link #BYTES}). Each accepts what RESP2 and RESP3 servers send: flat arrays or maps for
 * field-value pairs, flat arrays or arrays of pairs for scored members, bulk strings or doubles for scores.
 *
 * <p>Sets and maps of the {@code String} form keep the server's order; those of the {@code byte[]} form are sorted
 * by unsigned bytes, so that {@code contains} and {@code get} compare contents, which a hash set of arrays cannot.
 *
 * @param <V> {@code String} or {@code byte[]}
 */
final class Form<V> {

    /** Replies as UTF-8 text. */
    static final Form<String> STRING = new Form<>(Replies.STRING, LinkedHashSet::new, LinkedHashMap::new);

    /** Replies as bytes. */
    static final Form<byte[]> BYTES = new Form<>(Replies.BYTES, () -> new TreeSet<>(Arrays::compareUnsigned),
            () -> new TreeMap<>(Arrays::compareUnsigned));

    /** A bulk string, or null. */
    final Decoder<V> value;
    /** An array of bulk strings or nulls. */
    final Decoder<List<V>> list;
    /** An array of bulk strings, or null (an absent key, e.g. {@code LPOP key count}) as an empty list. */
    final Decoder<List<V>> listOrEmpty;
    /** An array or a RESP3 set of distinct members. */
    final Decoder<Set<V>> set;
    /** Field-value pairs, flat or a RESP3 map, as a map. */
    final Decoder<Map<V, V>> map;
    /** Field-value pairs, flat or nested, as a list of entries (pairs may repeat, as HRANDFIELD's do). */
    final Decoder<List<Map.Entry<V, V>>> pairs;
    /** Members and scores, flat or nested pairs. */
    final Decoder<List<ScoredMember<V>>> scored;
    /** One member and its score ({@code ZPOPMIN} without a count), or null for an empty reply. */
    final Decoder<ScoredMember<V>> oneScored;
    /** {@code SSCAN}'s cursor and members. */
    final Decoder<ScanPage<V>> scan;
    /** {@code HSCAN}'s cursor and field-value entries. */
    final Decoder<ScanPage<Map.Entry<V, V>>> pairScan;
    /** {@code ZSCAN}'s cursor and scored members. */
    final Decoder<ScanPage<ScoredMember<V>>> scoredScan;
    /** {@code LMPOP}'s key and elements, or null. */
    final Decoder<KeyedList<V>> keyedList;
    /** {@code BLPOP}'s key and element, or null. */
    final Decoder<Map.Entry<V, V>> keyedValue;
    /** {@code BZPOPMIN}'s key, member and score, or null. */
    final Decoder<Map.Entry<V, ScoredMember<V>>> keyedMember;
    /** {@code BZMPOP}'s key and scored members, or null. */
    final Decoder<Map.Entry<V, List<ScoredMember<V>>>> keyedMembers;

    private Form(Decoder<V> value, Supplier<Set<V>> newSet, Supplier<Map<V, V>> newMap) {
        this.value = value;
        this.list = reply -> {
            List<?> items = Replies.items(reply);
            List<V> result = new ArrayList<>(items.size());
            for (Object item : items) {
                result.add(value.decode(item));
            }
            return result;
        };
        this.listOrEmpty = reply -> reply == null ? new ArrayList<>(0) : list.decode(reply);
        this.set = reply -> {
            Set<V> result = newSet.get();
            for (Object item : Replies.items(reply)) {
                result.add(value.decode(item));
            }
            return result;
        };
        this.map = reply -> {
            Map<V, V> result = newMap.get();
            forEachPair(reply, (k, v) -> result.put(value.decode(k), value.decode(v)));
            return result;
        };
        this.pairs = reply -> {
            List<Map.Entry<V, V>> result = new ArrayList<>();
            forEachPair(reply, (k, v) -> result.add(Map.entry(value.decode(k), value.decode(v))));
            return result;
        };
        this.scored = reply -> {
            List<ScoredMember<V>> result = new ArrayList<>();
            forEachPair(reply, (m, s) -> result.add(new ScoredMember<>(value.decode(m), Replies.toDouble(s))));
            return result;
        };
        this.oneScored = reply -> {
            List<ScoredMember<V>> all = scored.decode(reply);
            if (all.size() > 1) {
                throw new IllegalStateException(all.size() + " members where at most one was expected");
            }
            return all.isEmpty() ? null : all.get(0);
        };
        this.scan = reply -> scanPage(reply, list);
        this.pairScan = reply -> scanPage(reply, pairs);
        this.scoredScan = reply -> scanPage(reply, scored);
        this.keyedList = reply -> {
            if (reply == null) {
                return null;
            }
            List<?> parts = Replies.list(reply);
            if (parts.size() != 2) {
                throw new IllegalStateException("a reply of " + parts.size() + " elements (expected: key, elements)");
            }
            return new KeyedList<>(value.decode(parts.get(0)), Collections.unmodifiableList(list.decode(parts.get(1))));
        };
        this.keyedValue = reply -> reply == null ? null
                : Map.entry(value.decode(part(reply, 0, 2)), value.decode(part(reply, 1, 2)));
        this.keyedMember = reply -> reply == null ? null : Map.entry(value.decode(part(reply, 0, 3)),
                new ScoredMember<>(value.decode(part(reply, 1, 3)), Replies.toDouble(part(reply, 2, 3))));
        this.keyedMembers = reply -> reply == null ? null : Map.entry(value.decode(part(reply, 0, 2)),
                Collections.unmodifiableList(scored.decode(part(reply, 1, 2))));
    }

    /** Returns element {@code i} of an array reply that must have {@code size} elements. */
    private static Object part(Object reply, int i, int size) {
        List<?> parts = Replies.list(reply);
        if (parts.size() != size) {
            throw new IllegalStateException("a reply of " + parts.size() + " elements (expected: " + size + ")");
        }
        return parts.get(i);
    }

    /** Receives one pair. */
    private interface PairSink {
        void accept(Object first, Object second);
    }

    /** Walks pairs sent flat ({@code a 1 b 2}, or a RESP3 map) or nested ({@code [a 1] [b 2]}, RESP3 arrays). */
    private static void forEachPair(Object reply, PairSink sink) {
        List<?> items = Replies.items(reply);
        if (!items.isEmpty() && items.get(0) instanceof List) {
            for (Object item : items) {
                List<?> pair = Replies.list(item);
                if (pair.size() != 2) {
                    throw new IllegalStateException("a pair of " + pair.size() + " elements (expected: 2)");
                }
                sink.accept(pair.get(0), pair.get(1));
            }
            return;
        }
        if (items.size() % 2 != 0) {
            throw new IllegalStateException("an odd number of elements (" + items.size() + ") where pairs were expected");
        }
        for (int i = 0; i < items.size(); i += 2) {
            sink.accept(items.get(i), items.get(i + 1));
        }
    }

    private static <E> ScanPage<E> scanPage(Object reply, Decoder<List<E>> items) {
        List<?> parts = Replies.list(reply);
        if (parts.size() != 2) {
            throw new IllegalStateException("a scan reply of " + parts.size() + " elements (expected: 2)");
        }
        return new ScanPage<>(Long.parseUnsignedLong(Replies.string(parts.get(0))), items.decode(parts.get(1)));
    }
}
