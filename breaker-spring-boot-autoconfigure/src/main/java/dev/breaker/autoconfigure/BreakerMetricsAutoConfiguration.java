package dev.breaker.autoconfigure;

import dev.breaker.BreakerRegistry;
import dev.breaker.definition.BreakerTuning;
import dev.breaker.definition.GuardRegistry;
import dev.breaker.healthcheck.HealthChecks;
import dev.breaker.metrics.BreakerMeterBinder;
import dev.breaker.metrics.ExperimentMeters;
import dev.breaker.metrics.HealthCheckMeters;
import dev.breaker.metrics.SharedStateMeters;
import dev.breaker.shared.FleetSyncStatus;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * Micrometer meters for every breaker, its layers and its shadow experiments, when Micrometer and a meter registry
 * are present.
 */
@AutoConfiguration(after = {BreakerAutoConfiguration.class, BreakerSharedStateAutoConfiguration.class,
        BreakerHealthCheckAutoConfiguration.class}, afterName = {
        "org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration",
        "org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration"})
@ConditionalOnClass(MeterRegistry.class)
@ConditionalOnBean({MeterRegistry.class, BreakerRegistry.class})
public final class BreakerMetricsAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    BreakerMeterBinder breakerMeterBinder(BreakerRegistry registry, ObjectProvider<GuardRegistry> guards) {
        return new BreakerMeterBinder(registry, guards.getIfAvailable());
    }

    @Bean
    @ConditionalOnMissingBean
    @ConditionalOnBean(FleetSyncStatus.class)
    SharedStateMeters sharedStateMeters(BreakerRegistry registry, FleetSyncStatus sync) {
        return new SharedStateMeters(registry, sync);
    }

    @Bean
    @ConditionalOnMissingBean
    @ConditionalOnBean(HealthChecks.class)
    HealthCheckMeters breakerHealthCheckMeters(BreakerRegistry registry, HealthChecks checks) {
        return new HealthCheckMeters(registry, checks);
    }

    @Bean
    @ConditionalOnMissingBean
    @ConditionalOnBean(BreakerTuning.class)
    ExperimentMeters breakerExperimentMeters(BreakerTuning tuning) {
        return new ExperimentMeters(tuning);
    }
}
