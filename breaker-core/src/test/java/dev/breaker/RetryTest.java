package dev.breaker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * Retries with every wait on a {@link ManualClock}: synchronous waits advance it (and are recorded),
 * asynchronous ones are scheduled on it, so the tests check exact waits without taking any time.
 */
class RetryTest {

    private final ManualClock clock = new ManualClock();
    private final List<Duration> waits = new ArrayList<>();

    private Retry retry(UnaryOperator<RetryConfig.Builder> settings) {
        RetryConfig.Builder builder = RetryConfig.builder().scheduler(clock).executor(Runnable::run)
                .sleeper(duration -> {
                    waits.add(duration);
                    clock.advance(duration);
                });
        return Retry.of("payment", settings.apply(builder).build());
    }

    private Breaker breaker(int minimumCalls) {
        return Breaker.of("payment", BreakerConfig.builder().clock(clock).scheduler(clock)
                .slidingWindowSize(minimumCalls).minimumNumberOfCalls(minimumCalls)
                .waitDurationInOpenState(Duration.ofSeconds(30)).ignoreExceptions(IllegalArgumentException.class)
                .build());
    }

    // ---- backoff and jitter ---------------------------------------------------------------------

    @Test
    void fixedLinearAndExponentialBackoffWaitExactlyAsConfigured() {
        Duration second = Duration.ofSeconds(1);
        Retry fixed = retry(b -> b.maxAttempts(5).waitDuration(second));
        Retry linear = retry(b -> b.maxAttempts(5).waitDuration(second).backoff(RetryConfig.Backoff.LINEAR));
        Retry exponential = retry(b -> b.maxAttempts(5).waitDuration(second)
                .backoff(RetryConfig.Backoff.EXPONENTIAL).multiplier(3));
        assertThat(List.of(1, 2, 3, 4)).map(fixed::delayBeforeRetry).containsExactly(second, second, second, second);
        assertThat(List.of(1, 2, 3, 4)).map(linear::delayBeforeRetry).containsExactly(second, Duration.ofSeconds(2),
                Duration.ofSeconds(3), Duration.ofSeconds(4));
        assertThat(List.of(1, 2, 3, 4)).map(exponential::delayBeforeRetry).containsExactly(second,
                Duration.ofSeconds(3), Duration.ofSeconds(9), Duration.ofSeconds(27));
    }

    @Test
    void theCapBoundsEveryWaitAndAHugeGrowthNeverOverflows() {
        Retry capped = retry(b -> b.maxAttempts(100).waitDuration(Duration.ofMillis(100))
                .backoff(RetryConfig.Backoff.EXPONENTIAL).multiplier(10).maxWaitDuration(Duration.ofSeconds(5)));
        assertThat(capped.delayBeforeRetry(2)).isEqualTo(Duration.ofSeconds(1));
        assertThat(capped.delayBeforeRetry(3)).isEqualTo(Duration.ofSeconds(5));
        assertThat(capped.delayBeforeRetry(99)).isEqualTo(Duration.ofSeconds(5));

        Retry uncapped = retry(b -> b.maxAttempts(100).waitDuration(Duration.ofDays(1))
                .backoff(RetryConfig.Backoff.EXPONENTIAL).multiplier(1e300));
        assertThat(uncapped.delayBeforeRetry(99)).isEqualTo(BreakerConfig.MAX_DURATION);
    }

    @Test
    void jitterSpreadsEachWaitWithinItsRatioEitherWayAndNeverAboveTheCap() {
        double[] next = {0};
        Retry jittered = retry(b -> b.maxAttempts(3).waitDuration(Duration.ofSeconds(1)).jitter(0.2)
                .maxWaitDuration(Duration.ofMillis(1100)).random(() -> next[0]));
        next[0] = 0;
        assertThat(jittered.delayBeforeRetry(1)).isEqualTo(Duration.ofMillis(800));
        next[0] = 0.5;
        assertThat(jittered.delayBeforeRetry(1)).isEqualTo(Duration.ofSeconds(1));
        next[0] = 0.9999999;
        assertThat(jittered.delayBeforeRetry(1)).as("1.2s, capped").isEqualTo(Duration.ofMillis(1100));

        Retry random = retry(b -> b.maxAttempts(3).waitDuration(Duration.ofSeconds(1)).jitter(0.5));
        for (int i = 0; i < 1_000; i++) {
            assertThat(random.delayBeforeRetry(1)).isBetween(Duration.ofMillis(500), Duration.ofMillis(1500));
        }
    }

