package org.kvlab.bench.perf;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * What one {@code perf stat} output says: syscall counts by name, other events, events perf could not count, and
 * the times it printed. Immutable; maps keep perf's order.
 *
 * <p>Syscall names drop the tracepoint prefix: {@code syscalls:sys_enter_read} is {@code read}, and
 * {@code raw_syscalls:sys_enter} (every syscall) is {@value #ALL}.
 *
 * @param target what perf measured, as its header names it (e.g. {@code './server'}, {@code process id '42'}), or
 *     {@code null} when the output has no header (CSV)
 * @param syscalls syscall name to count; never {@code null}
 * @param otherEvents every other counted event (e.g. {@code task-clock}) to its value; never {@code null}
 * @param uncounted event to perf's reason ({@code <not counted>}, {@code <not supported>}) for events that have
 *     no count, syscalls named as in {@code syscalls}, other events by their full name; never {@code null}
 * @param elapsedSeconds "seconds time elapsed", or {@code null} when absent (CSV output never has it)
 * @param userSeconds "seconds user", or {@code null} when absent
 * @param sysSeconds "seconds sys", or {@code null} when absent
 */
public record PerfCounts(String target, Map<String, Long> syscalls, Map<String, Double> otherEvents,
        Map<String, String> uncounted, Double elapsedSeconds, Double userSeconds, Double sysSeconds) {

    /** The name of the {@code raw_syscalls:sys_enter} count: every syscall the target made. */
    public static final String ALL = "all";

    /**
     * Copies the maps, keeping their order.
     *
     * @throws NullPointerException if a map is {@code null}
     */
    public PerfCounts {
        syscalls = Collections.unmodifiableMap(new LinkedHashMap<>(Objects.requireNonNull(syscalls, "syscalls")));
        otherEvents = Collections.unmodifiableMap(new LinkedHashMap<>(
                Objects.requireNonNull(otherEvents, "otherEvents")));
        uncounted = Collections.unmodifiableMap(new LinkedHashMap<>(Objects.requireNonNull(uncounted, "uncounted")));
    }

    /** Returns the count of syscall {@code name}, 0 when it was not counted. */
    public long count(String name) {
        return syscalls.getOrDefault(name, 0L);
    }

    /** Returns a copy with {@code seconds} as the elapsed time (used when perf did not print one). */
    public PerfCounts withElapsedSeconds(Double seconds) {
        return new PerfCounts(target, syscalls, otherEvents, uncounted, seconds, userSeconds, sysSeconds);
    }
}
