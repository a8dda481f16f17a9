package org.kvlab.store;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import org.kvlab.api.ExpireCondition;
import org.kvlab.api.HashEntry;
import org.kvlab.api.Keyspace;
import org.kvlab.api.ListEnd;
import org.kvlab.api.ScoredMember;
import org.kvlab.api.SetOptions;
import org.kvlab.api.ZAddOptions;

/**
 * The process {@link CrashTest} kills: {@code CrashWriter DIR POLICY WRITERS} opens a store on {@code DIR} and runs
 * {@code WRITERS} threads, each applying {@link #apply its own sequence of writes} for ever and printing
 * {@code "<writer> <index>"} once write {@code index} is acknowledged (under {@code always}, once
 * {@link org.kvlab.api.KeyValueStore#durable()} completed). Writer 0 ends a turn after each write, as a server's
 * event loop does ({@link KvStore#syncTurn()}: it forces its own writes, and the others' that are buffered); the
 * others wait as an embedded application does (the syncer forces for them). The last writer makes its writes two by
 * two, each pair one {@link KvStore#atomically} step, and acknowledges both at once, so recovery must hold both
 * writes of a step or neither. Snapshots run automatically and often,
 * and the encoding limits are small, so collections change encoding, and are snapshotted (copied on write) while
 * they change.
 *
 * <p>Each writer's writes cycle through {@value #CYCLE} kinds, on keys named {@code w<writer>:...}: strings (set,
 * set with an expiry, rename, delete), and a hash, lists, sets and a sorted set written through the embedded typed
 * API (HSET, HDEL, HINCRBY, RPUSH, LPOP, LMOVE, SADD, SREM, SMOVE, ZADD, ZINCRBY), a typed key renamed over another,
 * expiries set on and cleared from typed keys, and keys that expire (a string, then a list) right before a typed
 * write creates them anew. {@link #model} predicts every key's type, contents and expiry after any prefix.
 */
final class CrashWriter {

    /** The number of kinds of writes each writer cycles through. */
    static final int CYCLE = 18;
    /** How many writes the last writer makes in each atomic step. */
    static final int STEP = 2;
    /** 2100-01-01T00:00Z: expiries are {@code FAR + index}, so the model knows each one exactly. */
    static final long FAR = 4_102_444_800_000L;

    private CrashWriter() {
    }

    public static void main(String[] args) throws InterruptedException {
        Path dir = Path.of(args[0]);
        FsyncPolicy policy = FsyncPolicy.parse(args[1]);
        int writers = Integer.parseInt(args[2]);
        KvStore store = KvStore.builder().dataDirectory(dir).fsync(policy).autoRewriteMinSize(16 * 1024)
                .autoRewritePercentage(50).build();
        for (String limit : new String[] {"hash-max-listpack-entries", "set-max-intset-entries",
                "zset-max-listpack-entries", "list-max-listpack-size"}) {
            store.encodingLimits().set(limit, "4");
        }
        Thread[] threads = new Thread[writers];
        for (int t = 0; t < writers; t++) {
            int writer = t;
            int step = writer == writers - 1 ? STEP : 1;
            threads[t] = new Thread(() -> {
                for (int i = 0; ; i += step) {
                    int first = i;
                    if (step == 1) {
                        apply(store, writer, i);
                    } else {
                        store.atomically(() -> {
                            for (int j = first; j < first + step; j++) {
                                apply(store, writer, j);
                            }
                            return null;
                        });
                    }
                    CompletableFuture<Void> durable = store.durable().toCompletableFuture();
                    if (writer == 0) {
                        store.syncTurn();
                    }
                    durable.join();
                    StringBuilder acks = new StringBuilder();
                    for (int j = i; j < i + step; j++) {
                        acks.append(writer).append(' ').append(j).append('\n');
                    }
                    synchronized (System.out) {
                        System.out.print(acks); // one write: a step's writes are acknowledged together
                        System.out.flush();
                    }
                }
            });
            threads[t].start();
        }
        for (Thread thread : threads) {
            thread.join();
        }
    }

