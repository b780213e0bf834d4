package dev.breaker.aop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.breaker.BreakerMetrics;
import dev.breaker.BreakerState;
import dev.breaker.BulkheadFullException;
import dev.breaker.CallNotPermittedException;
import dev.breaker.CallTimeoutException;
import dev.breaker.annotation.CircuitBreaker;
import dev.breaker.aop.AopFixture.FallbackEvent;
import java.io.IOException;
import java.lang.reflect.UndeclaredThrowableException;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.aopalliance.intercept.MethodInterceptor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Synchronous methods behind a breaker with layers: fallback, retry, circuit breaker, bulkhead, timeout, the
 * method, in that order. Deadlines and retry waits are on the fixture's manual clock; concurrency is waited
 * for with bounded latches.
 */
class LayeredSyncCallsTest {

    private static final Duration BOUND = Duration.ofSeconds(10);

    private final ExecutorService callers = Executors.newCachedThreadPool();

    @AfterEach
    void stopCallers() {
        callers.shutdownNow();
    }

    // ---- order of the layers ------------------------------------------------------------------

    @Test
    void retriesStopAtTheOpenBreakerEveryAttemptIsRecordedAndTheFallbackRunsOnce() throws Exception {
        LayersFixture fixture = new LayersFixture("profiles.payment.retry.max-attempts=10",
                "profiles.payment.retry.wait-duration=0");
        Gateway target = new Gateway();
        Gateway gateway = fixture.proxy(target);
        target.failWith(new IOException("refused"));

        assertThat(gateway.pay("o-1")).isEqualTo("queued o-1");

        BreakerMetrics metrics = fixture.breaker("payment").metrics();
        assertThat(target.calls).as("the fourth failure opened the breaker; no fifth attempt").hasValue(4);
        assertThat(metrics.state()).isEqualTo(BreakerState.OPEN);
        assertThat(metrics.failedCallsTotal()).as("each attempt recorded").isEqualTo(4);
        assertThat(metrics.notPermittedCallsTotal()).as("no retry hit the open breaker").isZero();
        assertThat(fixture.fallbacks).as("one fallback, after the last attempt").singleElement()
                .satisfies(event -> assertThat(event.cause()).isInstanceOf(IOException.class));
        assertThat(fixture.layers("payment").retry().failedCalls()).isEqualTo(1);

        // The next call is rejected at its first attempt, which is never retried.
        assertThat(gateway.pay("o-2")).isEqualTo("queued o-2");
        assertThat(target.calls).hasValue(4);
        assertThat(fixture.breaker("payment").metrics().notPermittedCallsTotal()).isEqualTo(1);
        assertThat(fixture.fallbacks).hasSize(2).last()
                .satisfies(event -> assertThat(event.cause()).isInstanceOf(CallNotPermittedException.class));
    }

    @Test
    void aCallThatSucceedsOnARetryAnswersWithoutTheFallbackAndEachAttemptRunsTheInnerAdvice() throws Exception {
        LayersFixture fixture = new LayersFixture("profiles.payment.retry.max-attempts=3",
                "profiles.payment.retry.wait-duration=0");
        Gateway target = new Gateway();
        AtomicInteger innerAdvice = new AtomicInteger();
        Gateway gateway = fixture.proxy(target, (MethodInterceptor) invocation -> {
            innerAdvice.incrementAndGet();
            return invocation.proceed();
        });
        target.failTimes(2, new IOException("refused"));

        assertThat(gateway.pay("o-1")).isEqualTo("paid o-1");

        assertThat(target.calls).hasValue(3);
        assertThat(innerAdvice).as("a transaction inside the breaker would run per attempt").hasValue(3);
        assertThat(fixture.fallbacks).isEmpty();
        BreakerMetrics metrics = fixture.breaker("payment").metrics();
        assertThat(metrics.failedCallsTotal()).isEqualTo(2);
        assertThat(metrics.successfulCallsTotal()).isEqualTo(1);
        assertThat(fixture.layers("payment").retry().successfulCallsWithRetry()).isEqualTo(1);
    }

