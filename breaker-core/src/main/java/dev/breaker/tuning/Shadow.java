package dev.breaker.tuning;

import dev.breaker.Breaker;
import dev.breaker.BreakerClock;
import dev.breaker.BreakerConfig;
import dev.breaker.BreakerListener;
import dev.breaker.BreakerMode;
import dev.breaker.BreakerScheduler;
import dev.breaker.BreakerState;
import dev.breaker.StateTransition;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import org.jspecify.annotations.Nullable;

/**
 * One experiment (or the baseline): a private breaker with the candidate settings, fed the outcomes a live breaker
 * recorded, and what it would have done with them.
 *
 * <p>The per-call path takes no lock and allocates nothing: the private breaker is thread-safe on its own, refusals
 * go to striped counters, and a failure only compares its index with the last failure's. Locked are the rare
 * things: the start of a burst of failures and the private breaker's transitions (on the thread that caused
 * them, or the scheduler's), whose figures are read together by {@link #figures}.
 */
final class Shadow implements BreakerListener {

    private static final long NONE = Long.MIN_VALUE;
    /** The index of the last failure before any: far enough back that the first failure starts a burst. */
    private static final long NEVER = Long.MIN_VALUE / 4;
    private static final long FLAP_NANOS = Experiments.FLAP_INTERVAL.toNanos();

    /** Given for a failure that had no exception (a result the live breaker counted as failed). */
    private static final RuntimeException FAILED_RESULT = new ShadowFailure();

    private final Breaker breaker;
    private final BreakerClock clock;
    private final LongAdder judged;
    private final long burstRun;
    private final LongAdder needlessRejections = new LongAdder();
    private final LongAdder keptAway = new LongAdder();
    /** The index (in {@link #judged}) of the last failure; {@link #NEVER} at first and after each closing. */
    private final AtomicLong lastFailure = new AtomicLong(NEVER);

    // Guarded by this: the burst in progress and the transitions' figures.
    private long burstStartIndex = NONE;
    private long burstStartNanos;
    private long openings;
    private long openNanos;
    private long openedAt = NONE;
    private long openEndsAt;
    private long lastClosedAt = NONE;
    private long flaps;
    private long detections;
    private long detectionNanos;
    private long detectionCalls;

    /**
     * @param judged the outcomes judged so far, shared by every shadow of a live breaker (all judge the same ones)
     * @param burstRun how many non-failures in a row end a burst: the live breaker's minimum-number-of-calls
     */
    Shadow(String name, BreakerConfig candidate, BreakerClock clock, BreakerScheduler scheduler, LongAdder judged,
            int burstRun) {
        this.clock = clock;
        this.judged = judged;
        this.burstRun = burstRun;
        this.breaker = Breaker.of(name.length() > 200 ? name.substring(0, 200) : name,
                shadowConfig(candidate, clock, scheduler));
        breaker.addListener(this);
    }

    /**
     * The candidate's breaker settings only, enforced, on the live clock: no exception rules or result predicate
     * (the live classification wins, a shadow never classifies again) and no fleet.
     */
    static BreakerConfig shadowConfig(BreakerConfig candidate, BreakerClock clock, BreakerScheduler scheduler) {
        BreakerConfig.Builder builder = BreakerConfig.builder()
                .slidingWindowType(candidate.slidingWindowType())
                .slidingWindowSize(candidate.slidingWindowSize())
                .slidingWindowMaxAge(candidate.slidingWindowMaxAge())
                .minimumNumberOfCalls(candidate.minimumNumberOfCalls())
                .failureRateThreshold(candidate.failureRateThreshold())
                .slowCallRateThreshold(candidate.slowCallRateThreshold())
                .slowCallDurationThreshold(candidate.slowCallDurationThreshold())
                .consecutiveFailureThreshold(candidate.consecutiveFailureThreshold())
                .waitDurationInOpenState(candidate.waitDurationInOpenState())
                .waitDurationJitter(candidate.waitDurationJitter())
                .waitDurationMultiplier(candidate.waitDurationMultiplier())
                .maxWaitDurationInOpenState(candidate.maxWaitDurationInOpenState())
                .automaticTransitionToHalfOpen(candidate.automaticTransitionToHalfOpen())
                .permittedNumberOfCallsInHalfOpenState(candidate.permittedNumberOfCallsInHalfOpenState())
                .maxWaitDurationInHalfOpenState(candidate.maxWaitDurationInHalfOpenState())
                .successThresholdInHalfOpenState(candidate.successThresholdInHalfOpenState())
                .mode(BreakerMode.ENFORCE)
                .clock(clock)
                .scheduler(scheduler);
        if (candidate.openWait() != null) {
            builder.openWait(candidate.openWait());
        }
        return builder.build();
    }

