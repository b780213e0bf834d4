package dev.breaker.shared;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * Where one shared breaker stands with the fleet's store, as the actuator shows it.
 *
 * @param status {@code SYNCED} when the last exchange with Redis worked and nothing is waiting to be
 *        written; {@code PENDING} while a local transition has not been written yet; {@code UNAVAILABLE}
 *        when the last exchange failed (the breaker decides alone until sync resumes)
 * @param version the version of the fleet state this instance last wrote or adopted (0: none yet)
 * @param lastSyncAt when an exchange with Redis last worked, or null if none has yet
 * @param lastError the last failure, until an exchange works again
 * @param errors failed exchanges since startup
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record SyncStatus(String status, long version, @Nullable Instant lastSyncAt, @Nullable String lastError,
        long errors) {
}
