package dev.breaker.autoconfigure;

import dev.breaker.BreakerRegistry;
import dev.breaker.health.CircuitBreakersHealthIndicator;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;

/**
 * The {@code circuitBreakers} health contributor; {@code management.health.circuitbreakers.enabled=false}
 * turns it off. The DEGRADED status's order and 503 come from {@code DegradedStatusEnvironmentPostProcessor}.
 */
@AutoConfiguration(after = BreakerAutoConfiguration.class,
        beforeName = "org.springframework.boot.health.autoconfigure.registry.HealthContributorRegistryAutoConfiguration")
@ConditionalOnClass({HealthIndicator.class, ConditionalOnEnabledHealthIndicator.class})
@ConditionalOnEnabledHealthIndicator("circuitbreakers")
public final class BreakerHealthAutoConfiguration {

    /** The bean name gives the contributor name: Boot drops the "HealthIndicator" suffix. */
    @Bean
    @ConditionalOnMissingBean(name = "circuitBreakersHealthIndicator")
    @ConditionalOnBean({BreakerRegistry.class, BreakerDefinitions.class})
    CircuitBreakersHealthIndicator circuitBreakersHealthIndicator(BreakerRegistry registry,
            BreakerDefinitions definitions) {
        return new CircuitBreakersHealthIndicator(registry, definitions);
    }
}
