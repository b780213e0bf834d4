package dev.breaker.benchmarks;

import dev.breaker.BreakerRegistry;
import dev.breaker.FallbackListener;
import dev.breaker.SlidingWindowType;
import dev.breaker.cloud.BreakerCircuitBreakerFactory;
import dev.breaker.definition.GuardRegistry;
import dev.breaker.definition.LayerSettings;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.timelimiter.TimeLimiterRegistry;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.springframework.cloud.circuitbreaker.resilience4j.Resilience4JCircuitBreakerFactory;
import org.springframework.cloud.circuitbreaker.resilience4j.Resilience4JConfigurationProperties;
import org.springframework.cloud.client.circuitbreaker.CircuitBreakerFactory;

/**
 * Spring Cloud CircuitBreaker's {@code factory.create(id).run(supplier)} on a succeeding call, as Gateway,
 * OpenFeign and applications make it, with both breakers on a count window of 100 calls:
 * <ul>
 * <li>{@code breaker}: Breaker's factory ({@code breaker-spring-cloud}), no timeout layer (none configured).
 * <li>{@code resilience4j}: {@code spring-cloud-circuitbreaker-resilience4j}'s factory as its starter configures it:
 * each call runs on its thread pool under a TimeLimiter of 1 s.
 * <li>{@code resilience4jNoThreadPool}: the same with {@code disable-thread-pool} and {@code disable-time-limiter},
 * Resilience4j's cheapest form, the closest to Breaker's with no timeout.
 * </ul>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 6, time = 1)
@Measurement(iterations = 4, time = 500, timeUnit = TimeUnit.MILLISECONDS)
@Fork(1)
public class CloudFactory {

    static final String ID = "payment";

    private CircuitBreakerFactory<?, ?> breaker;
    private Resilience4JCircuitBreakerFactory resilience4j;
    private Resilience4JCircuitBreakerFactory resilience4jNoThreadPool;
    /** The pool Resilience4j's factory runs calls on, as its own default is (a cached pool), but one to shut down. */
    private final ExecutorService resilience4jPool = Executors.newCachedThreadPool();

    @Setup
    public void setUp() {
        BreakerRegistry registry = BreakerRegistry.builder()
                .defaultConfig(BreakerCount.config(SlidingWindowType.COUNT_BASED, Calls.WINDOW_CALLS))
                .build();
        GuardRegistry guards = new GuardRegistry(registry, name -> LayerSettings.NONE, FallbackListener.NONE);
        breaker = new BreakerCircuitBreakerFactory(() -> guards);

        resilience4j = resilience4j(false);
        resilience4j.configureExecutorService(resilience4jPool);
        resilience4jNoThreadPool = resilience4j(true);

        Calls calls = new Calls();
        for (CircuitBreakerFactory<?, ?> factory : new CircuitBreakerFactory<?, ?>[] {breaker, resilience4j,
                resilience4jNoThreadPool}) {
            if (!"response".equals(factory.create(ID).run(calls.succeeding))) {
                throw new IllegalStateException(factory + " did not pass the call through");
            }
        }
        if (registry.breaker(ID).metrics().successfulCallsTotal() != 1) {
            throw new IllegalStateException("Breaker's factory did not record the call");
        }
    }

    private static Resilience4JCircuitBreakerFactory resilience4j(boolean cheapest) {
        CircuitBreakerConfig config = CircuitBreakerConfig.custom()
                .slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
                .slidingWindowSize(Calls.WINDOW_CALLS).build();
        Resilience4JConfigurationProperties properties = new Resilience4JConfigurationProperties();
        properties.setDisableThreadPool(cheapest);
        properties.setDisableTimeLimiter(cheapest);
        return new Resilience4JCircuitBreakerFactory(CircuitBreakerRegistry.of(config), TimeLimiterRegistry.ofDefaults(),
                null, properties);
    }

    @TearDown
    public void tearDown() {
        resilience4jPool.shutdownNow();
    }

    @Benchmark
    public String breaker(Calls calls) {
        return breaker.create(ID).run(calls.succeeding);
    }

    @Benchmark
    public String resilience4j(Calls calls) {
        return resilience4j.create(ID).run(calls.succeeding);
    }

    @Benchmark
    public String resilience4jNoThreadPool(Calls calls) {
        return resilience4jNoThreadPool.create(ID).run(calls.succeeding);
    }
}
