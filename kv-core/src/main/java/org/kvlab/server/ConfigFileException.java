package org.kvlab.server;

import java.io.IOException;
import java.nio.file.Path;

/**
 * A line of a configuration file that cannot be used: {@link #report(String, Path)} says which and why in Redis's words, as
 * {@code redis-server} prints a bad configuration file before it exits 1.
 */
public final class ConfigFileException extends IOException {

    private static final long serialVersionUID = 1L;

    private final Path file;
    private final int line;
    private final String text;
    private final String reason;

    /**
     * Creates the error for line {@code line} (from 1) of {@code file}, written {@code text}, refused for
     * {@code reason}.
     */
    public ConfigFileException(Path file, int line, String text, String reason) {
        super(file + ", line " + line + ": '" + text + "': " + reason);
        this.file = file;
        this.line = line;
        this.text = text;
        this.reason = reason;
    }

    /** Returns the file the line is in. */
    public Path file() {
        return file;
    }

    /** Returns the line number, from 1. */
    public int line() {
        return line;
    }

    /** Returns why the line was refused, in Redis's words where Redis has them. */
    public String reason() {
        return reason;
    }

    /**
     * Returns the report Redis prints for a bad configuration line, {@code server} in place of its version:
     * <pre>
     * *** FATAL CONFIG FILE ERROR (kvlab) ***
     * Reading the configuration file, at line 3
     * &gt;&gt;&gt; 'foo bar'
     * Bad directive or wrong number of arguments
     * </pre>
     * (with an empty line first, as Redis's). The line of an included file names that file.
     *
     * @param server what goes in the parentheses, such as {@code kvlab 0.1.0}
     * @param mainFile the file the server was given, whose lines are not named by file
     */
    public String report(String server, Path mainFile) {
        String where = file.equals(mainFile) ? "" : " " + file;
        return String.format("%n*** FATAL CONFIG FILE ERROR (%s) ***%nReading the configuration file%s, at line %d%n"
                + ">>> '%s'%n%s%n", server, where, line, text, reason);
    }
}
