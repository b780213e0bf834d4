package dev.breaker.benchmarks;

import dev.breaker.benchmarks.SpringAnnotated.BreakerService;
import dev.breaker.benchmarks.SpringAnnotated.PlainService;
import dev.breaker.benchmarks.SpringAnnotated.Resilience4jService;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Map;
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
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The annotated calls of {@link SpringAnnotated} with each library's per-call duration meter switched off
 * the way an application would ({@code management.metrics.enable.<meter>=false}); every other meter stays.
 * It shows how much of an annotated call is the duration meter: for Resilience4j a Micrometer {@code Timer}
 * recorded on every call; for Breaker the striped counters behind its function timer (when the meter is
 * denied, the breaker does not hear calls at all).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 6, time = 1)
@Measurement(iterations = 4, time = 500, timeUnit = TimeUnit.MILLISECONDS)
@Fork(1)
public class SpringWithoutCallTimers {

    static final String BREAKER_TIMER = "circuit.breaker.call.duration";
    static final String RESILIENCE4J_TIMER = "resilience4j.circuitbreaker.calls";

    private ConfigurableApplicationContext context;
    private BreakerService breaker;
    private Resilience4jService resilience4j;

    @Setup
    public void start() {
        context = SpringAnnotated.start(Map.of(
                "management.metrics.enable." + BREAKER_TIMER, false,
                "management.metrics.enable." + RESILIENCE4J_TIMER, false));
        breaker = context.getBean(BreakerService.class);
        resilience4j = context.getBean(Resilience4jService.class);
        SpringAnnotated.checkWiring(context, breaker, context.getBean(PlainService.class), resilience4j);
        MeterRegistry meters = context.getBean(MeterRegistry.class);
        if (meters.find(BREAKER_TIMER).meter() != null || meters.find(RESILIENCE4J_TIMER).meter() != null) {
            throw new IllegalStateException("a per-call timer is still registered");
        }
    }

    @TearDown
    public void stop() {
        context.close();
    }

    @Benchmark
    public String breakerAnnotated() {
        return breaker.call();
    }

    @Benchmark
    public String resilience4jAnnotated() {
        return resilience4j.call();
    }
}
