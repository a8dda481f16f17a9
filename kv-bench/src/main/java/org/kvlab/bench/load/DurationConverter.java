package org.kvlab.bench.load;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine;

/**
 * Reads a duration written as {@code 5s}, {@code 500ms}, {@code 2m} or a plain number of seconds ({@code 5},
 * {@code 0.5}) for picocli options. Stateless and thread-safe.
 */
public final class DurationConverter implements CommandLine.ITypeConverter<Duration> {

    private static final Pattern FORM = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*(ms|s|m|h)?");

    /** Creates the converter. */
    public DurationConverter() {
    }

    /**
     * Parses {@code text}.
     *
     * @throws CommandLine.TypeConversionException naming the expected form
     */
    @Override
    public Duration convert(String text) {
        return parse(text);
    }

    /**
     * Parses {@code text}, e.g. {@code 5s}, {@code 500ms}, {@code 2m}, {@code 1h} or seconds.
     *
     * @throws CommandLine.TypeConversionException naming the expected form
     */
    public static Duration parse(String text) {
        Matcher m = FORM.matcher(text == null ? "" : text.trim());
        if (!m.matches()) {
            throw new CommandLine.TypeConversionException("duration: " + text
                    + " (expected: a number with an optional unit ms, s, m or h, e.g. 5s or 500ms)");
        }
        double amount = Double.parseDouble(m.group(1));
        String unit = m.group(2) == null ? "s" : m.group(2);
        double millis = switch (unit) {
            case "ms" -> amount;
            case "m" -> amount * 60_000;
            case "h" -> amount * 3_600_000;
            default -> amount * 1000;
        };
        return Duration.ofNanos(Math.round(millis * 1_000_000));
    }
}
