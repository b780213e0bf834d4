package dev.breaker.benchmarks;

import dev.breaker.BreakerRegistry;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
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
import org.reactivestreams.Subscription;
import org.springframework.aop.support.AopUtils;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import reactor.core.CoreSubscriber;
import reactor.core.publisher.Mono;

/**
 * Annotated bean methods returning a {@code CompletionStage<String>} and a Reactor {@code Mono<String>}, called
 * through the application of {@link SpringAnnotated} (full auto-configuration, Breaker's starter and
 * Resilience4j's Spring Boot 4 starter with its Reactor module, the same {@code bench} breaker settings), beside
 * the same methods on a bean no advice reaches.
 *
 * <p>What it isolates: each method returns a stage or a Mono built once and held in a field (an already completed
 * {@code CompletableFuture}, a {@code Mono.just}), so the method itself costs nothing and allocates nothing, and
 * every byte per call above the unannotated rows is the library's. The result is consumed without blocking a
 * thread: a stage by {@code toCompletableFuture().getNow(null)} (it is complete when the call returns), a Mono by
 * subscribing a reusable per-thread {@link CoreSubscriber} that requests everything and keeps the value; the same
 * for every row of a kind. The setup checks that each row's value is there when the call returns.
 *
 * <p>The setup fails the run unless one call of each annotated method is recorded as a success by its library's
 * {@code bench} breaker, and the unannotated bean is no proxy.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 6, time = 1)
@Measurement(iterations = 4, time = 500, timeUnit = TimeUnit.MILLISECONDS)
@Fork(1)
public class SpringAsync {

    static final String RESPONSE = "response";

    private ConfigurableApplicationContext context;
    private BreakerAsyncService breaker;
    private Resilience4jAsyncService resilience4j;
    private PlainAsyncService plain;

    @Setup
    public void start() {
        context = SpringAnnotated.start(Map.of(), AsyncBeans.class);
        breaker = context.getBean(BreakerAsyncService.class);
        resilience4j = context.getBean(Resilience4jAsyncService.class);
        plain = context.getBean(PlainAsyncService.class);
        checkWiring();
    }

    /** Fails the run rather than measure a call that no breaker records. */
    private void checkWiring() {
        if (!AopUtils.isAopProxy(breaker) || !AopUtils.isAopProxy(resilience4j) || AopUtils.isAopProxy(plain)) {
            throw new IllegalStateException("unexpected proxies: " + breaker.getClass() + ", "
                    + resilience4j.getClass() + ", " + plain.getClass());
        }
        ValueSubscriber subscriber = new ValueSubscriber();
        expectRecorded("breakerStage", () -> check(breaker.stage().toCompletableFuture().getNow(null)));
        expectRecorded("resilience4jStage", () -> check(resilience4j.stage().toCompletableFuture().getNow(null)));
        expectRecorded("breakerMono", () -> check(subscriber.valueOf(breaker.mono())));
        expectRecorded("resilience4jMono", () -> check(subscriber.valueOf(resilience4j.mono())));
        check(plain.stage().toCompletableFuture().getNow(null));
        check(subscriber.valueOf(plain.mono()));
    }

    private void expectRecorded(String call, Runnable once) {
        long breakerBefore = breakerSuccesses();
        int resilience4jBefore = resilience4jSuccesses();
        once.run();
        long breakerCalls = breakerSuccesses() - breakerBefore;
        int resilience4jCalls = resilience4jSuccesses() - resilience4jBefore;
        boolean breakerRow = call.startsWith("breaker");
        if (breakerCalls != (breakerRow ? 1 : 0) || resilience4jCalls != (breakerRow ? 0 : 1)) {
            throw new IllegalStateException(call + ": calls recorded by Breaker " + breakerCalls + ", by Resilience4j "
                    + resilience4jCalls + " (1 by " + (breakerRow ? "Breaker" : "Resilience4j") + " expected)");
        }
    }

    private long breakerSuccesses() {
        return context.getBean(BreakerRegistry.class).breaker("bench").metrics().successfulCallsTotal();
    }

    private int resilience4jSuccesses() {
        return context.getBean(CircuitBreakerRegistry.class).circuitBreaker("bench").getMetrics()
                .getNumberOfSuccessfulCalls();
    }

    private static void check(String value) {
        if (!RESPONSE.equals(value)) {
            throw new IllegalStateException("expected the response at once, got " + value);
        }
    }

    @TearDown
    public void stop() {
        context.close();
    }

    @Benchmark
    public String breakerStage() {
        return breaker.stage().toCompletableFuture().getNow(null);
    }

    @Benchmark
    public String resilience4jStage() {
        return resilience4j.stage().toCompletableFuture().getNow(null);
    }

    @Benchmark
    public String unannotatedStage() {
        return plain.stage().toCompletableFuture().getNow(null);
    }

    @Benchmark
    public String breakerMono(Subscriber subscriber) {
        return subscriber.valueOf(breaker.mono());
    }

    @Benchmark
    public String resilience4jMono(Subscriber subscriber) {
        return subscriber.valueOf(resilience4j.mono());
    }

    @Benchmark
    public String unannotatedMono(Subscriber subscriber) {
        return subscriber.valueOf(plain.mono());
    }

    /**
     * One reusable subscriber per benchmark thread, written on every call. A JMH state, so that JMH pads it: two
     * threads' subscribers on one cache line (where a garbage collection may copy two small objects side by side)
     * would make each call wait for the other thread's writes, a cost of the benchmark and not of the call measured.
     */
    @State(Scope.Thread)
    public static class Subscriber extends ValueSubscriber {
    }

    /** Requests everything and keeps the value; reused for one subscription after another on one thread. */
    static class ValueSubscriber implements CoreSubscriber<String> {

        private String value;
        private Throwable error;

        /** Subscribes to {@code mono} and returns its value, which a completed Mono gives before this returns. */
        String valueOf(Mono<String> mono) {
            value = null;
            error = null;
            mono.subscribe(this);
            if (error != null) {
                throw new IllegalStateException("the Mono failed", error);
            }
            return value;
        }

        @Override
        public void onSubscribe(Subscription subscription) {
            subscription.request(Long.MAX_VALUE);
        }

        @Override
        public void onNext(String next) {
            value = next;
        }

        @Override
        public void onError(Throwable failure) {
            error = failure;
        }

        @Override
        public void onComplete() {
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class AsyncBeans {

        @Bean
        BreakerAsyncService breakerAsyncService() {
            return new BreakerAsyncService();
        }

        @Bean
        Resilience4jAsyncService resilience4jAsyncService() {
            return new Resilience4jAsyncService();
        }

        @Bean
        PlainAsyncService plainAsyncService() {
            return new PlainAsyncService();
        }
    }

    public static class PlainAsyncService {

        private final CompletionStage<String> stage = CompletableFuture.completedFuture(RESPONSE);
        private final Mono<String> mono = Mono.just(RESPONSE);

        public CompletionStage<String> stage() {
            return stage;
        }

        public Mono<String> mono() {
            return mono;
        }
    }

    public static class BreakerAsyncService {

        private final CompletionStage<String> stage = CompletableFuture.completedFuture(RESPONSE);
        private final Mono<String> mono = Mono.just(RESPONSE);

        @dev.breaker.annotation.CircuitBreaker(name = "bench")
        public CompletionStage<String> stage() {
            return stage;
        }

        @dev.breaker.annotation.CircuitBreaker(name = "bench")
        public Mono<String> mono() {
            return mono;
        }
    }

    public static class Resilience4jAsyncService {

        private final CompletionStage<String> stage = CompletableFuture.completedFuture(RESPONSE);
        private final Mono<String> mono = Mono.just(RESPONSE);

        @io.github.resilience4j.circuitbreaker.annotation.CircuitBreaker(name = "bench")
        public CompletionStage<String> stage() {
            return stage;
        }

        @io.github.resilience4j.circuitbreaker.annotation.CircuitBreaker(name = "bench")
        public Mono<String> mono() {
            return mono;
        }
    }
}
