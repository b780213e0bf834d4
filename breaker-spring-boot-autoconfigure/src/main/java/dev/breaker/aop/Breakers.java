package dev.breaker.aop;

import dev.breaker.Breaker;
import dev.breaker.BreakerRegistry;
import java.util.Collections;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * The breakers named by annotations, each looked up in the registry once, on its first call. The registry
 * itself is resolved on first call too: the advisor exists before the registry bean may be created.
 */
final class Breakers {

    private final Supplier<BreakerRegistry> registrySupplier;
    private final ConcurrentHashMap<String, Ref> byName = new ConcurrentHashMap<>();
    private volatile @Nullable BreakerRegistry registry;

    Breakers(Supplier<BreakerRegistry> registrySupplier) {
        this.registrySupplier = Objects.requireNonNull(registrySupplier, "registry");
    }

    /** The (lazy) breaker named {@code name}; one shared reference per name. */
    Ref named(String name) {
        return byName.computeIfAbsent(name, Ref::new);
    }

    /** Every name seen so far, sorted. */
    Set<String> names() {
        return Collections.unmodifiableSet(new TreeSet<>(byName.keySet()));
    }

    private BreakerRegistry registry() {
        BreakerRegistry resolved = registry;
        if (resolved == null) {
            synchronized (this) {
                resolved = registry;
                if (resolved == null) {
                    resolved = Objects.requireNonNull(registrySupplier.get(), "the BreakerRegistry supplier returned null");
                    registry = resolved;
                }
            }
        }
        return resolved;
    }

    /** One breaker, looked up once. */
    final class Ref {

        private final String name;
        private volatile @Nullable Breaker breaker;

        private Ref(String name) {
            this.name = name;
        }

        String name() {
            return name;
        }

        Breaker get() {
            Breaker resolved = breaker;
            if (resolved == null) {
                synchronized (this) {
                    resolved = breaker;
                    if (resolved == null) {
                        resolved = registry().breaker(name);
                        breaker = resolved;
                    }
                }
            }
            return resolved;
        }
    }
}
