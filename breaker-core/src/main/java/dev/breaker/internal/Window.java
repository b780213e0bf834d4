package dev.breaker.internal;

/** The closed state's record of recent outcomes. Thread-safe and lock-free. */
interface Window {

    /** Whether {@link #record} and {@link #snapshot} need the current time (else 0 may be passed). */
    boolean timed();

    /**
     * Adds one outcome.
     *
     * @param code {@link Outcome} bits
     * @return whether the thresholds may have been crossed, so the caller should evaluate a snapshot
     */
    boolean record(int code, long nowNanos);

    /** The counts now. */
    WindowSnapshot snapshot(long nowNanos);

    /**
     * Whether the counts now trip these thresholds ({@link WindowSnapshot#trips}), worked out without making a
     * snapshot: a failing call evaluates the window, and must not allocate for it.
     */
    boolean trips(long nowNanos, float failureRateThreshold, float slowCallRateThreshold);

    /**
     * A window of the same outcomes, sharing this one's storage, that counts them with another minimum number of
     * calls and max age from now on: for a reconfigured breaker whose window's type and size are unchanged.
     */
    Window withLimits(int minimumNumberOfCalls, long maxAgeMillis);
}
