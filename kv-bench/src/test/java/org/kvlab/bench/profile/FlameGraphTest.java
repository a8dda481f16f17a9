package org.kvlab.bench.profile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.kvlab.bench.report.CpuProfile;

/** Collapsed stacks, as async-profiler dumps them, read into where the CPU went. */
final class FlameGraphTest {

    private static final List<String> STACKS = List.of(
            "java/lang/Thread.run;org/kvlab/server/Loop.run;sun/nio/ch/SocketDispatcher.read0;read;"
                    + "entry_SYSCALL_64_[k];tcp_recvmsg_[k] 40",
            "java/lang/Thread.run;org/kvlab/server/Loop.run;org/kvlab/resp/RespParser.parse 25",
            "java/lang/Thread.run;org/kvlab/server/Loop.run;sun/nio/ch/SocketDispatcher.write0;write;"
                    + "entry_SYSCALL_64_[k];tcp_sendmsg_[k] 20",
            "thread_start;GCTaskThread::run;G1ParEvacuateFollowersClosure::do_void 10",
            "thread_start;JavaThread::thread_main_inner;CompileBroker::compiler_thread_loop;C2Compiler::compile_method 5",
            "");

    @Test
    void breakdown_splitsKernelGcJitAndJavaAndRanksTheRunningFrames() {
        CpuProfile p = FlameGraph.breakdown("flame-nio.html", STACKS, "cpu", null);

        assertEquals(100, p.samples());
        assertEquals(60, p.kernel(), "tcp_recvmsg and tcp_sendmsg run in the kernel");
        assertEquals(10, p.gc());
        assertEquals(5, p.jit());
        assertEquals(25, p.java());
        assertEquals(Map.of("tcp_recvmsg_[k]", 40L, "org/kvlab/resp/RespParser.parse", 25L, "tcp_sendmsg_[k]", 20L,
                "G1ParEvacuateFollowersClosure::do_void", 10L, "C2Compiler::compile_method", 5L), p.topFrames());
        assertEquals("tcp_recvmsg_[k]", p.topFrames().keySet().iterator().next());
        assertEquals(60.0, p.percent(p.kernel()));
    }

    @Test
    void breakdown_lineWithoutACount_failsQuotingIt() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> FlameGraph.breakdown("f.html", List.of("a;b;c"), "cpu", null));

        assertEquals("collapsed stack: 'a;b;c' (expected: frames COUNT)", e.getMessage());
    }
}
