package dev.breaker.shared;

import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * The one thread on which every sync decision is made and every answer from Redis is handled, so that the
 * state of a {@link TrackedBreaker} needs no lock and no calling thread ever waits.
 */
final class SyncThread implements Executor {

    private static final Log LOG = LogFactory.getLog(RedisFleetSync.class);

    private volatile @Nullable Thread thread;
    private final ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(task -> {
        Thread created = new Thread(task, "breaker-fleet-sync");
        created.setDaemon(true);
        thread = created;
        return created;
    });

    /** Whether the calling thread is this one (which must never wait for its own work). */
    boolean isCurrent() {
        return Thread.currentThread() == thread;
    }

    /** Runs {@code task} on the sync thread; a bug in it is logged, and once the application closes nothing runs. */
    @Override
    public void execute(Runnable task) {
        try {
            executor.execute(guarded(task));
        } catch (RejectedExecutionException shuttingDown) {
            // The application is closing: nothing more to share.
        }
    }

    /**
     * Runs {@code task} every {@code delayMillis}, counted from the end of the previous run. A bug in one run is
     * logged like any other, and the next run still comes (an executor stops a periodic task that throws).
     */
    ScheduledFuture<?> scheduleWithFixedDelay(Runnable task, long delayMillis) {
        return executor.scheduleWithFixedDelay(guarded(task), delayMillis, delayMillis, TimeUnit.MILLISECONDS);
    }

    /** Runs {@code task} once, {@code delayNanos} from now; nothing runs once the application closes. */
    void schedule(Runnable task, long delayNanos) {
        try {
            executor.schedule(guarded(task), delayNanos, TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException shuttingDown) {
            // The application is closing: nothing more to share.
        }
    }

    private static Runnable guarded(Runnable task) {
        return () -> {
            try {
                task.run();
            } catch (RuntimeException bug) {
                LOG.error("Breaker fleet sync failed unexpectedly", bug);
            }
        };
    }

    void shutdownNow() {
        executor.shutdownNow();
    }
}