    /**
     * Judges one outcome the live breaker recorded.
     *
     * @param index the outcome's place in the judged outcomes (1 for the first); read only for a failure
     * @param error the exception it ended with, handed to the candidate's open-wait function; may be null
     */
    void judge(boolean failure, long durationNanos, @Nullable Throwable error, long index) {
        if (failure) {
            failed(index);
        }
        if (!breaker.tryAcquirePermission()) {
            (failure ? keptAway : needlessRejections).increment();
        } else if (failure) {
            breaker.onError(durationNanos, TimeUnit.NANOSECONDS, error != null ? error : FAILED_RESULT);
        } else {
            breaker.onSuccess(durationNanos, TimeUnit.NANOSECONDS);
        }
    }

    /** A burst starts at a failure after {@link #burstRun} non-failures in a row, or the first since a closing. */
    private void failed(long index) {
        long previous;
        do {
            previous = lastFailure.get();
            if (previous >= index) {
                return; // a later failure got here first: this one is inside its run
            }
        } while (!lastFailure.compareAndSet(previous, index));
        if (index - previous - 1 >= burstRun) {
            synchronized (this) {
                burstStartIndex = index;
                burstStartNanos = clock.nanoTime();
            }
        }
    }

    @Override
    public void onStateTransition(Breaker source, StateTransition transition) {
        synchronized (this) {
            long now = clock.nanoTime();
            if (transition.from() == BreakerState.OPEN && openedAt != NONE) {
                // A wait that ended lazily, at the next call, counts up to its end only.
                openNanos += Math.min(now, openEndsAt) - openedAt;
                openedAt = NONE;
            }
            if (transition.to() == BreakerState.OPEN) {
                opened(transition.from(), now);
            } else if (transition.to() == BreakerState.CLOSED) {
                lastClosedAt = now;
                burstStartIndex = NONE;
                lastFailure.set(NEVER);
            }
        }
    }

    private void opened(BreakerState from, long now) {
        openedAt = now;
        openEndsAt = now + breaker.retryAfter().toNanos();
        if (from == BreakerState.OPEN) {
            return;
        }
        openings++;
        if (lastClosedAt != NONE && now - lastClosedAt < FLAP_NANOS) {
            flaps++;
        }
        if (from == BreakerState.CLOSED && burstStartIndex != NONE) {
            detections++;
            detectionNanos += now - burstStartNanos;
            detectionCalls += judged.sum() - burstStartIndex + 1;
        }
        burstStartIndex = NONE;
    }

    /** The figures as of {@code now}, read together. */
    synchronized Figures figures(long now) {
        long open = openNanos + (openedAt != NONE ? Math.max(0, Math.min(now, openEndsAt) - openedAt) : 0);
        return new Figures(openings, Duration.ofNanos(open), needlessRejections.sum(), keptAway.sum(), detections,
                detections == 0 ? Optional.empty() : Optional.of(Duration.ofNanos(detectionNanos / detections)),
                detections == 0 ? 0 : (double) detectionCalls / detections, flaps, breaker.state());
    }

    /** What a shadow would have done; the report adds the name, settings, judged and blind time and the verdict. */
    record Figures(long wouldOpen, Duration timeOpen, long needlessRejections, long keptAway, long detections,
            Optional<Duration> detectionDelay, double detectionCalls, long flaps, BreakerState state) {
    }

    /** The failure handed to a shadow for a failed result: shared, without a stack trace. */
    private static final class ShadowFailure extends RuntimeException {

        private static final long serialVersionUID = 1L;

        ShadowFailure() {
            super("a result the live breaker counted as a failure", null, false, false);
        }
    }
}
