package dev.breaker.benchmarks;

import dev.breaker.Guard;
import dev.breaker.definition.GuardRegistry;
import io.github.resilience4j.bulkhead.BulkheadRegistry;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.retry.RetryRegistry;
import io.github.resilience4j.timelimiter.TimeLimiterRegistry;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
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
 * Layered annotated calls in the same application as {@link SpringAnnotated} (Breaker's starter and
 * Resilience4j's Spring Boot 4 starter side by side, in one context):
 * <ul>
 * <li>retry (3 attempts) + bulkhead (10 calls, failing fast) + breaker, succeeding: Breaker's through the
 * breaker's {@code breaker.instances.layered.*} properties under one {@code @CircuitBreaker}, Resilience4j's
 * through its stacked {@code @Retry @Bulkhead @CircuitBreaker};</li>
 * <li>a method returning an already completed {@code CompletionStage} under a timeout of one second:
 * Breaker's {@code timeout} property, Resilience4j's {@code @TimeLimiter @CircuitBreaker}.</li>
 * </ul>
 * The plain {@code @CircuitBreaker} call of the same context is the floor of the layered one.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 6, time = 1)
@Measurement(iterations = 4, time = 500, timeUnit = TimeUnit.MILLISECONDS)
@Fork(1)
public class SpringLayered {

    static final String LAYERED = "layered";
    static final String STAGE = "stage";
    static final int MAX_ATTEMPTS = 3;
    static final int MAX_CONCURRENT_CALLS = 10;
    static final String TIMEOUT = "1s";

    private ConfigurableApplicationContext context;
    private SpringAnnotated.BreakerService breaker;
    private BreakerLayeredService breakerLayered;
    private Resilience4jLayeredService resilience4jLayered;
    private BreakerStageService breakerStage;
    private Resilience4jStageService resilience4jStage;

    @Setup
    public void start() {
        Map<String, Object> extra = new LinkedHashMap<>();
        // This class's services, beside SpringAnnotated's.
        extra.put("spring.main.sources", LayeredBeans.class.getName());
        for (String name : new String[] {LAYERED, STAGE}) {
            extra.put("breaker.instances." + name + ".sliding-window-size", Calls.WINDOW_CALLS);
            extra.put("breaker.instances." + name + ".minimum-number-of-calls", Calls.MINIMUM_CALLS);
            extra.put("breaker.instances." + name + ".failure-rate-threshold", Calls.FAILURE_RATE_THRESHOLD);
            extra.put("breaker.instances." + name + ".wait-duration-in-open-state", Calls.OPEN_WAIT.toString());
            extra.put("resilience4j.circuitbreaker.instances." + name + ".sliding-window-size", Calls.WINDOW_CALLS);
            extra.put("resilience4j.circuitbreaker.instances." + name + ".minimum-number-of-calls",
                    Calls.MINIMUM_CALLS);
            extra.put("resilience4j.circuitbreaker.instances." + name + ".failure-rate-threshold",
                    Calls.FAILURE_RATE_THRESHOLD);
            extra.put("resilience4j.circuitbreaker.instances." + name + ".wait-duration-in-open-state",
                    Calls.OPEN_WAIT.toString());
        }
        extra.put("breaker.instances." + LAYERED + ".retry.max-attempts", MAX_ATTEMPTS);
        extra.put("breaker.instances." + LAYERED + ".max-concurrent-calls", MAX_CONCURRENT_CALLS);
        extra.put("breaker.instances." + LAYERED + ".max-wait-duration", "0s");
        extra.put("resilience4j.retry.instances." + LAYERED + ".max-attempts", MAX_ATTEMPTS);
        extra.put("resilience4j.bulkhead.instances." + LAYERED + ".max-concurrent-calls", MAX_CONCURRENT_CALLS);
        extra.put("resilience4j.bulkhead.instances." + LAYERED + ".max-wait-duration", "0s");
        extra.put("breaker.instances." + STAGE + ".timeout", TIMEOUT);
        extra.put("resilience4j.timelimiter.instances." + STAGE + ".timeout-duration", TIMEOUT);
        extra.put("resilience4j.timelimiter.instances." + STAGE + ".cancel-running-future", true);
        context = SpringAnnotated.start(extra);
        breaker = context.getBean(SpringAnnotated.BreakerService.class);
        breakerLayered = context.getBean(BreakerLayeredService.class);
        resilience4jLayered = context.getBean(Resilience4jLayeredService.class);
        breakerStage = context.getBean(BreakerStageService.class);
        resilience4jStage = context.getBean(Resilience4jStageService.class);
        SpringAnnotated.checkWiring(context, breaker, context.getBean(SpringAnnotated.PlainService.class),
                context.getBean(SpringAnnotated.Resilience4jService.class));
        checkLayers();
    }