    @Test
    void anExceptionTheBreakerIgnoresIsNeitherRetriedNorAnsweredByTheFallback() {
        LayersFixture fixture = new LayersFixture("profiles.payment.retry.max-attempts=3",
                "profiles.payment.ignore-exceptions=java.lang.IllegalArgumentException");
        Gateway target = new Gateway();
        Gateway gateway = fixture.proxy(target);
        target.failWith(new IllegalArgumentException("no such card"));

        assertThatThrownBy(() -> gateway.pay("o-1")).isInstanceOf(IllegalArgumentException.class);
        assertThat(target.calls).hasValue(1);
        assertThat(fixture.fallbacks).isEmpty();
    }

    @Test
    void backoffWaitsOnTheBreakersSchedulerBetweenAttempts() throws Exception {
        LayersFixture fixture = new LayersFixture("profiles.payment.retry.max-attempts=3",
                "profiles.payment.retry.wait-duration=1s", "profiles.payment.retry.backoff=exponential");
        Gateway target = new Gateway();
        Gateway gateway = fixture.proxy(target);
        target.failTimes(2, new IOException("refused"));

        Future<String> call = callers.submit(() -> gateway.pay("o-1"));
        await().atMost(BOUND).until(() -> fixture.clock.pendingTasks() == 1);
        fixture.clock.advance(Duration.ofMillis(999));
        assertThat(target.calls).as("still waiting out the first backoff").hasValue(1);
        fixture.clock.advance(Duration.ofMillis(1));
        await().atMost(BOUND).until(() -> target.calls.get() == 2 && fixture.clock.pendingTasks() == 1);
        fixture.clock.advance(Duration.ofMillis(1999));
        assertThat(target.calls).as("the second wait is twice the first").hasValue(2);
        fixture.clock.advance(Duration.ofMillis(1));

        assertThat(call.get(BOUND.toSeconds(), TimeUnit.SECONDS)).isEqualTo("paid o-1");
        assertThat(target.calls).hasValue(3);
    }

    // ---- timeout -------------------------------------------------------------------------------

    @Test
    void aTimeoutReleasesTheCallerAtTheDeadlineAndTheBreakerCountsASlowFailure() throws Exception {
        LayersFixture fixture = new LayersFixture("profiles.payment.timeout=2s");
        Gateway target = new Gateway();
        Gateway gateway = fixture.proxy(target);
        target.blockUntilInterrupted();

        Future<String> call = callers.submit(() -> gateway.pay("o-1"));
        assertThat(target.started.await(BOUND.toSeconds(), TimeUnit.SECONDS)).isTrue();
        fixture.clock.advance(Duration.ofSeconds(2));

        assertThat(call.get(BOUND.toSeconds(), TimeUnit.SECONDS)).isEqualTo("queued o-1");
        assertThat(target.finished.getCount()).as("the method had not finished when the caller was released")
                .isEqualTo(1);
        assertThat(target.interrupted.await(BOUND.toSeconds(), TimeUnit.SECONDS)).as("the late call is interrupted")
                .isTrue();
        assertThat(fixture.fallbacks).singleElement()
                .satisfies(event -> assertThat(event.cause()).isInstanceOf(CallTimeoutException.class));
        BreakerMetrics metrics = fixture.breaker("payment").metrics();
        assertThat(metrics.failedCallsTotal()).isEqualTo(1);
        assertThat(metrics.slowFailedCallsTotal()).as("a timed-out call is slow too").isEqualTo(1);
        assertThat(fixture.layers("payment").timeout().timeouts()).isEqualTo(1);
    }

