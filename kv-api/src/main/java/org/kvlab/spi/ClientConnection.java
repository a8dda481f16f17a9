package org.kvlab.spi;

import java.nio.ByteBuffer;

/** A client-side connection made by a {@link ClientTransport}. Thread-safe. */
public interface ClientConnection extends AutoCloseable {

    /**
     * Sends {@code length} bytes of {@code data} from {@code offset}, in order with earlier sends. The bytes are
     * written or copied before this returns, so the caller may reuse the array. A batch of pipelined requests
     * should be sent with one call: the transport then writes it with one write call where it can.
     *
     * @throws java.io.UncheckedIOException if the connection is closed or the write fails
     */
    void send(byte[] data, int offset, int length);

    /** Returns whether the connection is open. */
    boolean isOpen();

    /** Closes the connection; the handler's {@link Handler#onClose} follows. Idempotent. */
    @Override
    void close();

    /** Receives what a client connection reads. */
    interface Handler {

        /** Consumes every byte of {@code in}, keeping a partial reply in its own state. */
        void onRead(ByteBuffer in);

        /**
         * Called once when the connection has closed.
         *
         * @param cause why, or {@code null} for an orderly close by either side
         */
        void onClose(Throwable cause);
    }
}
