package org.kvlab.testsuite;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * This JVM's open file descriptors, used heap and live threads at one moment, to check that a test gives back
 * what it took. Descriptors are counted in {@code /proc/self/fd} (Linux; elsewhere they are not checked), the heap
 * after {@link System#gc()} with a tolerance for what the JVM itself allocates meanwhile. Not thread-safe.
 */
final class ResourceBaseline {

    /** Heap the JVM may gain between two samples without a test having kept anything. */
    static final long HEAP_TOLERANCE = 16L * 1024 * 1024;

    private static final Path FDS = Path.of("/proc/self/fd");

    private final TreeMap<Integer, String> fds;
    private final long heap;
    private final int threads;

    private ResourceBaseline(TreeMap<Integer, String> fds, long heap, int threads) {
        this.fds = fds;
        this.heap = heap;
        this.threads = threads;
    }

    /** Samples descriptors, heap (after a GC) and threads now. */
    static ResourceBaseline capture() {
        return new ResourceBaseline(openFds(), usedHeapAfterGc(), threadCount());
    }

    /** Returns the heap used now, after a GC, in bytes. */
    static long usedHeapAfterGc() {
        System.gc();
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    /**
     * Waits up to 10 s for descriptors to be back to the captured set, the heap within {@link #HEAP_TOLERANCE} of
     * its captured size and, if {@code threadsToo}, the thread count back to its captured value.
     *
     * @throws AssertionError naming what was not given back
     */
    void assertRestored(boolean threadsToo) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (true) {
            List<String> problems = new ArrayList<>();
            TreeMap<Integer, String> now = openFds();
            if (now.size() > fds.size()) {
                TreeMap<Integer, String> extra = new TreeMap<>(now);
                extra.keySet().removeAll(fds.keySet());
                problems.add("open descriptors: " + now.size() + " (baseline " + fds.size() + "), new: " + extra);
            }
            long usedHeap = usedHeapAfterGc();
            if (usedHeap > heap + HEAP_TOLERANCE) {
                problems.add("heap used: " + usedHeap + " bytes (baseline " + heap + " + tolerance "
                        + HEAP_TOLERANCE + ")");
            }
            int threadsNow = threadCount();
            if (threadsToo && threadsNow > threads) {
                problems.add("live threads: " + threadsNow + " (baseline " + threads + ")");
            }
            if (problems.isEmpty()) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("resources not given back within 10 s: " + problems);
            }
            sleep(50);
        }
    }

    private static int threadCount() {
        return ManagementFactory.getThreadMXBean().getThreadCount();
    }

    /** Descriptor number to what it points at; the listing's own descriptor is left out. */
    private static TreeMap<Integer, String> openFds() {
        TreeMap<Integer, String> open = new TreeMap<>();
        if (!Files.isDirectory(FDS)) {
            return open;
        }
        try (Stream<Path> list = Files.list(FDS)) {
            for (Path fd : (Iterable<Path>) list::iterator) {
                String target;
                try {
                    target = Files.readSymbolicLink(fd).toString();
                } catch (IOException e) {
                    continue; // closed while listing: the listing's own descriptor, or one closing now
                }
                open.put(Integer.parseInt(fd.getFileName().toString()), target);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return open;
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
