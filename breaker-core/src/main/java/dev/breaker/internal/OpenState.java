package dev.breaker.internal;

import dev.breaker.BreakerConfig;
import dev.breaker.BreakerScheduler;
import dev.breaker.BreakerState;
import dev.breaker.CallNotPermittedException;
import dev.breaker.OpenWait;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * OPEN: calls are rejected until the wait ends; the first call after it (or the timer, with automatic
 * transition) moves the breaker to HALF_OPEN, or keeps it OPEN for another wait while trial calls are held.
 * An observing breaker permits the calls instead, and no window counts them (they did not happen, for an
 * enforcing breaker): only the lifetime counters do.
 */
final class OpenState extends State {

    private final WindowSnapshot trippedWindow;
    private final int reopenCount;
    private final @Nullable Throwable cause;
    private final long waitNanos;
    private final long retryAtNanos;
    /** {@link #REJECTED}, or {@link #PERMITTED} for an observing breaker: the mode, folded into the state. */
    private final int notYet;
    private final CallNotPermittedException rejection;
    private volatile BreakerScheduler.Cancellable timer = () -> { };

    /**
     * @param trippedWindow the figures that opened it, shown while it stays open
     * @param reopenCount re-opens since the breaker was last closed (0 on the first opening)
     * @param cause the exception of the failed call that opened it, if one did
     */
    OpenState(DefaultBreaker breaker, WindowSnapshot trippedWindow, int reopenCount, @Nullable Throwable cause) {
        this(breaker, trippedWindow, reopenCount, cause, openWaitNanos(breaker, reopenCount, cause));
    }

    /** An open state whose wait is given: adopted from another instance, it ends when theirs does. */
    OpenState(DefaultBreaker breaker, WindowSnapshot trippedWindow, int reopenCount, long waitNanos) {
        this(breaker, trippedWindow, reopenCount, null, waitNanos);
    }

    private OpenState(DefaultBreaker breaker, WindowSnapshot trippedWindow, int reopenCount,
            @Nullable Throwable cause, long waitNanos) {
        this(breaker, trippedWindow, reopenCount, cause, waitNanos, breaker.clock().nanoTime() + waitNanos);
    }

    private OpenState(DefaultBreaker breaker, WindowSnapshot trippedWindow, int reopenCount,
            @Nullable Throwable cause, long waitNanos, long retryAtNanos) {
        super(breaker);
        this.trippedWindow = trippedWindow;
        this.reopenCount = reopenCount;
        this.cause = cause;
        this.waitNanos = waitNanos;
        this.retryAtNanos = retryAtNanos;
        this.notYet = observing() ? PERMITTED : REJECTED;
        // One per visit, shared by every call it rejects; the exact public class, so a fallback or a log
        // sees CallNotPermittedException, and the wait it reports is this visit's, computed when asked.
        this.rejection = new CallNotPermittedException(breaker.name(), BreakerState.OPEN,
                () -> Duration.ofNanos(retryAfterNanos()));
    }

    /** Another visit to OPEN after this one, for trial calls held: the same figures, count and cause. */
    OpenState again() {
        return new OpenState(breaker, trippedWindow, reopenCount, cause);
    }

    /**
     * This visit under the breaker's current settings (a reconfiguration): the same end of wait, figures, count
     * and cause; the mode and the automatic transition to HALF_OPEN are the new ones.
     */
    OpenState reconfigured() {
        return new OpenState(breaker, trippedWindow, reopenCount, cause, waitNanos, retryAtNanos);
    }

    int reopenCount() {
        return reopenCount;
    }

    /** The wall-clock time the wait ends, as another instance can use it. */
    Instant retryAt() {
        return breaker.clock().now().plusNanos(retryAtNanos - breaker.clock().nanoTime());
    }

    /**
     * The wait of a visit: the config's {@link OpenWait} if it gives one, capped to
     * {@link BreakerConfig#MAX_DURATION}; else the configured wait. An OpenWait that throws is logged and
     * passed over: it runs while a call's outcome is recorded, which it must not break.
     */
    static long openWaitNanos(DefaultBreaker breaker, int reopenCount, @Nullable Throwable cause) {
        BreakerConfig config = breaker.config();
        OpenWait openWait = config.openWait();
        if (openWait != null) {
            try {
                Duration wait = openWait.waitAfter(reopenCount, cause);
                if (wait != null && !wait.isNegative() && !wait.isZero()) {
                    return wait.compareTo(BreakerConfig.MAX_DURATION) > 0
                            ? BreakerConfig.MAX_DURATION.toNanos() : wait.toNanos();
                }
            } catch (Throwable failure) {
                if (failure instanceof VirtualMachineError fatal) {
                    throw fatal;
                }
                DefaultBreaker.LOG.log(System.Logger.Level.WARNING, () -> "The open-wait of circuit breaker '"
                        + breaker.name() + "' threw; the configured wait is used", failure);
            }
        }
        return waitNanos(config, reopenCount, ThreadLocalRandom.current().nextDouble());
    }

    /**
     * The configured open wait: {@code wait x multiplier^reopenCount}, capped, plus up to {@code jitter}
     * times that at random. The jitter comes after the cap, so a fleet at the cap still spreads out.
     */
    static long waitNanos(BreakerConfig config, int reopenCount, double random) {
        double wait = config.waitDurationInOpenState().toNanos()
                * Math.pow(config.waitDurationMultiplier(), reopenCount);
        if (!config.maxWaitDurationInOpenState().isZero()) {
            wait = Math.min(wait, config.maxWaitDurationInOpenState().toNanos());
        }
        wait += wait * config.waitDurationJitter() * random;
        return (long) Math.min(wait, BreakerConfig.MAX_DURATION.toNanos() * 2.0);
    }

    @Override
    BreakerState kind() {
        return BreakerState.OPEN;
    }

    @Override
    BreakerState enforcedKind() {
        return notYet == PERMITTED ? BreakerState.CLOSED : BreakerState.OPEN;
    }

    @Override
    int tryAcquire() {
        // Checked on every rejected call, so with the cheap recent time: the wait may end a millisecond late.
        if (breaker.clock().recentNanoTime() - retryAtNanos >= 0) {
            waitEnded();
            return CHANGED;
        }
        return notYet;
    }

    @Override
    void entered() {
        if (config.automaticTransitionToHalfOpen()) {
            // The rest of the wait: all of it on entering, less for a visit reconfigured on its way.
            long left = Math.max(0, retryAtNanos - breaker.clock().nanoTime());
            timer = config.scheduler().schedule(this::waitEnded, left, TimeUnit.NANOSECONDS);
        }
    }

    /**
     * However the breaker leaves OPEN (the wait ends, an operator, the fleet), the timer must go: left on the
     * scheduler, it would hold this state and its breaker for the rest of the wait, one more per adoption.
     */
    @Override
    void exited() {
        timer.cancel();
    }

    private void waitEnded() {
        breaker.machine().waitEnded(this, "open wait of " + format(Duration.ofNanos(waitNanos)) + " elapsed");
    }

    @Override
    CallNotPermittedException rejection() {
        return rejection;
    }

    @Override
    void record(int code, @Nullable Throwable error) {
        // A call let through before the breaker opened, or by an observing breaker: the window that tripped it
        // stays as it was.
    }

    @Override
    WindowSnapshot snapshot() {
        return trippedWindow;
    }

    @Override
    long retryAfterNanos() {
        return Math.max(0, retryAtNanos - breaker.clock().nanoTime());
    }
}
