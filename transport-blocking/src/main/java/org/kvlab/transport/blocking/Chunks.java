package org.kvlab.transport.blocking;

import java.io.IOException;
import java.io.OutputStream;
import org.kvlab.spi.IoCounters;

/** Writes to a socket stream the way the JDK does, one call per 128 KiB, and counts each call. */
final class Chunks {

    /**
     * The most a {@link java.net.Socket} stream passes to one {@code read} or {@code write} system call
     * ({@code sun.nio.ch.NioSocketImpl.MAX_BUFFER_SIZE}); larger writes are split by the JDK into calls of this size.
     */
    static final int MAX_IO = 128 * 1024;

    private Chunks() {
    }

    /** Writes {@code length} bytes of {@code bytes} from {@code offset}, one counted call per {@link #MAX_IO}. */
    static void write(OutputStream out, byte[] bytes, int offset, int length, IoCounters counters)
            throws IOException {
        int position = offset;
        int end = offset + length;
        while (position < end) {
            int chunk = Math.min(end - position, MAX_IO);
            try {
                out.write(bytes, position, chunk);
            } catch (IOException e) {
                counters.write(0);
                throw e;
            }
            counters.write(chunk);
            position += chunk;
        }
    }
}
