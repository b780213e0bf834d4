package dev.breaker.shared;

import dev.breaker.Breaker;
import dev.breaker.FleetTransition;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.atomic.LongAdder;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * One shared breaker and where it stands with Redis: the version it last wrote or adopted, the local
 * transition Redis has not taken yet, and how the last exchanges went. Written on the {@link SyncThread};
 * read anywhere (the actuator and the meters read {@link #status()}).
 */
final class TrackedBreaker {

    private static final Log LOG = LogFactory.getLog(RedisFleetSync.class);

    final Breaker breaker;
    /** The hash holding the breaker's shared state. */
    final String key;
    /** The sorted set of the ids of the last transitions Redis applied, so that a copy applies nothing. */
    final String appliedKey;
    /** The sorted set of the fleet's HALF_OPEN trial permits for this breaker. */
    final String probesKey;
    /** The version of the fleet state last written or adopted here. */
    volatile long version;
    /** The local transition Redis has not taken yet, if any. */
    volatile @Nullable Write pending;
    /** The write on its way, if any. */
    volatile @Nullable Write writing;
    private volatile @Nullable Instant lastSyncAt;
    private volatile @Nullable String lastError;
    private final LongAdder errors = new LongAdder();

    TrackedBreaker(Breaker breaker, String key) {
        this.breaker = breaker;
        this.key = key;
        this.appliedKey = key + ":applied";
        this.probesKey = key + ":probes";
    }

    /**
     * A local transition on its way to Redis, with the id that makes its write idempotent: Redis may run a
     * write more than once (a copy sent again after a timeout while the first still waited in the socket, or
     * replayed by the client after a reconnect), and applies each id once.
     */
    record Write(String id, FleetTransition transition) {

        Write(FleetTransition transition) {
            this(UUID.randomUUID().toString(), transition);
        }
    }

    /** Sets {@code transition} to be written, as this instance's latest word. */
    void toWrite(FleetTransition transition) {
        pending = new Write(transition);
    }

    /** An exchange with Redis worked. */
    void succeeded() {
        lastSyncAt = Instant.now();
        lastError = null;
    }

    /** An exchange with Redis failed; only the first failure after a success is logged. */
    void failed(String message) {
        errors.increment();
        boolean first = lastError == null;
        lastError = message;
        if (first) {
            LOG.warn("Circuit breaker '" + breaker.name() + "' cannot sync with Redis (" + message
                    + "); it decides alone until Redis answers again");
        }
    }

    SyncStatus status() {
        SyncState status = lastError != null ? SyncState.UNAVAILABLE
                : pending != null ? SyncState.PENDING : SyncState.SYNCED;
        return new SyncStatus(status, version, lastSyncAt, lastError, errors.sum());
    }
}
