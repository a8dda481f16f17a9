package org.kvlab.store;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import org.kvlab.api.SetOptions;

/**
 * The process {@link CrashTest} kills: {@code CrashWriter DIR POLICY WRITERS} opens a store on {@code DIR} and runs
 * {@code WRITERS} threads, each applying {@link #apply its own sequence of writes} for ever and printing
 * {@code "<writer> <index>"} once write {@code index} is acknowledged (under {@code always}, once
 * {@link org.kvlab.api.KeyValueStore#durable()} completed). Writer 0 ends a turn after each write, as a server's
 * event loop does ({@link KvStore#syncTurn()}: it forces its own writes, and the others' that are buffered); the
 * others wait as an embedded application does (the syncer forces for them). Snapshots run automatically and often.
 */
final class CrashWriter {

    private CrashWriter() {
    }

    public static void main(String[] args) throws InterruptedException {
        Path dir = Path.of(args[0]);
        FsyncPolicy policy = FsyncPolicy.parse(args[1]);
        int writers = Integer.parseInt(args[2]);
        KvStore store = KvStore.builder().dataDirectory(dir).fsync(policy).autoRewriteMinSize(16 * 1024)
                .autoRewritePercentage(50).build();
        Thread[] threads = new Thread[writers];
        for (int t = 0; t < writers; t++) {
            int writer = t;
            threads[t] = new Thread(() -> {
                for (int i = 0; ; i++) {
                    apply(store, writer, i);
                    CompletableFuture<Void> durable = store.durable().toCompletableFuture();
                    if (writer == 0) {
                        store.syncTurn();
                    }
                    durable.join();
                    synchronized (System.out) {
                        System.out.println(writer + " " + i);
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

    /** Applies write {@code index} of {@code writer}: a set, a set with an expiry, a rename or a delete. */
    static void apply(KvStore store, int writer, int index) {
        byte[] key = key(writer, index).getBytes(UTF_8);
        byte[] value = ("value" + index).getBytes(UTF_8);
        switch (index % 4) {
            case 0:
                store.set(key, value);
                break;
            case 1:
                store.set(key, value, new SetOptions(SetOptions.Condition.ALWAYS,
                        store.clock().millis() + 3_600_000, false, false));
                break;
            case 2:
                store.rename(key(writer, index - 2).getBytes(UTF_8), key, false);
                break;
            default:
                store.delete(key(writer, index - 2).getBytes(UTF_8));
                break;
        }
    }

    /** Returns the keys and values of {@code writer} after its first {@code count} writes. */
    static Map<String, String> model(int writer, int count) {
        Map<String, String> model = new TreeMap<>();
        for (int i = 0; i < count; i++) {
            switch (i % 4) {
                case 0:
                case 1:
                    model.put(key(writer, i), "value" + i);
                    break;
                case 2:
                    model.put(key(writer, i), model.remove(key(writer, i - 2)));
                    break;
                default:
                    model.remove(key(writer, i - 2));
                    break;
            }
        }
        return model;
    }
}
