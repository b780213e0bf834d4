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
     * Called after each call's outcome is recorded, and for each rejected call.
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

    /** Whether this listener wants {@link #onCall} for every call. */
    default boolean receivesCallOutcomes() {
        return false;
    }
}
