package org.kvlab.bench.profile;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reads {@code INFO} from a Redis-protocol server over one blocking connection, kept open so that reading it adds
 * no accept or close to a measured window. Not thread-safe.
 */
final class InfoClient implements AutoCloseable {

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;

    /**
     * Connects to {@code address}.
     *
     * @throws IOException if it cannot connect within 5 s
     */
    InfoClient(InetSocketAddress address) throws IOException {
        socket = new Socket();
        socket.connect(address, 5_000);
        socket.setSoTimeout(30_000);
        socket.setTcpNoDelay(true);
        in = new BufferedInputStream(socket.getInputStream());
        out = socket.getOutputStream();
    }

    /**
     * Sends {@code INFO section} and returns its {@code name:value} fields in order (section headers dropped).
     *
     * @throws IOException if the connection fails or the reply is not a bulk string
     */
    Map<String, String> info(String section) throws IOException {
        byte[] name = section.getBytes(StandardCharsets.US_ASCII);
        out.write(("*2\r\n$4\r\nINFO\r\n$" + name.length + "\r\n").getBytes(StandardCharsets.US_ASCII));
        out.write(name);
        out.write('\r');
        out.write('\n');
        out.flush();
        String header = line();
        if (header.startsWith("-")) {
            throw new IOException("INFO " + section + " failed: " + header.substring(1));
        }
        if (!header.startsWith("$") && !header.startsWith("=")) {
            throw new IOException("INFO " + section + ": expected a bulk string, got: " + header);
        }
        int length = Integer.parseInt(header.substring(1));
        byte[] body = in.readNBytes(length + 2);
        if (body.length != length + 2) {
            throw new EOFException("INFO " + section + ": connection closed mid-reply");
        }
        Map<String, String> fields = new LinkedHashMap<>();
        for (String l : new String(body, 0, length, StandardCharsets.UTF_8).split("\r\n")) {
            int colon = l.indexOf(':');
            if (!l.startsWith("#") && colon > 0) {
                fields.put(l.substring(0, colon), l.substring(colon + 1));
            }
        }
        return fields;
    }

    /**
     * Returns the {@code total_commands_processed} of INFO stats' fields {@code stats}.
     *
     * @throws IOException if the field is missing
     */
    static long totalCommandsProcessed(Map<String, String> stats) throws IOException {
        String value = stats.get("total_commands_processed");
        if (value == null) {
            throw new IOException("INFO stats has no total_commands_processed");
        }
        return Long.parseLong(value.trim());
    }

    private String line() throws IOException {
        StringBuilder sb = new StringBuilder();
        int b;
        while ((b = in.read()) != '\n') {
            if (b < 0) {
                throw new EOFException("connection closed before INFO replied");
            }
            if (b != '\r') {
                sb.append((char) b);
            }
        }
        return sb.toString();
    }

    /** Closes the connection. */
    @Override
    public void close() throws IOException {
        socket.close();
    }
}
