package dev.breaker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * How a guard with layers times and reports its attempts: as its breaker times its own calls, and a stage
 * that is already complete without a timer or a second stage.
 */
class LayeredPathTest {

    /**
     * A clock whose recent time lags its exact time by a known amount, both moved by hand: the durations
     * reported tell which one timed the attempt.
     */
    static final class TwoSpeedClock implements BreakerClock {

        volatile long exact;
        volatile long recent;

        @Override
        public long nanoTime() {
            return exact;
        }

        @Override
        public long recentNanoTime() {
            return recent;
        }

        @Override
        public Instant now() {
            return Instant.EPOCH;
        }

        void advance(long exactNanos, long recentNanos) {
            exact += exactNanos;
            recent += recentNanos;
        }
    }

    private final TwoSpeedClock clock = new TwoSpeedClock();
    private final List<Long> durations = new CopyOnWriteArrayList<>();

    private Breaker breaker(Duration slowCallThreshold) {
        Breaker breaker = Breaker.of("payment", BreakerConfig.builder().clock(clock)
                .slowCallDurationThreshold(slowCallThreshold).build());
        breaker.addListener(new BreakerListener() {
            @Override
            public void onCall(Breaker b, CallOutcome outcome, boolean slow, long durationNanos,
                    Throwable error) {
                durations.add(durationNanos);
            }

            @Override
            public boolean receivesCallOutcomes() {
                return true;
            }
        });
        return breaker;
    }

    private static Guard layered(Breaker breaker) {
        return Guard.builder(breaker).bulkhead(BulkheadConfig.builder(2).build())
                .retry(RetryConfig.builder().maxAttempts(3).waitDuration(Duration.ZERO).executor(Runnable::run).build())
                .build();
    }

    @Test
    void attemptsAreTimedWithTheRecentTimeWhenTheSlowCallThresholdIsAtLeast100ms() throws Throwable {
        Guard guard = layered(breaker(Duration.ofMillis(100)));

        guard.executeChecked(() -> {
            clock.advance(5_000, 3_000_000);
            return "paid";
        });
        guard.executeStage(() -> {
            clock.advance(5_000, 4_000_000);
            return CompletableFuture.completedFuture("paid");
        }).toCompletableFuture().join();
        Attempt attempt = guard.startAttempt();
        clock.advance(5_000, 6_000_000);
        attempt.succeeded("paid");

        assertThat(durations).containsExactly(3_000_000L, 4_000_000L, 6_000_000L);
    }

    @Test
    void attemptsAreTimedWithTheExactTimeBelow100msAndTimeOutsStaySlowEitherWay() throws Throwable {
        Guard guard = layered(breaker(Duration.ofMillis(99)));

        guard.executeChecked(() -> {
            clock.advance(5_000, 3_000_000);
            return "paid";
        });
        guard.executeStage(() -> {
            clock.advance(7_000, 4_000_000);
            return CompletableFuture.completedFuture("paid");
        }).toCompletableFuture().join();
        CallTimeoutException timedOut = new CallTimeoutException("payment", Duration.ofMillis(150));
        assertThatThrownBy(() -> guard.executeChecked(() -> {
            throw timedOut;
        })).isSameAs(timedOut);

        // Each of the three attempts timed out (a timeout is retried): each counts as longer than the timeout.
        assertThat(durations).containsExactly(5_000L, 7_000L, 150_000_001L, 150_000_001L, 150_000_001L);
        assertThat(guard.breaker().metrics().slowFailedCallsTotal()).isEqualTo(3);
    }

    @Test
    void recentTimesOutOfOrderNeverGiveANegativeDuration() throws Throwable {
        Guard guard = layered(breaker(Duration.ofSeconds(1)));
        clock.advance(0, 1_000);

        guard.executeChecked(() -> {
            clock.advance(0, -500);
            return "paid";
        });

        assertThat(durations).containsExactly(0L);
    }

