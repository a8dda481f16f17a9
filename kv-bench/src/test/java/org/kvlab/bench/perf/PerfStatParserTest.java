package org.kvlab.bench.perf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

final class PerfStatParserTest {

    @Test
    void parse_seedServerExample_readsCountsTargetAndElapsed() {
        PerfCounts counts = Captures.counts("seed-server.txt");

        assertEquals(Map.of("read", 202L, "write", 203L, "accept", 2L), counts.syscalls());
        assertEquals(List.of("read", "write", "accept"), List.copyOf(counts.syscalls().keySet()));
        assertEquals("'./server'", counts.target());
        assertEquals(74.616471946, counts.elapsedSeconds(), 1e-12);
        assertNull(counts.userSeconds());
    }

    @Test
    void parse_seedClientExampleWithStrayPBeforeHeader_readsCounts() {
        PerfCounts counts = Captures.counts("seed-client.txt");

        assertEquals(Map.of("read", 203L, "write", 402L, "accept", 0L), counts.syscalls());
        assertEquals("'./client'", counts.target());
        assertEquals(0.064291496, counts.elapsedSeconds(), 1e-12);
    }

    @Test
    void parse_humanCaptureWithUserAndSys_readsAllThreeTimesAndRawSyscallsAsAll() {
        PerfCounts counts = Captures.counts("client-pipeline1.txt");

        assertEquals(40_001L, counts.count("recvfrom"));
        assertEquals(200_036L, counts.count("epoll_ctl"));
        assertEquals(295_862L, counts.count(PerfCounts.ALL));
        assertEquals(23, counts.syscalls().size());
        assertEquals(0.939862712, counts.elapsedSeconds(), 1e-12);
        assertEquals(0.039013, counts.userSeconds(), 1e-12);
        assertEquals(0.26008, counts.sysSeconds(), 1e-12);
        assertTrue(counts.target().startsWith("'redis-benchmark -p 16391"));
    }

    @Test
    void parse_csvCapture_readsCountsWithoutElapsed() {
        PerfCounts counts = Captures.counts("server-pipeline16.csv");

        assertEquals(2_530L, counts.count("read"));
        assertEquals(2_501L, counts.count("write"));
        assertEquals(24L, counts.count("accept4"));
        assertEquals(5_748L, counts.count(PerfCounts.ALL));
        assertEquals(23, counts.syscalls().size());
        assertNull(counts.elapsedSeconds());
        assertNull(counts.target());
    }

    @Test
    void parse_notSupportedEvents_keepsThemApartFromCounts() {
        PerfCounts human = Captures.counts("not-supported.txt");
        PerfCounts csv = Captures.counts("not-supported.csv");

        assertEquals(Map.of("cycles", "<not supported>", "instructions", "<not supported>"), human.uncounted());
        assertEquals(Map.of("read", 1L), human.syscalls());
        assertEquals(Map.of("cycles", "<not supported>"), csv.uncounted());
        assertEquals(Map.of("read", 1L), csv.syscalls());
    }

    @Test
    void parse_thousandsSeparatorsOfAnyLocale_readsWholeNumbers() {
        String text = """
                 Performance counter stats for process id '42':

                         1,234,567      syscalls:sys_enter_read
                           203.001      syscalls:sys_enter_write
                             9'999      syscalls:sys_enter_close
                     <not counted>      syscalls:sys_enter_fsync                                      (0.00%)
                              1.25 msec task-clock                       #    0.001 CPUs utilized

                       1.001234567 seconds time elapsed
                """;

        PerfCounts counts = PerfStatParser.parse(text);

        assertEquals(Map.of("read", 1_234_567L, "write", 203_001L, "close", 9_999L), counts.syscalls());
        assertEquals(Map.of("fsync", "<not counted>"), counts.uncounted());
        assertEquals(Map.of("task-clock", 1.25), counts.otherEvents());
        assertEquals(1.001234567, counts.elapsedSeconds(), 1e-12);
    }

    @Test
    void parse_perThreadCsvLines_addsUpTheSameEvent() {
        String text = "10,,syscalls:sys_enter_read,100,100.00,,\n5,,syscalls:sys_enter_read,100,100.00,,\n"
                + "<not counted>,,syscalls:sys_enter_write,0,0.00,,\n";

        PerfCounts counts = PerfStatParser.parse(text);

        assertEquals(Map.of("read", 15L), counts.syscalls());
        assertEquals(Map.of("write", "<not counted>"), counts.uncounted());
    }

    @Test
    void parse_perCpuAndPerThreadColumns_addsUpTheSameEvent() {
        String csv = "CPU0,7,,syscalls:sys_enter_read,100,100.00,,\nCPU1,3,,syscalls:sys_enter_read,100,100.00,,\n"
                + "java-4711,5,,syscalls:sys_enter_write,100,100.00,,\n";
        String human = """
                 Performance counter stats for process id '4711':

                        java-4711                    12      syscalls:sys_enter_read
                        java-4712                     8      syscalls:sys_enter_read
                """;

        assertEquals(Map.of("read", 10L, "write", 5L), PerfStatParser.parse(csv).syscalls());
        assertEquals(Map.of("read", 20L), PerfStatParser.parse(human).syscalls());
    }

    @Test
    void parse_textWithoutCounters_failsSayingWhatWasExpected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> PerfStatParser.parse("hello\nworld\n"));

        assertTrue(e.getMessage().contains("no perf stat counters found"), e.getMessage());
    }

    @Test
    void parse_fileWithoutCounters_namesTheFile(@TempDir Path dir) throws IOException {
        Path file = Files.writeString(dir.resolve("empty.txt"), "");

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> PerfStatParser.parse(file));

        assertTrue(e.getMessage().startsWith(file.toString()), e.getMessage());
    }

    @Test
    void parse_countTooLargeForALong_failsNamingLineAndEvent() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> PerfStatParser.parse("  99999999999999999999  syscalls:sys_enter_read\n"));

        assertEquals("line 1: count of syscalls:sys_enter_read: '99999999999999999999' (expected: a whole number, "
                + "e.g. 1234 or 1,234)", e.getMessage());
    }

    @Test
    void syscallName_mapsTracepointsAndNothingElse() {
        assertEquals("read", PerfStatParser.syscallName("syscalls:sys_enter_read"));
        assertEquals("all", PerfStatParser.syscallName("raw_syscalls:sys_enter"));
        assertNull(PerfStatParser.syscallName("syscalls:sys_exit_read"));
        assertNull(PerfStatParser.syscallName("cycles"));
    }
}
