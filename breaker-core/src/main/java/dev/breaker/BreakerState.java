package dev.breaker;

/** The states of a circuit breaker. */
public enum BreakerState {

    /** Calls flow and their outcomes are recorded; the breaker opens when a trip condition is met. */
    CLOSED(0, true),

    /** Calls are rejected without running until the wait in the open state has elapsed. */
    OPEN(1, false),

    /** A limited number of trial calls are let through; their outcomes close or reopen the breaker. */
    HALF_OPEN(2, true),

    /** Opened by an operator: every call is rejected until the breaker is closed or reset. */
    FORCED_OPEN(3, false),

    /** Switched off by an operator: every call is permitted and no outcome is recorded. */
    DISABLED(4, true);

    private final int code;
    private final boolean allowsCalls;

    BreakerState(int code, boolean allowsCalls) {
        this.code = code;
        this.allowsCalls = allowsCalls;
    }

    /** Stable numeric code, as exported by metrics: 0 closed, 1 open, 2 half-open, 3 forced-open, 4 disabled. */
    public int code() {
        return code;
    }

    /** Whether the state lets at least some calls through. */
    public boolean allowsCalls() {
        return allowsCalls;
    }
}