    @Test
    void withoutAFallbackTheCallerGetsTheTimeoutException() throws Exception {
        LayersFixture fixture = new LayersFixture("profiles.payment.timeout=2s");
        Gateway target = new Gateway();
        Gateway gateway = fixture.proxy(target);
        target.blockUntilInterrupted();

        Future<String> declared = callers.submit(() -> gateway.payOrTimeOut("o-1"));
        assertThat(target.started.await(BOUND.toSeconds(), TimeUnit.SECONDS)).isTrue();
        fixture.clock.advance(Duration.ofSeconds(2));
        assertThatThrownBy(() -> declared.get(BOUND.toSeconds(), TimeUnit.SECONDS))
                .cause().isInstanceOf(CallTimeoutException.class).isInstanceOf(TimeoutException.class);

        // Spring wraps a checked exception that the method does not declare.
        target.blockUntilInterrupted();
        Future<String> undeclared = callers.submit(() -> gateway.payUnprotected("o-2"));
        assertThat(target.started.await(BOUND.toSeconds(), TimeUnit.SECONDS)).isTrue();
        fixture.clock.advance(Duration.ofSeconds(2));
        assertThatThrownBy(() -> undeclared.get(BOUND.toSeconds(), TimeUnit.SECONDS))
                .cause().isInstanceOf(UndeclaredThrowableException.class)
                .cause().isInstanceOf(CallTimeoutException.class);
    }

    // ---- bulkhead ------------------------------------------------------------------------------

    @Test
    void theBulkheadRejectsBeyondItsLimitAsARejectionThatTheFallbackAnswersAndNoRetryRepeats() throws Exception {
        LayersFixture fixture = new LayersFixture("profiles.payment.max-concurrent-calls=2",
                "profiles.payment.retry.max-attempts=5", "profiles.payment.retry.wait-duration=0");
        Gateway target = new Gateway();
        Gateway gateway = fixture.proxy(target);
        CountDownLatch release = target.blockUntil(2);

        Future<String> first = callers.submit(() -> gateway.pay("o-1"));
        Future<String> second = callers.submit(() -> gateway.pay("o-2"));
        assertThat(target.started.await(BOUND.toSeconds(), TimeUnit.SECONDS)).isTrue();

        assertThat(gateway.pay("o-3")).isEqualTo("queued o-3");
        assertThatThrownBy(() -> gateway.payOrTimeOut("o-4")).isInstanceOf(BulkheadFullException.class)
                .hasMessageContaining("Bulkhead of circuit breaker 'payment' is full");
        assertThat(fixture.fallbacks).singleElement()
                .satisfies(event -> assertThat(event.cause()).isInstanceOf(BulkheadFullException.class));
        assertThat(fixture.layers("payment").bulkhead().rejectedCalls()).as("never retried").isEqualTo(2);

        release.countDown();
        assertThat(first.get(BOUND.toSeconds(), TimeUnit.SECONDS)).isEqualTo("paid o-1");
        assertThat(second.get(BOUND.toSeconds(), TimeUnit.SECONDS)).isEqualTo("paid o-2");
        BreakerMetrics metrics = fixture.breaker("payment").metrics();
        assertThat(metrics.failedCallsTotal()).as("a rejection is not the dependency failing").isZero();
        assertThat(metrics.successfulCallsTotal()).isEqualTo(2);
        assertThat(fixture.layers("payment").bulkhead().availableCalls()).isEqualTo(2);
    }

    @Test
    void theBulkheadGetsEverySlotBackAfterTimeoutsExceptionsAndRejections() throws Exception {
        LayersFixture fixture = new LayersFixture("profiles.payment.max-concurrent-calls=3",
                "profiles.payment.timeout=1s", "profiles.payment.minimum-number-of-calls=1000",
                "profiles.payment.sliding-window-size=1000");
        Gateway target = new Gateway();
        Gateway gateway = fixture.proxy(target);

        // Three calls hang and time out.
        target.blockUntilInterrupted(3);
        java.util.List<Future<String>> hanging = new java.util.ArrayList<>();
        for (int i = 0; i < 3; i++) {
            int n = i;
            hanging.add(callers.submit(() -> gateway.pay("hang-" + n)));
        }
        assertThat(target.started.await(BOUND.toSeconds(), TimeUnit.SECONDS)).isTrue();
        assertThat(gateway.pay("rejected")).isEqualTo("queued rejected");
        fixture.clock.advance(Duration.ofSeconds(1));
        for (Future<String> call : hanging) {
            assertThat(call.get(BOUND.toSeconds(), TimeUnit.SECONDS)).startsWith("queued hang-");
        }
        assertThat(fixture.layers("payment").bulkhead().availableCalls()).isEqualTo(3);

        // Many concurrent calls that throw.
        target.failWith(new IOException("refused"));
        java.util.List<Future<String>> failing = new java.util.ArrayList<>();
        for (int i = 0; i < 40; i++) {
            int n = i;
            failing.add(callers.submit(() -> gateway.pay("fail-" + n)));
        }
        for (Future<String> call : failing) {
            assertThat(call.get(BOUND.toSeconds(), TimeUnit.SECONDS)).startsWith("queued fail-");
        }

        assertThat(fixture.layers("payment").bulkhead().availableCalls()).isEqualTo(3);
        assertThat(fixture.layers("payment").timeout().timeouts()).isEqualTo(3);
        long rejected = fixture.layers("payment").bulkhead().rejectedCalls();
        assertThat(fixture.breaker("payment").metrics().failedCallsTotal()).isEqualTo(3 + 40 - (rejected - 1));
    }

