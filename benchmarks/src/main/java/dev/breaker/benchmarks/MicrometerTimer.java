package dev.breaker.benchmarks;

import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
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
 * What one Micrometer {@code Timer.record} costs in the registry Spring Boot sets up by default
 * ({@code SimpleMeterRegistry}): with the histogram buckets of {@code circuit.breaker.call.duration}, and
 * without buckets. Breaker's annotated calls used to pay the former once per call; they now add to striped
 * counters that the meter reads when it is published ({@code dev.breaker.metrics.CallDurations}).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(1)
public class MicrometerTimer {

    /** The buckets of {@code circuit.breaker.call.duration}. */
    private static final Duration[] BUCKETS = {Duration.ofMillis(10), Duration.ofMillis(50), Duration.ofMillis(100),
            Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofSeconds(5), Duration.ofSeconds(10)};

    private Timer withBuckets;
    private Timer withoutBuckets;

    @Setup
    public void setUp() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        withBuckets = Timer.builder("with.buckets").serviceLevelObjectives(BUCKETS).register(registry);
        withoutBuckets = Timer.builder("without.buckets").register(registry);
    }

    @Benchmark
    public void recordWithBuckets() {
        withBuckets.record(1_000, TimeUnit.NANOSECONDS);
    }

    @Benchmark
    public void recordWithoutBuckets() {
        withoutBuckets.record(1_000, TimeUnit.NANOSECONDS);
    }
}
