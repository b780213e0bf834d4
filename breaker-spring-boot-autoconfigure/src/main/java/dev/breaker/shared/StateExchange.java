package dev.breaker.shared;

import dev.breaker.Breaker;
import dev.breaker.BreakerState;
import dev.breaker.FleetTransition;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.LongAdder;
import java.util.stream.Stream;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * What this instance and Redis tell each other about each shared breaker, and which side wins: a local
 * transition is written, Redis's state is read and adopted when it is newer, a Redis that lost its state
 * gets this instance's back, and HALF_OPEN trial permits are asked for and given back.
 *
 * <p>Everything here runs on the {@link SyncThread} (answers from Redis come back to it), except
 * {@link #requestLeases} and {@link #releaseLeases}, which a calling thread may call and which return at once.
 */
final class StateExchange {

    private static final Log LOG = LogFactory.getLog(RedisFleetSync.class);

    private final RedisStateStore store;
    private final String instanceId;
    private final SyncThread syncThread;
    private final LongAdder errors = new LongAdder();

    StateExchange(RedisStateStore store, String instanceId, SyncThread syncThread) {
        this.store = store;
        this.instanceId = instanceId;
        this.syncThread = syncThread;
    }

    /** A transition this instance made: Redis should take it. */
    void publish(TrackedBreaker entry, FleetTransition transition) {
        entry.toWrite(transition);
        write(entry);
    }

    /** Retries what Redis did not take, or else catches up with what was missed. */
    void reconcile(TrackedBreaker entry) {
        if (entry.pending != null) {
            writeUnlessWriting(entry);
        } else {
            read(entry, null);
        }
    }

    /** Redis announced {@code version} of the breaker's state: read it unless it is already known here. */
    void announced(TrackedBreaker entry, long version) {
        if (version > entry.version) {
            read(entry, null);
        }
    }

    /**
     * Writes the pending transition unless its write is already on its way. After a timeout the same write is
     * sent again: the first may be lost, or may still wait in the socket of a hanging Redis, which then runs
     * both; the write's id makes the second change nothing.
     */
    private void writeUnlessWriting(TrackedBreaker entry) {
        if (entry.pending != entry.writing) {
            write(entry);
        }
    }

    private void write(TrackedBreaker entry) {
        TrackedBreaker.Write write = entry.pending;
        if (write == null) {
            return;
        }
        entry.writing = write;
        try {
            store.write(entry, entry.version, write, reply -> written(entry, write, reply),
                    error -> writeFailed(entry, write, error));
        } catch (RuntimeException refused) {
            writeFailed(entry, write, refused);
        }
    }

    private void writeFailed(TrackedBreaker entry, TrackedBreaker.Write write, Throwable error) {
        if (entry.writing == write) {
            entry.writing = null;
        }
        failed(entry, "write", error);
    }

    private void written(TrackedBreaker entry, TrackedBreaker.Write write, RedisScripts.WriteReply reply) {
        if (entry.writing == write) {
            entry.writing = null;
        }
        entry.succeeded();
        if (entry.pending == write) {
            entry.pending = null;
        }
        long version = reply.version();
        if (reply.accepted()) {
            entry.version = Math.max(entry.version, version);
            return;
        }
        // Lost to an operator's state or to newer news: take what won.
        adopt(entry, reply.winner());
    }

    /** Reads the breaker's state from Redis; {@code done}, if any, runs however the read ends. */
    void read(TrackedBreaker entry, @Nullable Runnable done) {
        store.read(entry.key, done, hash -> readDone(entry, hash), error -> failed(entry, "read", error));
    }

    private void readDone(TrackedBreaker entry, Map<String, String> hash) {
        StoredState stored;
        try {
            stored = StoredState.parse(hash);
        } catch (IllegalStateException unreadable) {
            failed(entry, "read", unreadable);
            return;
        }
        entry.succeeded();
        if (entry.pending != null) {
            // A local transition Redis has not taken yet: let the write script decide against the stored one.
            writeUnlessWriting(entry);
            return;
        }
        if (stored == null) {
            if (entry.version > 0) {
                // Redis lost what it held (restarted without persistence, or a failover): put our state back.
                entry.version = 0;
                restore(entry);
            }
            return;
        }
        if (stored.version() < entry.version) {
            // Redis lost newer history than it holds; what it holds now is the fleet's latest news.
            entry.version = stored.version() - 1;
        }
        if (stored.version() > entry.version) {
            adopt(entry, stored);
        }
    }

    /** Writes this instance's state back to a Redis that lost it; CLOSED (the state of no record) needs nothing. */
    private void restore(TrackedBreaker entry) {
        Breaker breaker = entry.breaker;
        BreakerState state = breaker.state();
        if (state == BreakerState.CLOSED || state == BreakerState.HALF_OPEN) {
            return;
        }
        Instant now = Instant.now();
        String reason = breaker.transitions().isEmpty() ? "restored" : breaker.transitions().get(0).reason();
        entry.toWrite(new FleetTransition(state, state != BreakerState.OPEN, 0,
                state == BreakerState.OPEN ? now.plus(breaker.retryAfter()) : null, now,
                "restored to Redis after it lost the state (" + reason + ")"));
        write(entry);
    }

    private void adopt(TrackedBreaker entry, StoredState stored) {
        entry.version = Math.max(entry.version, stored.version());
        if (stored.origin().equals(instanceId)) {
            return;
        }
        try {
            entry.breaker.adopt(stored.toTransition());
        } catch (RuntimeException refused) {
            failed(entry, "adopt", refused);
        }
    }

    // ---- HALF_OPEN permits: called on calling threads ---------------------------------------------

    /** Asks Redis for {@code count} trial permits for {@code gate}, which hears the answer on the sync thread. */
    void requestLeases(TrackedBreaker entry, RedisProbeGate gate, int count) {
        List<String> leaseIds = Stream.generate(() -> instanceId + "/" + UUID.randomUUID()).limit(count).toList();
        long askedAt = System.nanoTime();
        int limit = entry.breaker.config().permittedNumberOfCallsInHalfOpenState();
        try {
            store.lease(entry.probesKey, limit, leaseIds, taken -> {
                entry.succeeded();
                int granted = (int) Math.max(0, Math.min(taken, count));
                List<RedisProbeGate.Lease> leases = gate.granted(leaseIds.subList(0, granted), count, askedAt);
                if (!leases.isEmpty()) {
                    syncThread.schedule(() -> gate.returnUnused(leases), gate.unusedReturnNanos());
                }
            }, error -> {
                failed(entry, "probe", error);
                gate.unavailable();
                // The request may still wait in the socket of a hanging Redis: right behind it, give back
                // whatever it takes when it runs.
                giveBack(entry, leaseIds, false);
            });
        } catch (RuntimeException refused) {
            gate.unavailable();
            syncThread.execute(() -> failed(entry, "probe", refused));
        }
    }

    void releaseLeases(TrackedBreaker entry, List<String> leaseIds) {
        giveBack(entry, leaseIds, true);
    }

    /** Gives permits back; a failure is counted only if {@code reported} (else they expire by themselves). */
    private void giveBack(TrackedBreaker entry, List<String> leaseIds, boolean reported) {
        try {
            store.release(entry.probesKey, leaseIds, error -> {
                if (reported) {
                    failed(entry, "release", error);
                }
            });
        } catch (RuntimeException refused) {
            if (reported) {
                syncThread.execute(() -> failed(entry, "release", refused));
            }
        }
    }

    // ---- failures ----------------------------------------------------------------------------------

    /** Counts a failed exchange; {@code entry} is null when it concerned no breaker in particular. */
    void failed(@Nullable TrackedBreaker entry, String operation, Throwable error) {
        errors.increment();
        String message = operation + " failed: " + describe(error);
        if (entry != null) {
            entry.failed(message);
        } else {
            LOG.warn("Breaker fleet sync: " + message);
        }
    }

    /** Failed exchanges since startup, of every breaker together. */
    long errors() {
        return errors.sum();
    }

    private static String describe(Throwable error) {
        String text = error.getClass().getSimpleName();
        return error.getMessage() != null ? text + ": " + error.getMessage() : text;
    }
}
