package dev.breaker.shared;

import dev.breaker.Breaker;
import dev.breaker.BreakerState;
import dev.breaker.FleetTransition;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Function;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * One shared breaker and where it stands with Redis: the version it last wrote or adopted, the local
 * transition Redis has not taken yet, what Redis was last seen to hold, and how the last exchanges went.
 * Written on the {@link SyncThread}; read anywhere (the actuator and the meters read {@link #status()}).
 */
final class TrackedBreaker {

    private static final Log LOG = LogFactory.getLog(RedisFleetSync.class);

    /** How many ids of the transitions seen {@link #wentBackTo} remembers. */
    static final int SEEN_KEPT = 32;

    final Breaker breaker;
    /** The hash holding the breaker's shared state. */
    final String key;
    /** The sorted set of the ids of the last transitions Redis applied, so that a copy applies nothing. */
    final String appliedKey;
    /** The sorted set of the fleet's HALF_OPEN trial permits for this breaker. */
    final String probesKey;
    /** The version of the fleet state last written or adopted here. */
    volatile long version;
    /** The id of the transition at {@link #version}, if known. */
    volatile @Nullable String versionId;
    /** The local transition Redis has not taken yet, if any. */
    volatile @Nullable Write pending;
    /** The write on its way, if any. */
    volatile @Nullable Write writing;
    /**
     * The last transition this instance asked Redis to take: what its breaker's state came from, unless it
     * adopted another instance's since.
     */
    volatile @Nullable FleetTransition lastOwn;
    /** Whether the breaker's state came from {@link #lastOwn}: false once it adopts another instance's transition. */
    volatile boolean stateIsOwn;
    /** The state Redis held at the last exchange that told (CLOSED when it held none); null before the first. */
    volatile @Nullable BreakerState confirmed;
    private volatile @Nullable Instant lastSyncAt;
    private volatile @Nullable String lastError;
    private final LongAdder errors = new LongAdder();
    /** Ids of the last transitions seen in Redis, oldest first; on the sync thread only. */
    private final Set<String> seen = new LinkedHashSet<>();
    /** The trial-permit gate of the current HALF_OPEN visit, shared by every gate asked for that visit. */
    private final AtomicReference<@Nullable RedisProbeGate> visit = new AtomicReference<>();

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

    /** The fleet's state is now {@code version}, the transition {@code id} (null if unknown). */
    void at(long version, @Nullable String id) {
        this.version = version;
        this.versionId = id;
        if (id != null) {
            seen.remove(id);
            seen.add(id);
            if (seen.size() > SEEN_KEPT) {
                seen.remove(seen.iterator().next());
            }
        }
    }

    /**
     * Whether Redis holds a transition this instance has seen it hold before and has since moved on from: Redis
     * lost the newer ones (a failover to a replica that lacked them, a restart from an older snapshot). Only the
     * last {@value #SEEN_KEPT} are remembered.
     */
    boolean wentBackTo(StoredState stored) {
        String id = stored.id();
        return id != null && !id.equals(versionId) && seen.contains(id);
    }

    /** Sets {@code transition} to be written, as this instance's latest word. */
    void toWrite(FleetTransition transition) {
        lastOwn = transition;
        stateIsOwn = true;
        pending = new Write(transition);
    }

    /**
     * This instance's latest transition, if the breaker's state still comes from it and Redis, holding
     * {@code stored}, could take it again (an automatic transition does not displace an operator's hold).
     */
    @Nullable FleetTransition restatable(StoredState stored) {
        FleetTransition latest = lastOwn;
        boolean operatorHolds = stored.byOperator() && (stored.state() == BreakerState.FORCED_OPEN
                || stored.state() == BreakerState.DISABLED);
        return latest != null && stateIsOwn && agrees(breaker.metrics().wouldBeState(), latest.state())
                && (latest.byOperator() || !operatorHolds) ? latest : null;
    }

    /** The breaker's state, to write back to a Redis that lost it; null for CLOSED (the state of no record). */
    @Nullable FleetTransition restoration() {
        BreakerState state = breaker.state();
        if (state == BreakerState.CLOSED || state == BreakerState.HALF_OPEN) {
            return null;
        }
        Instant now = breaker.config().clock().now();
        String reason = breaker.transitions().isEmpty() ? "restored" : breaker.transitions().get(0).reason();
        return new FleetTransition(state, state != BreakerState.OPEN, 0,
                state == BreakerState.OPEN ? now.plus(breaker.retryAfter()) : null, now,
                "restored to Redis after it lost the state (" + reason + ")");
    }

    /**
     * Whether a breaker in {@code local} agrees with a fleet state {@code stored}: the same state, or HALF_OPEN
     * against OPEN (HALF_OPEN is not shared: each instance reaches it from OPEN on its own clock).
     */
    static boolean agrees(BreakerState local, @Nullable BreakerState stored) {
        return local == stored || local == BreakerState.HALF_OPEN && stored == BreakerState.OPEN;
    }

    /** An exchange with Redis worked; the first success after a failure is logged, once. */
    void succeeded() {
        lastSyncAt = Instant.now();
        String failure = lastError;
        lastError = null;
        if (failure != null) {
            LOG.info("Circuit breaker '" + breaker.name() + "' syncs with Redis again (the last failure was: "
                    + failure + ")");
        }
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

    /**
     * The gate of the HALF_OPEN visit that follows {@code visitKey}, made by {@code gates} unless it exists.
     * Two threads racing to begin the same visit both ask for a gate, and only one of their HALF_OPEN states
     * is used; sharing the gate means the permits fetched for the visit are the used state's.
     */
    RedisProbeGate visitGate(Object visitKey, Function<Object, RedisProbeGate> gates) {
        return visit.updateAndGet(current -> current != null && current.belongsTo(visitKey) && !current.isClosed()
                ? current : gates.apply(visitKey));
    }

    /** The visit of {@code gate} is over. */
    void visitEnded(RedisProbeGate gate) {
        visit.compareAndSet(gate, null);
    }

    /** The current visit's gate, if any. */
    @Nullable RedisProbeGate visitGate() {
        return visit.get();
    }

    /**
     * SYNCED only when the last exchange worked, nothing is waiting to be written, and Redis was last seen to
     * hold the state the breaker is in; PENDING while Redis answers but does not hold it (yet).
     */
    SyncStatus status() {
        SyncState status = lastError != null ? SyncState.UNAVAILABLE
                : pending == null && agrees(breaker.metrics().wouldBeState(), confirmed) ? SyncState.SYNCED : SyncState.PENDING;
        return new SyncStatus(status, version, lastSyncAt, lastError, errors.sum());
    }
}
