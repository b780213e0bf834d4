package dev.breaker.shared;

import dev.breaker.ProbeGate;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The fleet's limit on trial calls for one HALF_OPEN visit of one breaker on this instance.
 *
 * <p>A calling thread never waits for Redis: it takes a permit this instance already holds, or is
 * rejected (as any HALF_OPEN call over the limit is) while one permit is asked for in the background;
 * the next call uses it. When Redis cannot answer, the visit falls back to the local limit alone.
 */
final class RedisProbeGate implements ProbeGate {

    /** After the fleet says no, how long before asking again (trial calls are few; this keeps Redis quiet). */
    static final long RETRY_AFTER_DENIAL_NANOS = 20_000_000L;

    private final StateExchange sync;
    private final TrackedBreaker breaker;
    private final long leaseNanos;
    private final ConcurrentLinkedQueue<Lease> ready = new ConcurrentLinkedQueue<>();
    private final ConcurrentLinkedQueue<Lease> inUse = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean asking = new AtomicBoolean();
    private volatile long askAgainAt = System.nanoTime();
    private volatile boolean local;
    private volatile boolean closed;

    RedisProbeGate(StateExchange sync, TrackedBreaker breaker, long leaseNanos) {
        this.sync = sync;
        this.breaker = breaker;
        this.leaseNanos = leaseNanos;
    }

    /** A permit held in Redis until {@code expiresAt} (a little before Redis frees it, to be safe). */
    record Lease(String id, long expiresAt) {
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
        if (!closed && now - askAgainAt >= 0 && asking.compareAndSet(false, true)) {
            sync.requestLease(breaker, this);
        }
        return false;
    }

    /** The fleet granted a permit; {@code grantedAt} is when it was asked for. */
    void granted(String leaseId, long askedAt) {
        Lease lease = new Lease(leaseId, askedAt + leaseNanos - leaseNanos / 10);
        asking.set(false);
        ready.add(lease);
        if (closed) {
            // The visit ended while the permit was on its way (close() may have drained before the add).
            drain(ready);
        }
    }

    /** The fleet's permits are all held elsewhere. */
    void denied() {
        askAgainAt = System.nanoTime() + RETRY_AFTER_DENIAL_NANOS;
        asking.set(false);
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
            sync.releaseLease(breaker, lease.id());
        }
    }

    @Override
    public void close() {
        closed = true;
        drain(ready);
        drain(inUse);
    }

    private void drain(ConcurrentLinkedQueue<Lease> leases) {
        Lease lease;
        while ((lease = leases.poll()) != null) {
            sync.releaseLease(breaker, lease.id());
        }
    }
}
