package dev.breaker.internal;

import dev.breaker.BreakerScheduler;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * The default {@link BreakerScheduler}: one daemon thread for every breaker in the JVM, started on first
 * use. Its tasks are tiny (a compare-and-set of a breaker's state), so one thread is plenty.
 */
public enum DaemonScheduler implements BreakerScheduler {
    INSTANCE;

    @Override
    public Cancellable schedule(Runnable task, long delay, TimeUnit unit) {
        ScheduledFuture<?> future = Holder.EXECUTOR.schedule(() -> {
            try {
                task.run();
            } catch (RuntimeException | Error e) {
                DefaultBreaker.LOG.log(System.Logger.Level.WARNING, "A breaker's timed transition failed", e);
            }
        }, delay, unit);
        return () -> future.cancel(false);
    }

    @Override
    public String toString() {
        return "BreakerScheduler.system()";
    }

    /** Lazy holder: no thread until the first timed transition. */
    private static final class Holder {
        static final ScheduledThreadPoolExecutor EXECUTOR = create();

        private static ScheduledThreadPoolExecutor create() {
            ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(1, runnable -> {
                Thread thread = new Thread(runnable, "breaker-scheduler");
                thread.setDaemon(true);
                return thread;
            });
            executor.setRemoveOnCancelPolicy(true);
            return executor;
        }
    }
}