    @Test
    void synchronousRetriesWaitThroughTheSleeperAndMoveOnlyTheClock() throws Throwable {
        Retry retry = retry(b -> b.maxAttempts(4).waitDuration(Duration.ofMillis(200))
                .backoff(RetryConfig.Backoff.EXPONENTIAL));
        AtomicInteger attempts = new AtomicInteger();
        long start = clock.nanoTime();

        String result = retry.executeChecked(null, () -> {
            if (attempts.incrementAndGet() < 4) {
                throw new IOException("refused");
            }
            return "paid";
        });

        assertThat(result).isEqualTo("paid");
        assertThat(waits).containsExactly(Duration.ofMillis(200), Duration.ofMillis(400), Duration.ofMillis(800));
        assertThat(Duration.ofNanos(clock.nanoTime() - start)).isEqualTo(Duration.ofMillis(1400));
        assertThat(retry.successfulCallsWithRetry()).isEqualTo(1);
        assertThat(retry.retryAttempts()).isEqualTo(3);
    }

    // ---- what is retried ------------------------------------------------------------------------

    @Test
    void theLastFailurePropagatesAfterTheLastAttemptAndEachCallIsCountedOnce() throws Throwable {
        Retry retry = retry(b -> b.maxAttempts(3).waitDuration(Duration.ZERO));
        AtomicInteger attempts = new AtomicInteger();
        assertThatThrownBy(() -> retry.executeChecked(null, () -> {
            throw new IOException("attempt " + attempts.incrementAndGet());
        })).hasMessage("attempt 3");
        assertThat(retry.executeChecked(null, () -> "first time")).isEqualTo("first time");

        assertThat(retry.failedCalls()).isEqualTo(1);
        assertThat(retry.successfulCallsWithoutRetry()).isEqualTo(1);
        assertThat(retry.successfulCallsWithRetry()).isZero();
        assertThat(waits).containsExactly(Duration.ZERO, Duration.ZERO);
    }

    @Test
    void rejectionsAreNeverRetried() {
        Retry retry = retry(b -> b.maxAttempts(5));
        AtomicInteger attempts = new AtomicInteger();
        assertThatThrownBy(() -> retry.executeChecked(null, () -> {
            attempts.incrementAndGet();
            throw new BulkheadFullException("payment", 2, Duration.ZERO);
        })).isInstanceOf(BulkheadFullException.class);
        assertThatThrownBy(() -> retry.executeChecked(null, () -> {
            attempts.incrementAndGet();
            throw new CallNotPermittedException("payment", BreakerState.OPEN, Duration.ofSeconds(3));
        })).isInstanceOf(CallNotPermittedException.class);
        assertThat(attempts).hasValue(2);
        assertThat(waits).isEmpty();
    }

    @Test
    void byDefaultOnlyWhatTheBreakerCountsAsAFailureIsRetried() {
        Retry retry = retry(b -> b.maxAttempts(5).waitDuration(Duration.ZERO));
        Breaker breaker = breaker(100);
        AtomicInteger attempts = new AtomicInteger();
        assertThatThrownBy(() -> retry.executeChecked(breaker, () -> breaker.executeChecked(() -> {
            attempts.incrementAndGet();
            throw new IllegalArgumentException("no such card"); // ignored by the breaker
        }))).isInstanceOf(IllegalArgumentException.class);
        assertThat(attempts).hasValue(1);
        assertThat(retry.isRetryable(new IOException(), breaker)).isTrue();
        assertThat(retry.isRetryable(new InterruptedException(), breaker)).isFalse();
    }

    @Test
    void retryAndIgnoreExceptionsChooseWhatIsRetried() {
        Retry retry = retry(b -> b.maxAttempts(5).retryExceptions(IOException.class)
                .ignoreExceptions(java.io.FileNotFoundException.class));
        assertThat(retry.isRetryable(new IOException(), null)).isTrue();
        assertThat(retry.isRetryable(new java.io.FileNotFoundException(), null)).isFalse();
        assertThat(retry.isRetryable(new IllegalStateException(), null)).isFalse();
        assertThat(retry.isRetryable(new CallTimeoutException("payment", Duration.ofSeconds(1)), null)).isFalse();
    }

    // ---- interplay with the breaker ------------------------------------------------------------

