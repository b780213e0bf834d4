package dev.breaker;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * How a synchronous {@link Retry} waits between attempts. Tests replace it so that backoff moves a
 * {@link ManualClock} instead of taking real time: {@code Sleeper sleeper = clock::advance}.
 */
@FunctionalInterface
public interface Sleeper {

    /** Blocks the calling thread for {@code duration}; a zero duration returns at once. */
    void sleep(Duration duration) throws InterruptedException;

    /** Sleeps on the calling thread, in real time. */
    static Sleeper system() {
        return duration -> TimeUnit.NANOSECONDS.sleep(duration.toNanos());
    }

    /**
     * Waits until {@code scheduler} runs a task due after {@code duration}: waits end when the scheduler's
     * time says so, which with a {@link ManualClock} is when a test advances it (from another thread).
     */
    static Sleeper on(BreakerScheduler scheduler) {
        Objects.requireNonNull(scheduler, "scheduler");
        return duration -> {
            if (duration.isZero() || duration.isNegative()) {
                return;
            }
            CountDownLatch done = new CountDownLatch(1);
            BreakerScheduler.Cancellable task = scheduler.schedule(done::countDown, duration.toNanos(),
                    TimeUnit.NANOSECONDS);
            try {
                done.await();
            } finally {
                task.cancel();
            }
        };
    }
}
