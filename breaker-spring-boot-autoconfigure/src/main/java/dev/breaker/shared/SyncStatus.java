package dev.breaker.shared;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * Where one shared breaker stands with the fleet's store, as the actuator shows it.
 *
 * @param status {@link SyncState#SYNCED SYNCED}, {@link SyncState#PENDING PENDING} or
 *        {@link SyncState#UNAVAILABLE UNAVAILABLE}
 * @param version the version of the fleet state this instance last wrote or adopted (0: none yet)
 * @param lastSyncAt when an exchange with Redis last worked, or null if none has yet
 * @param lastError the last failure, until an exchange works again
 * @param errors failed exchanges since startup
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record SyncStatus(SyncState status, long version, @Nullable Instant lastSyncAt, @Nullable String lastError,
        long errors) {
}
