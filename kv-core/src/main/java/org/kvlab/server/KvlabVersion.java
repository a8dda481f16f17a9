package org.kvlab.server;

import java.lang.module.ModuleDescriptor;
import java.util.Optional;

/**
 * kvlab's version, as the build wrote it: the {@code Implementation-Version} of the jar's manifest, else the version
 * of the {@code org.kvlab.core} module, else {@link #UNKNOWN} (classes run from a build directory carry neither). The
 * poms hold the only copy of the version; {@code kv-server --version}, {@code kv-bench --version} and INFO's
 * {@code kvlab_version} read it here.
 */
public final class KvlabVersion {

    /** What {@link #current()} returns when neither the manifest nor the module says. */
    public static final String UNKNOWN = "unknown";

    private static final String CURRENT = read();

    private KvlabVersion() {
    }

    /** Returns kvlab's version, such as {@code 0.1.0-SNAPSHOT}, or {@link #UNKNOWN}; never null. */
    public static String current() {
        return CURRENT;
    }

    private static String read() {
        String fromManifest = KvlabVersion.class.getPackage().getImplementationVersion();
        if (fromManifest != null && !fromManifest.isEmpty()) {
            return fromManifest;
        }
        return Optional.ofNullable(KvlabVersion.class.getModule().getDescriptor())
                .flatMap(ModuleDescriptor::rawVersion)
                .orElse(UNKNOWN);
    }
}
