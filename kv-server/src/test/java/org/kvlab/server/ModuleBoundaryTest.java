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
import java.lang.module.ModuleReader;
import java.lang.module.ModuleReference;
import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.lang.reflect.GenericArrayType;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.lang.reflect.TypeVariable;
import java.lang.reflect.WildcardType;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.kvlab.api.KeyValueStore;
import org.kvlab.store.KvStore;

/**
 * kvlab's module descriptors, read from the build's own classes and jars and resolved on a module path of their own
 * (with Netty's modules): each module exports exactly its public API, internals only to the modules named, the
 * exported API names no internal type, {@link KvServer} offers embedders their methods only (the factory it gives its
 * transport is its own), and every transport is found by {@link java.util.ServiceLoader} through its
 * {@code provides}.
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
    void exportedApi_namesNoTypeOfAPackageNotExported() throws Exception {
        Configuration modules = resolve();
        ModuleLayer layer =
                ModuleLayer.boot().defineModulesWithOneLoader(modules, ClassLoader.getPlatformClassLoader());
        Set<String> exportedPackages = new TreeSet<>();
        EXPORTS.values().forEach(exports -> exports.stream().filter(e -> !e.contains(" -> "))
                .forEach(exportedPackages::add));
        Set<String> leaks = new TreeSet<>();
        for (String name : EXPORTS.keySet()) {
            ModuleReference module = modules.findModule(name).orElseThrow().reference();
            ClassLoader loader = layer.findLoader(name);
            try (ModuleReader reader = module.open()) {
                for (String entry : reader.list().filter(e -> e.endsWith(".class")).collect(Collectors.toList())) {
                    String className = entry.substring(0, entry.length() - ".class".length()).replace('/', '.');
                    String pkg = className.substring(0, Math.max(0, className.lastIndexOf('.')));
                    if (!exportedPackages.contains(pkg) || className.endsWith("module-info")) {
                        continue;
                    }
                    Class<?> type = loader.loadClass(className);
                    if (isApi(type)) {
                        for (Type used : apiTypes(type)) {
                            typesIn(used).stream().filter(t -> isKvlabInternal(t, exportedPackages))
                                    .forEach(t -> leaks.add(type.getName() + " -> " + t.getName()));
                        }
                    }
                }
            }
        }
        assertEquals(Set.of(), leaks, "public API naming a type of a package that is not exported");
    }

    @Test
    void kvServer_offersEmbeddersOnlyTheirMethods_notTheTransportsFactory() {
        assertEquals(List.of(AutoCloseable.class), List.of(KvServer.class.getInterfaces()));
        Set<String> methods = Stream.of(KvServer.class.getMethods())
                .filter(m -> m.getDeclaringClass() == KvServer.class).map(Method::getName).collect(toSet());
        assertEquals(Set.of("builder", "start", "transportName", "counters", "settings", "totalCommandsProcessed",
                "connectedClients", "close"), methods);
    }

    /** A type others can name: public, and nested only in such types. */
    private static boolean isApi(Class<?> type) {
        for (Class<?> t = type; t != null; t = t.getDeclaringClass()) {
            if (!Modifier.isPublic(t.getModifiers())) {
                return false;
            }
        }
        return true;
    }

    /** The types the public and protected members, supertypes and type parameters of {@code type} name. */
    private static List<Type> apiTypes(Class<?> type) {
        List<Type> used = new ArrayList<>();
        if (type.getGenericSuperclass() != null) {
            used.add(type.getGenericSuperclass());
        }
        used.addAll(List.of(type.getGenericInterfaces()));
        used.addAll(List.of(type.getTypeParameters()));
        for (Method m : type.getDeclaredMethods()) {
            if (isVisible(m.getModifiers()) && !m.isSynthetic()) {
                used.add(m.getGenericReturnType());
                used.addAll(List.of(m.getGenericParameterTypes()));
                used.addAll(List.of(m.getGenericExceptionTypes()));
            }
        }
        for (Constructor<?> c : type.getDeclaredConstructors()) {
            if (isVisible(c.getModifiers()) && !c.isSynthetic()) {
                used.addAll(List.of(c.getGenericParameterTypes()));
                used.addAll(List.of(c.getGenericExceptionTypes()));
            }
        }
        for (Field f : type.getDeclaredFields()) {
            if (isVisible(f.getModifiers()) && !f.isSynthetic()) {
                used.add(f.getGenericType());
            }
        }
        return used;
    }

    private static boolean isVisible(int modifiers) {
        return Modifier.isPublic(modifiers) || Modifier.isProtected(modifiers);
    }

    /** The classes {@code type} names, through type arguments, bounds and array components. */
    private static Set<Class<?>> typesIn(Type type) {
        Set<Class<?>> classes = new HashSet<>();
        Deque<Type> pending = new ArrayDeque<>(List.of(type));
        Set<Type> seen = new HashSet<>();
        while (!pending.isEmpty()) {
            Type t = pending.pop();
            if (!seen.add(t)) {
                continue;
            }
            if (t instanceof Class<?> c) {
                classes.add(c.isArray() ? c.getComponentType() : c);
            } else if (t instanceof ParameterizedType p) {
                pending.push(p.getRawType());
                pending.addAll(List.of(p.getActualTypeArguments()));
            } else if (t instanceof WildcardType w) {
                pending.addAll(List.of(w.getUpperBounds()));
                pending.addAll(List.of(w.getLowerBounds()));
            } else if (t instanceof TypeVariable<?> v) {
                pending.addAll(List.of(v.getBounds()));
            } else if (t instanceof GenericArrayType a) {
                pending.push(a.getGenericComponentType());
            }
        }
        return classes;
    }

    private static boolean isKvlabInternal(Class<?> type, Set<String> exportedPackages) {
        String pkg = type.getPackageName();
        return pkg.startsWith("org.kvlab") && !exportedPackages.contains(pkg);
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
