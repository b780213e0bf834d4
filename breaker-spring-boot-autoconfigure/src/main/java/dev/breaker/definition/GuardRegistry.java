package dev.breaker.definition;

import dev.breaker.Breaker;
import dev.breaker.BreakerRegistry;
import dev.breaker.FallbackListener;
import dev.breaker.Guard;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * The {@link Guard} of each breaker name: the registry's breaker with the timeout, bulkhead and retry its
 * settings put around it. One per name, created on first request and shared by every caller (annotated
 * methods, HTTP clients, meters, the endpoint), so that a bulkhead of 10 means 10 calls to the dependency,
 * however many methods call it. A breaker without layers gets a guard that runs calls through it alone.
 */
public final class GuardRegistry {

    private final BreakerRegistry breakers;
    private final Function<String, LayerSettings> layers;
    private final FallbackListener fallbackListener;
    private final ConcurrentHashMap<String, Guard> byName = new ConcurrentHashMap<>();

    /**
     * @param breakers where the breakers come from
     * @param layers the layer settings of a breaker name
     * @param fallbackListener hears about every fallback the guards run
     */
    public GuardRegistry(BreakerRegistry breakers, Function<String, LayerSettings> layers,
            FallbackListener fallbackListener) {
        this.breakers = Objects.requireNonNull(breakers, "breakers");
        this.layers = Objects.requireNonNull(layers, "layers");
        this.fallbackListener = Objects.requireNonNull(fallbackListener, "fallbackListener");
    }

    /** The guard of the breaker named {@code name}, creating the breaker if it does not exist yet. */
    public Guard guard(String name) {
        Guard guard = byName.get(name);
        if (guard != null) {
            return guard;
        }
        // Created outside the map's lock: a new breaker is announced to registry listeners (the meter binder),
        // which ask for its guard in turn.
        Breaker breaker = breakers.breaker(name);
        return byName.computeIfAbsent(name, key -> create(breaker));
    }

    /** The guard of the breaker named {@code name} if that breaker exists; never creates a breaker. */
    public Optional<Guard> find(String name) {
        Guard guard = byName.get(name);
        if (guard != null) {
            return Optional.of(guard);
        }
        return breakers.find(name).map(breaker -> guard(breaker.name()));
    }

    public BreakerRegistry breakers() {
        return breakers;
    }

    private Guard create(Breaker breaker) {
        LayerSettings settings = layers.apply(breaker.name());
        return Guard.builder(breaker).timeout(settings.timeout()).bulkhead(settings.bulkhead())
                .retry(settings.retry()).fallbackListener(fallbackListener).build();
    }
}
