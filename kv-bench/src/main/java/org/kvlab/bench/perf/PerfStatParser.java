package org.kvlab.bench.perf;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses {@code perf stat} output: the human format ({@code perf stat -e ...}, as printed or written with {@code
 * -o}) and the CSV format ({@code perf stat -x, ...}). Stateless and thread-safe.
 *
 * <p>Human format: a header containing "Performance counter stats for TARGET:" (anything before it on the line is
 * ignored, as in the seed's "P Performance counter stats" line), one line per event — a count, optionally with
 * thousands separators ({@code 1,234}, {@code 1.234} or {@code 1'234}, by locale) and a unit, then the event name —
 * or {@code <not counted>} / {@code <not supported>} in place of the count, and the "seconds time elapsed",
 * "seconds user" and "seconds sys" lines. CSV: {@code value,unit,event,...} per line, {@code #} lines ignored.
 * Counts of the same event on several lines — per CPU ({@code -A}, lines starting {@code CPU0}) or per thread
 * ({@code --per-thread}, lines starting {@code comm-tid}) — are added up.
 */
public final class PerfStatParser {

    private static final String SYSCALL_PREFIX = "syscalls:sys_enter_";
    private static final String RAW_SYSCALLS = "raw_syscalls:sys_enter";
    private static final Pattern HEADER = Pattern.compile("Performance counter stats for (.*?):?\\s*$");
    private static final Pattern TIME = Pattern.compile(
            "^\\s*([0-9][0-9.,']*)\\s+(?:\\+-\\s*\\S+\\s+)?seconds (time elapsed|user|sys)\\b");
    private static final Pattern HUMAN_EVENT = Pattern.compile(
            "^\\s*(?:(?:CPU[0-9]+|\\S+-[0-9]+)\\s+)?(<not counted>|<not supported>|[0-9][0-9.,']*)\\s+"
            + "(?:(msec|usec|nsec|ns|us|ms|sec|seconds|Joules|"
            + "MiB|KiB|B)\\s+)?([A-Za-z_][\\w:./=,\\-]*?/?)(?:\\s.*)?$");
    private static final Pattern GROUPED_INTEGER = Pattern.compile("[0-9]{1,3}([,.'])[0-9]{3}(\\1[0-9]{3})*");

    private PerfStatParser() {
    }

    /**
     * Parses the file at {@code path}.
     *
     * @throws IOException if it cannot be read
     * @throws IllegalArgumentException if it holds no perf stat counters
     * @throws NullPointerException if {@code path} is {@code null}
     */
    public static PerfCounts parse(Path path) throws IOException {
        try {
            return parse(Files.readString(path, StandardCharsets.UTF_8));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(path + ": " + e.getMessage(), e);
        }
    }

    /**
     * Parses {@code text}, detecting the format line by line.
     *
     * @throws IllegalArgumentException if it holds no perf stat counters
     * @throws NullPointerException if {@code text} is {@code null}
     */
    public static PerfCounts parse(String text) {
        String target = null;
        Map<String, Long> syscalls = new LinkedHashMap<>();
        Map<String, Double> other = new LinkedHashMap<>();
        Map<String, String> uncounted = new LinkedHashMap<>();
        Double elapsed = null;
        Double user = null;
        Double sys = null;
        int lineNumber = 0;
        for (String line : text.split("\r?\n", -1)) {
            lineNumber++;
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            Matcher header = HEADER.matcher(line);
            if (header.find()) {
                target = header.group(1).trim();
                continue;
            }
            Matcher time = TIME.matcher(line);
            if (time.find()) {
                double seconds = decimal(time.group(1), lineNumber);
                switch (time.group(2)) {
                    case "time elapsed" -> elapsed = seconds;
                    case "user" -> user = seconds;
                    default -> sys = seconds;
                }
                continue;
            }
            String value;
            String event;
            boolean fractional;
            int csvShift = csvShift(line);
            if (csvShift >= 0) {
                String[] fields = line.split(",", -1);
                value = fields[csvShift].trim();
                event = fields[csvShift + 2].trim();
                fractional = value.contains(".");
            } else {
                Matcher m = HUMAN_EVENT.matcher(line);
                if (!m.matches()) {
                    continue;
                }
                value = m.group(1);
                event = m.group(3);
                fractional = m.group(2) != null;
            }
            if (event.isEmpty()) {
                continue;
            }
            String syscall = syscallName(event);
            if (value.startsWith("<")) {
                uncounted.put(syscall != null ? syscall : event, value);
                continue;
            }
            if (syscall != null) {
                syscalls.merge(syscall, integer(value, event, lineNumber), Long::sum);
            } else {
                double number = fractional ? decimal(value, lineNumber) : integer(value, event, lineNumber);
                other.merge(event, number, Double::sum);
            }
        }
        if (syscalls.isEmpty() && other.isEmpty() && uncounted.isEmpty()) {
            throw new IllegalArgumentException("no perf stat counters found (expected lines such as "
                    + "'202  syscalls:sys_enter_read' or, with -x, '202,,syscalls:sys_enter_read,...')");
        }
        return new PerfCounts(target, syscalls, other, uncounted, elapsed, user, sys);
    }

    /**
     * Returns the short name of a syscall event: {@code read} for {@code syscalls:sys_enter_read}, {@value
     * PerfCounts#ALL} for {@code raw_syscalls:sys_enter}, {@code null} for any other event.
     *
     * @throws NullPointerException if {@code event} is {@code null}
     */
    public static String syscallName(String event) {
        if (event.equals(RAW_SYSCALLS)) {
            return PerfCounts.ALL;
        }
        if (event.startsWith(SYSCALL_PREFIX) && event.length() > SYSCALL_PREFIX.length()) {
            return event.substring(SYSCALL_PREFIX.length());
        }
        return null;
    }

    /**
     * Returns where the value is in a CSV line — 0, or 1 when a CPU ({@code -A}) or thread ({@code --per-thread})
     * column comes first — or -1 when the line is not CSV.
     */
    private static int csvShift(String line) {
        String[] fields = line.split(",", -1);
        for (int shift = 0; shift <= 1; shift++) {
            if (fields.length >= shift + 3 && isValue(fields[shift].trim()) && !fields[shift + 2].isBlank()
                    && !fields[shift + 2].trim().contains(" ")) {
                return shift;
            }
        }
        return -1;
    }

    private static boolean isValue(String field) {
        return field.equals("<not counted>") || field.equals("<not supported>") || field.matches("[0-9]+(\\.[0-9]+)?");
    }

    private static long integer(String value, String event, int lineNumber) {
        String digits = GROUPED_INTEGER.matcher(value).matches() ? value.replaceAll("[,.']", "") : value;
        try {
            return Long.parseLong(digits);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(String.format(Locale.ROOT,
                    "line %d: count of %s: '%s' (expected: a whole number, e.g. 1234 or 1,234)",
                    lineNumber, event, value), e);
        }
    }

    /** A number printed with a fraction ({@code %f}): the decimal mark is '.' or, in some locales, ','. */
    private static double decimal(String value, int lineNumber) {
        String plain = value.replace("'", "");
        if (plain.indexOf('.') < 0 && plain.indexOf(',') == plain.lastIndexOf(',')) {
            plain = plain.replace(',', '.');
        } else {
            plain = plain.indexOf('.') < plain.lastIndexOf(',')
                    ? plain.replace(".", "").replace(',', '.') : plain.replace(",", "");
        }
        try {
            return Double.parseDouble(plain);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(String.format(Locale.ROOT,
                    "line %d: '%s' (expected: a number)", lineNumber, value), e);
        }
    }
}
