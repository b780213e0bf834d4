package dev.breaker.benchmarks;

import dev.failsafe.CircuitBreaker;
import dev.failsafe.CircuitBreakerOpenException;
import dev.failsafe.Failsafe;
import dev.failsafe.FailsafeExecutor;
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
 * Failsafe's {@code Failsafe.with(circuitBreaker).get(supplier)}, opening when 75 of the last 100 calls
 * failed (Failsafe's count-based threshold); every other setting is Failsafe's default.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(1)
public class FailsafeCount {

    private FailsafeExecutor<Object> closed;
    private FailsafeExecutor<Object> open;

    @Setup
    public void setUp() {
        closed = Failsafe.with(breaker());
        CircuitBreaker<Object> tripped = breaker();
        open = Failsafe.with(tripped);
        Calls calls = new Calls();
        for (int i = 0; i < 10_000 && !tripped.isOpen(); i++) {
            try {
                open.get(calls.checkedFailing);
            } catch (Calls.Failure expected) {
                // counted
            }
        }
        if (!tripped.isOpen()) {
            throw new IllegalStateException("the Failsafe breaker did not open");
        }
    }

    private static CircuitBreaker<Object> breaker() {
        return CircuitBreaker.builder()
                .withFailureThreshold(Math.round(Calls.FAILURE_RATE_THRESHOLD * Calls.WINDOW_CALLS / 100),
                        Calls.WINDOW_CALLS)
                .withDelay(Calls.OPEN_WAIT)
                .build();
    }

    @Benchmark
    public Object succeeding(Calls calls) {
        return closed.get(calls.checkedSucceeding);
    }

    @Benchmark
    public Object failing(Calls calls) {
        try {
            return closed.get(calls.nextFails() ? calls.checkedFailing : calls.checkedSucceeding);
        } catch (Calls.Failure failure) {
            return failure;
        }
    }

    @Benchmark
    public Object rejected(Calls calls) {
        try {
            return open.get(calls.checkedSucceeding);
        } catch (CircuitBreakerOpenException rejection) {
            return rejection;
        }
    }
}