    @Test
    void aSynchronousLayeredCallReportsOnceAndFreesItsSlotHoweverItEnds() throws Throwable {
        Guard guard = layered(breaker(Duration.ofSeconds(1)));
        IOException down = new IOException("down");
        AtomicInteger attempts = new AtomicInteger();

        assertThat(guard.executeChecked(() -> "paid")).isEqualTo("paid");
        assertThatThrownBy(() -> guard.executeChecked(() -> {
            attempts.incrementAndGet();
            throw down;
        })).isSameAs(down);
        assertThatThrownBy(() -> guard.executeChecked(() -> {
            throw new InterruptedException("caller interrupted");
        })).isInstanceOf(InterruptedException.class);

        assertThat(attempts).as("retried up to max-attempts").hasValue(3);
        assertThat(guard.breaker().metrics().successfulCallsTotal()).isEqualTo(1);
        assertThat(guard.breaker().metrics().failedCallsTotal()).isEqualTo(3);
        assertThat(guard.breaker().metrics().ignoredCallsTotal()).as("the interrupted attempt is given back")
                .isEqualTo(1);
        assertThat(guard.bulkhead().availableCalls()).isEqualTo(2);
        assertThat(durations).hasSize(5);
    }

    @Test
    void aStageAlreadyCompleteIsReportedAtOnceAndReturnedAsItIsWithoutATimer() {
        AtomicInteger timers = new AtomicInteger();
        BreakerScheduler counting = (task, delay, unit) -> {
            timers.incrementAndGet();
            return () -> { };
        };
        Breaker breaker = breaker(Duration.ofSeconds(1));
        Guard guard = Guard.builder(breaker).bulkhead(BulkheadConfig.builder(1).build())
                .timeout(TimeoutConfig.builder(Duration.ofSeconds(1)).scheduler(counting).build()).build();
        CompletableFuture<String> cached = CompletableFuture.completedFuture("quote");

        CompletionStage<String> stage = guard.executeStage(() -> cached);

        assertThat(stage).isSameAs(cached);
        assertThat(timers).as("nothing to time out").hasValue(0);
        assertThat(breaker.metrics().successfulCallsTotal()).isEqualTo(1);
        assertThat(guard.bulkhead().availableCalls()).isEqualTo(1);

        // A failed one, a running one and a minimal stage (which may not tell whether it is done) are timed.
        IOException down = new IOException("down");
        CompletionStage<String> failed = guard.executeStage(() -> CompletableFuture.failedFuture(down));
        assertThat(failed.toCompletableFuture().handle((value, error) -> error).join()).isSameAs(down);
        CompletableFuture<String> running = new CompletableFuture<>();
        CompletionStage<String> later = guard.executeStage(() -> running);
        assertThat(guard.bulkhead().availableCalls()).isZero();
        running.complete("late quote");
        assertThat(later.toCompletableFuture().join()).isEqualTo("late quote");
        CompletionStage<String> minimal = guard.executeStage(() -> CompletableFuture.completedStage("minimal"));
        assertThat(minimal.toCompletableFuture().join()).isEqualTo("minimal");

        assertThat(timers).hasValue(3);
        assertThat(breaker.metrics().successfulCallsTotal()).isEqualTo(3);
        assertThat(breaker.metrics().failedCallsTotal()).isEqualTo(1);
        assertThat(guard.bulkhead().availableCalls()).isEqualTo(1);
    }

    @Test
    void aSucceedingLayeredCallAllocatesNothingOnceCompiled() throws Throwable {
        Guard guard = layered(Breaker.of("payment", BreakerConfig.builder().build()));
        CheckedSupplier<String> call = () -> "paid";
        for (int i = 0; i < 200_000; i++) {
            guard.executeChecked(call);
        }
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long before = threads.getCurrentThreadAllocatedBytes();
        for (int i = 0; i < 100_000; i++) {
            guard.executeChecked(call);
        }
        long allocated = threads.getCurrentThreadAllocatedBytes() - before;
        // Generous: an Attempt per call alone would be 4 MB, a lambda per call that escapes 1.6 MB.
        assertThat(allocated).as("bytes allocated by 100,000 calls").isLessThan(800_000);
    }

    @Test
    void aConstantCallOnItsArgumentThroughRetryAndBulkheadAllocatesNothing() throws Throwable {
        Guard guard = layered(Breaker.of("payment", BreakerConfig.builder().build()));
        CheckedFunction<String, String> pay = order -> order; // unbound: a constant, as the advice's call is
        for (int i = 0; i < 200_000; i++) {
            guard.executeWith("order", pay);
        }
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long before = threads.getCurrentThreadAllocatedBytes();
        for (int i = 0; i < 100_000; i++) {
            guard.executeWith("order", pay);
        }
        long allocated = threads.getCurrentThreadAllocatedBytes() - before;
        // One supplier per call capturing the argument would be 1.6 MB.
        assertThat(allocated).as("bytes allocated by 100,000 calls").isLessThan(10_000);
        assertThat(guard.retry().successfulCallsWithoutRetry()).isEqualTo(300_000);
    }
}
