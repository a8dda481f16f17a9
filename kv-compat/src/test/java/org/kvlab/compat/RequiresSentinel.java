package org.kvlab.compat;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import net.jqwik.api.lifecycle.AddLifecycleHook;
import net.jqwik.api.lifecycle.LifecycleContext;
import net.jqwik.api.lifecycle.SkipExecutionHook;

/**
 * Skips a test class, saying why, when Redis Sentinel ({@code redis-sentinel}) is not installed ({@code .ci/run}
 * installs Debian's).
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@AddLifecycleHook(RequiresSentinel.Hook.class)
@interface RequiresSentinel {

    /** The hook that skips. */
    final class Hook implements SkipExecutionHook {

        @Override
        public SkipResult shouldBeSkipped(LifecycleContext context) {
            if (SentinelProcess.executable() != null) {
                return SkipResult.doNotSkip();
            }
            String reason = "redis-sentinel is not installed: install Debian's redis-sentinel to fail over with it";
            System.out.println("SKIPPED " + context.label() + ": " + reason);
            return SkipResult.skip(reason);
        }
    }
}
