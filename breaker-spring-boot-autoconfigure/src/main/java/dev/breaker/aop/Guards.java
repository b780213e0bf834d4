package dev.breaker.aop;

import dev.breaker.Guard;
import dev.breaker.definition.GuardRegistry;
import java.util.Collections;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * The guards of the breakers named by annotations, each looked up once, on its first call. The guard registry
 * itself is resolved on first call too: the advisor exists before the registry beans may be created.
 */
final class Guards {

    private final Supplier<GuardRegistry> registrySupplier;
    private final ConcurrentHashMap<String, Ref> byName = new ConcurrentHashMap<>();
    private volatile @Nullable GuardRegistry registry;

    Guards(Supplier<GuardRegistry> registrySupplier) {
        this.registrySupplier = Objects.requireNonNull(registrySupplier, "registry");
    }

    /** The (lazy) guard of the breaker named {@code name}; one shared reference per name. */
    Ref named(String name) {
        return byName.computeIfAbsent(name, Ref::new);
    }

    /** Every name seen so far, sorted. */
    Set<String> names() {
        return Collections.unmodifiableSet(new TreeSet<>(byName.keySet()));
    }

    GuardRegistry registry() {
        GuardRegistry resolved = registry;
        if (resolved == null) {
            synchronized (this) {
                resolved = registry;
                if (resolved == null) {
                    resolved = Objects.requireNonNull(registrySupplier.get(), "the GuardRegistry supplier returned null");
                    registry = resolved;
                }
            }
        }
        return resolved;
    }

    /** One guard, looked up once. */
    final class Ref {

        private final String name;
        private volatile @Nullable Guard guard;

        private Ref(String name) {
            this.name = name;
        }

        String name() {
            return name;
        }

        Guard get() {
            Guard resolved = guard;
            if (resolved == null) {
                synchronized (this) {
                    resolved = guard;
                    if (resolved == null) {
                        resolved = registry().guard(name);
                        guard = resolved;
                    }
                }
            }
            return resolved;
        }
    }
}
