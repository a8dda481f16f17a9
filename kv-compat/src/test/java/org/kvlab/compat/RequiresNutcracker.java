package org.kvlab.compat;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import net.jqwik.api.lifecycle.AddLifecycleHook;
import net.jqwik.api.lifecycle.LifecycleContext;
import net.jqwik.api.lifecycle.SkipExecutionHook;

/**
 * Skips a test class, saying why, when twemproxy's {@code nutcracker} is not installed ({@code .ci/run} installs
 * Debian's).
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@AddLifecycleHook(RequiresNutcracker.Hook.class)
@interface RequiresNutcracker {

    /** The hook that skips. */
    final class Hook implements SkipExecutionHook {

        @Override
        public SkipResult shouldBeSkipped(LifecycleContext context) {
            if (Nutcracker.executable() != null) {
                return SkipResult.doNotSkip();
            }
            String reason = "nutcracker is not installed: install Debian's nutcracker (twemproxy) to shard through it";
            System.out.println("SKIPPED " + context.label() + ": " + reason);
            return SkipResult.skip(reason);
        }
    }
}
