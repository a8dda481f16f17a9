package org.kvlab.testsuite.contract;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/** A blocking loopback socket for tests; reads fail after 30 s rather than hang. */
public final class RawClient implements AutoCloseable {

    public final Socket socket;
    private final InputStream in;
    private final OutputStream out;

    public RawClient(InetSocketAddress address) throws IOException {
        socket = new Socket();
        socket.connect(address, 10_000);
        socket.setSoTimeout(30_000);
        socket.setTcpNoDelay(true);
        in = socket.getInputStream();
        out = socket.getOutputStream();
    }

    public void send(String text) throws IOException {
        send(text.getBytes(StandardCharsets.US_ASCII));
    }

    public void send(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
    }

    /** Reads exactly {@code n} bytes, or fails on end of stream. */
    public byte[] readExactly(int n) throws IOException {
        byte[] bytes = in.readNBytes(n);
        if (bytes.length != n) {
            throw new IOException("end of stream after " + bytes.length + " of " + n + " bytes: "
                    + new String(bytes, StandardCharsets.US_ASCII));
        }
        return bytes;
    }

    public String readAscii(int n) throws IOException {
        return new String(readExactly(n), StandardCharsets.US_ASCII);
    }

    /** Returns whether the peer closed: reads to end of stream, draining anything before it. */
    public boolean readsToEnd() throws IOException {
        byte[] drain = new byte[64 * 1024];
        try {
            while (in.read(drain) >= 0) {
                // drain what was sent before the close
            }
            return true;
        } catch (java.net.SocketException e) {
            return true; // reset by the peer: closed too
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
