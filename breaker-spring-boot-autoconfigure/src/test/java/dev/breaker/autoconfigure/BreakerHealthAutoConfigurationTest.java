package dev.breaker.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import dev.breaker.BreakerRegistry;
import dev.breaker.health.CircuitBreakersHealthIndicator;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.autoconfigure.registry.HealthContributorRegistryAutoConfiguration;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.health.registry.HealthContributorRegistry;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

class BreakerHealthAutoConfigurationTest {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(BreakerAutoConfiguration.class,
                    BreakerHealthAutoConfiguration.class, HealthContributorRegistryAutoConfiguration.class));

    @Test
    void contributesCircuitBreakersToHealth() {
        runner.run(context -> {
            assertThat(context).hasSingleBean(CircuitBreakersHealthIndicator.class);
            HealthIndicator contributor = (HealthIndicator) context.getBean(HealthContributorRegistry.class)
                    .getContributor("circuitBreakers");
            assertThat(contributor).isSameAs(context.getBean(CircuitBreakersHealthIndicator.class));
            context.getBean(BreakerRegistry.class).breaker("payment").transitionToForcedOpenState();
            assertThat(contributor.health().getStatus()).isEqualTo(CircuitBreakersHealthIndicator.DEGRADED);
        });
    }

    @Test
    void isOffWhenManagementHealthCircuitbreakersEnabledIsFalse() {
        runner.withPropertyValues("management.health.circuitbreakers.enabled=false").run(context -> {
            assertThat(context).hasSingleBean(BreakerRegistry.class)
                    .doesNotHaveBean(CircuitBreakersHealthIndicator.class);
            assertThat(context.getBean(HealthContributorRegistry.class).getContributor("circuitBreakers")).isNull();
        });
    }

    @Test
    void followsManagementHealthDefaultsEnabledUnlessItsOwnSwitchSaysOtherwise() {
        runner.withPropertyValues("management.health.defaults.enabled=false")
                .run(context -> assertThat(context).doesNotHaveBean(CircuitBreakersHealthIndicator.class));
        runner.withPropertyValues("management.health.defaults.enabled=false",
                        "management.health.circuitbreakers.enabled=true")
                .run(context -> assertThat(context).hasSingleBean(CircuitBreakersHealthIndicator.class));
    }

    @Test
    void backsOffWhenTheApplicationDefinesAContributorOfTheSameName() {
        HealthIndicator own = () -> Health.status(Status.UNKNOWN).build();
        runner.withBean("circuitBreakersHealthIndicator", HealthIndicator.class, () -> own).run(context -> {
            assertThat(context).doesNotHaveBean(CircuitBreakersHealthIndicator.class);
            assertThat(context.getBean(HealthContributorRegistry.class).getContributor("circuitBreakers"))
                    .isSameAs(own);
        });
    }

    @Test
    void disappearsWithoutSpringBootHealth() {
        new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(BreakerAutoConfiguration.class,
                        BreakerHealthAutoConfiguration.class))
                .withClassLoader(new FilteredClassLoader(HealthIndicator.class))
                .run(context -> assertThat(context).hasSingleBean(BreakerRegistry.class)
                        .doesNotHaveBean(CircuitBreakersHealthIndicator.class));
    }

    @Test
    void disappearsWithoutTheBreakerRegistry() {
        new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(BreakerHealthAutoConfiguration.class))
                .run(context -> assertThat(context).hasNotFailed()
                        .doesNotHaveBean(CircuitBreakersHealthIndicator.class));
    }
}
