package dev.breaker;

import java.util.concurrent.TimeUnit;

/**
 * Runs a breaker's timed transitions (automatic OPEN to HALF_OPEN, the half-open timeout). Calls never
 * wait for it: it only moves a breaker whose calls have stopped. {@link ManualClock} is also a
 * scheduler that runs due tasks as time is advanced.
 */
@FunctionalInterface
public interface BreakerScheduler {

    /**
     * Runs {@code task} once after {@code delay}.
     *
     * @return a handle that cancels the task if it has not run yet
     */
    Cancellable schedule(Runnable task, long delay, TimeUnit unit);

    /** A handle to cancel a scheduled task. */
    @FunctionalInterface
    interface Cancellable {
        /** Cancels the task if it has not run yet; does nothing otherwise. */
        void cancel();
    }

    /**
     * A scheduler backed by one shared daemon thread, started on first use, that never keeps the JVM
     * alive.
     */
    static BreakerScheduler system() {
        return dev.breaker.internal.DaemonScheduler.INSTANCE;
    }
}
