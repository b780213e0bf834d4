package dev.breaker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The composition rules of a protected call, in plain Java: what {@code @CircuitBreaker} and every client get. */
class GuardTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(1);

    private final ManualClock clock = new ManualClock();
    private final ExecutorService callers = Executors.newCachedThreadPool();
    private final List<String> fallbacks = new CopyOnWriteArrayList<>();
    private final Breaker breaker = Breaker.of("payment", BreakerConfig.builder().clock(clock).scheduler(clock)
            .slidingWindowSize(10).minimumNumberOfCalls(10).slowCallDurationThreshold(TIMEOUT)
            .ignoreExceptions(List.of(IllegalArgumentException.class)).build());

    @AfterEach
    void stopThreads() {
        callers.shutdownNow();
    }

    private Guard.Builder guard() {
        return Guard.builder(breaker).fallbackListener((b, cause, succeeded) ->
                fallbacks.add(b.name() + ":" + cause.getClass().getSimpleName() + ":" + succeeded));
    }

    private static RetryConfig threeAttempts() {
        return RetryConfig.builder().maxAttempts(3).waitDuration(Duration.ZERO).executor(Runnable::run).build();
    }

    @Test
    void withoutLayersACallGoesThroughTheBreakerAloneAndTheSimpleFormsThrowNothingChecked() {
        Guard guard = guard().build();

        assertThat(guard.hasLayers()).isFalse();
        assertThat(guard.get(() -> "paid")).isEqualTo("paid");
        String answer = guard.get(() -> {
            throw new UncheckedIOException(new IOException("gateway down"));
        }, failure -> "queued after " + failure.getClass().getSimpleName());

        assertThat(answer).isEqualTo("queued after UncheckedIOException");
        assertThat(breaker.metrics().successfulCallsTotal()).isEqualTo(1);
        assertThat(breaker.metrics().failedCallsTotal()).isEqualTo(1);
        assertThat(fallbacks).containsExactly("payment:UncheckedIOException:true");
    }

    @Test
    void theFallbackAnswersFailuresAndRejectionsButAnIgnoredExceptionReachesTheCaller() {
        Guard guard = guard().build();
        IllegalArgumentException badInput = new IllegalArgumentException("amount must be positive");

        assertThatThrownBy(() -> guard.get(() -> {
            throw badInput;
        }, failure -> "queued")).isSameAs(badInput);
        breaker.transitionToForcedOpenState();
        assertThat(guard.get(() -> "paid", failure -> "queued: " + failure.getClass().getSimpleName()))
                .isEqualTo("queued: CallNotPermittedException");

        assertThat(fallbacks).containsExactly("payment:CallNotPermittedException:true");
        assertThat(breaker.metrics().ignoredCallsTotal()).isEqualTo(1);
    }

    @Test
    void theFallbackOfAnOpenBreakerGetsThePublicCallNotPermittedException() {
        Guard guard = guard().build();
        for (int i = 0; i < 10; i++) {
            guard.get(() -> {
                throw new IllegalStateException("down");
            }, failure -> "queued");
        }
        assertThat(breaker.state()).isEqualTo(BreakerState.OPEN);
        List<Throwable> causes = new CopyOnWriteArrayList<>();

        guard.get(() -> "paid", failure -> causes.add(failure) ? "queued" : "lost");
        guard.get(() -> "paid", failure -> causes.add(failure) ? "queued" : "lost");

        assertThat(causes).hasSize(2);
        assertThat(causes.get(0).getClass()).isEqualTo(CallNotPermittedException.class);
        assertThat(causes.get(1)).isSameAs(causes.get(0));
        assertThat(fallbacks).endsWith("payment:CallNotPermittedException:true");
    }

    @Test
    void aRetryNeverRetriesARejectionAndTheFallbackRunsOnceAfterTheLastAttempt() throws Throwable {
        Guard guard = guard().retry(threeAttempts()).build();
        AtomicInteger attempts = new AtomicInteger();

        Object answer = guard.executeChecked(() -> {
            attempts.incrementAndGet();
            throw new IOException("gateway down");
        }, failure -> "queued after " + failure.getMessage());
        assertThat(answer).isEqualTo("queued after gateway down");
        assertThat(attempts).hasValue(3);
        assertThat(breaker.metrics().failedCallsTotal()).isEqualTo(3);
        assertThat(fallbacks).containsExactly("payment:IOException:true");

        breaker.transitionToForcedOpenState();
        assertThatThrownBy(() -> guard.executeChecked(attempts::incrementAndGet))
                .isInstanceOf(CallNotPermittedException.class);
        assertThat(attempts).as("no attempt runs against a rejection").hasValue(3);
        assertThat(guard.retry().failedCalls()).isEqualTo(2);
        assertThat(guard.retry().retryAttempts()).isEqualTo(2);
    }

    @Test
    void aFullBulkheadEndsTheCallWithoutRecordingAgainstTheDependencyAndGivesThePermitBack() throws Throwable {
        Guard guard = guard().retry(threeAttempts()).bulkhead(BulkheadConfig.builder(1).build()).build();
        assertThat(guard.bulkhead().tryAcquire()).isTrue();
        AtomicInteger attempts = new AtomicInteger();

        assertThatThrownBy(() -> guard.executeChecked(attempts::incrementAndGet))
                .isInstanceOf(BulkheadFullException.class);
        assertThat(guard.executeChecked(() -> "x", failure -> "busy")).isEqualTo("busy");

        assertThat(attempts).hasValue(0);
        assertThat(breaker.metrics().failedCallsTotal() + breaker.metrics().successfulCallsTotal()
                + breaker.metrics().notPermittedCallsTotal()).isZero();
        assertThat(guard.bulkhead().rejectedCalls()).as("one per call: never retried").isEqualTo(2);
        assertThat(fallbacks).containsExactly("payment:BulkheadFullException:true");
    }

    @Test
    void aTimedOutAttemptIsAFailureAndSlowAndTheSimpleFormWrapsTheCheckedTimeout() throws Exception {
        Guard guard = guard().timeout(TimeoutConfig.builder(TIMEOUT).scheduler(clock).build()).build();
        CountDownLatch started = new CountDownLatch(1);
        Future<Throwable> caller = callers.submit(() -> {
            try {
                guard.get(() -> {
                    started.countDown();
                    try {
                        new CountDownLatch(1).await();
                    } catch (InterruptedException interrupted) {
                        Thread.currentThread().interrupt();
                    }
                    return "late";
                });
                return null;
            } catch (Throwable thrown) {
                return thrown;
            }
        });
        assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();
        clock.advance(TIMEOUT);

        Throwable thrown = caller.get(10, TimeUnit.SECONDS);
        assertThat(thrown).isInstanceOf(CompletionException.class).cause().isInstanceOf(CallTimeoutException.class);
        assertThat(breaker.metrics().failedCallsTotal()).isEqualTo(1);
        assertThat(breaker.metrics().slowFailedCallsTotal()).as("a timeout is slow whatever the clock measured")
                .isEqualTo(1);
        assertThat(guard.timeout().timeouts()).isEqualTo(1);
    }

    @Test
    void aStagesFallbackSeesTheFailureItselfAndTheListenerHearsWhenTheFallbacksStageCompletes() {
        Guard guard = guard().retry(threeAttempts()).build();
        AtomicInteger attempts = new AtomicInteger();
        CompletableFuture<String> queued = new CompletableFuture<>();

        CompletionStage<String> answer = guard.executeStage(() -> {
            attempts.incrementAndGet();
            return CompletableFuture.supplyAsync(() -> {
                throw new UncheckedIOException(new IOException("gateway down"));
            }, Runnable::run);
        }, failure -> {
            assertThat(failure).as("unwrapped from CompletionException").isInstanceOf(UncheckedIOException.class);
            return queued;
        });

        assertThat(attempts).hasValue(3);
        assertThat(fallbacks).as("not before the fallback's own stage completes").isEmpty();
        queued.complete("queued");
        assertThat(answer.toCompletableFuture().join()).isEqualTo("queued");
        assertThat(fallbacks).containsExactly("payment:UncheckedIOException:true");
        assertThat(breaker.metrics().failedCallsTotal()).isEqualTo(3);
    }

    @Test
    void aFailingFallbackKeepsTheOriginalFailureAsSuppressedAndAFallbackMayDeclineAFailure() {
        Guard guard = guard().build();
        IOException down = new IOException("gateway down");
        IllegalStateException queueFull = new IllegalStateException("queue full");

        assertThatThrownBy(() -> guard.executeChecked(() -> {
            throw down;
        }, failure -> {
            throw queueFull;
        })).isSameAs(queueFull);
        assertThat(queueFull.getSuppressed()).containsExactly(down);
        assertThat(fallbacks).containsExactly("payment:IOException:false");

        Fallback<String> onlyTimeouts = new Fallback<>() {
            @Override
            public String apply(Throwable cause) {
                return "cached";
            }

            @Override
            public boolean handles(Throwable cause) {
                return cause instanceof CallTimeoutException;
            }
        };
        assertThatThrownBy(() -> guard.executeChecked(() -> {
            throw down;
        }, onlyTimeouts)).isSameAs(down);
    }

    @Test
    void anAttemptReportsOnceAndARejectedOneHoldsNothing() {
        Guard guard = guard().bulkhead(BulkheadConfig.builder(1).build()).build();
        Attempt attempt = guard.startAttemptNow();
        assertThat(attempt.rejection()).isNull();
        Attempt second = guard.startAttemptNow();
        assertThat(second.rejection()).isInstanceOf(BulkheadFullException.class);

        attempt.succeeded("paid");
        attempt.failed(new IOException("late error after the value"));
        attempt.cancelled();
        second.failed(new IOException("nothing to report on"));

        assertThat(breaker.metrics().successfulCallsTotal()).isEqualTo(1);
        assertThat(breaker.metrics().failedCallsTotal()).isZero();
        assertThat(guard.bulkhead().availableCalls()).as("the slot is freed exactly once").isEqualTo(1);
    }
}
