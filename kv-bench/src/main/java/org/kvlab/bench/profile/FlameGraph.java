package org.kvlab.bench.profile;

import com.sun.tools.attach.VirtualMachine;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.kvlab.bench.report.CpuProfile;

/**
 * Records one JVM's CPU for a window with async-profiler ({@code tools.profiler:async-profiler}, whose agent this
 * class extracts from the classpath and loads into the target through the JDK's attach API, as {@code asprof}
 * does): {@link #start} before the window, {@link #stop} after it, which writes an interactive HTML flame graph and
 * returns where the time went. Java and kernel frames come together when perf events are allowed ({@code
 * event=cpu}); where they are not, it falls back to {@code event=itimer} (no kernel frames) and says so. Not
 * thread-safe.
 */
public final class FlameGraph {

    private final long pid;
    private final Path agent;
    private final String event;
    private final String fallback;

    private FlameGraph(long pid, Path agent, String event, String fallback) {
        this.pid = pid;
        this.agent = agent;
        this.event = event;
        this.fallback = fallback;
    }

    /**
     * Starts sampling the CPU of JVM {@code pid}, with perf events when allowed, else with itimer.
     *
     * @throws IOException if the agent is not on the classpath for this platform, or cannot be loaded at all
     */
    public static FlameGraph start(long pid) throws IOException {
        Path agent = Agent.path();
        try {
            load(pid, agent, "start,event=cpu,interval=1ms");
            return new FlameGraph(pid, agent, "cpu", null);
        } catch (IOException cpu) {
            try {
                load(pid, agent, "start,event=itimer,interval=1ms");
            } catch (IOException itimer) {
                itimer.addSuppressed(cpu);
                throw itimer;
            }
            return new FlameGraph(pid, agent, "itimer", "perf events are not allowed here (" + cpu.getMessage()
                    + "), so async-profiler sampled with itimer: Java frames only, no kernel frames; run as root or "
                    + "set kernel.perf_event_paranoid to 1 or lower for both");
        }
    }

    /**
     * Stops sampling and writes the flame graph to {@code html}.
     *
     * @return where the window's samples went, naming {@code html}'s file
     * @throws IOException if the agent fails or its output cannot be read
     */
    public CpuProfile stop(Path html) throws IOException {
        Path collapsed = html.resolveSibling(html.getFileName() + ".collapsed");
        load(pid, agent, "dump,collapsed,file=" + collapsed.toAbsolutePath());
        load(pid, agent, "stop,file=" + html.toAbsolutePath());
        try {
            return breakdown(html.getFileName().toString(), Files.readAllLines(collapsed, StandardCharsets.UTF_8),
                    event, fallback);
        } finally {
            Files.deleteIfExists(collapsed);
        }
    }

    /**
     * Reads collapsed stacks ({@code frame;frame;...;running-frame count} per line, as async-profiler writes them).
     *
     * @param file the flame graph's file name
     * @param event the event sampled
     * @param note why the event is not {@code cpu}, or {@code null}
     * @throws IllegalArgumentException if a line does not end with a count
     */
    static CpuProfile breakdown(String file, List<String> lines, String event, String note) {
        long samples = 0;
        long kernel = 0;
        long gc = 0;
        long jit = 0;
        Map<String, Long> leaves = new LinkedHashMap<>();
        for (String line : lines) {
            if (line.isBlank()) {
                continue;
            }
            int space = line.lastIndexOf(' ');
            long count;
            try {
                count = Long.parseLong(line.substring(space + 1).trim());
            } catch (NumberFormatException | IndexOutOfBoundsException e) {
                throw new IllegalArgumentException("collapsed stack: '" + line + "' (expected: frames COUNT)", e);
            }
            String stack = line.substring(0, Math.max(0, space));
            String leaf = stack.substring(stack.lastIndexOf(';') + 1);
            samples += count;
            if (isGc(stack)) {
                gc += count;
            } else if (stack.contains("CompileBroker::") || stack.contains("C2Compiler::")
                    || stack.contains("Compiler::compile")) {
                jit += count;
            } else if (leaf.endsWith("_[k]")) {
                kernel += count;
            }
            leaves.merge(leaf, count, Long::sum);
        }
        List<Map.Entry<String, Long>> ranked = new ArrayList<>(leaves.entrySet());
        ranked.sort(Map.Entry.<String, Long>comparingByValue().reversed());
        Map<String, Long> top = new LinkedHashMap<>();
        for (Map.Entry<String, Long> e : ranked.subList(0, Math.min(10, ranked.size()))) {
            top.put(e.getKey(), e.getValue());
        }
        return new CpuProfile(file, event, samples, kernel, gc, jit, top, note);
    }

    private static boolean isGc(String stack) {
        return stack.contains("GCTaskThread") || stack.contains("ConcurrentGCThread") || stack.contains("G1")
                || stack.contains("WorkerThread::run") || stack.contains("ZThread") || stack.contains("ShenandoahControl");
    }

    private static void load(long pid, Path agent, String options) throws IOException {
        VirtualMachine vm;
        try {
            vm = VirtualMachine.attach(Long.toString(pid));
        } catch (com.sun.tools.attach.AttachNotSupportedException e) {
            throw new IOException("cannot attach to JVM " + pid + ": " + e.getMessage(), e);
        }
        try {
            vm.loadAgentPath(agent.toString(), options);
        } catch (com.sun.tools.attach.AgentLoadException | com.sun.tools.attach.AgentInitializationException e) {
            throw new IOException("async-profiler " + options.split(",")[0] + " failed in JVM " + pid + ": "
                    + e.getMessage(), e);
        } finally {
            vm.detach();
        }
    }

    /** This platform's libasyncProfiler.so, copied once out of the async-profiler jar into a temporary directory. */
    private static final class Agent {

        private static Path extracted;

        static synchronized Path path() throws IOException {
            if (extracted == null) {
                extracted = extract();
            }
            return extracted;
        }

        private static Path extract() throws IOException {
            String os = System.getProperty("os.name").toLowerCase(Locale.ROOT);
            String arch = System.getProperty("os.arch");
            String platform = !os.contains("linux") ? null
                    : arch.equals("amd64") || arch.equals("x86_64") ? "linux-x64"
                    : arch.equals("aarch64") ? "linux-arm64" : null;
            if (platform == null) {
                throw new IOException("async-profiler has no agent for " + os + " " + arch + " (it has linux-x64 and "
                        + "linux-arm64)");
            }
            String resource = "/" + platform + "/libasyncProfiler.so";
            try (InputStream in = FlameGraph.class.getResourceAsStream(resource)) {
                if (in == null) {
                    throw new IOException(resource + " is not on the classpath: kv-bench needs "
                            + "tools.profiler:async-profiler");
                }
                Path dir = Files.createTempDirectory("kv-bench-async-profiler");
                Path target = dir.resolve("libasyncProfiler.so");
                Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
                // deleted when kv-bench exits, after the servers it loaded into
                dir.toFile().deleteOnExit();
                target.toFile().deleteOnExit();
                return target.toAbsolutePath();
            }
        }
    }
}
