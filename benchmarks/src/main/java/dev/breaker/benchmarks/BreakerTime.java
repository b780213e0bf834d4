package dev.breaker.benchmarks;

import dev.breaker.Breaker;
import dev.breaker.BreakerConfig;
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

/** Breaker with a time window of 60 seconds, shared by the benchmark threads. */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(1)
public class BreakerTime {

    private Breaker closed;
    private Breaker open;

    @Setup
    public void setUp() {
        BreakerConfig config = BreakerCount.config(SlidingWindowType.TIME_BASED, Calls.WINDOW_SECONDS);
        closed = Breaker.of("closed", config);
        open = Breaker.of("open", config);
        BreakerCount.trip(open);
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
}
