package dev.breaker.cloud;

import dev.breaker.BreakerConfig;
import java.util.function.Consumer;

/**
 * What Spring Cloud's {@code configure(...)} and {@code configureDefault(...)} say about a breaker: changes to its
 * settings, applied on top of what {@code breaker.*} resolves for it, as a {@code BreakerConfigCustomizer} would.
 *
 * @param id the breaker name
 * @param settings changes to the breaker's settings
 */
public record BreakerCloudConfig(String id, Consumer<BreakerConfig.Builder> settings) {
}
