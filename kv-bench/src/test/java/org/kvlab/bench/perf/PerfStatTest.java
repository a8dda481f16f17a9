package org.kvlab.bench.perf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs the real perf against a real process; skipped, with the probe's reason, where perf cannot count. */
final class PerfStatTest {

    private static void assumePerfWorks() {
        Optional<String> problem = PerfStat.probe();
        problem.ifPresent(p -> System.out.println("PerfStatTest skipped: " + p));
        Assumptions.assumeTrue(problem.isEmpty(), () -> "perf cannot count syscalls here: " + problem.orElseThrow());
    }

    @Test
    void attach_catEchoingTenLines_countsExactlyTenReadsAndTenWritesInTheWindow() throws Exception {
        assumePerfWorks();
        Process cat = new ProcessBuilder("cat").start();
        try (BufferedReader echoed = new BufferedReader(new InputStreamReader(cat.getInputStream(),
                StandardCharsets.US_ASCII))) {
            OutputStream in = cat.getOutputStream();
            // cat's start-up syscalls happen before the window: make it echo once first
            in.write("warm-up\n".getBytes(StandardCharsets.US_ASCII));
            in.flush();
            assertEquals("warm-up", echoed.readLine());
            PerfCounts counts;
            try (PerfStat perf = PerfStat.attach(cat.pid(), PerfStat.SYSCALLS)) {
                for (int i = 0; i < 10; i++) {
                    in.write(("line " + i + "\n").getBytes(StandardCharsets.US_ASCII));
                    in.flush();
                    assertEquals("line " + i, echoed.readLine());
                }
                awaitBlocked(cat.pid());
                counts = perf.stop();
            }
            // counted are the read() entries made in the window: the one returning line 0 was entered before it;
            // those returning lines 1-9, and the one cat is blocked in now, were entered in it. One write() a line.
            assertEquals(10, counts.count("read"));
            assertEquals(10, counts.count("write"));
            assertEquals(20, counts.count(PerfCounts.ALL));
            assertTrue(counts.otherEvents().get(PerfStat.CONTEXT_SWITCHES) >= 10,
                    "cat blocks in each of its 10 reads: " + counts.otherEvents());
            assertTrue(counts.elapsedSeconds() > 0);
            in.close();
        } finally {
            cat.destroy();
            cat.waitFor();
        }
    }

    /** Waits until process {@code pid} sleeps (state S): cat sleeps only in read(), waiting for the next line. */
    private static void awaitBlocked(long pid) throws IOException, InterruptedException {
        Path stat = Path.of("/proc/" + pid + "/stat");
        for (int i = 0; i < 10_000; i++) {
            String text = Files.readString(stat);
            if (text.substring(text.lastIndexOf(')') + 2).startsWith("S")) {
                return;
            }
            Thread.sleep(1);
        }
        throw new AssertionError("cat never blocked in read(): " + Files.readString(stat));
    }

    @Test
    void probe_onAMachineWithPerf_findsNoProblem() {
        assumePerfWorks();

        assertEquals(Optional.empty(), PerfStat.probe());
    }

    @Test
    void probe_withoutPerfOnThePath_saysWhatToInstall(@TempDir Path emptyDir) {
        assertEquals(Optional.of("perf is not installed (not on PATH): install linux-perf (Debian) or "
                + "linux-tools-$(uname -r) (Ubuntu), or perf (Fedora)"), PerfStat.probe(emptyDir.toString(), List.of(emptyDir)));
    }

    @Test
    void probe_tracefsMountedWhenPerfFirstTouchesIt_triesPerfFirstAndFindsNoProblem(@TempDir Path dir)
            throws IOException {
        Path tracing = dir.resolve("tracing");
        // a perf that, like a kernel mounting tracefs lazily, makes the tracepoints appear when it first runs
        fakePerf(dir, "mkdir -p " + tracing.resolve("events/syscalls") + "\necho '1,,syscalls:sys_enter_read,1,100.00,,'");

        assertEquals(Optional.empty(), PerfStat.probe(dir.toString(), List.of(tracing)));
    }

    @Test
    void probe_perfFailsAndNoTracefs_saysWhatPerfSaidAndHowToMountIt(@TempDir Path dir) throws IOException {
        fakePerf(dir, "echo 'event syntax error: unknown tracepoint'\nexit 129");

        String problem = PerfStat.probe(dir.toString(), List.of(dir.resolve("tracing"))).orElseThrow();

        assertTrue(problem.startsWith("perf stat -e syscalls:sys_enter_read did not count (event syntax error: "
                + "unknown tracepoint) and tracefs is not mounted"), problem);
        assertTrue(problem.contains("mount -t tracefs nodev /sys/kernel/tracing"), problem);
    }

    private static void fakePerf(Path dir, String body) throws IOException {
        Path perf = dir.resolve("perf");
        Files.writeString(perf, "#!/bin/sh\n" + body + "\n");
        assertTrue(perf.toFile().setExecutable(true));
    }

    @Test
    void availableSyscalls_keepsOnlyTracepointsThisKernelHas() {
        List<String> found = PerfStat.availableSyscalls(List.of("read", "no_such_syscall"));

        Assumptions.assumeFalse(found.isEmpty(), "tracefs is not readable here");
        assertEquals(List.of("read"), found);
    }

    @Test
    void attach_nonPositivePid_failsSayingWhatWasExpected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> PerfStat.attach(0, PerfStat.SYSCALLS));

        assertEquals("pid: 0 (expected: > 0)", e.getMessage());
    }

    @Test
    void attach_noSyscalls_failsSayingWhatWasExpected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> PerfStat.attach(ProcessHandle.current().pid(), List.of()));

        assertEquals("syscalls: [] (expected: at least one name, e.g. read)", e.getMessage());
    }

    @Test
    void attach_processThatDoesNotExist_failsWithPerfsMessage() throws IOException {
        assumePerfWorks();
        long pid = Long.parseLong(new String(new ProcessBuilder("cat", "/proc/sys/kernel/pid_max").start()
                .getInputStream().readAllBytes(), StandardCharsets.US_ASCII).trim()) + 1;

        IOException e = assertThrows(IOException.class, () -> PerfStat.attach(pid, PerfStat.SYSCALLS));

        assertTrue(e.getMessage().startsWith("perf stat "), e.getMessage());
    }
}
