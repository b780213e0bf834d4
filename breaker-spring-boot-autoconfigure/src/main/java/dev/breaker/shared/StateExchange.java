package dev.breaker.shared;

import dev.breaker.BreakerState;
import dev.breaker.FleetTransition;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.atomic.LongAdder;
import java.util.stream.Stream;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * What this instance and Redis tell each other about each shared breaker, and which side wins: a local
 * transition is written, Redis's state is read and adopted when it is newer, a Redis that lost its state
 * gets this instance's back, an older transition of this instance's that Redis holds over a newer one is
 * put right, and HALF_OPEN trial permits are asked for and given back.
 *
 * <p>Everything here runs on the {@link SyncThread} (answers from Redis come back to it), except
 * {@link #requestLeases} and {@link #releaseLeases}, which a calling thread may call and which return at once.
 */
final class StateExchange {

    private static final Log LOG = LogFactory.getLog(RedisFleetSync.class);

    private final RedisStateStore store;
    private final String instanceId;
    private final SyncThread syncThread;
    private final Duration timeout;
    private final LongAdder errors = new LongAdder();

    StateExchange(RedisStateStore store, String instanceId, SyncThread syncThread, Duration timeout) {
        this.store = store;
        this.instanceId = instanceId;
        this.syncThread = syncThread;
        this.timeout = timeout;
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
        if (reply.accepted()) {
            if (reply.version() >= entry.version) {
                entry.at(reply.version(), write.id());
                entry.confirmed = write.transition().state();
            }
            return;
        }
        // Lost to an operator's state or to newer news: take what won, unless it is this instance's own.
        follow(entry, reply.winner(), true);
    }

    /** Reads the breaker's state from Redis; {@code done}, if any, runs however the read ends. */
    void read(TrackedBreaker entry, @Nullable Runnable done) {
        try {
            store.read(entry.key, done, hash -> readDone(entry, hash), error -> failed(entry, "read", error));
        } catch (RuntimeException refused) {
            failed(entry, "read", refused);
            if (done != null) {
                done.run();
            }
        }
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
        entry.confirmed = stored == null ? BreakerState.CLOSED : stored.state();
        if (entry.pending != null) {
            // A local transition Redis has not taken yet: let the write script decide against the stored one.
            writeUnlessWriting(entry);
            return;
        }
        if (stored == null) {
            if (entry.version > 0) {
                // Redis lost what it held (restarted without persistence, or a failover): put our state back.
                entry.at(0, null);
                restore(entry);
            }
            return;
        }
        if (entry.wentBackTo(stored)) {
            wentBack(entry, stored);
            return;
        }
        if (stored.version() <= entry.version && !Objects.equals(stored.id(), entry.versionId)) {
            // A transition unseen here under a version seen here: Redis lost history, then took new writes. News.
            entry.version = stored.version() - 1;
        }
        follow(entry, stored, false);
    }

    /**
     * Redis went back to a transition older than the latest this instance knows: it lost the newer ones, as when
     * the master fails over to a replica that had not received them yet (replication is asynchronous). The
     * instance whose own transition its breaker's state came from writes it again; the others keep their newer
     * state rather than go back, and adopt what Redis takes next. (Were they all to write what they hold, Redis
     * would take the same transition once per instance, and an older one last as readily as the newest.)
     */
    private void wentBack(TrackedBreaker entry, StoredState stored) {
        long known = entry.version;
        entry.at(stored.version(), stored.id());
        FleetTransition latest = entry.restatable(stored);
        if (latest != null) {
            LOG.info("Circuit breaker '" + entry.breaker.name() + "': Redis went back to version " + stored.version()
                    + " (" + stored.state() + ") from version " + known + ", which it lost; writing this instance's "
                    + latest.state() + " again");
            entry.toWrite(latest);
            write(entry);
        }
    }

    /**
     * Redis holds {@code stored}: adopt it if it is news from another instance (or won against our write). If
     * it is this instance's own word but the breaker has moved on since, put it right (see {@link #followOwn}).
     */
    private void follow(TrackedBreaker entry, StoredState stored, boolean wonAgainstOurWrite) {
        long known = entry.version;
        if (stored.version() < known) {
            return; // An answer overtaken by newer news.
        }
        boolean news = stored.version() > known;
        entry.at(stored.version(), stored.id());
        entry.confirmed = stored.state();
        if (stored.origin().equals(instanceId)) {
            if (!TrackedBreaker.agrees(entry.breaker.metrics().wouldBeState(), stored.state())) {
                followOwn(entry, stored, news, known);
            }
        } else if (news || wonAgainstOurWrite) {
            adopt(entry, stored, known);
        }
    }

    /**
     * Redis holds a transition of this instance's that its breaker has moved on from. That happens when a write
     * timed out here but ran later (a hanging Redis resumed): the older transition landed with a higher
     * version than the breaker knew, and the breaker's newer one then lost as stale. The instance that made
     * both knows which is true now: it writes its latest transition again, based on the version Redis holds.
     * If the breaker's state did not come from its latest transition (it adopted another instance's since, or
     * this instance restarted under the same id), there is nothing of its own to restate: it follows Redis.
     */
    private void followOwn(TrackedBreaker entry, StoredState stored, boolean news, long known) {
        if (entry.pending != null) {
            return; // A newer local transition is on its way: its write decides.
        }
        FleetTransition latest = entry.restatable(stored);
        if (latest != null) {
            LOG.info("Circuit breaker '" + entry.breaker.name() + "': Redis holds this instance's older "
                    + stored.state() + " (version " + stored.version() + ") over its " + latest.state()
                    + "; writing " + latest.state() + " again");
            entry.toWrite(latest);
            write(entry);
        } else if (news) {
            adopt(entry, stored, known);
        }
    }

    /** Adopts {@code stored}; if the breaker refuses, the version goes back to {@code known}: the next read retries. */
    private void adopt(TrackedBreaker entry, StoredState stored, long known) {
        try {
            if (entry.breaker.adopt(stored.toTransition())) {
                entry.stateIsOwn = false;
            }
        } catch (RuntimeException refused) {
            entry.at(known, null);
            failed(entry, "adopt", refused);
        }
    }

    /** Writes this instance's state back to a Redis that lost it; CLOSED (the state of no record) needs nothing. */
    private void restore(TrackedBreaker entry) {
        FleetTransition restoration = entry.restoration();
        if (restoration != null) {
            entry.toWrite(restoration);
            write(entry);
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
        String message = operation + " failed: " + RedisErrors.describe(error, timeout);
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
}
