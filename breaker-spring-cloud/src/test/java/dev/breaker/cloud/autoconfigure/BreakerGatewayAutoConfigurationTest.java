package dev.breaker.cloud.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import dev.breaker.autoconfigure.BreakerAutoConfiguration;
import dev.breaker.cloud.gateway.BreakerCircuitBreakerFilterFactory;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.cloud.client.circuitbreaker.ConfigBuilder;
import org.springframework.cloud.client.circuitbreaker.ReactiveCircuitBreaker;
import org.springframework.cloud.client.circuitbreaker.ReactiveCircuitBreakerFactory;
import org.springframework.cloud.gateway.filter.factory.FallbackHeadersGatewayFilterFactory;
import org.springframework.cloud.gateway.filter.factory.SpringCloudCircuitBreakerFilterFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.reactive.DispatcherHandler;
import reactor.core.publisher.Mono;

/** When Gateway's CircuitBreaker filter runs on Breaker, and when it leaves the filter to someone else. */
class BreakerGatewayAutoConfigurationTest {

    private final ApplicationContextRunner runner = new ApplicationContextRunner().withConfiguration(
            AutoConfigurations.of(BreakerAutoConfiguration.class, BreakerSpringCloudAutoConfiguration.class,
                    BreakerGatewayAutoConfiguration.class));

    @Test
    void registersGatewaysCircuitBreakerAndFallbackHeadersFilters() {
        runner.run(context -> {
            assertThat(context).hasSingleBean(BreakerCircuitBreakerFilterFactory.class)
                    .hasSingleBean(FallbackHeadersGatewayFilterFactory.class);
            assertThat(context.getBean(BreakerCircuitBreakerFilterFactory.class).name()).isEqualTo("CircuitBreaker");
        });
    }

    @Test
    void needsGateway() {
        runner.withClassLoader(new FilteredClassLoader(SpringCloudCircuitBreakerFilterFactory.class))
                .run(context -> assertThat(context).hasNotFailed()
                        .doesNotHaveBean(BreakerCircuitBreakerFilterFactory.class)
                        .doesNotHaveBean(FallbackHeadersGatewayFilterFactory.class));
    }

    @Test
    void followsGatewaysSwitches() {
        runner.withPropertyValues("spring.cloud.gateway.server.webflux.filter.circuit-breaker.enabled=false")
                .run(context -> assertThat(context).doesNotHaveBean(SpringCloudCircuitBreakerFilterFactory.class)
                        .hasSingleBean(FallbackHeadersGatewayFilterFactory.class));
        runner.withPropertyValues("spring.cloud.gateway.server.webflux.enabled=false")
                .run(context -> assertThat(context).doesNotHaveBean(SpringCloudCircuitBreakerFilterFactory.class)
                        .doesNotHaveBean(FallbackHeadersGatewayFilterFactory.class));
    }

    @Test
    void backsOffFromAnotherCircuitBreakerFilterOrAnotherReactiveFactory() {
        runner.withUserConfiguration(OwnFilter.class).run(context -> assertThat(context)
                .hasSingleBean(SpringCloudCircuitBreakerFilterFactory.class)
                .doesNotHaveBean(BreakerCircuitBreakerFilterFactory.class));
        // Breaker's rejections and timeouts are what this filter maps; another library's are not.
        runner.withUserConfiguration(OwnReactiveFactory.class).run(context -> assertThat(context)
                .doesNotHaveBean(SpringCloudCircuitBreakerFilterFactory.class));
    }

    @Configuration(proxyBeanMethods = false)
    static class OwnFilter {

        @Bean
        SpringCloudCircuitBreakerFilterFactory ownCircuitBreakerFilter(ReactiveCircuitBreakerFactory<?, ?> breakers,
                ObjectProvider<DispatcherHandler> dispatcherHandler) {
            return new SpringCloudCircuitBreakerFilterFactory(breakers, dispatcherHandler) {
                @Override
                protected Mono<Void> handleErrorWithoutFallback(Throwable error, boolean resumeWithoutError) {
                    return Mono.error(error);
                }
            };
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class OwnReactiveFactory {

        @Bean
        ReactiveCircuitBreakerFactory<?, ?> ownReactiveFactory() {
            return new ReactiveCircuitBreakerFactory<Object, ConfigBuilder<Object>>() {
                @Override
                public ReactiveCircuitBreaker create(String id) {
                    throw new UnsupportedOperationException("not used");
                }

                @Override
                protected ConfigBuilder<Object> configBuilder(String id) {
                    return Object::new;
                }

                @Override
                public void configureDefault(Function<String, Object> defaults) {
                }
            };
        }
    }
}
