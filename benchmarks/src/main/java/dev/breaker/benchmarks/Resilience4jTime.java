package dev.breaker.benchmarks;

import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig.SlidingWindowType;
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
import org.openjdk.jmh.annotations.Warmup;

/**
 * Resilience4j's {@code CircuitBreaker.executeSupplier} with a time window of 60 seconds, set like the
 * Breaker under test; every other setting is Resilience4j's default.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(1)
public class Resilience4jTime {

    private CircuitBreaker closed;
    private CircuitBreaker open;

    @Setup
    public void setUp() {
        CircuitBreakerConfig config = Resilience4jCount.config(SlidingWindowType.TIME_BASED, Calls.WINDOW_SECONDS);
        closed = CircuitBreaker.of("closed", config);
        open = CircuitBreaker.of("open", config);
        Resilience4jCount.trip(open);
    }

    @Benchmark
    public String succeeding(Calls calls) {
        return closed.executeSupplier(calls.succeeding);
    }

    @Benchmark
    public Object failing(Calls calls) {
        try {
            return closed.executeSupplier(calls.nextFails() ? calls.failing : calls.succeeding);
        } catch (Calls.Failure failure) {
            return failure;
        }
    }

    @Benchmark
    public Object rejected(Calls calls) {
        try {
            return open.executeSupplier(calls.succeeding);
        } catch (CallNotPermittedException rejection) {
            return rejection;
        }
    }
}
