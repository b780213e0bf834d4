package dev.breaker.autoconfigure;

import dev.breaker.BreakerConfig;
import java.util.function.Consumer;

/**
 * A customizer of one breaker ({@link BreakerConfigCustomizer#forBreaker}): its name counts as configured, so an
 * annotation naming it is not reported as matching no configuration.
 */
record NamedBreakerConfigCustomizer(String breakerName, Consumer<BreakerConfig.Builder> customizer)
        implements BreakerConfigCustomizer {

    @Override
    public void customize(String name, BreakerConfig.Builder builder) {
        if (breakerName.equals(name)) {
            customizer.accept(builder);
        }
    }
}
