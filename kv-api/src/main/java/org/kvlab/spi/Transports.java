package org.kvlab.spi;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.stream.Collectors;

/** Finds the {@link TransportProvider}s on the class path and selects one. */
public final class Transports {

    /** The system property that names the transport when the caller names none. */
    public static final String PROPERTY = "kvlab.transport";

    private static final System.Logger LOG = System.getLogger(Transports.class.getName());

    private Transports() {
    }

    /**
     * Returns every provider {@link ServiceLoader} finds, ordered by descending {@link TransportProvider#priority()}.
     * A provider that fails to load is logged with its cause and skipped; the others still load.
     */
    public static List<TransportProvider> providers() {
        List<TransportProvider> found = new ArrayList<>();
        Iterator<TransportProvider> it = ServiceLoader.load(TransportProvider.class).iterator();
        while (true) {
            try {
                if (!it.hasNext()) {
                    break;
                }
                found.add(it.next());
            } catch (ServiceConfigurationError e) {
                LOG.log(System.Logger.Level.WARNING, "A transport provider failed to load: " + e.getMessage(), e);
            }
        }
        found.sort(Comparator.comparingInt(TransportProvider::priority).reversed());
        return found;
    }

    /** Returns the providers that can run here, highest priority first. */
    public static List<TransportProvider> available() {
        return providers().stream().filter(TransportProvider::isAvailable).collect(Collectors.toList());
    }

    /** Returns, for each provider that cannot run here, its name and the reason in one line. */
    public static Map<String, String> unavailable() {
        Map<String, String> reasons = new LinkedHashMap<>();
        for (TransportProvider p : providers()) {
            if (!p.isAvailable()) {
                reasons.put(p.name(), reason(p.unavailabilityCause()));
            }
        }
        return reasons;
    }

    /**
     * Selects a transport, in this order:
     * <ol>
     *   <li>{@code name}, if not {@code null} or blank;</li>
     *   <li>else the system property {@value #PROPERTY}, if set;</li>
     *   <li>else the available provider of highest {@link TransportProvider#priority()}.</li>
     * </ol>
     * A transport named by the caller or the property that is missing or unavailable is an error, never a silent
     * fall-back to another.
     *
     * @throws TransportUnavailableException naming the cause and the transports that are available
     */
    public static TransportProvider select(String name) {
        String wanted = name == null || name.isBlank() ? System.getProperty(PROPERTY) : name;
        List<TransportProvider> all = providers();
        if (wanted == null || wanted.isBlank()) {
            return all.stream().filter(TransportProvider::isAvailable).findFirst()
                    .orElseThrow(() -> new TransportUnavailableException(
                            "no transport is available; found: " + describe(all), null));
        }
        String key = wanted.trim().toLowerCase(Locale.ROOT);
        for (TransportProvider p : all) {
            if (p.name().equals(key)) {
                if (p.isAvailable()) {
                    return p;
                }
                throw new TransportUnavailableException("transport '" + key + "' is not available here: "
                        + reason(p.unavailabilityCause()) + "; available: " + availableNames(all),
                        p.unavailabilityCause());
            }
        }
        throw new TransportUnavailableException("unknown transport '" + wanted + "'; available: "
                + availableNames(all), null);
    }

    private static String availableNames(List<TransportProvider> all) {
        String names = all.stream().filter(TransportProvider::isAvailable).map(TransportProvider::name)
                .collect(Collectors.joining(", "));
        return names.isEmpty() ? "none" : names;
    }

    private static String describe(List<TransportProvider> all) {
        if (all.isEmpty()) {
            return "none (add a transport module, e.g. org.kvlab:transport-nio, to the class path)";
        }
        return all.stream().map(p -> p.name() + " (" + reason(p.unavailabilityCause()) + ")")
                .collect(Collectors.joining(", "));
    }

    private static String reason(Throwable cause) {
        if (cause == null) {
            return "unavailable, no cause given";
        }
        Throwable root = cause;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root.getMessage() != null ? root.getMessage() : root.getClass().getSimpleName();
        return message.replace('\n', ' ');
    }
}
