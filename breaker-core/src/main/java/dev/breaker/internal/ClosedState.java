package dev.breaker.internal;

import dev.breaker.BreakerState;
import dev.breaker.SlidingWindowType;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import org.jspecify.annotations.Nullable;

/** CLOSED: every call is permitted; outcomes go to the sliding window, which may trip the breaker. */
final class ClosedState extends State {

    private static final VarHandle CONSECUTIVE_FAILURES;

    static {
        try {
            CONSECUTIVE_FAILURES = MethodHandles.lookup().findVarHandle(ClosedState.class, "consecutiveFailures",
                    int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final Window window;
    private final int consecutiveFailureThreshold;
    private final float failureRateThreshold;
    private final float slowCallRateThreshold;
    /** Failures in a row, counted only with a consecutive-failure threshold; a field, not an atomic, per breaker. */
    private volatile int consecutiveFailures;

    /** CLOSED with an empty window. */
    ClosedState(DefaultBreaker breaker) {
        super(breaker);
        long now = breaker.clock().recentNanoTime();
        this.window = config.slidingWindowType() == SlidingWindowType.TIME_BASED
                ? new TimeWindow(config.slidingWindowSize(), config.minimumNumberOfCalls(), now)
                : new CountWindow(config.slidingWindowSize(), config.minimumNumberOfCalls(),
                        config.slidingWindowMaxAge().toMillis(), now);
        this.consecutiveFailureThreshold = config.consecutiveFailureThreshold();
        this.failureRateThreshold = config.failureRateThreshold();
        this.slowCallRateThreshold = config.slowCallRateThreshold();
    }

    /**
     * CLOSED under the breaker's current settings with the outcomes of {@code kept}, whose window has the same
     * type and size: its window's storage (calls still in flight on {@code kept} count in it too) and its run of
     * failures in a row. Nothing is evaluated until {@link #evaluate()} or the next outcome.
     */
    ClosedState(DefaultBreaker breaker, ClosedState kept) {
        super(breaker);
        this.window = kept.window.withLimits(config.minimumNumberOfCalls(), config.slidingWindowMaxAge().toMillis());
        this.consecutiveFailureThreshold = config.consecutiveFailureThreshold();
        this.failureRateThreshold = config.failureRateThreshold();
        this.slowCallRateThreshold = config.slowCallRateThreshold();
        this.consecutiveFailures = kept.consecutiveFailures;
    }

    @Override
    BreakerState kind() {
        return BreakerState.CLOSED;
    }

    @Override
    int tryAcquire() {
        return PERMITTED;
    }

    @Override
    void record(int code, @Nullable Throwable error) {
        long now = window.timed() ? breaker.clock().recentNanoTime() : 0;
        boolean evaluate = window.record(code, now);
        if (consecutiveFailureThreshold > 0) {
            if ((code & Outcome.FAILURE) != 0) {
                int inARow = (int) CONSECUTIVE_FAILURES.getAndAdd(this, 1) + 1;
                if (inARow >= consecutiveFailureThreshold) {
                    openForFailuresInARow(inARow, now, error);
                    return;
                }
            } else if (consecutiveFailures != 0) {
                consecutiveFailures = 0;
            }
        }
        // The counts alone first: a snapshot is made only when they trip, so a failing call allocates nothing.
        if (evaluate && window.trips(now, failureRateThreshold, slowCallRateThreshold)) {
            evaluate(window.snapshot(now), error);
        }
    }

    /**
     * Judges the outcomes already in the window, as the next outcome would: for a window kept by a
     * reconfiguration, whose new thresholds they may trip. Opens the breaker, with the usual reason and events,
     * if they do.
     */
    void evaluate() {
        long now = window.timed() ? breaker.clock().recentNanoTime() : 0;
        int inARow = consecutiveFailures;
        if (consecutiveFailureThreshold > 0 && inARow >= consecutiveFailureThreshold) {
            openForFailuresInARow(inARow, now, null);
        } else {
            evaluate(window.snapshot(now), null);
        }
    }

    /** Why the outcomes in the window trip the thresholds now, or null; for {@link Reconfiguration}'s account. */
    @Nullable String tripReason() {
        int inARow = consecutiveFailures;
        if (consecutiveFailureThreshold > 0 && inARow >= consecutiveFailureThreshold) {
            return inARow + " consecutive failures >= " + consecutiveFailureThreshold;
        }
        return snapshot().tripReason(failureRateThreshold, slowCallRateThreshold);
    }

    private void openForFailuresInARow(int inARow, long now, @Nullable Throwable error) {
        breaker.machine().open(this, window.snapshot(now), 0, error,
                inARow + " consecutive failures >= " + consecutiveFailureThreshold);
    }

    private void evaluate(WindowSnapshot snapshot, @Nullable Throwable error) {
        String reason = snapshot.tripReason(failureRateThreshold, slowCallRateThreshold);
        if (reason != null) {
            if (breaker.state == this) { // rarely twice, when two calls evaluate at once
                breaker.listeners().ratesExceeded(snapshot, failureRateThreshold, slowCallRateThreshold);
            }
            breaker.machine().open(this, snapshot, 0, error, reason);
        }
    }

    @Override
    WindowSnapshot snapshot() {
        return window.snapshot(window.timed() ? breaker.clock().recentNanoTime() : 0);
    }
}
