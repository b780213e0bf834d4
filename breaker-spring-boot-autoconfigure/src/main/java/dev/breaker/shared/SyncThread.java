package dev.breaker.shared;

import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * The one thread on which every sync decision is made and every answer from Redis is handled, so that the
 * state of a {@link TrackedBreaker} needs no lock and no calling thread ever waits.
 */
final class SyncThread implements Executor {

    private static final Log LOG = LogFactory.getLog(RedisFleetSync.class);

    private final ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(task -> {
        Thread thread = new Thread(task, "breaker-fleet-sync");
        thread.setDaemon(true);
        return thread;
    });

    /** Runs {@code task} on the sync thread; a bug in it is logged, and once the application closes nothing runs. */
    @Override
    public void execute(Runnable task) {
        try {
            executor.execute(() -> {
                try {
                    task.run();
                } catch (RuntimeException bug) {
                    LOG.error("Breaker fleet sync failed unexpectedly", bug);
                }
            });
        } catch (RejectedExecutionException shuttingDown) {
            // The application is closing: nothing more to share.
        }
    }

    /** Runs {@code task} every {@code delayMillis}, counted from the end of the previous run. */
    ScheduledFuture<?> scheduleWithFixedDelay(Runnable task, long delayMillis) {
        return executor.scheduleWithFixedDelay(task, delayMillis, delayMillis, TimeUnit.MILLISECONDS);
    }

    void shutdownNow() {
        executor.shutdownNow();
    }
}
