package org.kvlab.transport.netty;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.util.concurrent.FastThreadLocal;
import java.nio.ByteBuffer;

/**
 * The bytes of each event loop's current read, copied out of Netty's direct buffer into an array that the server's
 * request parser and the client's reply parser read in place. The server's parser would copy a direct buffer into an
 * array anyway; for the client's it is one copy of the read's bytes instead of new {@code ByteBuffer} objects per
 * read, which a view of the direct buffer costs: a duplicate of a pooled buffer, and a slice too for a derived one,
 * as io_uring's reads are. The array serves one handler call at a time, and no handler keeps a reference to it.
 */
final class LoopInput {

    /** The bytes of a loop's array: a read up to this size is copied there, a larger one into its own array. */
    static final int SIZE = 64 * 1024;

    private static final FastThreadLocal<ByteBuffer> INPUT = new FastThreadLocal<>() {
        @Override
        protected ByteBuffer initialValue() {
            return ByteBuffer.allocate(SIZE);
        }
    };

    private LoopInput() {
    }

    /** Returns the readable bytes of {@code buf} in the calling loop's array, or in their own array if larger. */
    static ByteBuffer of(ByteBuf buf) {
        int length = buf.readableBytes();
        ByteBuffer in = INPUT.get();
        if (length > in.capacity()) {
            return ByteBuffer.wrap(ByteBufUtil.getBytes(buf));
        }
        buf.getBytes(buf.readerIndex(), in.array(), 0, length);
        return in.clear().limit(length);
    }
}