    static String key(int writer, int index) {
        return "w" + writer + ":" + index;
    }

    static String key(int writer, String name) {
        return "w" + writer + ":" + name;
    }

    private static byte[] b(String s) {
        return s.getBytes(UTF_8);
    }

    /** The field HSET writes in round {@code r}: one of five, so fields are overwritten. */
    private static String field(int r) {
        return "f" + r % 5;
    }

    private static String hashValue(int index) {
        return "v" + index + (index / CYCLE % 6 == 5 ? "x".repeat(70) : "");
    }

    private static String listElement(int index) {
        return "e" + index + (index / CYCLE % 5 == 4 ? "y".repeat(40) : "");
    }

    /** The members SADD adds in round {@code r}: integers (an intset), and a word every fourth round. */
    private static List<String> added(int r) {
        List<String> members = new ArrayList<>(List.of(Integer.toString(r * 3 % 13), Integer.toString(r * 5 % 13 + 1)));
        if (r % 4 == 2) {
            members.add("t" + r);
        }
        return members;
    }

    private static String zsetMember(int r) {
        return "m" + r % 7;
    }

    private static double increment(int r) {
        return r % 2 == 0 ? 0.5 : -1.25;
    }

    /** Applies write {@code index} of {@code writer}, of kind {@code index % CYCLE} (see {@link #model}). */
    static void apply(KvStore store, int writer, int index) {
        int r = index / CYCLE;
        switch (index % CYCLE) {
            case 0:
                store.set(b(key(writer, index)), b("value" + index));
                break;
            case 1:
                store.set(b(key(writer, index)), b("value" + index),
                        new SetOptions(SetOptions.Condition.ALWAYS, FAR + index, false, false));
                break;
            case 2:
                store.rename(b(key(writer, index - 2)), b(key(writer, index)), false);
                break;
            case 3:
                store.delete(b(key(writer, index - 2)));
                break;
            case 4:
                store.hashes().set(b(key(writer, "hash")), List.of(new HashEntry(b(field(r)), b(hashValue(index)))));
                break;
            case 5:
                store.lists().push(b(key(writer, "list")), ListEnd.RIGHT, b(listElement(index)));
                break;
            case 6:
                store.sets().add(b(key(writer, "set")), added(r).stream().map(CrashWriter::b).toArray(byte[][]::new));
                break;
            case 7:
                store.sortedSets().add(b(key(writer, "zset")), ZAddOptions.DEFAULT,
                        List.of(new ScoredMember(b(zsetMember(r)), r % 4)));
                break;
            case 8:
                if (r % 3 == 2) {
                    store.lists().pop(b(key(writer, "list")), ListEnd.LEFT);
                } else {
                    store.lists().push(b(key(writer, "list")), ListEnd.RIGHT, b("p" + index));
                }
                break;
            case 9:
                store.lists().move(b(key(writer, "list")), b(key(writer, "list2")), ListEnd.RIGHT, ListEnd.LEFT);
                break;
            case 10:
                store.sets().remove(b(key(writer, "set")), b(added(r).get(0)));
                break;
            case 11:
                store.sortedSets().incrementBy(b(key(writer, "zset")), b(zsetMember(r * 2)), increment(r));
                break;
            case 12:
                store.sets().move(b(key(writer, "set")), b(key(writer, "set2")), b(added(r).get(1)));
                break;
            case 13:
                if (r % 2 == 0) {
                    store.hashes().delete(b(key(writer, "hash")), b(field(r + 2)));
                } else {
                    store.hashes().incrBy(b(key(writer, "hash")), b("c"), r);
                }
                break;
            case 14:
                if (r % 4 == 3) {
                    store.rename(b(key(writer, "hash")), b(key(writer, "hash2")), false);
                } else {
                    store.hashes().set(b(key(writer, "hash")), List.of(new HashEntry(b("n" + r % 3), b("" + index))));
                }
                break;
            case 15:
                if (r % 3 == 2) {
                    store.expire(b(key(writer, "list2")), FAR + index, ExpireCondition.ALWAYS);
                } else if (r % 3 == 0) {
                    store.expire(b(key(writer, "zset")), FAR + index, ExpireCondition.ALWAYS);
                } else {
                    store.persist(b(key(writer, "zset")));
                }
                break;
            case 16: {
                // a key that expires before the write is acknowledged: a string, or the list case 17 made
                long expiry = store.clock().millis() + 1;
                if (r % 2 == 0) {
                    store.set(b(key(writer, "gone")), b("g" + index),
                            new SetOptions(SetOptions.Condition.ALWAYS, expiry, false, false));
                } else {
                    store.expire(b(key(writer, "gone")), expiry, ExpireCondition.ALWAYS);
                }
                while (store.clock().millis() <= expiry) { // expired once now is past it, as in Redis
                    Thread.onSpinWait();
                }
                break;
            }
            default:
                store.lists().push(b(key(writer, "gone")), ListEnd.RIGHT, b("n" + index));
                break;
        }
    }