    @Test
    void noAttemptHitsABreakerThatOpenedAndEveryAttemptIsRecorded() {
        Breaker breaker = breaker(4);
        Retry retry = retry(b -> b.maxAttempts(10).waitDuration(Duration.ofMillis(100)));
        AtomicInteger attempts = new AtomicInteger();

        assertThatThrownBy(() -> retry.executeChecked(breaker, () -> breaker.executeChecked(() -> {
            throw new IOException("attempt " + attempts.incrementAndGet());
        }))).isInstanceOf(IOException.class).hasMessage("attempt 4");

        assertThat(breaker.state()).isEqualTo(BreakerState.OPEN);
        assertThat(attempts).as("the fourth failure opened the breaker; no fifth attempt").hasValue(4);
        assertThat(breaker.metrics().failedCallsTotal()).isEqualTo(4);
        assertThat(breaker.metrics().notPermittedCallsTotal()).as("no attempt was rejected").isZero();
        assertThat(waits).hasSize(3);
        assertThat(retry.failedCalls()).isEqualTo(1);
    }

    @Test
    void aBreakerThatOpensDuringTheWaitStopsTheRetries() {
        Breaker breaker = breaker(4);
        Retry retry = Retry.of("payment", RetryConfig.builder().maxAttempts(3).waitDuration(Duration.ofSeconds(1))
                .sleeper(duration -> breaker.transitionToForcedOpenState()).build());
        AtomicInteger attempts = new AtomicInteger();

        assertThatThrownBy(() -> retry.executeChecked(breaker, () -> breaker.executeChecked(() -> {
            throw new IOException("attempt " + attempts.incrementAndGet());
        }))).hasMessage("attempt 1");
        assertThat(breaker.metrics().notPermittedCallsTotal()).isZero();
    }

    @Test
    void anInterruptedWaitEndsTheRetriesWithTheLastFailureAndKeepsTheFlag() {
        Retry retry = Retry.of("payment", RetryConfig.builder().maxAttempts(3).sleeper(duration -> {
            throw new InterruptedException();
        }).build());
        assertThatThrownBy(() -> retry.executeChecked(null, () -> {
            throw new IOException("refused");
        })).hasMessage("refused");
        assertThat(Thread.interrupted()).isTrue();
    }

    // ---- asynchronous ---------------------------------------------------------------------------

    @Test
    void asynchronousRetriesWaitOnTheSchedulerAndStartEachAttemptAfterItsWait() {
        Retry retry = retry(b -> b.maxAttempts(3).waitDuration(Duration.ofMillis(500)));
        List<CompletableFuture<String>> attempts = new ArrayList<>();
        CompletionStage<String> result = retry.executeCompletionStage(null, () -> {
            CompletableFuture<String> attempt = new CompletableFuture<>();
            attempts.add(attempt);
            return attempt;
        });

        attempts.get(0).completeExceptionally(new IOException("refused"));
        clock.advance(Duration.ofMillis(499));
        assertThat(attempts).hasSize(1);
        clock.advance(Duration.ofMillis(1));
        assertThat(attempts).hasSize(2);

        attempts.get(1).complete("paid");
        assertThat(result.toCompletableFuture()).isCompletedWithValue("paid");
        assertThat(retry.successfulCallsWithRetry()).isEqualTo(1);
        assertThat(clock.pendingTasks()).isZero();
    }

    @Test
    void asynchronousRetriesGiveTheUnwrappedLastFailureAndStopAtAnOpenBreaker() {
        Breaker breaker = breaker(2);
        Retry retry = retry(b -> b.maxAttempts(5).waitDuration(Duration.ofMillis(100)));
        AtomicInteger attempts = new AtomicInteger();
        CompletionStage<String> result = retry.executeCompletionStage(breaker,
                () -> breaker.executeCompletionStage(() -> CompletableFuture.<String>failedFuture(
                        new IOException("attempt " + attempts.incrementAndGet())).thenApply(s -> s)));
        clock.advance(Duration.ofSeconds(1));

        assertThat(result.toCompletableFuture().handle((v, e) -> e).join()).isInstanceOf(IOException.class)
                .hasMessage("attempt 2");
        assertThat(breaker.state()).isEqualTo(BreakerState.OPEN);
        assertThat(breaker.metrics().notPermittedCallsTotal()).isZero();
        assertThat(retry.failedCalls()).isEqualTo(1);
    }

    @Test
    void cancellingAnAsynchronousCallStopsItsRetries() {
        Retry retry = retry(b -> b.maxAttempts(3).waitDuration(Duration.ofMillis(500)));
        AtomicInteger attempts = new AtomicInteger();
        CompletionStage<String> result = retry.executeCompletionStage(null, () -> {
            attempts.incrementAndGet();
            return CompletableFuture.failedFuture(new IOException("refused"));
        });
        assertThat(clock.pendingTasks()).isEqualTo(1);
        result.toCompletableFuture().cancel(false);
        clock.advance(Duration.ofSeconds(5));
        assertThat(attempts).hasValue(1);
        assertThat(clock.pendingTasks()).isZero();
    }
}
