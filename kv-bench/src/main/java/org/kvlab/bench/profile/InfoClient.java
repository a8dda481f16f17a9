package org.kvlab.bench.profile;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads {@code INFO} from one Redis-protocol server, or from several at once — the nodes behind a proxy, which answers
 * no INFO itself — over one blocking connection to each, kept open so that reading it adds no accept or close to a
 * measured window. Not thread-safe.
 */
final class InfoClient implements AutoCloseable {

    private final List<Connection> connections = new ArrayList<>();

    /**
     * Connects to each of {@code addresses}.
     *
     * @throws IOException if one cannot be reached within 5 s
     */
    InfoClient(List<InetSocketAddress> addresses) throws IOException {
        if (addresses.isEmpty()) {
            throw new IllegalArgumentException("addresses: none (expected: at least one)");
        }
        try {
            for (InetSocketAddress address : addresses) {
                connections.add(new Connection(address));
            }
        } catch (IOException e) {
            close();
            throw e;
        }
    }

    /** Returns how many servers are read: each counts the INFO calls it answers among its commands. */
    int servers() {
        return connections.size();
    }

    /**
     * Sends {@code INFO section} to each server and returns the {@code name:value} fields in order (section headers
     * dropped); a field that is an integer on every server is their sum, any other is the first server's.
     *
     * @throws IOException if a connection fails or a reply is not a bulk string
     */
    Map<String, String> info(String section) throws IOException {
        Map<String, String> merged = null;
        for (Connection connection : connections) {
            Map<String, String> fields = connection.info(section);
            if (merged == null) {
                merged = fields;
                continue;
            }
            for (Map.Entry<String, String> field : merged.entrySet()) {
                Long sum = sum(field.getValue(), fields.get(field.getKey()));
                if (sum != null) {
                    field.setValue(Long.toString(sum));
                }
            }
        }
        return merged;
    }

    private static Long sum(String a, String b) {
        if (b == null) {
            return null;
        }
        try {
            return Long.parseLong(a.trim()) + Long.parseLong(b.trim());
        } catch (NumberFormatException e) {
            return null;
        }
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

    /** Closes every connection. */
    @Override
    public void close() throws IOException {
        IOException failure = null;
        for (Connection connection : connections) {
            try {
                connection.socket.close();
            } catch (IOException e) {
                failure = e;
            }
        }
        if (failure != null) {
            throw failure;
        }
    }

    /** One server's connection. */
    private static final class Connection {

        private final Socket socket;
        private final InputStream in;
        private final OutputStream out;

        Connection(InetSocketAddress address) throws IOException {
            socket = new Socket();
            socket.connect(address, 5_000);
            socket.setSoTimeout(30_000);
            socket.setTcpNoDelay(true);
            in = new BufferedInputStream(socket.getInputStream());
            out = socket.getOutputStream();
        }

        Map<String, String> info(String section) throws IOException {
            byte[] name = section.getBytes(StandardCharsets.US_ASCII);
            out.write(("*2\r\n$4\r\nINFO\r\n$" + name.length + "\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write(name);
            out.write('\r');
            out.write('\n');
            out.flush();
            String header = line();
            if (header.startsWith("-")) {
                throw new IOException("INFO " + section + " failed at " + socket.getRemoteSocketAddress() + ": "
                        + header.substring(1));
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

        private String line() throws IOException {
            StringBuilder sb = new StringBuilder();
            int b;
            while ((b = in.read()) != '\n') {
                if (b < 0) {
                    throw new EOFException("connection closed before INFO replied (a proxy, which forwards no INFO?)");
                }
                if (b != '\r') {
                    sb.append((char) b);
                }
            }
            return sb.toString();
        }
    }
}
