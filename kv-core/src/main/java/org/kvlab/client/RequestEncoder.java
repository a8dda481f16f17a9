package org.kvlab.client;

import java.nio.charset.StandardCharsets;
import org.kvlab.spi.OutputBuffer;

/**
 * Encodes a command as a RESP multibulk into a reused {@link OutputBuffer}. Arguments are {@code byte[]} (sent as
 * is) or {@code String} (sent as UTF-8; ASCII strings without an intermediate array). The arguments are checked
 * before anything is written, so a rejected command leaves the buffer as it was. Stateless.
 */
final class RequestEncoder {

    private RequestEncoder() {
    }

    /**
     * Appends {@code args} as one command.
     *
     * @throws IllegalArgumentException if {@code args} is empty or holds something other than byte[] and String
     * @throws NullPointerException if an argument is {@code null}
     */
    static void encode(OutputBuffer out, Object[] args) {
        check(args);
        encodeChecked(out, args);
    }

    /** Appends {@code args}, which {@link #check} accepted, as one command. */
    static void encodeChecked(OutputBuffer out, Object[] args) {
        out.write('*');
        out.writeDecimal(args.length);
        out.write('\r');
        out.write('\n');
        for (Object arg : args) {
            if (arg instanceof byte[] bytes) {
                bulk(out, bytes);
            } else {
                String s = (String) arg;
                if (isAscii(s)) {
                    header(out, s.length());
                    out.writeAscii(s);
                    out.write('\r');
                    out.write('\n');
                } else {
                    bulk(out, s.getBytes(StandardCharsets.UTF_8));
                }
            }
        }
    }

    /**
     * Checks that {@code args} is a command that can be encoded.
     *
     * @throws IllegalArgumentException if {@code args} is empty or holds something other than byte[] and String
     * @throws NullPointerException if an argument is {@code null}
     */
    static void check(Object[] args) {
        if (args.length == 0) {
            throw new IllegalArgumentException("args: empty (expected: a command name and its arguments)");
        }
        for (int i = 0; i < args.length; i++) {
            Object arg = args[i];
            if (arg == null) {
                throw new NullPointerException("args[" + i + "] is null");
            }
            if (!(arg instanceof byte[]) && !(arg instanceof String)) {
                throw new IllegalArgumentException("args[" + i + "]: " + arg.getClass().getName()
                        + " (expected: byte[] or String)");
            }
        }
    }

    private static void bulk(OutputBuffer out, byte[] bytes) {
        header(out, bytes.length);
        out.write(bytes, 0, bytes.length);
        out.write('\r');
        out.write('\n');
    }

    private static void header(OutputBuffer out, int length) {
        out.write('$');
        out.writeDecimal(length);
        out.write('\r');
        out.write('\n');
    }

    private static boolean isAscii(String s) {
        for (int i = 0, n = s.length(); i < n; i++) {
            if (s.charAt(i) >= 0x80) {
                return false;
            }
        }
        return true;
    }
}
