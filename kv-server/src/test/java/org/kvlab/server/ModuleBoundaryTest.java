package org.kvlab.server;

import static java.util.stream.Collectors.toSet;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.unix.Socket;
import io.netty.channel.uring.IoUring;
import io.netty.resolver.AddressResolver;
import io.netty.util.concurrent.Future;
import java.lang.module.Configuration;
import java.lang.module.ModuleDescriptor;
import java.lang.module.ModuleFinder;
import java.lang.reflect.Method;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.kvlab.api.KeyValueStore;
import org.kvlab.store.KvStore;

/**
 * kvlab's module descriptors, read from the build's own classes and jars and resolved on a module path of their own
 * (with Netty's modules): each module exports exactly its public API, internals only to the modules named, and every
 * transport is found by {@link java.util.ServiceLoader} through its {@code provides}.
 */
final class ModuleBoundaryTest {

    /** Each kvlab module and what it exports: a package alone to everyone, {@code package -> module,...} qualified. */
    private static final Map<String, Set<String>> EXPORTS = Map.of(
            "org.kvlab.api", Set.of("org.kvlab.api", "org.kvlab.spi"),
            "org.kvlab.store", Set.of("org.kvlab.store"),
            "org.kvlab.core", Set.of("org.kvlab.client", "org.kvlab.server"),
            "org.kvlab.transport.blocking",
            Set.of("org.kvlab.transport.blocking -> org.kvlab.transport.virtual"),
            "org.kvlab.transport.virtual", Set.of(),
            "org.kvlab.transport.nio", Set.of(),
            "org.kvlab.transport.netty",
            Set.of("org.kvlab.transport.netty -> org.kvlab.transport.epoll,org.kvlab.transport.iouring"),
            "org.kvlab.transport.epoll", Set.of(),
            "org.kvlab.transport.iouring", Set.of());

    private static final List<String> TRANSPORTS = List.of("blocking", "epoll", "iouring", "nio", "virtual");

    @Test
    void eachModule_exportsOnlyItsPublicApi() throws URISyntaxException {
        Configuration modules = resolve();
        Map<String, Set<String>> exported = new TreeMap<>();
        for (String name : EXPORTS.keySet()) {
            ModuleDescriptor descriptor = modules.findModule(name).orElseThrow().reference().descriptor();
            exported.put(name, descriptor.exports().stream()
                    .map(e -> e.isQualified() ? e.source() + " -> " + String.join(",", new TreeSet<>(e.targets()))
                            : e.source())
                    .collect(toSet()));
        }
        assertEquals(new TreeMap<>(EXPORTS), exported);
    }

    @Test
    void coreInternals_areNotExported() throws URISyntaxException {
        ModuleDescriptor core = resolve().findModule("org.kvlab.core").orElseThrow().reference().descriptor();
        Set<String> internal = new TreeSet<>(core.packages());
        core.exports().forEach(e -> internal.remove(e.source()));
        assertEquals(Set.of("org.kvlab.command", "org.kvlab.protocol"), internal);
    }

    @Test
    void everyTransport_isFoundOnTheModulePath() throws Exception {
        Configuration modules = resolve();
        ModuleLayer layer = ModuleLayer.boot().defineModulesWithOneLoader(modules, ClassLoader.getPlatformClassLoader());
        ClassLoader loader = layer.findLoader("org.kvlab.api");
        Method providers = loader.loadClass("org.kvlab.spi.Transports").getMethod("providers");
        Method name = loader.loadClass("org.kvlab.spi.TransportProvider").getMethod("name");
        Set<String> found = new TreeSet<>();
        Thread thread = Thread.currentThread();
        ClassLoader before = thread.getContextClassLoader();
        thread.setContextClassLoader(loader); // ServiceLoader.load(service) looks in the context loader's layers
        try {
            for (Object provider : (List<?>) providers.invoke(null)) {
                found.add((String) name.invoke(provider));
            }
        } finally {
            thread.setContextClassLoader(before);
        }
        assertEquals(new TreeSet<>(TRANSPORTS), found);
    }

    /** The kvlab modules and Netty's, from where this test's class path has them, resolved with their providers. */
    private static Configuration resolve() throws URISyntaxException {
        Class<?>[] oneClassOfEach = {
            KeyValueStore.class, KvStore.class, KvServer.class,
            org.kvlab.transport.blocking.BlockingTransportProvider.class,
            org.kvlab.transport.virtual.VirtualTransportProvider.class,
            org.kvlab.transport.nio.NioTransportProvider.class,
            org.kvlab.transport.netty.NettyTransports.class,
            org.kvlab.transport.epoll.EpollTransportProvider.class,
            org.kvlab.transport.iouring.IoUringTransportProvider.class,
            Channel.class, ByteBuf.class, Future.class, AddressResolver.class, Socket.class, Epoll.class, IoUring.class,
        };
        Path[] locations = new Path[oneClassOfEach.length];
        for (int i = 0; i < oneClassOfEach.length; i++) {
            locations[i] = Path.of(oneClassOfEach[i].getProtectionDomain().getCodeSource().getLocation().toURI());
        }
        ModuleFinder finder = ModuleFinder.of(locations);
        return ModuleLayer.boot().configuration().resolveAndBind(finder, ModuleFinder.of(), EXPORTS.keySet());
    }
}
