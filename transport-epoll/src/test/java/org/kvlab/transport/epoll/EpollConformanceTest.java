package org.kvlab.transport.epoll;

import org.junit.jupiter.api.Nested;
import org.kvlab.testsuite.BadInputTest;
import org.kvlab.testsuite.ConnectionsTest;
import org.kvlab.testsuite.LargeValueTest;
import org.kvlab.testsuite.LimitsTest;
import org.kvlab.testsuite.PipeliningTest;
import org.kvlab.testsuite.ProtectedModeTest;
import org.kvlab.testsuite.ProtocolTclTest;
import org.kvlab.testsuite.RedisToolsTest;
import org.kvlab.testsuite.RoundTripTest;
import org.kvlab.testsuite.SlowReaderTest;
import org.kvlab.testsuite.SoakTest;

/** The shared conformance suite, run over the epoll transport. */
final class EpollConformanceTest {

    private static final String TRANSPORT = "epoll";

    @Nested
    final class RoundTrip extends RoundTripTest {
        @Override
        protected String transport() {
            return TRANSPORT;
        }
    }

    @Nested
    final class Pipelining extends PipeliningTest {
        @Override
        protected String transport() {
            return TRANSPORT;
        }
    }

    @Nested
    final class LargeValues extends LargeValueTest {
        @Override
        protected String transport() {
            return TRANSPORT;
        }
    }

    @Nested
    final class Connections extends ConnectionsTest {
        @Override
        protected String transport() {
            return TRANSPORT;
        }
    }

    @Nested
    final class BadInput extends BadInputTest {
        @Override
        protected String transport() {
            return TRANSPORT;
        }
    }

    @Nested
    final class RedisTools extends RedisToolsTest {
        @Override
        protected String transport() {
            return TRANSPORT;
        }
    }

    @Nested
    final class ProtocolTcl extends ProtocolTclTest {
        @Override
        protected String transport() {
            return TRANSPORT;
        }
    }

    @Nested
    final class Limits extends LimitsTest {
        @Override
        protected String transport() {
            return TRANSPORT;
        }
    }

    @Nested
    final class SlowReader extends SlowReaderTest {
        @Override
        protected String transport() {
            return TRANSPORT;
        }
    }

    @Nested
    final class ProtectedMode extends ProtectedModeTest {
        @Override
        protected String transport() {
            return TRANSPORT;
        }
    }

    @Nested
    final class Soak extends SoakTest {
        @Override
        protected String transport() {
            return TRANSPORT;
        }
    }
}
