package dev.breaker.shared;

import dev.breaker.ProbeGate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The fleet's limit on trial calls for one HALF_OPEN visit of one breaker on this instance.
 *
 * <p>When the visit begins, permits up to the permitted number of trial calls are asked for in the
 * background ({@link #prefetch()}), so that the visit's trial calls find them. A calling thread never waits
 * for Redis: it takes a permit this instance already holds, or is rejected (as any HALF_OPEN call over the
 * limit is) while more are asked for in the background; a later call uses them. Permits no call took within
 * a tenth of the lease time go back to the fleet, so an instance without traffic does not keep the fleet's
 * trials waiting. When Redis cannot answer, the visit falls back to the local limit alone.
 *
 * <p>Every gate asked for the same visit is this one ({@link TrackedBreaker#visitGate}): threads racing to
 * begin the visit each ask for a gate, and only the HALF_OPEN state that wins uses and closes its gate.
 */
final class RedisProbeGate implements ProbeGate {

    /** After the fleet says no, how long before asking again (trial calls are few; this keeps Redis quiet). */
    static final long RETRY_AFTER_DENIAL_NANOS = 20_000_000L;

    private final StateExchange sync;
    private final TrackedBreaker breaker;
    private final Object visitKey;
    private final int limit;
    private final long leaseNanos;
    private final ConcurrentLinkedQueue<Lease> ready = new ConcurrentLinkedQueue<>();
    private final ConcurrentLinkedQueue<Lease> inUse = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean asking = new AtomicBoolean();
    private volatile long askAgainAt = System.nanoTime();
    private volatile boolean local;
    private volatile boolean closed;

    /** @param visitKey what identifies the visit (see {@link TrackedBreaker#visitGate}) */
    RedisProbeGate(StateExchange sync, TrackedBreaker breaker, Object visitKey, long leaseNanos) {
        this.sync = sync;
        this.breaker = breaker;
        this.visitKey = visitKey;
        this.limit = breaker.breaker.config().permittedNumberOfCallsInHalfOpenState();
        this.leaseNanos = leaseNanos;
    }

    /** A permit held in Redis until {@code expiresAt} (a little before Redis frees it, to be safe). */
    record Lease(String id, long expiresAt) {
    }

    boolean belongsTo(Object visit) {
        return visitKey.equals(visit);
    }

    boolean isClosed() {
        return closed;
    }

    /** Whether Redis failed to answer for this visit, which the local limit alone now governs. */
    boolean isLocal() {
        return local;
    }

    /** Asks, in the background, for permits up to the limit, unless a request is on its way. Never waits. */
    void prefetch() {
        ask(System.nanoTime());
    }

    @Override
    public boolean tryAcquire() {
        if (local) {
            return true;
        }
        long now = System.nanoTime();
        Lease lease;
        while ((lease = ready.poll()) != null) {
            if (lease.expiresAt - now > 0) {
                inUse.add(lease);
                return true;
            }
        }
        ask(now);
        return false;
    }

    private void ask(long now) {
        if (closed || local || now - askAgainAt < 0) {
            return;
        }
        int wanted = limit - ready.size() - inUse.size();
        if (wanted > 0 && asking.compareAndSet(false, true)) {
            sync.requestLeases(breaker, this, wanted);
        }
    }

    /**
     * Redis answered a request for {@code asked} permits, asked for at {@code askedAt}, with {@code leaseIds}
     * (possibly fewer: the rest are held elsewhere). Returns the leases this visit now holds from it.
     */
    List<Lease> granted(List<String> leaseIds, int asked, long askedAt) {
        List<Lease> leases = new ArrayList<>(leaseIds.size());
        for (String id : leaseIds) {
            leases.add(new Lease(id, askedAt + leaseNanos - leaseNanos / 10));
        }
        if (leaseIds.size() < asked) {
            askAgainAt = System.nanoTime() + RETRY_AFTER_DENIAL_NANOS;
        }
        ready.addAll(leases);
        asking.set(false);
        if (closed) {
            // The visit ended while the permits were on their way (close() may have drained before the add).
            drain(ready);
            return List.of();
        }
        return leases;
    }

    /** How long a permit fetched for the visit may wait for a call before it goes back to the fleet. */
    long unusedReturnNanos() {
        return leaseNanos / 10;
    }

    /** Gives back those of {@code leases} no call has taken. */
    void returnUnused(List<Lease> leases) {
        List<String> unused = new ArrayList<>();
        for (Lease lease : leases) {
            if (ready.remove(lease)) {
                unused.add(lease.id());
            }
        }
        if (!unused.isEmpty()) {
            sync.releaseLeases(breaker, unused);
        }
    }

    /** Redis did not answer: this visit is limited locally only. */
    void unavailable() {
        local = true;
        asking.set(false);
    }

    @Override
    public void release() {
        Lease lease = inUse.poll();
        if (lease != null) {
            sync.releaseLeases(breaker, List.of(lease.id()));
        }
    }

    @Override
    public void close() {
        closed = true;
        breaker.visitEnded(this);
        drain(ready);
        drain(inUse);
    }

    /** Permits held and not in use, for tests. */
    int readyPermits() {
        return ready.size();
    }

    private void drain(ConcurrentLinkedQueue<Lease> leases) {
        List<String> ids = new ArrayList<>();
        Lease lease;
        while ((lease = leases.poll()) != null) {
            ids.add(lease.id());
        }
        if (!ids.isEmpty()) {
            sync.releaseLeases(breaker, ids);
        }
    }
}
