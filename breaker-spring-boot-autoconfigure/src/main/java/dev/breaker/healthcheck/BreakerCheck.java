package dev.breaker.healthcheck;

import dev.breaker.Breaker;
import dev.breaker.BreakerClock;
import dev.breaker.BreakerScheduler;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * The health check of one breaker. The breaker's scheduler only starts each check (at once, then every interval),
 * so it is never held up; the probe runs on a health-check thread with a deadline of its own, so a slow or hanging
 * one delays no other check. At the threshold of unhealthy checks in a row it holds the breaker's trial calls and
 * opens it (if closed or half-open); the next healthy check releases the hold.
 */
final class BreakerCheck {

    private static final Log logger = LogFactory.getLog(HealthChecks.class);

    private final Breaker breaker;
    private final HealthCheckSettings settings;
    private final HealthProbe probe;
    private final BreakerScheduler scheduler;
    private final BreakerClock clock;
    private final ExecutorService executor;

    /** Guards the scheduling: held briefly, also on the scheduler's thread. */
    private final Object scheduling = new Object();
    private BreakerScheduler.@Nullable Cancellable nextTick;
    private @Nullable Attempt attempt;
    private volatile boolean cancelled;

    /** Serialises the results and the breaker calls they make; never taken on the scheduler's thread. */
    private final Object recording = new Object();
    private volatile HealthCheckStatus status;

    BreakerCheck(Breaker breaker, HealthCheckSettings settings, HealthProbe probe, ExecutorService executor) {
        this.breaker = breaker;
        this.settings = settings;
        this.probe = probe;
        this.scheduler = breaker.config().scheduler();
        this.clock = breaker.config().clock();
        this.executor = executor;
        this.status = HealthCheckStatus.initial(settings);
    }

    Breaker breaker() {
        return breaker;
    }

    HealthCheckStatus status() {
        return status;
    }

    /** Schedules the first check, due at once. */
    void start() {
        synchronized (scheduling) {
            if (!cancelled) {
                nextTick = scheduler.schedule(this::tick, 0, TimeUnit.NANOSECONDS);
            }
        }
    }

    /** Stops checking and releases a hold the check had on the breaker. */
    void cancel() {
        cancelled = true;
        synchronized (scheduling) {
            if (nextTick != null) {
                nextTick.cancel();
            }
            if (attempt != null) {
                attempt.abandon();
            }
        }
        synchronized (recording) {
            if (status.holdingTrials()) {
                breaker.holdTrials(null);
                status = new HealthCheckStatus(status.check(), status.unhealthyThreshold(), status.result(),
                        status.at(), status.detail(), status.consecutiveUnhealthy(), false, status.healthyChecks(),
                        status.unhealthyChecks());
            }
        }
    }

    /** On the scheduler's thread: schedules the next check and starts this one, without waiting for it. */
    private void tick() {
        Attempt started;
        synchronized (scheduling) {
            if (cancelled) {
                return;
            }
            nextTick = scheduler.schedule(this::tick, settings.interval().toNanos(), TimeUnit.NANOSECONDS);
            Attempt previous = attempt;
            if (previous != null && previous.probing()) {
                if (previous.decided()) {
                    // Timed out and its thread is still stuck: no second thread, and the dependency is still silent.
                    execute(() -> record(HealthProbe.Result.unhealthy(noAnswer() + " (the previous check still hangs)")));
                }
                return; // else still within its timeout (longer than the interval): its answer will count
            }
            started = new Attempt();
            attempt = started;
        }
        started.start();
    }

    private void record(HealthProbe.Result result) {
        synchronized (recording) {
            if (cancelled) {
                return;
            }
            HealthCheckStatus before = status;
            HealthCheckStatus after = before.after(result, clock.now());
            if (after.holdingTrials()) {
                String reason = reason(after);
                if (!before.holdingTrials()) {
                    logger.warn("Health check '" + settings.name() + "' of breaker '" + breaker.name() + "' is unhealthy "
                            + times(after.consecutiveUnhealthy()) + ": " + result.detail()
                            + "; the breaker opens, and holds its trial calls until a check is healthy");
                }
                // Hold first: the breaker it opens must not let trial calls through when its wait ends.
                breaker.holdTrials(reason);
                breaker.openByCheck(reason);
            } else if (before.holdingTrials()) {
                logger.info("Health check '" + settings.name() + "' of breaker '" + breaker.name()
                        + "' is healthy again (" + result.detail() + "); trial calls proceed when the open wait ends");
                breaker.holdTrials(null);
            }
            status = after;
        }
    }

    /** {@code health check 'db' unhealthy 3 times: DOWN: ...}: the breaker's transition and hold reason. */
    private String reason(HealthCheckStatus after) {
        return "health check '" + settings.name() + "' unhealthy " + times(after.consecutiveUnhealthy()) + ": "
                + after.detail();
    }

    private static String times(int count) {
        return (count == 1) ? "once" : count + " times";
    }

    private String noAnswer() {
        return "no answer within " + format(settings.timeout());
    }

    static String format(Duration duration) {
        long millis = duration.toMillis();
        if (millis % 60_000 == 0) {
            return (millis / 60_000) + "m";
        }
        return (millis % 1000 == 0) ? (millis / 1000) + "s" : millis + "ms";
    }

    /** What an exception says: the first message down its causes, with the class that gave it. */
    static String describe(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t.getMessage() != null && !t.getMessage().isBlank()) {
                return t.getClass().getSimpleName() + ": " + t.getMessage();
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return failure.getClass().getSimpleName();
    }

    private void execute(Runnable task) {
        try {
            executor.execute(task);
        } catch (RejectedExecutionException stopped) {
            // the checks are stopping: nothing to record any more
        }
    }

    /** One check: its probe on a health-check thread, raced by its deadline on the scheduler. */
    private final class Attempt {

        private final AtomicBoolean decided = new AtomicBoolean();
        private volatile boolean probing = true;
        private volatile @Nullable Future<?> future;
        private volatile BreakerScheduler.@Nullable Cancellable deadline;

        void start() {
            try {
                future = executor.submit(this::run);
            } catch (RejectedExecutionException stopped) {
                probing = false;
                return;
            }
            deadline = scheduler.schedule(this::timeOut, settings.timeout().toNanos(), TimeUnit.NANOSECONDS);
        }

        boolean probing() {
            return probing;
        }

        boolean decided() {
            return decided.get();
        }

        void abandon() {
            decided.set(true);
            Future<?> running = future;
            if (running != null) {
                running.cancel(true);
            }
            BreakerScheduler.Cancellable timer = deadline;
            if (timer != null) {
                timer.cancel();
            }
        }

        private void run() {
            HealthProbe.Result result;
            try {
                result = probe.probe();
            } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
                result = HealthProbe.Result.unhealthy(noAnswer());
            } catch (Throwable failure) {
                if (failure instanceof VirtualMachineError fatal) {
                    throw fatal;
                }
                result = HealthProbe.Result.unhealthy(describe(failure));
            } finally {
                probing = false;
            }
            if (decided.compareAndSet(false, true)) {
                BreakerScheduler.Cancellable timer = deadline;
                if (timer != null) {
                    timer.cancel();
                }
                record(result);
            }
        }

        /** On the scheduler's thread: the probe is late; interrupt it and record the silence elsewhere. */
        private void timeOut() {
            if (decided.compareAndSet(false, true)) {
                Future<?> running = future;
                if (running != null) {
                    running.cancel(true);
                }
                execute(() -> record(HealthProbe.Result.unhealthy(noAnswer())));
            }
        }
    }
}
