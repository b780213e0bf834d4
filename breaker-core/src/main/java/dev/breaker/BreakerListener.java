package dev.breaker;

import org.jspecify.annotations.Nullable;

/**
 * Receives a breaker's events, synchronously, on the thread that caused them. A listener that throws is
 * logged and otherwise ignored: it can never break a call or the breaker. Keep listeners fast; hand
 * slow work to another thread.
 *
 * <p>Call outcomes are delivered only to listeners whose {@link #receivesCallOutcomes()} is true, so a
 * breaker whose listeners only care about transitions pays nothing per call.
 */
public interface BreakerListener {

    /** Called after the breaker has changed state. */
    default void onStateTransition(Breaker breaker, StateTransition transition) {
    }

    /**
     * Called after each call's outcome is recorded in the breaker's window, and for each rejected call. A
     * successful or failed call is added to the totals of {@link Breaker#metrics()} only after every listener has
     * heard it, so what a listener counted of it is never behind those totals.
     *
     * @param outcome how the call ended
     * @param slow whether it took longer than the slow-call duration threshold
     * @param durationNanos how long it ran (0 for a rejected call); precise to about a millisecond when the
     *        slow-call threshold is 100 ms or more, see {@link BreakerClock#recentNanoTime()}
     * @param error the exception it ended with, if any
     */
    default void onCall(Breaker breaker, CallOutcome outcome, boolean slow, long durationNanos,
            @Nullable Throwable error) {
    }

    /**
     * Called after an evaluation of the window (or of the trial calls) finds the failure rate at or above its
     * threshold, in either mode, whether or not the breaker then changes state.
     *
     * @param failureRate the failure rate found, as a percentage
     * @param threshold the {@code failure-rate-threshold} it reached
     */
    default void onFailureRateExceeded(Breaker breaker, float failureRate, float threshold) {
    }

    /**
     * Called after an evaluation of the window (or of the trial calls) finds the slow-call rate at or above
     * its threshold, in either mode, whether or not the breaker then changes state.
     *
     * @param slowCallRate the slow-call rate found, as a percentage
     * @param threshold the {@code slow-call-rate-threshold} it reached
     */
    default void onSlowCallRateExceeded(Breaker breaker, float slowCallRate, float threshold) {
    }

    /**
     * Called when the state machine of an observing breaker ({@link BreakerMode#OBSERVE}) moves between
     * CLOSED, OPEN and HALF_OPEN. Such a transition is not enforced, so it is not given to
     * {@link #onStateTransition} (the breaker's enforced state stays CLOSED); it is in
     * {@link Breaker#transitions()} all the same.
     */
    default void onWouldTransition(Breaker breaker, StateTransition transition) {
    }

    /**
     * Called when the state machine of an observing breaker opens ({@link #onWouldTransition} to OPEN): an
     * enforcing breaker would now reject calls; this one rejects none.
     *
     * @param reason why it would have opened, as in the transition history
     */
    default void onWouldOpen(Breaker breaker, String reason) {
    }

    /**
     * Called after the breaker's settings have changed ({@link Breaker#reconfigure}), once the change is in
     * {@link Breaker#settingsChanges()}; delivered in order with the transitions. A change of settings is not a
     * transition: {@link #onStateTransition} hears nothing of it, unless the kept window trips the new thresholds
     * and the breaker opens, which is an ordinary transition heard after this.
     */
    default void onSettingsChanged(Breaker breaker, SettingsChange change) {
    }

    /** Whether this listener wants {@link #onCall} for every call. */
    default boolean receivesCallOutcomes() {
        return false;
    }
}
