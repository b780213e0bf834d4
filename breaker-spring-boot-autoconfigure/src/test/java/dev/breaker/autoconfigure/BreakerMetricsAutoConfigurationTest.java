package dev.breaker.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import dev.breaker.BreakerRegistry;
import dev.breaker.metrics.BreakerMeterBinder;
import dev.breaker.metrics.ExperimentMeters;
import dev.breaker.metrics.SharedStateMeters;
import dev.breaker.shared.FleetSyncStatus;
import dev.breaker.shared.SyncStatus;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.condition.ConditionEvaluationReport;
import org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

class BreakerMetricsAutoConfigurationTest {

    /** Boot's metrics with a simple registry, as an application with the actuator and no exporter has. */
    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(MetricsAutoConfiguration.class,
                    CompositeMeterRegistryAutoConfiguration.class, SimpleMetricsExportAutoConfiguration.class,
                    BreakerAutoConfiguration.class, BreakerMetricsAutoConfiguration.class))
            .withPropertyValues("breaker.instances.payment.failure-rate-threshold=50");

    /** A meter registry bean but none of Boot's metrics auto-configuration: only the conditions decide. */
    private final ApplicationContextRunner withRegistryBean = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(BreakerAutoConfiguration.class,
                    BreakerMetricsAutoConfiguration.class))
            .withBean(SimpleMeterRegistry.class, SimpleMeterRegistry::new);

    @Test
    void bindsTheMetersOfEveryBreakerToTheApplicationsMeterRegistry() {
        runner.run(context -> {
            assertThat(context).hasSingleBean(BreakerMeterBinder.class).doesNotHaveBean(SharedStateMeters.class);
            MeterRegistry meters = context.getBean(MeterRegistry.class);
            assertThat(meters.find("circuit.breaker.state").tag("name", "payment").gauge()).isNotNull();
            context.getBean(BreakerRegistry.class).breaker("created-later");
            assertThat(meters.find("circuit.breaker.state").tag("name", "created-later").gauge()).isNotNull();
        });
    }

    @Test
    void bindsTheMetersOfExperimentsWhereThereAreSome() {
        runner.withPropertyValues("breaker.instances.payment.experiments.strict.failure-rate-threshold=25")
                .run(context -> {
                    assertThat(context).hasSingleBean(ExperimentMeters.class);
                    MeterRegistry meters = context.getBean(MeterRegistry.class);
                    assertThat(meters.find("circuit.breaker.experiment.would.open").tag("name", "payment")
                            .tag("experiment", "strict").functionCounter()).isNotNull();
                    assertThat(meters.find("circuit.breaker.experiment.would.open").tag("experiment", "live")
                            .functionCounters()).hasSize(1);
                });
    }

    @Test
    void bindsSyncMetersWhenBreakersShareTheirState() {
        runner.withBean(FleetSyncStatus.class, NoSync::new).run(context -> {
            assertThat(context).hasSingleBean(SharedStateMeters.class);
        });
    }

    @Test
    void backsOffWhenTheApplicationDefinesItsOwnMeterBinder() {
        runner.withUserConfiguration(OwnBindersConfig.class).withBean(FleetSyncStatus.class, NoSync::new)
                .run(context -> {
                    assertThat(context.getBeansOfType(BreakerMeterBinder.class)).containsOnlyKeys("ownBinder");
                    assertThat(context.getBeansOfType(SharedStateMeters.class)).containsOnlyKeys("ownSyncMeters");
                });
    }

    @Test
    void disappearsWithoutMicrometer() {
        withRegistryBean.run(context -> assertThat(context).hasSingleBean(BreakerMeterBinder.class));
        withRegistryBean.withClassLoader(new FilteredClassLoader("io.micrometer")).run(context -> {
            assertThat(context).hasNotFailed().doesNotHaveBean(BreakerMeterBinder.class);
            // the class condition decides, before the bean condition on the same (missing) type is evaluated
            assertThat(ConditionEvaluationReport.get(context.getBeanFactory()).getConditionAndOutcomesBySource()
                    .get(BreakerMetricsAutoConfiguration.class.getName())).anySatisfy(condition -> assertThat(
                            condition.getOutcome().getMessage()).contains("@ConditionalOnClass did not find required "
                                    + "class 'io.micrometer.core.instrument.MeterRegistry'"));
        });
    }

    @Test
    void disappearsWithoutAMeterRegistry() {
        new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(BreakerAutoConfiguration.class,
                        BreakerMetricsAutoConfiguration.class))
                .run(context -> assertThat(context).hasSingleBean(BreakerRegistry.class)
                        .doesNotHaveBean(BreakerMeterBinder.class));
    }

    @Test
    void disappearsWithoutTheBreakerRegistry() {
        new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(BreakerMetricsAutoConfiguration.class))
                .withBean(SimpleMeterRegistry.class, SimpleMeterRegistry::new)
                .run(context -> assertThat(context).hasNotFailed().doesNotHaveBean(BreakerMeterBinder.class));
    }

    static class NoSync implements FleetSyncStatus {
        @Override
        public Optional<SyncStatus> status(String breakerName) {
            return Optional.empty();
        }

        @Override
        public long errors() {
            return 0;
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class OwnBindersConfig {
        @Bean
        BreakerMeterBinder ownBinder(BreakerRegistry registry) {
            return new BreakerMeterBinder(registry);
        }

        @Bean
        SharedStateMeters ownSyncMeters(BreakerRegistry registry, FleetSyncStatus sync) {
            return new SharedStateMeters(registry, sync);
        }
    }
}
