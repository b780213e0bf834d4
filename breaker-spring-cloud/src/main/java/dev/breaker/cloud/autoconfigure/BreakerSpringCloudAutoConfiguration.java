package dev.breaker.cloud.autoconfigure;

import dev.breaker.autoconfigure.BreakerAutoConfiguration;
import dev.breaker.cloud.BreakerCircuitBreakerFactory;
import dev.breaker.cloud.BreakerReactiveCircuitBreakerFactory;
import dev.breaker.definition.GuardRegistry;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.cloud.client.circuitbreaker.CircuitBreakerFactory;
import org.springframework.cloud.client.circuitbreaker.Customizer;
import org.springframework.cloud.client.circuitbreaker.ReactiveCircuitBreakerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import reactor.core.publisher.Mono;

/**
 * Breaker's {@link CircuitBreakerFactory} and {@link ReactiveCircuitBreakerFactory}, unless the application (or
 * another library, such as Spring Cloud's Resilience4j module, configured first) already has one.
 * {@code Customizer<BreakerCircuitBreakerFactory>} and {@code Customizer<BreakerReactiveCircuitBreakerFactory>}
 * beans are applied to them, in order, before any breaker is built: the factories are
 * {@code BreakerConfigCustomizer}s, which the breakers' settings are resolved with.
 */
// Before OpenFeign's: it wraps clients in breakers only if a CircuitBreakerFactory bean is already defined
// (@ConditionalOnBean), and otherwise calls the servers unprotected without a word.
@AutoConfiguration(after = BreakerAutoConfiguration.class, afterName = {
        "org.springframework.cloud.circuitbreaker.resilience4j.Resilience4JAutoConfiguration",
        "org.springframework.cloud.circuitbreaker.resilience4j.ReactiveResilience4JAutoConfiguration"},
        beforeName = "org.springframework.cloud.openfeign.FeignAutoConfiguration")
@ConditionalOnClass(CircuitBreakerFactory.class)
public final class BreakerSpringCloudAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean(CircuitBreakerFactory.class)
    BreakerCircuitBreakerFactory breakerCircuitBreakerFactory(ObjectProvider<GuardRegistry> guards,
            ObjectProvider<Customizer<BreakerCircuitBreakerFactory>> customizers) {
        // The guards are asked for lazily: this factory is a BreakerConfigCustomizer, which the guards' own
        // settings are resolved with.
        BreakerCircuitBreakerFactory factory = new BreakerCircuitBreakerFactory(guards::getObject);
        customizers.orderedStream().forEach(customizer -> customizer.customize(factory));
        return factory;
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass({ReactiveCircuitBreakerFactory.class, Mono.class})
    static class Reactive {

        @Bean
        @ConditionalOnMissingBean(ReactiveCircuitBreakerFactory.class)
        BreakerReactiveCircuitBreakerFactory breakerReactiveCircuitBreakerFactory(ObjectProvider<GuardRegistry> guards,
                ObjectProvider<Customizer<BreakerReactiveCircuitBreakerFactory>> customizers) {
            BreakerReactiveCircuitBreakerFactory factory = new BreakerReactiveCircuitBreakerFactory(guards::getObject);
            customizers.orderedStream().forEach(customizer -> customizer.customize(factory));
            return factory;
        }
    }
}