    /**
     * Returns the text form ({@link KeyContents}) of every key of {@code writer} after its first {@code count}
     * writes, by key.
     */
    @SuppressWarnings("unchecked")
    static Map<String, String> model(int writer, int count) {
        Model m = new Model();
        for (int i = 0; i < count; i++) {
            int r = i / CYCLE;
            switch (i % CYCLE) {
                case 0:
                    m.setString(key(writer, i), "value" + i, Keyspace.NO_EXPIRY);
                    break;
                case 1:
                    m.setString(key(writer, i), "value" + i, FAR + i);
                    break;
                case 2:
                    m.rename(key(writer, i - 2), key(writer, i));
                    break;
                case 3:
                    m.delete(key(writer, i - 2));
                    break;
                case 4:
                    m.<TreeMap<String, String>>collection(key(writer, "hash"), new TreeMap<>())
                            .put(field(r), hashValue(i));
                    break;
                case 5:
                    m.<List<String>>collection(key(writer, "list"), new ArrayList<>()).add(listElement(i));
                    break;
                case 6:
                    m.<TreeSet<String>>collection(key(writer, "set"), new TreeSet<>()).addAll(added(r));
                    break;
                case 7:
                    m.<Map<String, Double>>collection(key(writer, "zset"), new HashMap<>())
                            .put(zsetMember(r), (double) (r % 4));
                    break;
                case 8:
                    if (r % 3 == 2) {
                        m.<List<String>>existing(key(writer, "list")).remove(0);
                    } else {
                        m.<List<String>>collection(key(writer, "list"), new ArrayList<>()).add("p" + i);
                    }
                    break;
                case 9: {
                    List<String> list = m.existing(key(writer, "list"));
                    String moved = list.remove(list.size() - 1);
                    m.<List<String>>collection(key(writer, "list2"), new ArrayList<>()).add(0, moved);
                    break;
                }
                case 10:
                    m.<TreeSet<String>>existing(key(writer, "set")).remove(added(r).get(0));
                    break;
                case 11:
                    m.<Map<String, Double>>collection(key(writer, "zset"), new HashMap<>())
                            .merge(zsetMember(r * 2), increment(r), Double::sum);
                    break;
                case 12: {
                    // SREM may have emptied the set: SMOVE from no set moves nothing
                    TreeSet<String> set = (TreeSet<String>) m.values.get(key(writer, "set"));
                    if (set != null && set.remove(added(r).get(1))) {
                        m.<TreeSet<String>>collection(key(writer, "set2"), new TreeSet<>()).add(added(r).get(1));
                    }
                    break;
                }
                case 13:
                    if (r % 2 == 0) {
                        m.<TreeMap<String, String>>existing(key(writer, "hash")).remove(field(r + 2));
                    } else {
                        m.<TreeMap<String, String>>existing(key(writer, "hash"))
                                .merge("c", Integer.toString(r), (a, b) -> Long.toString(Long.parseLong(a) + r));
                    }
                    break;
                case 14:
                    if (r % 4 == 3) {
                        m.rename(key(writer, "hash"), key(writer, "hash2"));
                    } else {
                        m.<TreeMap<String, String>>existing(key(writer, "hash")).put("n" + r % 3, "" + i);
                    }
                    break;
                case 15:
                    if (r % 3 == 2) {
                        m.expire(key(writer, "list2"), FAR + i);
                    } else {
                        m.expire(key(writer, "zset"), r % 3 == 0 ? FAR + i : Keyspace.NO_EXPIRY);
                    }
                    break;
                case 16:
                    if (r % 2 == 1 && m.values.get(key(writer, "gone")) == null) {
                        throw new IllegalStateException("write " + i + " expires an absent key");
                    }
                    m.delete(key(writer, "gone"));
                    break;
                default:
                    m.<List<String>>collection(key(writer, "gone"), new ArrayList<>()).add("n" + i);
                    break;
            }
            m.dropEmpty();
        }
        return m.describe();
    }

