package dev.breaker.cloud;

import dev.breaker.BreakerConfig;
import java.util.Map;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/** The {@code configureDefault(...)} and {@code configure(...)} of one factory, applied to a breaker's settings. */
final class CloudConfigurations {

    private volatile @Nullable Function<String, BreakerCloudConfig> defaults;

    void configureDefault(Function<String, BreakerCloudConfig> defaults) {
        this.defaults = defaults;
    }

    /**
     * Applies the default first, then what was configured for {@code name} by id: both on top of the
     * {@code breaker.*} settings already in {@code builder}.
     */
    void customize(String name, BreakerConfig.Builder builder, Map<String, BreakerCloudConfig> byId) {
        Function<String, BreakerCloudConfig> fallback = defaults;
        if (fallback != null) {
            fallback.apply(name).settings().accept(builder);
        }
        BreakerCloudConfig configured = byId.get(name);
        if (configured != null) {
            configured.settings().accept(builder);
        }
    }
}
