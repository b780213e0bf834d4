package dev.breaker.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.breaker.Breaker;
import dev.breaker.BreakerConfig;
import dev.breaker.BreakerListener;
import dev.breaker.BreakerMetrics;
import dev.breaker.BreakerState;
import dev.breaker.CallNotPermittedException;
import dev.breaker.ManualClock;
import dev.breaker.StateTransition;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import org.junit.jupiter.api.RepeatedTest;

/**
 * Many threads hammer one breaker with every kind of outcome while it trips and recovers again and again.
 * Checked along the way and at the end: every call is accounted exactly once, only legal transitions
 * happen, HALF_OPEN never has more trial calls in flight than permitted, nothing deadlocks, and once the
 * storm is over a healthy downstream closes the breaker (no permit leaked).
 */
class StormTest {

    private static final int THREADS = 8;
    private static final int CALLS_PER_THREAD = 20_000;
    private static final int PERMITTED = 3;

    private final ManualClock clock = new ManualClock();
    private final Breaker breaker = Breaker.of("storm", BreakerConfig.builder().clock(clock).scheduler(clock)
            .slidingWindowSize(20).minimumNumberOfCalls(10).failureRateThreshold(50)
            .slowCallDurationThreshold(Duration.ofMillis(5)).slowCallRateThreshold(80)
            .consecutiveFailureThreshold(8)
            .waitDurationInOpenState(Duration.ofMillis(40)).waitDurationJitter(0.5).waitDurationMultiplier(1.5)
            .maxWaitDurationInOpenState(Duration.ofMillis(200))
            .permittedNumberOfCallsInHalfOpenState(PERMITTED)
            .maxWaitDurationInHalfOpenState(Duration.ofMillis(300))
            .ignoreExceptions(IllegalArgumentException.class)
            .build());

    private final LongAdder attempts = new LongAdder();
    private final LongAdder succeeded = new LongAdder();
    private final LongAdder failed = new LongAdder();
    private final LongAdder ignored = new LongAdder();
    private final LongAdder rejected = new LongAdder();
    /** Trial calls in flight per HALF_OPEN visit (each visit is its own state object). */
    private final Map<HalfOpenState, AtomicInteger> trialsInFlight = new ConcurrentHashMap<>();
    private final AtomicInteger mostTrialsInFlight = new AtomicInteger();
    private final List<StateTransition> transitions = new CopyOnWriteArrayList<>();
    private final AtomicLong brokenChains = new AtomicLong();

    @RepeatedTest(3)
    void everyCallIsAccountedOnceAndTheBreakerRecoversAfterTheStorm() throws Exception {
        breaker.addListener(new BreakerListener() {
            private volatile BreakerState last = BreakerState.CLOSED;

            @Override
            public void onStateTransition(Breaker b, StateTransition transition) {
                if (transition.from() != last) {
                    brokenChains.incrementAndGet();
                }
                last = transition.to();
                transitions.add(transition);
            }
        });
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        ExecutorService completer = Executors.newSingleThreadExecutor();
        try {
            List<Future<?>> workers = new java.util.ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                workers.add(pool.submit(() -> storm(completer)));
            }
            for (Future<?> worker : workers) {
                worker.get(60, TimeUnit.SECONDS); // a deadlock fails here instead of hanging the build
            }
        } finally {
            pool.shutdownNow();
            completer.shutdown();
            assertThat(completer.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
        }

        BreakerMetrics metrics = breaker.metrics();
        assertThat(attempts.sum()).isEqualTo((long) THREADS * CALLS_PER_THREAD);
        assertThat(metrics.successfulCallsTotal()).isEqualTo(succeeded.sum());
        assertThat(metrics.failedCallsTotal()).isEqualTo(failed.sum());
        assertThat(metrics.ignoredCallsTotal()).isEqualTo(ignored.sum());
        assertThat(metrics.notPermittedCallsTotal()).isEqualTo(rejected.sum());
        assertThat(metrics.successfulCallsTotal() + metrics.failedCallsTotal() + metrics.ignoredCallsTotal()
                + metrics.notPermittedCallsTotal()).isEqualTo(attempts.sum());

        assertThat(brokenChains.get()).as("transitions whose from is not the previous to").isZero();
        assertThat(transitions).as("the breaker tripped and recovered repeatedly").hasSizeGreaterThan(20);
        assertThat(transitions).allSatisfy(t -> assertThat(legal(t.from(), t.to())).as(t.toString()).isTrue());
        assertThat(mostTrialsInFlight.get()).isLessThanOrEqualTo(PERMITTED).isPositive();
        // Every permit a HALF_OPEN visit gave out came back or was spent on a recorded trial.
        assertThat(trialsInFlight).isNotEmpty();
        trialsInFlight.keySet().forEach(visit -> assertThat(visit.availablePermits() + visit.snapshot().total())
                .as("free permits + recorded trials of %s", visit).isEqualTo(PERMITTED));

        // After the storm, a healthy downstream brings it back: no trial permit was lost.
        for (int i = 0; i < 1_000 && breaker.state() != BreakerState.CLOSED; i++) {
            clock.advance(Duration.ofMillis(50));
            try {
                breaker.execute(() -> "healthy");
            } catch (CallNotPermittedException stillWaiting) {
                // next round
            }
        }
        assertThat(breaker.state()).isEqualTo(BreakerState.CLOSED);
    }

