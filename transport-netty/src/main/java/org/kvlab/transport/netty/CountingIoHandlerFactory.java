package org.kvlab.transport.netty;

import io.netty.channel.IoHandle;
import io.netty.channel.IoHandler;
import io.netty.channel.IoHandlerContext;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.IoRegistration;
import io.netty.util.concurrent.ThreadAwareExecutor;
import org.kvlab.spi.ConnectionHandler;
import org.kvlab.spi.IoCounters;

/**
 * Wraps a flavor's I/O handlers to count one wake-up per event-loop turn: each {@link IoHandler#run} call is one
 * wait for readiness or completion ({@code epoll_wait}, a submit-and-wait {@code io_uring_enter}), blocking or not.
 * After each such call has handled its events, a server's loop calls {@code onWake} of the connections woken since
 * the last turn, ends the turn ({@link ConnectionHandler.Factory#onTurnEnd}) on its thread, then flushes the replies
 * and wake output of the turn together ({@link TurnFlushes}), as Redis fsyncs and then writes replies in
 * {@code beforeSleep}, before it runs its tasks (a flavor whose one call goes on while completions arrive cuts it
 * into several turns, {@link NettyFlavor#maxTurnNanos()}); when the turn end will wait ({@link
 * ConnectionHandler.Factory#turnEndWaits}: an fsync is due), it first handles once more, without blocking, whatever
 * became ready meanwhile, so the fsync covers it too. While a woken connection waits for its turn (woken by a task,
 * by a handler after its loop's turn served wakes, or by another thread), the wait does not block; a loop woken by
 * another thread serves that wake in the turn it wakes up in.
 */
final class CountingIoHandlerFactory implements IoHandlerFactory {

    private static final System.Logger LOG = System.getLogger(CountingIoHandlerFactory.class.getName());

    private final IoHandlerFactory delegate;
    private final IoCounters counters;
    private final ConnectionHandler.Factory handlers;
    private final long maxTurnNanos;

    /**
     * Wraps {@code delegate}; {@code handlers} is the server's factory, or {@code null} for a client's loops;
     * {@code maxTurnNanos}: how long a server loop's turn serves before it ends early, 0 for no limit
     * ({@link NettyFlavor#maxTurnNanos()}).
     */
    CountingIoHandlerFactory(IoHandlerFactory delegate, IoCounters counters, ConnectionHandler.Factory handlers,
            long maxTurnNanos) {
        this.delegate = delegate;
        this.counters = counters;
        this.handlers = handlers;
        this.maxTurnNanos = maxTurnNanos;
    }

    @Override
    public IoHandler newHandler(ThreadAwareExecutor executor) {
        return new CountingIoHandler(delegate.newHandler(executor), counters, handlers, maxTurnNanos);
    }

    @Override
    public boolean isChangingThreadSupported() {
        return delegate.isChangingThreadSupported();
    }

    private static final class CountingIoHandler implements IoHandler {
        private final IoHandler delegate;
        private final IoCounters counters;
        private final ConnectionHandler.Factory handlers;
        /** This loop's connections waiting to flush or to be woken; {@code null} for a client's loop. */
        private final TurnFlushes flushes;
        /** The context the delegate runs with, reused every turn. */
        private final TurnContext turn;

        CountingIoHandler(IoHandler delegate, IoCounters counters, ConnectionHandler.Factory handlers,
                long maxTurnNanos) {
            this.delegate = delegate;
            this.counters = counters;
            this.handlers = handlers;
            this.flushes = handlers == null ? null : new TurnFlushes(delegate, maxTurnNanos, this::endTurnEarly);
            this.turn = flushes == null ? null : new TurnContext(flushes);
        }

        @Override
        public void initialize() {
            if (flushes != null) {
                flushes.bind();
            }
            delegate.initialize();
        }

        @Override
        public int run(IoHandlerContext context) {
            counters.wakeup();
            if (flushes == null) {
                return delegate.run(context);
            }
            flushes.begin();
            try {
                int handled = delegate.run(turn.of(context, false));
                try {
                    if (handlers.turnEndWaits()) {
                        counters.wakeup();
                        handled += delegate.run(turn.of(context, true));
                    }
                    flushes.serveWakes(); // before the turn ends, so that the turn's fsync covers what they write
                    handlers.onTurnEnd();
                } catch (RuntimeException e) {
                    LOG.log(System.Logger.Level.WARNING, "the turn end of an event loop failed", e);
                }
                return handled;
            } finally {
                flushes.end();
            }
        }

        /**
         * Ends a turn cut short while the delegate runs ({@link TurnFlushes#endIfLong()}), before its flushes; refuses
         * when the turn end would wait (an fsync is due): the held-back replies it completes are written by tasks,
         * which run after the delegate's call, so cutting the turn would only add fsyncs.
         */
        private boolean endTurnEarly() {
            if (handlers.turnEndWaits()) {
                return false;
            }
            try {
                handlers.onTurnEnd();
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "the turn end of an event loop failed", e);
            }
            return true;
        }

        @Override
        public void prepareToDestroy() {
            delegate.prepareToDestroy();
        }

        @Override
        public void destroy() {
            if (flushes != null) {
                flushes.stop();
            }
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

    /**
     * A server loop's context for one wait: it must not block while a woken connection waits for its turn, nor when
     * the turn looks once more, without blocking, for what became ready before an fsync. The delegate checks
     * {@link #canBlock()} again after it arms its wake-up, so a wake delivered in between is never missed.
     */
    private static final class TurnContext implements IoHandlerContext {
        private final TurnFlushes flushes;
        private IoHandlerContext loop;
        private boolean now;

        TurnContext(TurnFlushes flushes) {
            this.flushes = flushes;
        }

        /** Returns this context over the loop's {@code context}; {@code now}: never block. */
        TurnContext of(IoHandlerContext context, boolean now) {
            this.loop = context;
            this.now = now;
            return this;
        }

        @Override
        public boolean canBlock() {
            return !now && !flushes.hasWakes() && loop.canBlock();
        }

        @Override
        public long delayNanos(long currentTimeNanos) {
            return now ? 0 : loop.delayNanos(currentTimeNanos);
        }

        @Override
        public long deadlineNanos() {
            return loop.deadlineNanos();
        }

        @Override
        public boolean shouldReportActiveIoTime() {
            return loop.shouldReportActiveIoTime();
        }

        @Override
        public void reportActiveIoTime(long activeNanos) {
            loop.reportActiveIoTime(activeNanos);
        }
    }
}
