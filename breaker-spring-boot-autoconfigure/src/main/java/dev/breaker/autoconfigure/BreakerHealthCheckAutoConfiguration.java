package dev.breaker.autoconfigure;

import dev.breaker.BreakerRegistry;
import dev.breaker.health.CircuitBreakersHealthIndicator;
import dev.breaker.healthcheck.ContributorProbes;
import dev.breaker.healthcheck.HealthChecks;
import dev.breaker.healthcheck.HealthProbe;
import dev.breaker.healthcheck.HealthProbes;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.health.registry.HealthContributorRegistry;
import org.springframework.boot.health.registry.ReactiveHealthContributorRegistry;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The breakers' {@code health-check}s, run with the application context. URL checks need nothing more; checks of
 * a health contributor need Spring Boot's health support (its contributor registry), and without it such a check
 * fails startup, naming the setting.
 */
@AutoConfiguration(after = {BreakerAutoConfiguration.class, BreakerHealthAutoConfiguration.class},
        afterName = "org.springframework.boot.health.autoconfigure.registry.HealthContributorRegistryAutoConfiguration")
@ConditionalOnBean({BreakerRegistry.class, BreakerDefinitions.class})
public final class BreakerHealthCheckAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    HealthChecks breakerHealthChecks(BreakerRegistry registry, BreakerDefinitions definitions,
            ObjectProvider<HealthProbe.Factory> contributorProbes) {
        return new HealthChecks(registry, definitions::healthCheck, new HealthProbes(contributorProbes.getIfUnique()),
                definitions.configuredHealthChecks());
    }

    /** Probes of the application's health contributors, when it has Spring Boot's health support. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(HealthContributorRegistry.class)
    static class ContributorProbesConfiguration {

        @Bean
        @ConditionalOnMissingBean
        @ConditionalOnBean(HealthContributorRegistry.class)
        ContributorProbes breakerContributorProbes(HealthContributorRegistry registry,
                ObjectProvider<ReactiveHealthContributorRegistry> reactiveRegistry) {
            return new ContributorProbes(registry, reactiveRegistry.getIfAvailable(),
                    contributor -> contributor instanceof CircuitBreakersHealthIndicator,
                    "it reports the breakers' states, so a breaker it opened would keep itself open");
        }
    }
}
