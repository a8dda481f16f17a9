package org.kvlab.transport.epoll;

import org.kvlab.testsuite.ConformanceSuite;

/** The shared conformance suite, run over the epoll transport. */
final class EpollConformanceTest extends ConformanceSuite {

    EpollConformanceTest() {
        super("epoll");
    }
}
