package dev.breaker.shared;

import dev.breaker.Breaker;
import java.util.Optional;

/** The sync status of shared breakers, for the actuator and metrics; free of Redis types. */
public interface FleetSyncStatus {

    /** The status of the breaker named {@code breakerName}, empty when it is not shared (or not created yet). */
    Optional<SyncStatus> status(String breakerName);

    /** Failed exchanges with the store since startup, of every breaker together. */
    long errors();

    /** Whether {@code breaker} has a fleet window ({@code shared-window: true}). */
    default boolean windowed(Breaker breaker) {
        return false;
    }

    /** The fleet window of the breaker named {@code breakerName}; empty when it has none (or is not created yet). */
    default Optional<FleetWindowStatus> window(String breakerName) {
        return Optional.empty();
    }
}
