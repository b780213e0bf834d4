package dev.breaker.autoconfigure;

import dev.breaker.definition.LayerSettings;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The running {@link BreakerLayers} of each breaker that has any, created the first time a breaker's calls,
 * meters or endpoint view need them, from the {@link BreakerDefinitions}. Breakers without a layer get
 * none, so their calls keep the plain path.
 */
public final class BreakerLayerRegistry {

    /** Stands for "this name has no layers" in the map, which cannot hold nulls. */
    private static final Optional<BreakerLayers> NONE = Optional.empty();

    private final BreakerDefinitions definitions;
    private final ConcurrentHashMap<String, Optional<BreakerLayers>> byName = new ConcurrentHashMap<>();

    public BreakerLayerRegistry(BreakerDefinitions definitions) {
        this.definitions = Objects.requireNonNull(definitions, "definitions");
    }

    /**
     * The layers of the breaker named {@code name}, created on first request; empty when its settings
     * configure none. Ask only for breakers that exist, like the registry's: each name asked for is kept.
     */
    public Optional<BreakerLayers> layers(String name) {
        Optional<BreakerLayers> layers = byName.get(name);
        return (layers != null) ? layers : byName.computeIfAbsent(name, this::create);
    }

    private Optional<BreakerLayers> create(String name) {
        LayerSettings settings = definitions.definition(name).layers();
        return settings.any() ? Optional.of(new BreakerLayers(name, settings)) : NONE;
    }
}
