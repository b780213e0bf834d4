package dev.breaker.autoconfigure;

import dev.breaker.BreakerConfig;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Adjusts a breaker's config after the {@code breaker.*} properties have been applied: for settings
 * that YAML cannot express, such as a result predicate. Declare one as a bean; customizers run in
 * {@link org.springframework.core.annotation.Order} order.
 */
@FunctionalInterface
public interface BreakerConfigCustomizer {

    /** Customizes the config of the breaker named {@code breakerName}. */
    void customize(String breakerName, BreakerConfig.Builder builder);

    /** A customizer for the breaker named {@code breakerName} only. */
    static BreakerConfigCustomizer forBreaker(String breakerName, Consumer<BreakerConfig.Builder> customizer) {
        Objects.requireNonNull(breakerName, "breakerName");
        Objects.requireNonNull(customizer, "customizer");
        return new NamedBreakerConfigCustomizer(breakerName, customizer);
    }
}