    private void storm(ExecutorService completer) {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        for (int i = 0; i < CALLS_PER_THREAD; i++) {
            attempts.increment();
            if (i % 50 == 0) {
                clock.advance(Duration.ofMillis(random.nextInt(1, 20)));
            }
            // Alternate stormy and calm stretches so the breaker trips and recovers many times.
            boolean stormy = (i / 500) % 2 == 0;
            int roll = random.nextInt(100);
            int kind = stormy ? roll % 8 : (roll < 85 ? 0 : roll % 8);
            try {
                switch (kind) {
                    case 0, 1 -> call(() -> "ok");
                    case 2 -> call(() -> {
                        throw new IllegalStateException("failure");
                    });
                    case 3 -> call(() -> {
                        throw new IllegalArgumentException("ignored");
                    });
                    case 4 -> call(() -> {
                        throw new AssertionError("an Error is a failure too");
                    });
                    case 5 -> call(() -> {
                        clock.advance(Duration.ofMillis(6)); // slow success
                        return "slow";
                    });
                    case 6 -> asyncCall(completer, random.nextBoolean());
                    default -> cancelledCall();
                }
            } catch (CallNotPermittedException rejection) {
                rejected.increment();
            }
        }
    }

    /** A synchronous call through a permit, so the test sees which state let it in. */
    private void call(java.util.function.Supplier<String> body) {
        Breaker.Permit permit = breaker.acquirePermit();
        AtomicInteger trials = enter(permit);
        long start = clock.nanoTime();
        try {
            String result = body.get();
            permit.onResult(clock.nanoTime() - start, result);
            succeeded.increment();
        } catch (IllegalArgumentException ignoredException) {
            permit.onError(clock.nanoTime() - start, ignoredException);
            ignored.increment();
        } catch (RuntimeException | AssertionError failure) {
            permit.onError(clock.nanoTime() - start, failure);
            failed.increment();
        } finally {
            if (trials != null) {
                trials.decrementAndGet();
            }
        }
    }

    /** A completion stage finished on another thread, successfully or not. */
    private void asyncCall(ExecutorService completer, boolean succeed) {
        CompletableFuture<String> downstream = new CompletableFuture<>();
        CompletableFuture<String> stage = breaker.executeCompletionStage(() -> downstream).toCompletableFuture();
        if (stage.isCompletedExceptionally() && stage != downstream) {
            stage.exceptionally(e -> null).join();
            Throwable cause = stage.handle((r, e) -> e).join();
            if (cause instanceof CallNotPermittedException) {
                throw (CallNotPermittedException) cause;
            }
        }
        completer.submit(() -> {
            if (succeed) {
                downstream.complete("async");
            } else {
                downstream.completeExceptionally(new IllegalStateException("async failure"));
            }
        });
        String result = stage.handle((r, e) -> e == null ? "ok" : "failed").join();
        if (result.equals("ok")) {
            succeeded.increment();
        } else {
            failed.increment();
        }
    }

    /** A stage whose consumer gives up: cancellation counts as ignored and frees the permit. */
    private void cancelledCall() {
        CompletableFuture<String> downstream = new CompletableFuture<>();
        CompletableFuture<String> stage = breaker.executeCompletionStage(() -> downstream).toCompletableFuture();
        if (stage != downstream) {
            Throwable cause = stage.handle((r, e) -> e).join();
            throw (CallNotPermittedException) cause;
        }
        downstream.cancel(true);
        ignored.increment();
    }

    private AtomicInteger enter(Breaker.Permit permit) {
        if (!(permit instanceof HalfOpenState halfOpen)) {
            return null;
        }
        AtomicInteger trials = trialsInFlight.computeIfAbsent(halfOpen, s -> new AtomicInteger());
        mostTrialsInFlight.accumulateAndGet(trials.incrementAndGet(), Math::max);
        return trials;
    }

    private static boolean legal(BreakerState from, BreakerState to) {
        return switch (from) {
            case CLOSED -> to == BreakerState.OPEN;
            case OPEN -> to == BreakerState.HALF_OPEN;
            case HALF_OPEN -> to == BreakerState.OPEN || to == BreakerState.CLOSED;
            default -> false;
        };
    }
}
