package dev.breaker;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@link Breaker#reconfigure} while calls run on two threads: nothing throws but the calls' own failures and
 * rejections, every attempt is counted once, and a window shared across reconfigurations stays exact.
 */
class ReconfigureConcurrencyTest {

    private static final int CALLS_PER_THREAD = 20_000;
    private static final long TIMEOUT_SECONDS = 20;

    private final ExecutorService pool = Executors.newFixedThreadPool(3);
    private final ManualClock clock = new ManualClock();
    private final ConcurrentLinkedQueue<Throwable> unexpected = new ConcurrentLinkedQueue<>();
    private final LongAdder succeeded = new LongAdder();
    private final LongAdder failed = new LongAdder();
    private final LongAdder rejected = new LongAdder();

    @AfterEach
    void stopThreads() throws InterruptedException {
        pool.shutdownNow();
        assertThat(pool.awaitTermination(5, TimeUnit.SECONDS)).isTrue();
    }

    /** A failure of the downstream, without a stack trace: the build stays quiet. */
    static final class DownstreamException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        DownstreamException() {
            super("down", null, false, false);
        }
    }

    private BreakerConfig.Builder base() {
        return BreakerConfig.builder().clock(clock).scheduler(clock)
                .slidingWindowSize(50).minimumNumberOfCalls(10).failureRateThreshold(100)
                .waitDurationInOpenState(Duration.ofSeconds(1));
    }

    @Test
    void callsOnTwoThreadsWhileTheSettingsChangeInEveryStateAreEachCountedOnce() throws Exception {
        List<BreakerConfig> configs = List.of(
                base().build(),
                base().failureRateThreshold(30).build(),                                  // opens on the 1 in 3
                base().slidingWindowSize(20).failureRateThreshold(30).build(),            // window emptied
                base().failureRateThreshold(30).mode(BreakerMode.OBSERVE).build(),
                base().slidingWindowType(SlidingWindowType.TIME_BASED).slidingWindowSize(10).build(),
                base().failureRateThreshold(30).permittedNumberOfCallsInHalfOpenState(3)
                        .slidingWindowMaxAge(Duration.ofSeconds(30)).consecutiveFailureThreshold(2).build(),
                base().automaticTransitionToHalfOpen(true).maxWaitDurationInHalfOpenState(Duration.ofSeconds(2))
                        .failureRateThreshold(30).build());
        Breaker breaker = Breaker.of("payment", configs.get(0));
        AtomicBoolean stop = new AtomicBoolean();
        CountDownLatch start = new CountDownLatch(1);

        Future<?> first = pool.submit(() -> call(breaker, start));
        Future<?> second = pool.submit(() -> call(breaker, start));
        Future<Integer> changes = pool.submit(() -> {
            start.await();
            int changed = 0;
            while (!stop.get()) {
                breaker.reconfigure(configs.get(changed % configs.size()), "test");
                clock.advance(Duration.ofMillis(700)); // waits end, trial calls start, max ages pass
                changed++;
            }
            return changed;
        });
        start.countDown();
        first.get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        second.get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        stop.set(true);
        int changed = changes.get(TIMEOUT_SECONDS, TimeUnit.SECONDS);

        assertThat(unexpected).isEmpty();
        assertThat(changed).isPositive();
        BreakerMetrics metrics = breaker.metrics();
        assertThat(metrics.successfulCallsTotal()).isEqualTo(succeeded.sum());
        assertThat(metrics.failedCallsTotal()).isEqualTo(failed.sum());
        assertThat(metrics.notPermittedCallsTotal()).isEqualTo(rejected.sum());
        assertThat(succeeded.sum() + failed.sum() + rejected.sum()).isEqualTo(2L * CALLS_PER_THREAD);
        assertThat(metrics.ignoredCallsTotal()).isZero();
        assertThat(breaker.settingsChanges()).hasSizeLessThanOrEqualTo(Breaker.TRANSITION_HISTORY);
        // A count window keeps at most 50 calls; the time-based one (10 s) every call of its last 10 s, however many,
        // when the changes stop on it.
        assertThat(metrics.bufferedCalls()).isLessThanOrEqualTo(
                breaker.config().slidingWindowType() == SlidingWindowType.COUNT_BASED ? 50
                        : succeeded.sum() + failed.sum());
        assertThat(metrics.failedCalls()).isLessThanOrEqualTo(metrics.bufferedCalls());
    }

    @Test
    void aWindowKeptThroughManyChangesWhileCallsRecordStaysExact() throws Exception {
        List<BreakerConfig> configs = List.of(
                base().build(),
                base().failureRateThreshold(99).minimumNumberOfCalls(30).build(),
                base().slidingWindowMaxAge(Duration.ofHours(1)).build(),
                base().slowCallDurationThreshold(Duration.ofMillis(1)).build());
        Breaker breaker = Breaker.of("payment", configs.get(0));
        AtomicBoolean stop = new AtomicBoolean();
        CountDownLatch start = new CountDownLatch(1);

        Future<?> first = pool.submit(() -> call(breaker, start));
        Future<?> second = pool.submit(() -> call(breaker, start));
        Future<Integer> changes = pool.submit(() -> {
            start.await();
            int changed = 0;
            while (!stop.get()) {
                SettingsChange change = breaker.reconfigure(configs.get(changed % configs.size()), "test");
                if (!change.changed().isEmpty() && !change.windowKept()) {
                    throw new AssertionError("window not kept: " + change);
                }
                changed++;
            }
            return changed;
        });
        start.countDown();
        first.get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        second.get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        stop.set(true);
        changes.get(TIMEOUT_SECONDS, TimeUnit.SECONDS);

        assertThat(unexpected).isEmpty();
        assertThat(breaker.state()).isEqualTo(BreakerState.CLOSED);
        assertThat(rejected.sum()).isZero();
        breaker.reconfigure(configs.get(0), "test");
        for (int i = 0; i < 50; i++) {
            breaker.run(() -> { });
        }
        BreakerMetrics metrics = breaker.metrics();
        assertThat(metrics.bufferedCalls()).as("every code entered and left the shared counter once").isEqualTo(50);
        assertThat(metrics.failedCalls()).isZero();
        assertThat(metrics.slowCalls()).isZero();
    }

    /** One caller: every third call fails; tallies what happened to each. */
    private Void call(Breaker breaker, CountDownLatch start) throws InterruptedException {
        start.await();
        for (int i = 0; i < CALLS_PER_THREAD; i++) {
            boolean fails = i % 3 == 0;
            try {
                breaker.run(() -> {
                    if (fails) {
                        throw new DownstreamException();
                    }
                });
                succeeded.increment();
            } catch (DownstreamException expected) {
                failed.increment();
            } catch (CallNotPermittedException expected) {
                rejected.increment();
            } catch (Throwable other) {
                unexpected.add(other);
            }
        }
        return null;
    }
}
