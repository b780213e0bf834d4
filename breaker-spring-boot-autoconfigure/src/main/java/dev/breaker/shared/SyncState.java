package dev.breaker.shared;

/**
 * How one shared breaker stands with the fleet's store. Shown by name in the actuator's {@code sync.status}
 * and read by the {@code circuit.breaker.shared.sync.up} gauge, so the names are part of the API.
 */
public enum SyncState {

    /** The last exchange with Redis worked and nothing is waiting to be written. */
    SYNCED,

    /** A local transition has not been written yet. */
    PENDING,

    /** The last exchange with Redis failed: the breaker decides alone until sync resumes. */
    UNAVAILABLE
}
