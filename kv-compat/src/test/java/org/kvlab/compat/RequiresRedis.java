package org.kvlab.compat;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import net.jqwik.api.lifecycle.AddLifecycleHook;
import net.jqwik.api.lifecycle.LifecycleContext;
import net.jqwik.api.lifecycle.SkipExecutionHook;

/**
 * Skips a differential test class, saying why, when no {@code redis-server} is on the {@code PATH} ({@code .ci/run}
 * installs Debian's).
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@AddLifecycleHook(RequiresRedis.Hook.class)
@interface RequiresRedis {

    /** The hook that skips. */
    final class Hook implements SkipExecutionHook {

        @Override
        public SkipResult shouldBeSkipped(LifecycleContext context) {
            if (Differential.available()) {
                return SkipResult.doNotSkip();
            }
            String reason = "redis-server is not on the PATH: install Debian's redis-server to compare with Redis";
            System.out.println("SKIPPED " + context.label() + ": " + reason);
            return SkipResult.skip(reason);
        }
    }
}
