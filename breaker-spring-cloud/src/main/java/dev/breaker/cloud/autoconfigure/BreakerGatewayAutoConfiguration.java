package dev.breaker.cloud.autoconfigure;

import dev.breaker.cloud.BreakerReactiveCircuitBreakerFactory;
import dev.breaker.cloud.gateway.BreakerCircuitBreakerFilterFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.cloud.gateway.config.conditional.ConditionalOnEnabledFilter;
import org.springframework.cloud.gateway.filter.factory.FallbackHeadersGatewayFilterFactory;
import org.springframework.cloud.gateway.filter.factory.SpringCloudCircuitBreakerFilterFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.web.reactive.DispatcherHandler;

/**
 * Spring Cloud Gateway's {@code CircuitBreaker} and {@code FallbackHeaders} filters on Breaker's
 * {@link BreakerReactiveCircuitBreakerFactory}. Gateway registers both only when Resilience4j is on the class path
 * ({@code GatewayResilience4JCircuitBreakerAutoConfiguration}); this configuration mirrors its conditions: Gateway
 * server WebFlux enabled, the breaker factory present, each filter enabled
 * ({@code spring.cloud.gateway.server.webflux.filter.circuit-breaker.enabled}). Ordered after Gateway's
 * Resilience4j configuration, it backs off when that one registered a {@code CircuitBreaker} filter.
 */
@AutoConfiguration(after = BreakerSpringCloudAutoConfiguration.class,
        afterName = "org.springframework.cloud.gateway.config.GatewayResilience4JCircuitBreakerAutoConfiguration")
@ConditionalOnClass({DispatcherHandler.class, SpringCloudCircuitBreakerFilterFactory.class})
@ConditionalOnProperty(name = "spring.cloud.gateway.server.webflux.enabled", matchIfMissing = true)
public final class BreakerGatewayAutoConfiguration {

    @Bean
    @ConditionalOnBean(BreakerReactiveCircuitBreakerFactory.class)
    @ConditionalOnMissingBean(SpringCloudCircuitBreakerFilterFactory.class)
    @ConditionalOnEnabledFilter
    BreakerCircuitBreakerFilterFactory breakerCircuitBreakerFilterFactory(
            BreakerReactiveCircuitBreakerFactory reactiveCircuitBreakerFactory,
            ObjectProvider<DispatcherHandler> dispatcherHandler) {
        return new BreakerCircuitBreakerFilterFactory(reactiveCircuitBreakerFactory, dispatcherHandler);
    }

    @Bean
    @ConditionalOnMissingBean
    @ConditionalOnEnabledFilter
    FallbackHeadersGatewayFilterFactory fallbackHeadersGatewayFilterFactory() {
        return new FallbackHeadersGatewayFilterFactory();
    }
}
