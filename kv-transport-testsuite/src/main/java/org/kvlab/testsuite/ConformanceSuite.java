package org.kvlab.testsuite;

import org.junit.jupiter.api.Nested;
import org.kvlab.testsuite.client.KvlabKvClientTest;
import org.kvlab.testsuite.client.KvlabTypedRequestsTest;
import org.kvlab.testsuite.client.RedisKvClientTest;
import org.kvlab.testsuite.client.RedisTypedRequestsTest;

/**
 * The whole conformance suite for one transport. A transport module runs it with one class:
 *
 * <pre>{@code
 * final class NioConformanceTest extends ConformanceSuite {
 *     NioConformanceTest() {
 *         super("nio");
 *     }
 * }
 * }</pre>
 *
 * Every abstract test of this module runs as a nested class of it: the server tests against a kvlab server on that
 * transport, the {@code KvClient} tests over that client transport against kvlab and against redis-server, and its
 * typed requests (hashes, lists, sets, sorted sets, bitmaps) against kvlab and against redis-server.
 */
public abstract class ConformanceSuite {

    private final String transport;

    /** Runs the suite over the transport named {@code transport}. */
    protected ConformanceSuite(String transport) {
        this.transport = transport;
    }

    @Nested
    final class RoundTrip extends RoundTripTest {
        @Override
        protected String transport() {
            return transport;
        }
    }

    @Nested
    final class TypedCommands extends TypedCommandsTest {
        @Override
        protected String transport() {
            return transport;
        }
    }

    @Nested
    final class BlockingCommands extends BlockingCommandsTest {
        @Override
        protected String transport() {
            return transport;
        }
    }

    @Nested
    final class Pipelining extends PipeliningTest {
        @Override
        protected String transport() {
            return transport;
        }
    }

    @Nested
    final class LargeValues extends LargeValueTest {
        @Override
        protected String transport() {
            return transport;
        }
    }

    @Nested
    final class Connections extends ConnectionsTest {
        @Override
        protected String transport() {
            return transport;
        }
    }

    @Nested
    final class PubSub extends PubSubTest {
        @Override
        protected String transport() {
            return transport;
        }

        @Override
        protected int messagesPerPublisher() {
            return pubSubMessagesPerPublisher();
        }
    }

    /**
     * Returns how many messages each of the four publishers of the pub/sub fan-out test sends to its 1,000
     * subscribers: 2,500 by default; a transport whose fan-out costs a thread wake-up per subscriber per message may
     * lower it to stay within seconds.
     */
    protected int pubSubMessagesPerPublisher() {
        return 2500;
    }

    @Nested
    final class ClientList extends ClientListTest {
        @Override
        protected String transport() {
            return transport;
        }
    }

    @Nested
    final class BadInput extends BadInputTest {
        @Override
        protected String transport() {
            return transport;
        }
    }

    @Nested
    final class RedisTools extends RedisToolsTest {
        @Override
        protected String transport() {
            return transport;
        }
    }

    @Nested
    final class ProtocolTcl extends ProtocolTclTest {
        @Override
        protected String transport() {
            return transport;
        }
    }

    @Nested
    final class Limits extends LimitsTest {
        @Override
        protected String transport() {
            return transport;
        }
    }

    @Nested
    final class SlowReader extends SlowReaderTest {
        @Override
        protected String transport() {
            return transport;
        }
    }

    @Nested
    final class ProtectedMode extends ProtectedModeTest {
        @Override
        protected String transport() {
            return transport;
        }
    }

    @Nested
    final class Transactions extends TransactionTest {
        @Override
        protected String transport() {
            return transport;
        }
    }

    @Nested
    final class Soak extends SoakTest {
        @Override
        protected String transport() {
            return transport;
        }
    }

    @Nested
    final class ClientAgainstKvlab extends KvlabKvClientTest {
        @Override
        protected String transport() {
            return transport;
        }
    }

    @Nested
    final class ClientAgainstRedis extends RedisKvClientTest {
        @Override
        protected String transport() {
            return transport;
        }
    }

    @Nested
    final class TypedRequestsAgainstRedis extends RedisTypedRequestsTest {
        @Override
        protected String transport() {
            return transport;
        }
    }

    @Nested
    final class TypedRequestsAgainstKvlab extends KvlabTypedRequestsTest {
        @Override
        protected String transport() {
            return transport;
        }
    }
}