    /** Fails the run rather than measure a call that misses one of its layers. */
    private void checkLayers() {
        GuardRegistry guards = context.getBean(GuardRegistry.class);
        Guard layered = guards.guard(LAYERED);
        Guard stage = guards.guard(STAGE);
        if (layered.retry() == null || layered.bulkhead() == null || layered.timeout() != null
                || stage.timeout() == null || stage.retry() != null || stage.bulkhead() != null) {
            throw new IllegalStateException("unexpected layers: " + layered + ", " + stage);
        }
        CircuitBreakerRegistry circuitBreakers = context.getBean(CircuitBreakerRegistry.class);
        AtomicInteger bulkheadCalls = new AtomicInteger();
        context.getBean(BulkheadRegistry.class).bulkhead(LAYERED).getEventPublisher()
                .onCallPermitted(event -> bulkheadCalls.incrementAndGet());
        AtomicInteger timeLimited = new AtomicInteger();
        context.getBean(TimeLimiterRegistry.class).timeLimiter(STAGE).getEventPublisher()
                .onSuccess(event -> timeLimited.incrementAndGet());

        breakerLayered.call();
        resilience4jLayered.call();
        breakerStage.call().toCompletableFuture().join();
        resilience4jStage.call().toCompletableFuture().join();

        long breakerLayeredCalls = layered.breaker().metrics().successfulCallsTotal();
        long breakerRetried = layered.retry().successfulCallsWithoutRetry();
        int resilience4jLayeredCalls = circuitBreakers.circuitBreaker(LAYERED).getMetrics()
                .getNumberOfSuccessfulCalls();
        long resilience4jRetried = context.getBean(RetryRegistry.class).retry(LAYERED).getMetrics()
                .getNumberOfSuccessfulCallsWithoutRetryAttempt();
        long breakerStageCalls = stage.breaker().metrics().successfulCallsTotal();
        int resilience4jStageCalls = circuitBreakers.circuitBreaker(STAGE).getMetrics().getNumberOfSuccessfulCalls();
        if (breakerLayeredCalls != 1 || breakerRetried != 1 || resilience4jLayeredCalls != 1
                || resilience4jRetried != 1 || bulkheadCalls.get() != 1 || breakerStageCalls != 1
                || resilience4jStageCalls != 1 || timeLimited.get() != 1) {
            throw new IllegalStateException("calls recorded (1 each expected): Breaker layered " + breakerLayeredCalls
                    + ", its retry " + breakerRetried + "; Resilience4j layered " + resilience4jLayeredCalls
                    + ", its retry " + resilience4jRetried + ", its bulkhead " + bulkheadCalls + "; Breaker stage "
                    + breakerStageCalls + "; Resilience4j stage " + resilience4jStageCalls + ", its time limiter "
                    + timeLimited);
        }
        if (layered.bulkhead().availableCalls() != MAX_CONCURRENT_CALLS) {
            throw new IllegalStateException("a bulkhead slot was kept: " + layered.bulkhead());
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
    public String breakerLayered() {
        return breakerLayered.call();
    }

    @Benchmark
    public String resilience4jLayered() {
        return resilience4jLayered.call();
    }

    @Benchmark
    public CompletionStage<String> breakerStageTimeout() {
        return breakerStage.call();
    }

    @Benchmark
    public CompletionStage<String> resilience4jStageTimeLimiter() {
        return resilience4jStage.call();
    }

    /** This class's services, added to {@link SpringAnnotated}'s application. */
    public static class LayeredBeans {

        @org.springframework.context.annotation.Bean
        BreakerLayeredService breakerLayeredService() {
            return new BreakerLayeredService();
        }

        @org.springframework.context.annotation.Bean
        Resilience4jLayeredService resilience4jLayeredService() {
            return new Resilience4jLayeredService();
        }

        @org.springframework.context.annotation.Bean
        BreakerStageService breakerStageService() {
            return new BreakerStageService();
        }

        @org.springframework.context.annotation.Bean
        Resilience4jStageService resilience4jStageService() {
            return new Resilience4jStageService();
        }
    }

    public static class BreakerLayeredService {

        private final String payload = "response";

        @dev.breaker.annotation.CircuitBreaker(name = LAYERED)
        public String call() {
            return payload;
        }
    }

    public static class Resilience4jLayeredService {

        private final String payload = "response";

        @io.github.resilience4j.retry.annotation.Retry(name = LAYERED)
        @io.github.resilience4j.bulkhead.annotation.Bulkhead(name = LAYERED,
                type = io.github.resilience4j.bulkhead.annotation.Bulkhead.Type.SEMAPHORE)
        @io.github.resilience4j.circuitbreaker.annotation.CircuitBreaker(name = LAYERED)
        public String call() {
            return payload;
        }
    }

    public static class BreakerStageService {

        /** Completed once: the bytes per call are the library's. */
        private final CompletionStage<String> payload = CompletableFuture.completedFuture("response");

        @dev.breaker.annotation.CircuitBreaker(name = STAGE)
        public CompletionStage<String> call() {
            return payload;
        }
    }

    public static class Resilience4jStageService {

        private final CompletionStage<String> payload = CompletableFuture.completedFuture("response");

        @io.github.resilience4j.timelimiter.annotation.TimeLimiter(name = STAGE)
        @io.github.resilience4j.circuitbreaker.annotation.CircuitBreaker(name = STAGE)
        public CompletionStage<String> call() {
            return payload;
        }
    }
}
