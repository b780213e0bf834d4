package dev.breaker.benchmarks;

import dev.breaker.Breaker;
import dev.breaker.Guard;
import dev.breaker.SlidingWindowType;
import dev.breaker.TimeoutConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.timelimiter.TimeLimiter;
import io.github.resilience4j.timelimiter.TimeLimiterConfig;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
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

/**
 * A synchronous call with a timeout of one second, succeeding: the caller waits while the call runs on
 * another thread, so that it can be released at the deadline. Breaker's {@link Guard} with a timeout against
 * Resilience4j's {@code TimeLimiter.executeFutureSupplier} of a task submitted to a cached pool of daemon
 * threads (what Breaker's own timeout threads are on Java 17), decorated by its {@code CircuitBreaker}.
 * The same guard without a timeout is the floor: the difference is the timeout layer's cost.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(1)
public class TimeoutSync {

    static final Duration TIMEOUT = Duration.ofSeconds(1);

    private Guard timed;
    private Guard untimed;
    private CircuitBreaker circuitBreaker;
    private TimeLimiter timeLimiter;
    private ExecutorService executor;

    @Setup
    public void setUp() throws Throwable {
        timed = Guard.builder(Breaker.of("timed", BreakerCount.config(SlidingWindowType.COUNT_BASED,
                Calls.WINDOW_CALLS))).timeout(TimeoutConfig.builder(TIMEOUT).build()).build();
        untimed = Guard.of(Breaker.of("untimed", BreakerCount.config(SlidingWindowType.COUNT_BASED,
                Calls.WINDOW_CALLS)));
        circuitBreaker = CircuitBreaker.of("timed", Resilience4jCount.config(
                io.github.resilience4j.circuitbreaker.CircuitBreakerConfig.SlidingWindowType.COUNT_BASED,
                Calls.WINDOW_CALLS));
        timeLimiter = TimeLimiter.of("timed", TimeLimiterConfig.custom().timeoutDuration(TIMEOUT)
                .cancelRunningFuture(true).build());
        executor = new ThreadPoolExecutor(0, Integer.MAX_VALUE, 60, TimeUnit.SECONDS, new SynchronousQueue<>(),
                task -> {
                    Thread thread = new Thread(task, "resilience4j-call");
                    thread.setDaemon(true);
                    return thread;
                });
        Calls calls = new Calls();
        breaker(calls);
        resilience4j(calls);
        if (timed.breaker().metrics().successfulCallsTotal() != 1
                || circuitBreaker.getMetrics().getNumberOfSuccessfulCalls() != 1) {
            throw new IllegalStateException("a call was not recorded");
        }
    }

    @TearDown
    public void tearDown() {
        executor.shutdownNow();
    }

    @Benchmark
    public String breaker(Calls calls) throws Throwable {
        return timed.executeChecked(calls.checkedSucceeding::get);
    }

    @Benchmark
    public String breakerNoTimeout(Calls calls) throws Throwable {
        return untimed.executeChecked(calls.checkedSucceeding::get);
    }

    @Benchmark
    public String resilience4j(Calls calls) throws Exception {
        Callable<String> call = calls.succeeding::get;
        return circuitBreaker.executeCallable(() -> timeLimiter.executeFutureSupplier(() -> executor.submit(call)));
    }
}
