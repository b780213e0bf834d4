package dev.breaker.cloud;

import dev.breaker.BreakerConfig;
import dev.breaker.autoconfigure.BreakerConfigCustomizer;
import dev.breaker.definition.GuardRegistry;
import java.util.function.Function;
import java.util.function.Supplier;
import org.springframework.cloud.client.circuitbreaker.ReactiveCircuitBreaker;
import org.springframework.cloud.client.circuitbreaker.ReactiveCircuitBreakerFactory;

/**
 * Spring Cloud's {@link ReactiveCircuitBreakerFactory} on Breaker, for Spring Cloud Gateway's {@code CircuitBreaker}
 * filter and reactive applications: {@code create("payment")} is the breaker named {@code payment}, the same one
 * the blocking factory, {@code @CircuitBreaker} and the HTTP clients use. Publishers run under its guard with
 * Reactor operators (nothing blocks); the timeout layer plays the part Resilience4j's TimeLimiter plays there.
 * {@link #configure} and {@link #configureDefault} work as on {@link BreakerCircuitBreakerFactory}.
 */
public class BreakerReactiveCircuitBreakerFactory
        extends ReactiveCircuitBreakerFactory<BreakerCloudConfig, BreakerCloudConfigBuilder>
        implements BreakerConfigCustomizer {

    private final FactorySupport<BreakerReactiveCircuitBreaker> support;

    /** @param guards the application's guards, asked for at the first {@link #create} */
    public BreakerReactiveCircuitBreakerFactory(Supplier<GuardRegistry> guards) {
        this.support = new FactorySupport<>(guards, BreakerReactiveCircuitBreaker::new);
    }

    @Override
    public ReactiveCircuitBreaker create(String id) {
        return support.create(id);
    }

    @Override
    protected BreakerCloudConfigBuilder configBuilder(String id) {
        return new BreakerCloudConfigBuilder(id);
    }

    @Override
    public void configureDefault(Function<String, BreakerCloudConfig> defaultConfiguration) {
        support.configureDefault(defaultConfiguration);
    }

    @Override
    public void customize(String breakerName, BreakerConfig.Builder builder) {
        support.customize(breakerName, builder, getConfigurations());
    }
}
