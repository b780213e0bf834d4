package dev.breaker.benchmarks;

import dev.breaker.Breaker;
import dev.breaker.BreakerConfig;
import dev.breaker.BreakerRegistry;
import dev.breaker.SlidingWindowType;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import java.util.Locale;
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
 * Looking up an existing breaker by name, as the annotated path and the HTTP interceptors do on every call:
 * among 10 breakers and among 10,000, which should cost the same and allocate nothing, and Resilience4j's
 * registry among 10,000 for information.
 *
 * <p>Each thread cycles through {@value #NAMES} names of existing breakers, spread over the registry. The
 * strings are fresh copies made in the setup, not the registry's own keys, so each lookup hashes and compares
 * characters as a lookup with a name built elsewhere does (a {@code String} caches its hash, so it hashes
 * once per copy).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(1)
public class BreakerLookup {

    /** Names each thread cycles through: a power of two, so the cycle is a mask. */
    static final int NAMES = 8;

    private BreakerRegistry ten;
    private BreakerRegistry tenThousand;
    private CircuitBreakerRegistry resilience4jTenThousand;

    @Setup
    public void setUp() {
        BreakerConfig config = BreakerCount.config(SlidingWindowType.COUNT_BASED, Calls.WINDOW_CALLS);
        ten = BreakerRegistry.builder().defaultConfig(config).build();
        tenThousand = BreakerRegistry.builder().defaultConfig(config).build();
        resilience4jTenThousand = CircuitBreakerRegistry.of(
                Resilience4jCount.config(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED, Calls.WINDOW_CALLS));
        for (int i = 0; i < 10; i++) {
            ten.breaker(name(i));
        }
        for (int i = 0; i < 10_000; i++) {
            tenThousand.breaker(name(i));
            resilience4jTenThousand.circuitBreaker(name(i));
        }
    }

    /** One thread's names: fresh strings equal to existing breakers' names. */
    @State(Scope.Thread)
    public static class Names {

        final String[] among10 = new String[NAMES];
        final String[] among10000 = new String[NAMES];
        private int next;

        @Setup
        public void setUp() {
            for (int i = 0; i < NAMES; i++) {
                among10[i] = new String(name(i % 10));
                among10000[i] = new String(name(i * 1_237 % 10_000));
            }
        }

        int next() {
            return next++ & (NAMES - 1);
        }
    }

    @Benchmark
    public Breaker among10(Names names) {
        return ten.breaker(names.among10[names.next()]);
    }

    @Benchmark
    public Breaker among10000(Names names) {
        return tenThousand.breaker(names.among10000[names.next()]);
    }

    @Benchmark
    public CircuitBreaker resilience4jAmong10000(Names names) {
        return resilience4jTenThousand.circuitBreaker(names.among10000[names.next()]);
    }

    static String name(int i) {
        return String.format(Locale.ROOT, "breaker-%05d", i);
    }
}
