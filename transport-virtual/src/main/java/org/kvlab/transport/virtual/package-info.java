/**
 * The {@code virtual} transport: a virtual thread per connection over {@link java.net.Socket}s,
 * {@link org.kvlab.transport.virtual.VirtualTransportProvider}, selected as {@code virtual}. It runs
 * transport-blocking's code ({@link org.kvlab.transport.blocking.BlockingTransports}) with a factory of virtual
 * threads instead of platform ones: one implementation of thread-per-connection, two kinds of thread.
 *
 * <p>Virtual threads need Java 21, and kvlab builds with {@code --release 17}. The factory is looked up
 * reflectively — {@code Thread.ofVirtual()}, then {@code Thread.Builder.factory()} — once, when the provider is
 * first asked whether it is available; from then on threads come from a plain
 * {@link java.util.concurrent.ThreadFactory}, with no reflection per thread. A multi-release jar (the same classes
 * compiled again for Java 21 under {@code META-INF/versions/21}) was the alternative, but it needs a JDK 21+
 * compiler in every build, and the build and CI run on JDK 17; it would also be two copies of the provider for the
 * sake of two method calls.
 */
package org.kvlab.transport.virtual;