    // ---- the plain path stays plain ------------------------------------------------------------

    @Test
    void aBreakerWithoutLayersKeepsThePlainStrategyAfterItsFirstCall() throws Exception {
        LayersFixture fixture = new LayersFixture("profiles.payment.timeout=0", "profiles.payment.retry.max-attempts=1",
                "profiles.payment.max-concurrent-calls=0");
        Gateway gateway = fixture.proxy(new Gateway());
        assertThat(gateway.pay("o-1")).isEqualTo("paid o-1");

        MethodPlans plans = (MethodPlans) org.springframework.test.util.ReflectionTestUtils.getField(
                fixture.advisor.getAdvice(), "plans");
        MethodPlan plan = plans.planFor(Gateway.class.getMethod("pay", String.class), Gateway.class);
        assertThat(plan.strategy()).isSameAs(SyncCalls.INSTANCE);
        assertThat(fixture.layers.guard("payment").hasLayers()).isFalse();
    }

    /** A payment gateway client whose behaviour each test sets. */
    static class Gateway {

        final AtomicInteger calls = new AtomicInteger();
        volatile CountDownLatch started = new CountDownLatch(1);
        volatile CountDownLatch finished = new CountDownLatch(1);
        volatile CountDownLatch interrupted = new CountDownLatch(1);
        private volatile Exception failure;
        private volatile int failures = Integer.MAX_VALUE;
        private volatile CountDownLatch block;

        void failWith(Exception failure) {
            this.failure = failure;
            this.block = null;
        }

        void failTimes(int times, Exception failure) {
            this.failures = times;
            this.failure = failure;
        }

        void blockUntilInterrupted() {
            blockUntilInterrupted(1);
        }

        void blockUntilInterrupted(int calls) {
            started = new CountDownLatch(calls);
            finished = new CountDownLatch(1);
            interrupted = new CountDownLatch(calls);
            block = new CountDownLatch(1);
        }

        CountDownLatch blockUntil(int calls) {
            started = new CountDownLatch(calls);
            block = new CountDownLatch(1);
            return block;
        }

        @CircuitBreaker(name = "payment", fallbackMethod = "queue")
        public String pay(String order) throws Exception {
            return call(order);
        }

        @CircuitBreaker(name = "payment")
        public String payOrTimeOut(String order) throws Exception, TimeoutException {
            return call(order);
        }

        @CircuitBreaker(name = "payment")
        public String payUnprotected(String order) {
            try {
                return call(order);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }

        private String call(String order) throws Exception {
            int n = calls.incrementAndGet();
            CountDownLatch waitFor = block;
            if (waitFor != null) {
                started.countDown();
                try {
                    waitFor.await();
                } catch (InterruptedException e) {
                    interrupted.countDown();
                    throw e;
                }
                finished.countDown();
            }
            Exception fail = failure;
            if (fail != null && n <= failures) {
                throw fail;
            }
            return "paid " + order;
        }

        String queue(String order, Throwable cause) {
            return "queued " + order;
        }
    }
}
