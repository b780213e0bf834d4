package dev.breaker.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import dev.breaker.BreakerRegistry;
import dev.breaker.actuate.CircuitBreakersEndpoint;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.convert.ApplicationConversionService;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

class BreakerEndpointAutoConfigurationTest {

    /** Converts "none" to {@code Access.NONE} leniently, as a SpringApplication's environment does. */
    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withInitializer(context -> context.getEnvironment()
                    .setConversionService(new ApplicationConversionService()))
            .withConfiguration(AutoConfigurations.of(BreakerAutoConfiguration.class,
                    BreakerEndpointAutoConfiguration.class))
            .withPropertyValues("management.endpoints.web.exposure.include=circuitbreakers");

    @Test
    void providesTheEndpointWhenItIsExposed() {
        runner.run(context -> assertThat(context).hasSingleBean(CircuitBreakersEndpoint.class));
    }

    @Test
    void isAbsentWhileNotExposed() {
        new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(BreakerAutoConfiguration.class,
                        BreakerEndpointAutoConfiguration.class))
                .run(context -> assertThat(context).hasSingleBean(BreakerRegistry.class)
                        .doesNotHaveBean(CircuitBreakersEndpoint.class));
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "management.endpoint.circuitbreakers.access=none",
            "management.endpoint.circuitbreakers.enabled=false",
            "management.endpoints.access.default=none",
            "management.endpoints.web.exposure.exclude=circuitbreakers"})
    void isAbsentWhenTurnedOffBy(String property) {
        runner.withPropertyValues(property).run(context -> assertThat(context).hasSingleBean(BreakerRegistry.class)
                .doesNotHaveBean(CircuitBreakersEndpoint.class));
    }

    @Test
    void backsOffWhenTheApplicationDefinesItsOwnEndpoint() {
        runner.withUserConfiguration(OwnEndpointConfig.class).run(context ->
                assertThat(context.getBeansOfType(CircuitBreakersEndpoint.class)).containsOnlyKeys("ownEndpoint"));
    }

    @Test
    void disappearsWithoutTheActuator() {
        runner.withClassLoader(new FilteredClassLoader(Endpoint.class)).run(context ->
                assertThat(context).hasSingleBean(BreakerRegistry.class).doesNotHaveBean(CircuitBreakersEndpoint.class));
    }

    @Test
    void disappearsWithoutTheBreakerRegistry() {
        new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(BreakerEndpointAutoConfiguration.class))
                .withPropertyValues("management.endpoints.web.exposure.include=circuitbreakers")
                .run(context -> assertThat(context).hasNotFailed().doesNotHaveBean(CircuitBreakersEndpoint.class));
    }

    @Configuration(proxyBeanMethods = false)
    static class OwnEndpointConfig {
        @Bean
        CircuitBreakersEndpoint ownEndpoint(BreakerRegistry registry, BreakerDefinitions definitions) {
            return new CircuitBreakersEndpoint(registry, definitions);
        }
    }
}
