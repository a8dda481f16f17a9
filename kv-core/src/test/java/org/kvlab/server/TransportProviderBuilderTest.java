package org.kvlab.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.kvlab.spi.ClientTransport;
import org.kvlab.spi.Connection;
import org.kvlab.spi.ConnectionHandler;
import org.kvlab.spi.IoCounters;
import org.kvlab.spi.OutputBuffer;
import org.kvlab.spi.ServerTransport;
import org.kvlab.spi.TransportConfig;
import org.kvlab.spi.TransportProvider;
import org.kvlab.spi.TransportUnavailableException;
import org.kvlab.store.KvStore;

/** A server serves on the transport an application hands {@link KvServer.Builder#transportProvider}. */
final class TransportProviderBuilderTest {

    private static final InetSocketAddress ADDRESS = new InetSocketAddress("127.0.0.1", 7000);

    @Test
    void providedTransport_isStartedWithTheServersHandlers() throws IOException {
        OwnTransport transport = new OwnTransport(null);
        try (KvStore store = KvStore.inMemory();
             KvServer server = KvServer.builder().store(store).transport("nio").transportProvider(transport).build()) {

            assertEquals(ADDRESS, server.start());

            assertEquals("own", server.transportName());
            ConnectionHandler handler = transport.handlers.newConnection(new OwnConnection());
            OutputBuffer out = new OutputBuffer();
            handler.onRead(ByteBuffer.wrap("PING\r\n".getBytes(StandardCharsets.US_ASCII)), out);
            assertEquals("+PONG\r\n", new String(out.array(), 0, out.size(), StandardCharsets.US_ASCII));
            assertEquals(1, server.connectedClients());
        }
    }

    @Test
    void unavailableTransport_isAnError_namingItsCause() {
        OwnTransport transport = new OwnTransport(new IllegalStateException("no sockets today"));
        try (KvStore store = KvStore.inMemory();
             KvServer server = KvServer.builder().store(store).transportProvider(transport).build()) {

            TransportUnavailableException e = assertThrows(TransportUnavailableException.class, server::start);

            assertTrue(e.getMessage().contains("'own'") && e.getMessage().contains("no sockets today"),
                    e.getMessage());
        }
    }

    /** A transport with no sockets that keeps the factory it is started with. */
    private static final class OwnTransport implements TransportProvider, ServerTransport {
        private final Throwable unavailability;
        private final IoCounters counters = new IoCounters();
        ConnectionHandler.Factory handlers;

        OwnTransport(Throwable unavailability) {
            this.unavailability = unavailability;
        }

        @Override
        public String name() {
            return "own";
        }

        @Override
        public int priority() {
            return 0;
        }

        @Override
        public boolean isAvailable() {
            return unavailability == null;
        }

        @Override
        public Throwable unavailabilityCause() {
            return unavailability;
        }

        @Override
        public ServerTransport createServer(TransportConfig config) {
            return this;
        }

        @Override
        public ClientTransport createClient(TransportConfig config) {
            throw new UnsupportedOperationException("a server transport only");
        }

        @Override
        public String description() {
            return "the test's own";
        }

        @Override
        public InetSocketAddress start(ConnectionHandler.Factory factory) {
            handlers = factory;
            return ADDRESS;
        }

        @Override
        public IoCounters counters() {
            return counters;
        }

        @Override
        public void close() {
        }
    }

    /** A loopback connection the test makes. */
    private static final class OwnConnection implements Connection {

        @Override
        public long id() {
            return 1;
        }

        @Override
        public InetSocketAddress remoteAddress() {
            return ADDRESS;
        }

        @Override
        public InetSocketAddress localAddress() {
            return ADDRESS;
        }

        @Override
        public void close() {
        }

        @Override
        public void wake() {
        }

        @Override
        public long unwrittenBytes() {
            return 0;
        }
    }
}
