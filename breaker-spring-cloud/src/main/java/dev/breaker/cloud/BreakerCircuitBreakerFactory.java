package dev.breaker.cloud;

import dev.breaker.BreakerConfig;
import dev.breaker.autoconfigure.BreakerConfigCustomizer;
import dev.breaker.definition.GuardRegistry;
import java.util.function.Function;
import java.util.function.Supplier;
import org.springframework.cloud.client.circuitbreaker.CircuitBreaker;
import org.springframework.cloud.client.circuitbreaker.CircuitBreakerFactory;

/**
 * Spring Cloud's {@link CircuitBreakerFactory} on Breaker: {@code create("payment")} is the breaker named
 * {@code payment}, resolved from {@code breaker.*} exactly as {@code @CircuitBreaker(name = "payment")} would be
 * (breaker profile, instance, timeout, bulkhead and retry), and the same breaker, so the endpoint, metrics and
 * health show it. Circuit breakers are cached by id: asking again costs a map lookup.
 *
 * <p>{@link #configure} and {@link #configureDefault} change breaker settings on top of {@code breaker.*}, as a
 * {@link BreakerConfigCustomizer} does (this factory is one): the default first, then what is configured by id.
 * Like every customizer they take effect when a breaker's settings are resolved, that is at startup for
 * {@code breaker.instances} and at first use for other names; call them from
 * {@code Customizer<BreakerCircuitBreakerFactory>} beans, which run before any breaker is built.
 */
public class BreakerCircuitBreakerFactory extends CircuitBreakerFactory<BreakerCloudConfig, BreakerCloudConfigBuilder>
        implements BreakerConfigCustomizer {

    private final FactorySupport<BreakerCircuitBreaker> support;

    /** @param guards the application's guards, asked for at the first {@link #create} */
    public BreakerCircuitBreakerFactory(Supplier<GuardRegistry> guards) {
        this.support = new FactorySupport<>(guards, BreakerCircuitBreaker::new);
    }

    @Override
    public CircuitBreaker create(String id) {
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
