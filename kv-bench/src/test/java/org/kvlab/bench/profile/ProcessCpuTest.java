package org.kvlab.bench.profile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;

/** /proc/PID/stat and the threads' status files read into CPU ticks and context switches. */
final class ProcessCpuTest {

    // a JVM's /proc/PID/stat: its command name holds a space and a parenthesis; utime 1234, stime 567
    private static final String STAT = "4242 (java (main) x) S 1 4242 4242 0 -1 4194560 52011 0 3 0 1234 567 0 0 20 "
            + "0 31 0 420067 3133440 388 18446744073709551615 1 1 0 0 0 0 0 0 0 0 0 0 17 1 0 0 0 0 0";

    private static String status(long voluntary, long involuntary) {
        return "Name:\tjava\nState:\tS (sleeping)\nThreads:\t31\nvoluntary_ctxt_switches:\t" + voluntary
                + "\nnonvoluntary_ctxt_switches:\t" + involuntary + "\n";
    }

    @Test
    void parse_sumsTheSwitchesOfEveryThreadAndTakesTheProcesssCpuTicks() {
        ProcessCpu.Sample s = ProcessCpu.parse(STAT, List.of(status(10, 1), status(300, 20), status(5, 0)));

        assertEquals(new ProcessCpu.Sample(1234, 567, 315, 21), s);
    }

    @Test
    void compilerTicks_sumsTheJitCompilerThreadsOnly() {
        List<String> tasks = List.of(
                "4243 (C2 CompilerThre) S 1 4242 4242 0 -1 0 0 0 0 0 70 5 0 0 20 0 31 0",
                "4244 (C1 CompilerThre) S 1 4242 4242 0 -1 0 0 0 0 0 20 1 0 0 20 0 31 0",
                "4245 (kvlab-nio-0) R 1 4242 4242 0 -1 0 0 0 0 0 900 300 0 0 20 0 31 0",
                "4246 (GC Thread#0) S 1 4242 4242 0 -1 0 0 0 0 0 40 2 0 0 20 0 31 0");

        assertEquals(96, ProcessCpu.compilerTicks(tasks));
    }

    @Test
    void compilerTicks_thisJvm_isCounted() throws IOException {
        assertTrue(ProcessCpu.compilerTicks(ProcessHandle.current().pid()) >= 0);
    }

    @Test
    void minus_givesTheWindowsFigures() {
        ProcessCpu.Sample before = new ProcessCpu.Sample(100, 50, 1_000, 10);
        ProcessCpu.Sample after = new ProcessCpu.Sample(160, 95, 43_002, 12);

        assertEquals(new ProcessCpu.Sample(60, 45, 42_002, 2), after.minus(before));
    }

    @Test
    void parse_truncatedStat_failsSayingWhatWasExpected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ProcessCpu.parse("4242 (java) S 1 2", List.of()));

        assertTrue(e.getMessage().contains("expected: pid (comm) state ... utime stime"), e.getMessage());
    }

    @Test
    void read_thisJvm_countsItsOwnCpuAndSwitches() throws IOException {
        ProcessCpu.Sample s = ProcessCpu.read(ProcessHandle.current().pid());

        // a JVM that has loaded and run this test has used CPU and has threads that have waited
        assertTrue(s.userTicks() + s.systemTicks() > 0, s.toString());
        assertTrue(s.voluntarySwitches() > 0, s.toString());
        assertEquals(1.0 / Long.parseLong(getconf()), ProcessCpu.secondsPerTick());
    }

    private static String getconf() throws IOException {
        Process p = new ProcessBuilder("getconf", "CLK_TCK").start();
        return new String(p.getInputStream().readAllBytes()).trim();
    }
}
