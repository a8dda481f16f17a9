package org.kvlab.testsuite;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;

/** A plain socket that writes raw bytes and reads raw replies, for tests of exact wire behaviour. */
public final class RawClient implements AutoCloseable {

    private final Socket socket;
    private final InputStream in;

    /** Connects to {@code address} with a 10 s read timeout. */
    public RawClient(InetSocketAddress address) {
        try {
            socket = new Socket(address.getAddress(), address.getPort());
            socket.setSoTimeout(10_000);
            socket.setTcpNoDelay(true);
            in = socket.getInputStream();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Writes {@code bytes} with one call. */
    public RawClient send(byte[] bytes) {
        try {
            socket.getOutputStream().write(bytes);
            return this;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Writes {@code text} as ISO-8859-1 bytes with one call. */
    public RawClient send(String text) {
        return send(text.getBytes(StandardCharsets.ISO_8859_1));
    }

    /** Reads exactly {@code length} bytes and returns them as ISO-8859-1 text. */
    public String read(int length) {
        try {
            byte[] buf = in.readNBytes(length);
            if (buf.length < length) {
                throw new AssertionError("connection closed after " + buf.length + " of " + length + " bytes: "
                        + new String(buf, StandardCharsets.ISO_8859_1));
            }
            return new String(buf, StandardCharsets.ISO_8859_1);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Reads exactly {@code length} bytes as ISO-8859-1 text, or returns {@code null} if the peer closed first. */
    public String readOrClosed(int length) {
        try {
            byte[] buf = in.readNBytes(length);
            if (buf.length == 0) {
                return null;
            }
            if (buf.length < length) {
                throw new AssertionError("connection closed after " + buf.length + " of " + length + " bytes");
            }
            return new String(buf, StandardCharsets.ISO_8859_1);
        } catch (IOException e) {
            return null; // reset by the peer that closed
        }
    }

    /** Reads until the peer closes, at most 10 s, and returns what arrived. */
    public String readUntilClosed() {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        byte[] buf = new byte[8192];
        try {
            int n;
            while ((n = in.read(buf)) >= 0) {
                all.write(buf, 0, n);
            }
        } catch (SocketTimeoutException e) {
            throw new AssertionError("server did not close the connection; received: "
                    + all.toString(StandardCharsets.ISO_8859_1));
        } catch (IOException e) {
            // a reset after the server closed counts as closed
        }
        return all.toString(StandardCharsets.ISO_8859_1);
    }

    /** Half-closes: no more bytes will be sent, replies can still be read. */
    public void shutdownOutput() {
        try {
            socket.shutdownOutput();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Encodes one command as a RESP multibulk. */
    public static String command(String... args) {
        StringBuilder sb = new StringBuilder().append('*').append(args.length).append("\r\n");
        for (String arg : args) {
            sb.append('$').append(arg.getBytes(StandardCharsets.ISO_8859_1).length).append("\r\n").append(arg)
                    .append("\r\n");
        }
        return sb.toString();
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
