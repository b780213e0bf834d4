package dev.breaker.internal;

import dev.breaker.BreakerConfig;
import dev.breaker.BreakerScheduler;
import dev.breaker.BreakerState;
import dev.breaker.CallNotPermittedException;
import dev.breaker.ProbeGate;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;

/**
 * HALF_OPEN: at most {@code permitted} trial calls at once. Their outcomes close the breaker once all
 * have completed below both thresholds, and reopen it as soon as the thresholds can no longer be
 * avoided; with a success threshold, {@code N} successful trials in a row close it and the first failed or
 * slow one reopens it. An ignored, cancelled or released trial gives its permit back for another trial.
 * An observing breaker lets the calls beyond the trials through too, as bystanders that no window counts.
 *
 * <p>A shared breaker's gate may decide the verdict for the fleet ({@link ProbeGate#decidesTrials()}): outcomes
 * then go to the gate, the trials are still counted here (for the figures, and for the local rules should the
 * gate stop deciding), and the verdict arrives through {@link #conclude}.
 */
final class HalfOpenState extends State {

    private static final int FIELD_BITS = 21;
    private static final long FIELD_MASK = (1L << FIELD_BITS) - 1;

    private final int permitted;
    private final int reopenCount;
    private final int successThreshold;
    /** {@link #REJECTED}, or {@link #PASSED} for an observing breaker: the mode, folded into the state. */
    private final int noTrialLeft;
    private final @Nullable State bystander;
    private final float failureRateThreshold;
    private final float slowCallRateThreshold;
    private final long maxWaitNanos;
    private final long enteredAtNanos;
    private final AtomicInteger available;
    /** Completed trials, failed trials and slow trials, packed in 21-bit fields. */
    private final AtomicLong outcomes = new AtomicLong();
    private final CallNotPermittedException rejection;
    private volatile BreakerScheduler.Cancellable timer = () -> { };
    /** The fleet's limit on trial calls, for a shared breaker; null for a local one. */
    private final @Nullable ProbeGate fleetGate;
    /** Whether the fleet took outcomes the local rules have not judged (only ever true with a fleet gate). */
    private volatile boolean deferred;

    HalfOpenState(DefaultBreaker breaker, int reopenCount) {
        super(breaker);
        this.permitted = config.permittedNumberOfCallsInHalfOpenState();
        this.reopenCount = reopenCount;
        this.successThreshold = config.successThresholdInHalfOpenState();
        this.noTrialLeft = observing() ? PASSED : REJECTED;
        this.bystander = observing() ? new Bystander(breaker, config) : null;
        this.failureRateThreshold = config.failureRateThreshold();
        this.slowCallRateThreshold = config.slowCallRateThreshold();
        this.maxWaitNanos = config.maxWaitDurationInHalfOpenState().toNanos();
        this.enteredAtNanos = breaker.clock().nanoTime();
        this.available = new AtomicInteger(permitted);
        this.rejection = new CallNotPermittedException(breaker.name(), BreakerState.HALF_OPEN, Duration.ZERO);
        this.fleetGate = config.fleetSync().map(sync -> sync.probeGate(breaker)).orElse(null);
    }

    int reopenCount() {
        return reopenCount;
    }

    @Override
    BreakerState kind() {
        return BreakerState.HALF_OPEN;
    }

    @Override
    BreakerState enforcedKind() {
        return bystander != null ? BreakerState.CLOSED : BreakerState.HALF_OPEN;
    }

    @Override
    State bystander() {
        return bystander != null ? bystander : this;
    }

    @Override
    int tryAcquire() {
        if (deferred && fleetGate != null && !fleetGate.decidesTrials() && judgeDeferred()) {
            return CHANGED;
        }
        if (maxWaitNanos > 0 && breaker.clock().recentNanoTime() - enteredAtNanos >= maxWaitNanos) {
            reopenAfterTimeout();
            return CHANGED;
        }
        for (;;) {
            int left = available.get();
            if (left <= 0) {
                return noTrialLeft;
            }
            if (available.compareAndSet(left, left - 1)) {
                if (fleetGate != null && !fleetGate.tryAcquire()) {
                    available.incrementAndGet();
                    return noTrialLeft;
                }
                return PERMITTED;
            }
        }
    }

    @Override
    void exited() {
        timer.cancel();
        if (fleetGate != null) {
            fleetGate.close();
        }
    }

    @Override
    void entered() {
        if (maxWaitNanos > 0) {
            timer = config.scheduler().schedule(this::reopenAfterTimeout, maxWaitNanos,
                    TimeUnit.NANOSECONDS);
        }
    }

    private void reopenAfterTimeout() {
        WindowSnapshot trials = snapshot();
        breaker.machine().open(this, trials, reopenCount + 1, null, "still HALF_OPEN after "
                + format(Duration.ofNanos(maxWaitNanos)) + " with " + trials.total() + " of "
                + permitted + " trial calls completed");
    }

    @Override
    CallNotPermittedException rejection() {
        return rejection;
    }

    @Override
    void record(int code, @Nullable Throwable error) {
        ProbeGate gate = fleetGate;
        boolean fleetDecides = gate != null && gate.decidesTrials();
        if (fleetDecides) {
            gate.recorded((code & Outcome.FAILURE) != 0, (code & Outcome.SLOW) != 0);
        } else if (gate != null) {
            gate.release();
        }
        long delta = 1 + ((long) (code & Outcome.FAILURE) << FIELD_BITS)
                + ((long) ((code & Outcome.SLOW) >> 1) << (2 * FIELD_BITS));
        WindowSnapshot trials = decode(outcomes.addAndGet(delta));
        if (fleetDecides) {
            deferred = true;
            return;
        }
        if (successThreshold > 0) {
            decideBySuccesses(trials, code, error);
        } else {
            decideByRates(trials, error);
        }
    }

