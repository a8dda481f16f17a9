package org.kvlab.testsuite.contract;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletionStage;
import org.kvlab.spi.ConnectionHandler;
import org.kvlab.spi.OutputBuffer;
import org.kvlab.spi.ServerTransport;
import org.kvlab.spi.TransportConfig;
import org.kvlab.spi.Transports;

/**
 * A tiny server for checking a transport's syscalls with {@code perf stat} under {@code redis-benchmark -t
 * ping_inline,ping_mbulk}: answers {@code PING} (inline or as a RESP array) with {@code +PONG} and any other command
 * with an empty array. Prints its counters on stdin's end or every line read from stdin.
 *
 * <p>Run: {@code java -cp ... org.kvlab.testsuite.contract.PingServer TRANSPORT PORT [EVENT_LOOPS]}.
 */
public final class PingServer {

    private PingServer() {
    }

    /**
     * Starts the server.
     *
     * @param args transport name, port, optional event-loop count
     * @throws Exception if the transport cannot start
     */
    public static void main(String[] args) throws Exception {
        String transport = args[0];
        int port = Integer.parseInt(args[1]);
        int loops = args.length > 2 ? Integer.parseInt(args[2]) : 1;
        TransportConfig config = TransportConfig.builder().port(port).eventLoops(loops).build();
        try (ServerTransport server = Transports.select(transport).createServer(config)) {
            System.out.println("listening on " + server.start(c -> new RespPing()) + " with " + server.name()
                    + ", pid " + ProcessHandle.current().pid());
            java.io.BufferedReader stdin = new java.io.BufferedReader(new java.io.InputStreamReader(System.in));
            do {
                System.out.println(server.counters().snapshot());
            } while (stdin.readLine() != null);
        }
    }

    /** Just enough RESP: arrays of bulk strings, and inline lines; replies by the first word. */
    private static final class RespPing implements ConnectionHandler {
        private static final byte[] PONG = "+PONG\r\n".getBytes(StandardCharsets.US_ASCII);
        private static final byte[] EMPTY = "*0\r\n".getBytes(StandardCharsets.US_ASCII);

        private final StringBuilder line = new StringBuilder();
        private int argsLeft;
        private int bulkLeft = -1;
        private boolean first = true;
        private boolean ping;

        @Override
        public CompletionStage<?> onRead(ByteBuffer in, OutputBuffer out) {
            while (in.hasRemaining()) {
                if (bulkLeft >= 0) {
                    int n = Math.min(bulkLeft, in.remaining());
                    for (int i = 0; i < n; i++) {
                        char c = (char) in.get();
                        if (first && line.length() < 8) {
                            line.append(c);
                        }
                    }
                    bulkLeft -= n;
                    if (bulkLeft == 0) {
                        bulkLeft = -1;
                        if (first) {
                            ping = line.toString().trim().equalsIgnoreCase("PING");
                            first = false;
                        }
                        line.setLength(0);
                        if (--argsLeft == 0) {
                            out.write(ping ? PONG : EMPTY);
                            first = true;
                        }
                    }
                    continue;
                }
                char c = (char) in.get();
                if (c != '\n') {
                    line.append(c);
                    continue;
                }
                String text = line.toString().trim();
                line.setLength(0);
                if (text.startsWith("*")) {
                    argsLeft = Integer.parseInt(text.substring(1));
                    first = true;
                } else if (text.startsWith("$")) {
                    bulkLeft = Integer.parseInt(text.substring(1)) + 2;
                } else if (!text.isEmpty()) {
                    out.write(text.toUpperCase().startsWith("PING") ? PONG : EMPTY);
                }
            }
            return null;
        }

        @Override
        public void onClose() {
        }
    }
}
