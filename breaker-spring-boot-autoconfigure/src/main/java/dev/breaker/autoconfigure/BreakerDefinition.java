package dev.breaker.autoconfigure;

import dev.breaker.BreakerConfig;
import org.jspecify.annotations.Nullable;

/**
 * What the configuration says about one breaker name.
 *
 * @param name the breaker's name
 * @param profile the profile it resolved through, or {@code null} when none applies
 * @param config its effective settings
 * @param affectsHealth whether it being open makes the health status DEGRADED
 */
public record BreakerDefinition(String name, @Nullable String profile, BreakerConfig config, boolean affectsHealth) {
}
