package dev.breaker.benchmarks;

import dev.breaker.Breaker;
import dev.breaker.BreakerConfig;
import dev.breaker.BreakerState;
import dev.breaker.CallNotPermittedException;
import dev.breaker.SlidingWindowType;
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

/** Breaker with a count window of 100 calls, shared by the benchmark threads. */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(1)
public class BreakerCount {

    private Breaker closed;
    private Breaker open;

    @Setup
    public void setUp() {
        closed = Breaker.of("closed", config(SlidingWindowType.COUNT_BASED, Calls.WINDOW_CALLS));
        open = Breaker.of("open", config(SlidingWindowType.COUNT_BASED, Calls.WINDOW_CALLS));
        trip(open);
    }

    @Benchmark
    public String succeeding(Calls calls) {
        return closed.execute(calls.succeeding);
    }

    @Benchmark
    public Object failing(Calls calls) {
        try {
            return closed.execute(calls.nextFails() ? calls.failing : calls.succeeding);
        } catch (Calls.Failure failure) {
            return failure;
        }
    }

    @Benchmark
    public Object rejected(Calls calls) {
        try {
            return open.execute(calls.succeeding);
        } catch (CallNotPermittedException rejection) {
            return rejection;
        }
    }

    static BreakerConfig config(SlidingWindowType type, int size) {
        return BreakerConfig.builder()
                .slidingWindowType(type)
                .slidingWindowSize(size)
                .minimumNumberOfCalls(Calls.MINIMUM_CALLS)
                .failureRateThreshold(Calls.FAILURE_RATE_THRESHOLD)
                .waitDurationInOpenState(Calls.OPEN_WAIT)
                .build();
    }

    /** Fails calls until the breaker opens. */
    static void trip(Breaker breaker) {
        Calls calls = new Calls();
        for (int i = 0; i < 10_000 && breaker.state() != BreakerState.OPEN; i++) {
            try {
                breaker.execute(calls.failing);
            } catch (Calls.Failure expected) {
                // counted
            }
        }
        if (breaker.state() != BreakerState.OPEN) {
            throw new IllegalStateException(breaker + " did not open");
        }
    }
}
