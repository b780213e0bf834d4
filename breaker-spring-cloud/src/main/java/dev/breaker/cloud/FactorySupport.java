package dev.breaker.cloud;

import dev.breaker.BreakerConfig;
import dev.breaker.Guard;
import dev.breaker.definition.GuardRegistry;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * What the blocking and the reactive factory share (they extend different Spring Cloud classes): their circuit
 * breakers cached by id, each on the guard of the breaker of that name, and their {@code configureDefault(...)} and
 * {@code configure(...)} applied to a breaker's settings.
 *
 * @param <B> the factory's circuit breaker type
 */
final class FactorySupport<B> {

    private final Supplier<GuardRegistry> guards;
    private final Function<Guard, B> circuitBreaker;
    private final ConcurrentHashMap<String, B> byId = new ConcurrentHashMap<>();
    private volatile @Nullable Function<String, BreakerCloudConfig> defaults;

    /**
     * @param guards the application's guards, asked for at the first {@link #create}
     * @param circuitBreaker the factory's circuit breaker on a guard
     */
    FactorySupport(Supplier<GuardRegistry> guards, Function<Guard, B> circuitBreaker) {
        this.guards = Objects.requireNonNull(guards, "guards");
        this.circuitBreaker = circuitBreaker;
    }

    /** The circuit breaker of the breaker named {@code id}: a map lookup once made. */
    B create(String id) {
        B made = byId.get(id);
        return (made != null) ? made : byId.computeIfAbsent(id, name -> circuitBreaker.apply(guards.get().guard(name)));
    }

    void configureDefault(Function<String, BreakerCloudConfig> defaults) {
        this.defaults = Objects.requireNonNull(defaults, "defaultConfiguration");
    }

    /**
     * Applies the default first, then what was configured for {@code name} by id ({@code byId}, the factory's
     * {@code getConfigurations()}): both on top of the {@code breaker.*} settings already in {@code builder}.
     */
    void customize(String name, BreakerConfig.Builder builder, Map<String, BreakerCloudConfig> configured) {
        Function<String, BreakerCloudConfig> fallback = defaults;
        if (fallback != null) {
            fallback.apply(name).settings().accept(builder);
        }
        BreakerCloudConfig byName = configured.get(name);
        if (byName != null) {
            byName.settings().accept(builder);
        }
    }
}
