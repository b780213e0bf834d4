package dev.breaker.shared;

import java.util.Optional;

/** The sync status of shared breakers, for the actuator and metrics; free of Redis types. */
public interface FleetSyncStatus {

    /** The status of the breaker named {@code breakerName}, empty when it is not shared (or not created yet). */
    Optional<SyncStatus> status(String breakerName);

    /** Failed exchanges with the store since startup, of every breaker together. */
    long errors();
}