    private void decideByRates(WindowSnapshot trials, @Nullable Throwable error) {
        // The final rate can only be at least failures / permitted: decide as soon as that trips.
        WindowSnapshot lowerBound = new WindowSnapshot(permitted, trials.failures(), trials.slow(), permitted);
        String reason = lowerBound.tripReason(failureRateThreshold, slowCallRateThreshold);
        if (reason != null) {
            timer.cancel();
            if (breaker.state == this) {
                breaker.listeners().ratesExceeded(lowerBound, failureRateThreshold, slowCallRateThreshold);
            }
            String figures = trials.total() < permitted
                    ? trials.failures() + " failed and " + trials.slow() + " slow of " + trials.total()
                            + " completed trial calls (of " + permitted + "): "
                    : "trial calls: ";
            breaker.machine().open(this, trials, reopenCount + 1, error, figures + reason);
        } else if (trials.total() >= permitted) {
            timer.cancel();
            breaker.machine().close(this, "trial calls: failure rate " + WindowSnapshot.percent(trials.failureRate())
                    + " < " + WindowSnapshot.percent(failureRateThreshold) + " and slow-call rate "
                    + WindowSnapshot.percent(trials.slowCallRate()) + " < "
                    + WindowSnapshot.percent(slowCallRateThreshold));
        }
    }

    /** A success threshold: any failed or slow trial reopens; {@code successThreshold} good ones in a row close. */
    private void decideBySuccesses(WindowSnapshot trials, int code, @Nullable Throwable error) {
        if (code != Outcome.SUCCESS) {
            timer.cancel();
            // The first bad trial reopens, so the others before it were good (give or take a race).
            breaker.machine().open(this, trials, reopenCount + 1, error, "a trial call "
                    + ((code & Outcome.FAILURE) != 0 ? "failed" : "was slow") + " after " + (trials.total() - 1)
                    + " of " + successThreshold + " successful trial calls needed to close");
        } else if (trials.failures() == 0 && trials.slow() == 0 && trials.total() >= successThreshold) {
            timer.cancel();
            breaker.machine().close(this, successThreshold + " successful trial calls in a row");
        }
    }

    /**
     * The fleet's verdict (see {@link dev.breaker.Breaker#concludeTrials}): CLOSED, or OPEN with the next backoff.
     * False when this visit is no longer the breaker's state.
     */
    boolean conclude(boolean passed, String reason) {
        if (breaker.state != this) {
            return false;
        }
        State next = passed ? new ClosedState(breaker) : new OpenState(breaker, snapshot(), reopenCount + 1, null);
        return breaker.machine().transition(this, next, reason);
    }

    /**
     * The fleet stopped deciding after it took some of this visit's outcomes: the local rules judge the trial
     * calls completed here, as they would have on the last one. True if that moved the breaker.
     */
    private boolean judgeDeferred() {
        deferred = false;
        WindowSnapshot trials = snapshot();
        if (successThreshold > 0) {
            if (trials.failures() > 0 || trials.slow() > 0) {
                breaker.machine().open(this, trials, reopenCount + 1, null, "trial calls: " + trials.failures()
                        + " failed and " + trials.slow() + " slow of " + trials.total() + " completed, with "
                        + successThreshold + " successful trial calls needed to close");
            } else if (trials.total() >= successThreshold) {
                breaker.machine().close(this, successThreshold + " successful trial calls in a row");
            }
        } else {
            decideByRates(trials, null);
        }
        return breaker.state != this;
    }

    @Override
    void releasePermit() {
        // Capped: a release reported against this state for a call it never permitted must not add trials.
        for (;;) {
            int left = available.get();
            if (left >= permitted) {
                return;
            }
            if (available.compareAndSet(left, left + 1)) {
                if (fleetGate != null) {
                    fleetGate.release();
                }
                return;
            }
        }
    }

    @Override
    WindowSnapshot snapshot() {
        return decode(outcomes.get());
    }

    /** Permits not taken; with every trial finished, this plus the recorded trials is the permitted number. */
    int availablePermits() {
        return available.get();
    }

    private WindowSnapshot decode(long packed) {
        return new WindowSnapshot(packed & FIELD_MASK, (packed >>> FIELD_BITS) & FIELD_MASK,
                (packed >>> (2 * FIELD_BITS)) & FIELD_MASK, permitted);
    }

    /**
     * The permit of a call that an observing breaker lets through beyond the trial calls, which an enforcing
     * breaker would have rejected: no window counts its outcome. Never the breaker's state.
     */
    private static final class Bystander extends State {

        private final WindowSnapshot empty;

        Bystander(DefaultBreaker breaker, BreakerConfig config) {
            super(breaker, config);
            this.empty = WindowSnapshot.empty(1);
        }

        @Override
        BreakerState kind() {
            return BreakerState.HALF_OPEN;
        }

        @Override
        int tryAcquire() {
            return PERMITTED;
        }

        @Override
        void record(int code, @Nullable Throwable error) {
        }

        @Override
        WindowSnapshot snapshot() {
            return empty;
        }
    }
}
