package org.kvlab.store;

import java.util.Arrays;

/**
 * LZF, the compression RDB uses for strings ({@code rdbcompression yes}): Redis's {@code lzf_c.c} and
 * {@code lzf_d.c}. A compressed stream is a sequence of literal runs (a control byte {@code 0..31}, then that many
 * plus one bytes) and back references (a control byte whose top 3 bits are the length minus 2, 7 meaning a further
 * length byte follows, and whose low 5 bits with the next byte are the distance minus 1). Decompression is stateless
 * and thread-safe; a writer of many strings compresses them through one {@link Compressor}.
 */
final class Lzf {

    private static final int MAX_LITERAL = 32;
    private static final int MAX_OFFSET = 1 << 13;
    private static final int MAX_REFERENCE = (1 << 8) + (1 << 3);
    private static final int HASH_BITS = 14;

    private Lzf() {
    }

    /**
     * Decompresses {@code in} into exactly {@code length} bytes.
     *
     * @throws IllegalArgumentException if {@code in} is not an LZF stream of {@code length} bytes
     */
    static byte[] decompress(byte[] in, int length) {
        byte[] out = new byte[length];
        int ip = 0;
        int op = 0;
        while (ip < in.length) {
            int control = in[ip++] & 0xFF;
            if (control < MAX_LITERAL) {
                int run = control + 1;
                if (op + run > length || ip + run > in.length) {
                    throw new IllegalArgumentException("LZF literal run of " + run + " bytes at input offset "
                            + (ip - 1) + " overflows (output " + op + " of " + length + ", input " + in.length + ")");
                }
                System.arraycopy(in, ip, out, op, run);
                ip += run;
                op += run;
            } else {
                int run = control >>> 5;
                if (ip >= in.length) {
                    throw new IllegalArgumentException("LZF back reference truncated at input offset " + (ip - 1));
                }
                if (run == 7) {
                    run += in[ip++] & 0xFF;
                    if (ip >= in.length) {
                        throw new IllegalArgumentException("LZF back reference truncated at input offset " + ip);
                    }
                }
                int reference = op - ((control & 0x1F) << 8) - 1 - (in[ip++] & 0xFF);
                run += 2;
                if (reference < 0 || op + run > length) {
                    throw new IllegalArgumentException("LZF back reference at input offset " + ip
                            + " points outside the output (distance " + (op - reference) + ", output " + op + " of "
                            + length + ")");
                }
                for (int i = 0; i < run; i++) { // byte by byte: a reference may overlap what it writes
                    out[op++] = out[reference++];
                }
            }
        }
        if (op != length) {
            throw new IllegalArgumentException("LZF stream gives " + op + " bytes (expected: " + length + ")");
        }
        return out;
    }

    /**
     * Compresses {@code in} with a table of its own; returns {@code null} if the result would not be shorter than
     * {@code maxLength} bytes. Many strings in a row go through one {@link Compressor} instead.
     */
    static byte[] compress(byte[] in, int maxLength) {
        Compressor compressor = new Compressor();
        int length = compressor.compress(in, maxLength);
        return length < 0 ? null : Arrays.copyOf(compressor.output(), length);
    }

    /**
     * Compresses strings as Redis does before writing one longer than 20 bytes, reusing its hash table and output
     * buffer from one string to the next: writing an RDB allocates nothing per string (Redis keeps the table on the
     * stack). A table entry holds a position plus the base of the call that stored it, so entries of earlier calls
     * read as empty without clearing the table each time. Not thread-safe.
     */
    static final class Compressor {

        private final int[] table = new int[1 << HASH_BITS];
        /** Added to this call's positions in {@link #table}; anything below it was stored by an earlier call. */
        private int base = 1;
        private byte[] out = new byte[64];

        /**
         * Compresses {@code in} into {@link #output()}; returns the compressed length, or -1 if the result would not
         * be shorter than {@code maxLength} bytes. The output stays valid until the next call.
         */
        int compress(byte[] in, int maxLength) {
            return compress(in, 0, in.length, maxLength);
        }

