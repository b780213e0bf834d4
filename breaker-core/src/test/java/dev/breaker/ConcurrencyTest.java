package dev.breaker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.IntFunction;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Breakers under concurrent callers, through the public API only, with a {@link ManualClock} as clock
 * and scheduler: HALF_OPEN admits exactly its permitted trial calls, permits never leak, and the
 * lifetime counters account for every attempt.
 */
class ConcurrencyTest {

    private static final int THREADS = 32;
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final long TIMEOUT_SECONDS = 10;

    private final ExecutorService pool = Executors.newFixedThreadPool(THREADS);

    @AfterEach
    void stopThreads() throws InterruptedException {
        pool.shutdownNow();
        assertThat(pool.awaitTermination(5, TimeUnit.SECONDS)).isTrue();
    }

    /** An exception the configs below ignore. */
    static final class IgnoredException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        IgnoredException() {
            super("ignored", null, false, false);
        }
    }

    /** An {@link Error} the configs below ignore. */
    static final class IgnoredError extends Error {
        private static final long serialVersionUID = 1L;

        IgnoredError() {
            super("ignored error", null, false, false);
        }
    }

    /** A failure of the downstream, recorded as such. */
    static final class DownstreamException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        DownstreamException() {
            super("downstream down", null, false, false);
        }
    }

    private static BreakerConfig.Builder config(ManualClock clock, int permittedInHalfOpen) {
        return BreakerConfig.builder().clock(clock).scheduler(clock)
                .slidingWindowSize(10).minimumNumberOfCalls(10)
                .failureRateThreshold(50)
                .waitDurationInOpenState(WAIT)
                .permittedNumberOfCallsInHalfOpenState(permittedInHalfOpen)
                .ignoreExceptions(IgnoredException.class, IgnoredError.class);
    }

    private static Breaker open(BreakerConfig config) {
        Breaker breaker = Breaker.of("downstream", config);
        for (int i = 0; i < config.minimumNumberOfCalls(); i++) {
            assertThatThrownBy(() -> breaker.run(ConcurrencyTest::fail)).isInstanceOf(DownstreamException.class);
        }
        assertThat(breaker.state()).isEqualTo(BreakerState.OPEN);
        return breaker;
    }

    private static Breaker halfOpen(ManualClock clock, BreakerConfig config) {
        Breaker breaker = open(config);
        clock.advance(WAIT);
        assertThat(breaker.tryAcquirePermission()).isTrue(); // moves it to HALF_OPEN
        breaker.releasePermission();
        assertThat(breaker.state()).isEqualTo(BreakerState.HALF_OPEN);
        return breaker;
    }

    private static void fail() {
        throw new DownstreamException();
    }

    /**
     * Runs {@code task(i)} for i in 0..count-1 on separate threads, all released at once, and returns
     * their results; every wait is bounded.
     */
    private <T> List<T> releasedAtOnce(int count, IntFunction<Callable<T>> task) throws Exception {
        CountDownLatch ready = new CountDownLatch(count);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<T>> futures = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            Callable<T> body = task.apply(i);
            futures.add(pool.submit(() -> {
                ready.countDown();
                if (!start.await(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                    throw new IllegalStateException("never released");
                }
                return body.call();
            }));
        }
        assertThat(ready.await(TIMEOUT_SECONDS, TimeUnit.SECONDS)).as("all threads ready").isTrue();
        start.countDown();
        List<T> results = new ArrayList<>();
        for (Future<T> future : futures) {
            results.add(future.get(TIMEOUT_SECONDS, TimeUnit.SECONDS));
        }
        return results;
    }

    // ---- (a) HALF_OPEN admits exactly the permitted trial calls -----------------------------------------

    @Test
    void admitsExactlyThePermittedNumberOfConcurrentProbes() throws Exception {
        int permitted = 5;
        for (int round = 0; round < 50; round++) {
            ManualClock clock = new ManualClock();
            Breaker breaker = open(config(clock, permitted).build());
            clock.advance(WAIT);
            long rejectedBefore = breaker.metrics().notPermittedCallsTotal();
            boolean useTryAcquire = round % 2 == 0;

            // The first callers find it OPEN with the wait over and race to move it to HALF_OPEN.
            List<Boolean> admitted = releasedAtOnce(THREADS, i -> () -> {
                if (useTryAcquire) {
                    return breaker.tryAcquirePermission();
                }
                try {
                    breaker.acquirePermit();
                    return true;
                } catch (CallNotPermittedException rejected) {
                    assertThat(rejected.state()).isEqualTo(BreakerState.HALF_OPEN);
                    return false;
                }
            });

            String where = "round " + round;
            assertThat(admitted.stream().filter(a -> a).count()).as(where).isEqualTo(permitted);
            assertThat(breaker.metrics().notPermittedCallsTotal() - rejectedBefore).as(where)
                    .isEqualTo(THREADS - permitted);
            assertThat(breaker.state()).as(where).isEqualTo(BreakerState.HALF_OPEN);
            // Exactly one OPEN -> HALF_OPEN: a second one would have handed out a second set of permits.
            assertThat(breaker.transitions()).as(where).extracting(StateTransition::to)
                    .containsExactly(BreakerState.HALF_OPEN, BreakerState.OPEN);
            assertThat(breaker.tryAcquirePermission()).as(where).isFalse();
        }
    }

    // ---- (b) no permit leaks -------------------------------------------------------------------

    @Test
    void ignoredExceptionsGiveTheirTrialPermitBack() {
        ManualClock clock = new ManualClock();
        Breaker breaker = halfOpen(clock, config(clock, 2).build());
        for (int i = 0; i < 10; i++) { // far more than the two permits: any leak would exhaust them
            assertThatThrownBy(() -> breaker.execute(() -> {
                throw new IgnoredException();
            })).isInstanceOf(IgnoredException.class);
        }
        assertThat(breaker.metrics().ignoredCallsTotal()).isEqualTo(1 + 10); // 1: the release in halfOpen()
        assertExactlyThisManyProbesAdmitted(breaker, 2);
        assertThat(breaker.metrics().bufferedCalls()).isZero();
    }

    @Test
    void ignoredErrorsThrownFromExecuteGiveTheirTrialPermitBack() {
        ManualClock clock = new ManualClock();
        Breaker breaker = halfOpen(clock, config(clock, 2).build());
        for (int i = 0; i < 10; i++) {
            assertThatThrownBy(() -> breaker.execute(() -> {
                throw new IgnoredError();
            })).isInstanceOf(IgnoredError.class);
        }
        assertExactlyThisManyProbesAdmitted(breaker, 2);
        assertThat(breaker.metrics().bufferedCalls()).isZero();
    }

    @Test
    void anErrorThrownFromExecuteIsRecordedAsAFailedTrialSoItsPermitIsUsedNotLeaked() {
        ManualClock clock = new ManualClock();
        Breaker breaker = halfOpen(clock, config(clock, 3).build());
        AssertionError error = new AssertionError("boom");

        assertThatThrownBy(() -> breaker.execute(() -> {
            throw error;
        })).isSameAs(error);

        assertThat(breaker.metrics().bufferedCalls()).isEqualTo(1);
        assertThat(breaker.metrics().failedCalls()).isEqualTo(1);
        assertThat(breaker.state()).isEqualTo(BreakerState.HALF_OPEN); // 1 of 3 cannot reach 50% yet
        // Two permits are left, and the trial that threw counts: two successes complete the trials.
        assertThat(breaker.execute(() -> "ok")).isEqualTo("ok");
        assertThat(breaker.execute(() -> "ok")).isEqualTo("ok");
        assertThat(breaker.state()).isEqualTo(BreakerState.CLOSED);
    }

    @Test
    void releasedPermissionsAndPermitsGiveTheirTrialPermitBack() {
        ManualClock clock = new ManualClock();
        Breaker breaker = halfOpen(clock, config(clock, 2).build());
        for (int i = 0; i < 10; i++) {
            assertThat(breaker.tryAcquirePermission()).isTrue();
            breaker.releasePermission();
            breaker.acquirePermit().release();
        }
        assertExactlyThisManyProbesAdmitted(breaker, 2);
        assertThat(breaker.metrics().bufferedCalls()).isZero();
    }

    @Test
    void cancelledCompletionStagesGiveTheirTrialPermitBack() {
        ManualClock clock = new ManualClock();
        Breaker breaker = halfOpen(clock, config(clock, 2).build());
        for (int i = 0; i < 10; i++) {
            CompletableFuture<String> downstream = new CompletableFuture<>();
            CompletionStage<String> stage = breaker.executeCompletionStage(() -> downstream);
            assertThat(stage.toCompletableFuture().cancel(true)).isTrue();
        }
        assertThat(breaker.metrics().ignoredCallsTotal()).isEqualTo(1 + 10);
        assertExactlyThisManyProbesAdmitted(breaker, 2);
        assertThat(breaker.metrics().bufferedCalls()).isZero();
    }

    @Test
    void recordedSuccessesAndFailuresUseUpTheirTrialPermit() {
        ManualClock clock = new ManualClock();
        Breaker breaker = halfOpen(clock, config(clock, 4).build());
        assertThat(breaker.execute(() -> "ok")).isEqualTo("ok");
        assertThatThrownBy(() -> breaker.run(ConcurrencyTest::fail)).isInstanceOf(DownstreamException.class);
        CompletableFuture<String> pending = new CompletableFuture<>();
        breaker.executeCompletionStage(() -> pending);

        // 4 permits: 2 used by recorded calls, 1 held by the pending stage, so only 1 left.
        assertExactlyThisManyProbesAdmitted(breaker, 1);
        assertThat(breaker.metrics().bufferedCalls()).isEqualTo(2);
        assertThat(breaker.metrics().failedCalls()).isEqualTo(1);
        assertThat(breaker.state()).isEqualTo(BreakerState.HALF_OPEN);
    }

    @Test
    void aReleaseFromBeforeTheBreakerOpenedDoesNotAddTrialPermits() {
        ManualClock clock = new ManualClock();
        BreakerConfig config = config(clock, 2).build();
        Breaker breaker = Breaker.of("downstream", config);
        assertThat(breaker.tryAcquirePermission()).isTrue(); // a slow call, granted while CLOSED
        for (int i = 0; i < config.minimumNumberOfCalls(); i++) {
            assertThatThrownBy(() -> breaker.run(ConcurrencyTest::fail)).isInstanceOf(DownstreamException.class);
        }
        clock.advance(WAIT);
        assertThat(breaker.tryAcquirePermission()).isTrue(); // moves it to HALF_OPEN
        breaker.releasePermission();

        breaker.releasePermission(); // the slow call gives up, reported against HALF_OPEN
        breaker.acquirePermit().release();

        assertExactlyThisManyProbesAdmitted(breaker, 2);
    }

    /** Takes {@code count} permits, checks the next is refused, and gives them back. */
    private static void assertExactlyThisManyProbesAdmitted(Breaker breaker, int count) {
        assertThat(breaker.state()).isEqualTo(BreakerState.HALF_OPEN);
        for (int i = 0; i < count; i++) {
            assertThat(breaker.tryAcquirePermission()).as("probe %d of %d", i + 1, count).isTrue();
        }
        assertThat(breaker.tryAcquirePermission()).as("probe %d of %d", count + 1, count).isFalse();
        for (int i = 0; i < count; i++) {
            breaker.releasePermission();
        }
    }

    @Test
    void concurrentProbesThatGiveTheirPermitBackNeverExceedThePermittedNumberNorLeak() throws Exception {
        int permitted = 3;
        int attemptsPerThread = 200;
        ManualClock clock = new ManualClock();
        Breaker breaker = halfOpen(clock, config(clock, permitted).build());
        long ignoredBefore = breaker.metrics().ignoredCallsTotal();
        AtomicInteger inFlight = new AtomicInteger();
        AtomicInteger mostInFlight = new AtomicInteger();
        LongAdder admitted = new LongAdder();
        LongAdder rejected = new LongAdder();
        Runnable enter = () -> mostInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);

        releasedAtOnce(THREADS, thread -> () -> {
            for (int i = 0; i < attemptsPerThread; i++) {
                switch ((thread + i) % 5) {
                    case 0 -> {
                        try {
                            breaker.execute(() -> {
                                enter.run();
                                inFlight.decrementAndGet();
                                throw new IgnoredException();
                            });
                        } catch (IgnoredException e) {
                            admitted.increment();
                        } catch (CallNotPermittedException e) {
                            rejected.increment();
                        }
                    }
                    case 1 -> {
                        try {
                            breaker.run(() -> {
                                enter.run();
                                inFlight.decrementAndGet();
                                throw new IgnoredError();
                            });
                        } catch (IgnoredError e) {
                            admitted.increment();
                        } catch (CallNotPermittedException e) {
                            rejected.increment();
                        }
                    }
                    case 2 -> {
                        if (breaker.tryAcquirePermission()) {
                            enter.run();
                            inFlight.decrementAndGet();
                            breaker.releasePermission();
                            admitted.increment();
                        } else {
                            rejected.increment();
                        }
                    }
                    case 3 -> {
                        try {
                            Breaker.Permit permit = breaker.acquirePermit();
                            enter.run();
                            inFlight.decrementAndGet();
                            permit.release();
                            admitted.increment();
                        } catch (CallNotPermittedException e) {
                            rejected.increment();
                        }
                    }
                    default -> {
                        CompletableFuture<String> downstream = new CompletableFuture<>();
                        CompletionStage<String> stage = breaker.executeCompletionStage(() -> {
                            enter.run();
                            return downstream;
                        });
                        if (stage == downstream) {
                            inFlight.decrementAndGet();
                            downstream.cancel(true);
                            admitted.increment();
                        } else {
                            assertThat(stage.toCompletableFuture()).isCompletedExceptionally();
                            rejected.increment();
                        }
                    }
                }
            }
            return null;
        });

        int attempts = THREADS * attemptsPerThread;
        assertThat(admitted.sum() + rejected.sum()).isEqualTo(attempts);
        assertThat(admitted.sum()).isPositive();
        assertThat(mostInFlight.get()).isBetween(1, permitted);
        BreakerMetrics metrics = breaker.metrics();
        assertThat(metrics.ignoredCallsTotal() - ignoredBefore).isEqualTo(admitted.sum());
        assertThat(metrics.notPermittedCallsTotal()).isEqualTo(rejected.sum());
        assertThat(metrics.bufferedCalls()).isZero();
        assertExactlyThisManyProbesAdmitted(breaker, permitted);
    }

    @Test
    void concurrentProbesThatAllFailReopenItAndTheNextWaitAdmitsExactlyThePermittedNumberAgain()
            throws Exception {
        int permitted = 8;
        ManualClock clock = new ManualClock();
        Breaker breaker = open(config(clock, permitted).build());
        long failedBefore = breaker.metrics().failedCallsTotal();

        for (int cycle = 1; cycle <= 8; cycle++) { // 17 transitions: all within the kept history
            String where = "cycle " + cycle;
            clock.advance(WAIT);
            long rejectedBefore = breaker.metrics().notPermittedCallsTotal();
            // Every caller first asks for a permit; only once all have asked do the probes fail, so a
            // reopening cannot hide an over-admission.
            CountDownLatch allAsked = new CountDownLatch(THREADS);
            List<Boolean> admitted = releasedAtOnce(THREADS, i -> () -> {
                Breaker.Permit permit;
                try {
                    permit = breaker.acquirePermit();
                } catch (CallNotPermittedException rejected) {
                    allAsked.countDown();
                    return false;
                }
                allAsked.countDown();
                if (!allAsked.await(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                    throw new IllegalStateException("not all callers asked");
                }
                permit.onError(1_000, new DownstreamException());
                return true;
            });

            assertThat(admitted.stream().filter(a -> a).count()).as(where).isEqualTo(permitted);
            assertThat(breaker.metrics().notPermittedCallsTotal() - rejectedBefore).as(where)
                    .isEqualTo(THREADS - permitted);
            assertThat(breaker.state()).as(where).isEqualTo(BreakerState.OPEN);
            assertThat(breaker.metrics().failedCallsTotal() - failedBefore).as(where)
                    .isEqualTo((long) cycle * permitted);
            // Each cycle is exactly OPEN -> HALF_OPEN -> OPEN (newest first below).
            List<BreakerState> expected = new ArrayList<>();
            for (int i = 0; i < cycle; i++) {
                expected.add(BreakerState.OPEN);
                expected.add(BreakerState.HALF_OPEN);
            }
            expected.add(BreakerState.OPEN); // the first opening, from CLOSED
            assertThat(breaker.transitions()).as(where).extracting(StateTransition::to)
                    .containsExactlyElementsOf(expected);
            assertThat(breaker.tryAcquirePermission()).as(where).isFalse(); // the new wait has begun
        }
    }

    // ---- (c) CLOSED: every attempt is counted once ----------------------------------------------------

    @Test
    void concurrentCallsInClosedStateAreEachCountedExactlyOnce() throws Exception {
        int callsPerThread = 4_000;
        ManualClock clock = new ManualClock();
        Breaker breaker = Breaker.of("downstream", config(clock, 10).slidingWindowSize(200_000).build());

        List<long[]> observed = releasedAtOnce(THREADS, thread -> () -> hammer(breaker, callsPerThread));

        long[] sum = sum(observed);
        // Per thread: 3 successes, 1 failure and 1 ignored call in each 5, so 25% failures: never trips.
        long attempts = (long) THREADS * callsPerThread;
        assertThat(sum[SUCCESS]).isEqualTo(attempts * 3 / 5);
        assertThat(sum[FAILURE]).isEqualTo(attempts / 5);
        assertThat(sum[IGNORED]).isEqualTo(attempts / 5);
        assertThat(sum[REJECTED]).isZero();
        BreakerMetrics metrics = breaker.metrics();
        assertThat(metrics.state()).isEqualTo(BreakerState.CLOSED);
        assertThat(metrics.successfulCallsTotal()).isEqualTo(sum[SUCCESS]);
        assertThat(metrics.failedCallsTotal()).isEqualTo(sum[FAILURE]);
        assertThat(metrics.ignoredCallsTotal()).isEqualTo(sum[IGNORED]);
        assertThat(metrics.notPermittedCallsTotal()).isZero();
        // The window is larger than all the recorded calls, so it holds every one of them.
        assertThat(metrics.bufferedCalls()).isEqualTo(sum[SUCCESS] + sum[FAILURE]);
        assertThat(metrics.failedCalls()).isEqualTo(sum[FAILURE]);
        assertThat(metrics.failureRate()).hasValue(25.0);
    }

    @Test
    void concurrentCallsThatTripTheBreakerAreEachCountedExactlyOnce() throws Exception {
        int callsPerThread = 2_000;
        ManualClock clock = new ManualClock();
        Breaker breaker = Breaker.of("downstream", config(clock, 10).slidingWindowSize(100)
                .minimumNumberOfCalls(100).failureRateThreshold(20).build());

        List<long[]> observed = releasedAtOnce(THREADS, thread -> () -> hammer(breaker, callsPerThread));

        long[] sum = sum(observed);
        long attempts = (long) THREADS * callsPerThread;
        assertThat(sum[SUCCESS] + sum[FAILURE] + sum[IGNORED] + sum[REJECTED]).isEqualTo(attempts);
        BreakerMetrics metrics = breaker.metrics();
        assertThat(metrics.state()).isEqualTo(BreakerState.OPEN);
        assertThat(metrics.successfulCallsTotal()).isEqualTo(sum[SUCCESS]);
        assertThat(metrics.failedCallsTotal()).isEqualTo(sum[FAILURE]);
        assertThat(metrics.ignoredCallsTotal()).isEqualTo(sum[IGNORED]);
        assertThat(metrics.notPermittedCallsTotal()).isEqualTo(sum[REJECTED]).isPositive();
        assertThat(metrics.successfulCallsTotal() + metrics.failedCallsTotal() + metrics.ignoredCallsTotal()
                + metrics.notPermittedCallsTotal()).isEqualTo(attempts);
        // However many callers saw the trip condition, the breaker opened once.
        assertThat(breaker.transitions()).extracting(StateTransition::to).containsExactly(BreakerState.OPEN);
    }

    private static final int SUCCESS = 0;
    private static final int FAILURE = 1;
    private static final int IGNORED = 2;
    private static final int REJECTED = 3;

    /** Calls through the breaker in a fixed pattern and counts how each call ended, as its caller saw it. */
    private static long[] hammer(Breaker breaker, int calls) {
        long[] seen = new long[4];
        for (int i = 0; i < calls; i++) {
            int kind = i % 5;
            try {
                breaker.execute(() -> switch (kind) {
                    case 3 -> throw new DownstreamException();
                    case 4 -> throw new IgnoredException();
                    default -> "ok";
                });
                seen[SUCCESS]++;
            } catch (DownstreamException e) {
                seen[FAILURE]++;
            } catch (IgnoredException e) {
                seen[IGNORED]++;
            } catch (CallNotPermittedException e) {
                seen[REJECTED]++;
            }
        }
        return seen;
    }

    private static long[] sum(List<long[]> perThread) {
        long[] sum = new long[4];
        for (long[] seen : perThread) {
            for (int i = 0; i < sum.length; i++) {
                sum[i] += seen[i];
            }
        }
        return sum;
    }
}