    /** One writer's keys as plain Java values, with Redis's rules for types, emptied collections and expiries. */
    private static final class Model {

        /** A {@link String}, or a hash, list, set or sorted set as a TreeMap, List, TreeSet or member-score Map. */
        final Map<String, Object> values = new TreeMap<>();
        final Map<String, Long> expiries = new HashMap<>();

        void setString(String key, String value, long expiry) {
            values.put(key, value);
            expiry(key, expiry);
        }

        void delete(String key) {
            values.remove(key);
            expiries.remove(key);
        }

        void rename(String source, String target) {
            Object value = values.remove(source);
            if (value == null) {
                throw new IllegalStateException("rename of the absent key " + source);
            }
            Long expiry = expiries.remove(source);
            values.put(target, value);
            expiry(target, expiry == null ? Keyspace.NO_EXPIRY : expiry);
        }

        void expire(String key, long expiry) {
            if (!values.containsKey(key)) {
                throw new IllegalStateException("expiry of the absent key " + key);
            }
            expiry(key, expiry);
        }

        private void expiry(String key, long expiry) {
            if (expiry == Keyspace.NO_EXPIRY) {
                expiries.remove(key);
            } else {
                expiries.put(key, expiry);
            }
        }

        /** Returns the collection at {@code key}, creating it from {@code empty} (without expiry) if absent. */
        @SuppressWarnings("unchecked")
        <C> C collection(String key, C empty) {
            return (C) values.computeIfAbsent(key, k -> empty);
        }

        /** Returns the collection at {@code key}, which the writes leave there whenever they use it this way. */
        @SuppressWarnings("unchecked")
        <C> C existing(String key) {
            C value = (C) values.get(key);
            if (value == null) {
                throw new IllegalStateException("no collection at " + key);
            }
            return value;
        }

        /** Removes the emptied collections, as the store does. */
        void dropEmpty() {
            values.entrySet().removeIf(e -> e.getValue() instanceof Collection
                    && ((Collection<?>) e.getValue()).isEmpty()
                    || e.getValue() instanceof Map && ((Map<?, ?>) e.getValue()).isEmpty());
            expiries.keySet().retainAll(values.keySet());
        }

        @SuppressWarnings("unchecked")
        Map<String, String> describe() {
            Map<String, String> out = new TreeMap<>();
            values.forEach((key, value) -> {
                String body;
                if (value instanceof String) {
                    body = KeyContents.string((String) value);
                } else if (value instanceof TreeMap) {
                    body = KeyContents.hash((Map<String, String>) value);
                } else if (value instanceof List) {
                    body = KeyContents.list((List<String>) value);
                } else if (value instanceof TreeSet) {
                    body = KeyContents.set((TreeSet<String>) value);
                } else {
                    body = KeyContents.zset((Map<String, Double>) value);
                }
                out.put(key, KeyContents.withExpiry(body, expiries.getOrDefault(key, Keyspace.NO_EXPIRY)));
            });
            return out;
        }
    }
}
