package dev.breaker.definition;

import dev.breaker.BreakerConfig;
import org.jspecify.annotations.Nullable;

/**
 * What the configuration says about one breaker name.
 *
 * @param name the breaker's name
 * @param profile the profile it resolved through, or {@code null} when none applies
 * @param config its effective settings
 * @param affectsHealth whether it being open makes the health status DEGRADED
 * @param layers the timeout, bulkhead and retry around it, each {@code null} when off
 * @param tuning its shadow experiments and recording ({@link TuningSettings#NONE} when none)
 */
public record BreakerDefinition(String name, @Nullable String profile, BreakerConfig config, boolean affectsHealth,
        LayerSettings layers, TuningSettings tuning) {

    /** A definition without experiments or recording. */
    public BreakerDefinition(String name, @Nullable String profile, BreakerConfig config, boolean affectsHealth,
            LayerSettings layers) {
        this(name, profile, config, affectsHealth, layers, TuningSettings.NONE);
    }

    /** A definition without layers. */
    public BreakerDefinition(String name, @Nullable String profile, BreakerConfig config, boolean affectsHealth) {
        this(name, profile, config, affectsHealth, LayerSettings.NONE);
    }

    /** This definition with the settings the breaker runs on now, after a change while it runs. */
    public BreakerDefinition withConfig(BreakerConfig config) {
        return new BreakerDefinition(name, profile, config, affectsHealth, layers, tuning);
    }
}