        /** Compresses {@code length} bytes of {@code in} from {@code offset}, as {@link #compress(byte[], int)}. */
        int compress(byte[] in, int offset, int length, int maxLength) {
            if (maxLength <= 0) {
                return -1;
            }
            if (length >= Integer.MAX_VALUE - base) {
                Arrays.fill(table, 0);
                base = 1;
            }
            if (out.length < maxLength) {
                out = new byte[Math.max(maxLength, Math.min(Integer.MAX_VALUE - 8, out.length * 2))];
            }
            int compressed = compressInto(in, offset, offset + length, maxLength, table, base, out);
            base += length;
            return compressed;
        }

        /** Returns the buffer the last {@link #compress} wrote its result to, from index 0. */
        byte[] output() {
            return out;
        }
    }

    /**
     * Compresses {@code in[start..end)} into {@code out} (at least {@code maxLength} long); returns the length, or -1
     * if it would not be shorter than {@code maxLength} bytes. {@code table} holds positions plus
     * {@code base - start}; entries below {@code base} count as empty.
     */
    private static int compressInto(byte[] in, int start, int end, int maxLength, int[] table, int base,
            byte[] out) {
        int shift = base - start; // a table entry is a position plus this
        int ip = start;
        int op = 1; // room for the first literal run's control byte
        int literal = 0;
        while (ip < end - 2) {
            int hash = hash(in, ip);
            int stored = table[hash];
            int reference = stored - shift;
            table[hash] = ip + shift;
            int distance = ip - reference - 1;
            if (stored >= base && distance < MAX_OFFSET && in[reference] == in[ip]
                    && in[reference + 1] == in[ip + 1] && in[reference + 2] == in[ip + 2]) {
                int maxRun = Math.min(MAX_REFERENCE, end - ip);
                int run = 3;
                while (run < maxRun && in[reference + run] == in[ip + run]) {
                    run++;
                }
                // close the pending literal run (or take back its unused control byte)
                if (literal == 0) {
                    op--;
                } else {
                    out[op - literal - 1] = (byte) (literal - 1);
                }
                int encoded = run - 2;
                int needed = encoded < 7 ? 2 : 3;
                if (op + needed + 1 > maxLength) {
                    return -1;
                }
                if (encoded < 7) {
                    out[op++] = (byte) ((encoded << 5) | (distance >>> 8));
                } else {
                    out[op++] = (byte) ((7 << 5) | (distance >>> 8));
                    out[op++] = (byte) (encoded - 7);
                }
                out[op++] = (byte) distance;
                for (int i = ip + 1; i < ip + run && i < end - 2; i++) {
                    table[hash(in, i)] = i + shift;
                }
                ip += run;
                op++; // the next literal run's control byte
                literal = 0;
            } else {
                if (op >= maxLength) {
                    return -1;
                }
                out[op++] = in[ip++];
                literal++;
                if (literal == MAX_LITERAL) {
                    out[op - literal - 1] = (byte) (MAX_LITERAL - 1);
                    literal = 0;
                    op++;
                }
            }
        }
        while (ip < end) {
            if (op >= maxLength) {
                return -1;
            }
            out[op++] = in[ip++];
            literal++;
            if (literal == MAX_LITERAL) {
                out[op - literal - 1] = (byte) (MAX_LITERAL - 1);
                literal = 0;
                op++;
            }
        }
        if (literal == 0) {
            op--;
        } else {
            out[op - literal - 1] = (byte) (literal - 1);
        }
        if (op > maxLength || op >= end - start) {
            return -1;
        }
        return op;
    }

    private static int hash(byte[] in, int i) {
        int v = (in[i] & 0xFF) << 16 | (in[i + 1] & 0xFF) << 8 | (in[i + 2] & 0xFF);
        return (v * 0x9E3779B1) >>> (32 - HASH_BITS);
    }
}
