package dev.breaker.shared;

/**
 * How one shared breaker stands with the fleet's store. Shown by name in the actuator's {@code sync.status}
 * and read by the {@code circuit.breaker.shared.sync.up} gauge, so the names are part of the API.
 */
public enum SyncState {

    /**
     * The last exchange with Redis worked, nothing is waiting to be written, and Redis was last seen to hold
     * the state the breaker is in (HALF_OPEN counts as OPEN: it is not shared).
     */
    SYNCED,

    /**
     * Redis answers but does not hold the breaker's state yet: a local transition waits to be written, or the
     * last exchange found Redis holding another state, which the next ones settle.
     */
    PENDING,

    /** The last exchange with Redis failed: the breaker decides alone until sync resumes. */
    UNAVAILABLE
}
