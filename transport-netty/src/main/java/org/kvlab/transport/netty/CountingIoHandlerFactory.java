package org.kvlab.transport.netty;

import io.netty.channel.IoHandle;
import io.netty.channel.IoHandler;
import io.netty.channel.IoHandlerContext;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.IoRegistration;
import io.netty.util.concurrent.ThreadAwareExecutor;
import org.kvlab.spi.IoCounters;

/**
 * Wraps a flavor's I/O handlers to count one wake-up per event-loop turn: each {@link IoHandler#run} call is one
 * wait for readiness or completion ({@code epoll_wait}, a submit-and-wait {@code io_uring_enter}), blocking or not.
 * After each such call has handled its events, it runs the turn-end action (a server's
 * {@link org.kvlab.spi.ConnectionHandler.Factory#onTurnEnd}) on the loop's thread, before the loop runs its tasks.
 */
final class CountingIoHandlerFactory implements IoHandlerFactory {

    private static final System.Logger LOG = System.getLogger(CountingIoHandlerFactory.class.getName());

    private final IoHandlerFactory delegate;
    private final IoCounters counters;
    private final Runnable turnEnd;

    CountingIoHandlerFactory(IoHandlerFactory delegate, IoCounters counters, Runnable turnEnd) {
        this.delegate = delegate;
        this.counters = counters;
        this.turnEnd = turnEnd;
    }

    @Override
    public IoHandler newHandler(ThreadAwareExecutor executor) {
        return new CountingIoHandler(delegate.newHandler(executor), counters, turnEnd);
    }

    @Override
    public boolean isChangingThreadSupported() {
        return delegate.isChangingThreadSupported();
    }

    private static final class CountingIoHandler implements IoHandler {
        private final IoHandler delegate;
        private final IoCounters counters;
        private final Runnable turnEnd;

        CountingIoHandler(IoHandler delegate, IoCounters counters, Runnable turnEnd) {
            this.delegate = delegate;
            this.counters = counters;
            this.turnEnd = turnEnd;
        }

        @Override
        public void initialize() {
            delegate.initialize();
        }

        @Override
        public int run(IoHandlerContext context) {
            counters.wakeup();
            int handled = delegate.run(context);
            try {
                turnEnd.run();
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "the turn-end action of an event loop failed", e);
            }
            return handled;
        }

        @Override
        public void prepareToDestroy() {
            delegate.prepareToDestroy();
        }

        @Override
        public void destroy() {
            delegate.destroy();
        }

        @Override
        public IoRegistration register(IoHandle handle) throws Exception {
            return delegate.register(handle);
        }

        @Override
        public void wakeup() {
            delegate.wakeup();
        }

        @Override
        public boolean isCompatible(Class<? extends IoHandle> handleType) {
            return delegate.isCompatible(handleType);
        }
    }
}
