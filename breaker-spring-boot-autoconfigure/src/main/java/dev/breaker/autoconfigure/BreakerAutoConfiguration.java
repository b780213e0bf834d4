package dev.breaker.autoconfigure;

import dev.breaker.definition.BreakerConfigurationException;
import dev.breaker.BreakerClock;
import dev.breaker.BreakerRegistry;
import dev.breaker.BreakerScheduler;
import dev.breaker.FallbackListener;
import dev.breaker.FleetSync;
import dev.breaker.definition.BreakerTuning;
import dev.breaker.definition.FallbackListeners;
import dev.breaker.definition.GuardRegistry;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.Environment;
import org.springframework.core.io.ResourceLoader;

/**
 * The breakers of the application: {@code breaker.*} properties resolved into configs, the
 * {@link BreakerRegistry}, the {@link GuardRegistry} of their timeouts, bulkheads and retries, and
 * transitions logged and published as {@link BreakerStateChangedEvent}s; the breakers' shadow experiments and
 * recordings ({@link BreakerTuning}), and the {@link BreakerSettingsRefresher} that changes their settings while
 * they run. A {@link BreakerClock} or
 * {@link BreakerScheduler} bean replaces the system ones (tests use a {@link dev.breaker.ManualClock}); the
 * scheduler also times the layers' deadlines and retry waits. {@code BREAKER_*} environment variables that bind
 * to no setting fail startup like misspelt keys in a file.
 */
@AutoConfiguration
@EnableConfigurationProperties(BreakerProperties.class)
public final class BreakerAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    BreakerDefinitions breakerDefinitions(BreakerProperties properties,
            ObjectProvider<BreakerConfigCustomizer> customizers, ObjectProvider<BreakerClock> clock,
            ObjectProvider<BreakerScheduler> scheduler, ObjectProvider<FleetSync> fleetSync,
            ResourceLoader resourceLoader, Environment environment) {
        if (environment instanceof ConfigurableEnvironment configurable) {
            UnboundBreakerVariables.check(configurable);
        }
        return new BreakerDefinitions(properties, customizers.orderedStream().toList(),
                resourceLoader.getClassLoader(), clock.getIfAvailable(BreakerClock::system),
                scheduler.getIfAvailable(BreakerScheduler::system), fleetSync.getIfAvailable());
    }

    @Bean
    @ConditionalOnMissingBean
    BreakerRegistry breakerRegistry(BreakerDefinitions definitions) {
        BreakerRegistry registry = BreakerRegistry.builder()
                .configResolver(name -> definitions.definition(name).config())
                .build();
        for (String name : definitions.instanceNames()) {
            try {
                registry.breaker(name);
            } catch (IllegalArgumentException invalidName) {
                throw new BreakerConfigurationException("breaker.instances" + BreakerDefinitions.key(name)
                        + ": " + invalidName.getMessage() + ".", "Rename the instance.");
            }
        }
        return registry;
    }

    @Bean
    @ConditionalOnMissingBean
    GuardRegistry breakerGuardRegistry(BreakerRegistry registry, BreakerDefinitions definitions,
            ObjectProvider<FallbackListener> fallbackListeners) {
        return new GuardRegistry(registry, name -> definitions.definition(name).layers(),
                new FallbackListeners(fallbackListeners));
    }

    @Bean
    @ConditionalOnMissingBean
    BreakerTransitionPublisher breakerTransitionPublisher(BreakerRegistry registry,
            ApplicationEventPublisher publisher) {
        return new BreakerTransitionPublisher(registry, publisher);
    }

    @Bean
    @ConditionalOnMissingBean
    BreakerTuning breakerTuning(BreakerRegistry registry, BreakerDefinitions definitions) {
        return new BreakerTuning(registry, name -> definitions.definition(name).tuning());
    }

    @Bean
    @ConditionalOnMissingBean
    BreakerSettingsRefresher breakerSettingsRefresher(BreakerRegistry registry, BreakerDefinitions definitions,
            BreakerTuning tuning, Environment environment) {
        return new BreakerSettingsRefresher(registry, definitions, tuning, environment);
    }
}
