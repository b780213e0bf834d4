package dev.breaker;

import java.util.Objects;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

/**
 * A semaphore bulkhead: at most {@code max-concurrent-calls} calls run at once; one more waits up to
 * {@code max-wait-duration} for a slot and is otherwise rejected with a {@link BulkheadFullException}.
 * It keeps one slow dependency from taking every thread of the application. Thread-safe.
 *
 * <p>Every {@code true} from {@link #tryAcquire()} must be followed by exactly one {@link #release()};
 * {@link #executeChecked} does that for you.
 */
public final class Bulkhead {

    private final String name;
    private final BulkheadConfig config;
    private final Semaphore slots;
    private final long maxWaitNanos;
    private final LongAdder rejected = new LongAdder();

    private Bulkhead(String name, BulkheadConfig config) {
        this.name = Objects.requireNonNull(name, "name");
        this.config = Objects.requireNonNull(config, "config");
        // Fair, so that waiting calls get freed slots in arrival order and none waits out its time while
        // later arrivals barge in; tryAcquire() without a wait barges anyway, which is what failing fast means.
        this.slots = new Semaphore(config.maxConcurrentCalls(), true);
        this.maxWaitNanos = config.maxWaitDuration().toNanos();
    }

    /** A bulkhead for the breaker named {@code name}. */
    public static Bulkhead of(String name, BulkheadConfig config) {
        return new Bulkhead(name, config);
    }

    public String name() {
        return name;
    }

    public BulkheadConfig config() {
        return config;
    }

    /**
     * Takes a slot, waiting up to {@code max-wait-duration} for one. {@code false} means rejected, and is
     * counted; so is a caller interrupted while waiting (its interrupt flag is kept).
     */
    public boolean tryAcquire() {
        if (slots.tryAcquire()) {
            return true;
        }
        if (maxWaitNanos > 0) {
            try {
                if (slots.tryAcquire(maxWaitNanos, TimeUnit.NANOSECONDS)) {
                    return true;
                }
            } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
            }
        }
        rejected.increment();
        return false;
    }

    /**
     * Takes a slot only if one is free now, never waiting: for callers that must not block, such as a
     * reactive subscription. {@code false} means rejected, and is counted.
     */
    public boolean tryAcquireNow() {
        if (slots.tryAcquire()) {
            return true;
        }
        rejected.increment();
        return false;
    }

    /** Gives back a slot taken by {@link #tryAcquire()} or {@link #tryAcquireNow()}. */
    public void release() {
        slots.release();
    }

    /**
     * Runs {@code call} in a slot, which is released however it ends.
     *
     * @throws BulkheadFullException if no slot was free within {@code max-wait-duration}
     */
    public <T> T executeChecked(CheckedSupplier<T> call) throws Throwable {
        if (!tryAcquire()) {
            throw rejection();
        }
        try {
            return call.get();
        } finally {
            release();
        }
    }

    /** The exception for a call this bulkhead rejected. */
    public BulkheadFullException rejection() {
        return new BulkheadFullException(name, config.maxConcurrentCalls(), config.maxWaitDuration());
    }

    /** Slots free right now. */
    public int availableCalls() {
        return slots.availablePermits();
    }

    /** Calls rejected since the bulkhead was created. */
    public long rejectedCalls() {
        return rejected.sum();
    }

    @Override
    public String toString() {
        return "Bulkhead[" + name + ", " + availableCalls() + "/" + config.maxConcurrentCalls() + " free]";
    }
}
