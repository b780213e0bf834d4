package dev.breaker.internal;

import dev.breaker.BreakerConfig;
import dev.breaker.BreakerScheduler;
import dev.breaker.BreakerState;
import dev.breaker.CallNotPermittedException;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * OPEN: calls are rejected until the wait ends; the first call after it (or the timer, with automatic
 * transition) moves the breaker to HALF_OPEN.
 */
final class OpenState extends State {

    private final WindowSnapshot trippedWindow;
    private final int reopenCount;
    private final long waitNanos;
    private final long retryAtNanos;
    private final CallNotPermittedException rejection;
    private volatile BreakerScheduler.Cancellable timer = () -> { };

    /**
     * @param trippedWindow the figures that opened it, shown while it stays open
     * @param reopenCount re-opens since the breaker was last closed (0 on the first opening)
     */
    OpenState(DefaultBreaker breaker, WindowSnapshot trippedWindow, int reopenCount) {
        this(breaker, trippedWindow, reopenCount,
                waitNanos(breaker.config(), reopenCount, ThreadLocalRandom.current().nextDouble()));
    }

    /** An open state whose wait is given: adopted from another instance, it ends when theirs does. */
    OpenState(DefaultBreaker breaker, WindowSnapshot trippedWindow, int reopenCount, long waitNanos) {
        super(breaker);
        this.trippedWindow = trippedWindow;
        this.reopenCount = reopenCount;
        this.waitNanos = waitNanos;
        this.retryAtNanos = breaker.clock().nanoTime() + waitNanos;
        // One per visit, shared by every call it rejects; the exact public class, so a fallback or a log
        // sees CallNotPermittedException, and the wait it reports is this visit's, computed when asked.
        this.rejection = new CallNotPermittedException(breaker.name(), BreakerState.OPEN,
                () -> Duration.ofNanos(retryAfterNanos()));
    }

    int reopenCount() {
        return reopenCount;
    }

    /** The wall-clock time the wait ends, as another instance can use it. */
    Instant retryAt() {
        return breaker.clock().now().plusNanos(retryAtNanos - breaker.clock().nanoTime());
    }

    /**
     * The open wait: {@code wait x multiplier^reopenCount}, capped, plus up to {@code jitter} times that
     * at random. The jitter comes after the cap, so a fleet at the cap still spreads out.
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
    int tryAcquire() {
        // Checked on every rejected call, so with the cheap recent time: the wait may end a millisecond late.
        if (breaker.clock().recentNanoTime() - retryAtNanos >= 0) {
            toHalfOpen();
            return CHANGED;
        }
        return REJECTED;
    }

    @Override
    void entered() {
        if (breaker.config().automaticTransitionToHalfOpen()) {
            timer = breaker.config().scheduler().schedule(this::toHalfOpen, waitNanos, TimeUnit.NANOSECONDS);
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

    private void toHalfOpen() {
        breaker.machine().transition(this, new HalfOpenState(breaker, reopenCount),
                "open wait of " + format(Duration.ofNanos(waitNanos)) + " elapsed");
    }

    @Override
    CallNotPermittedException rejection() {
        return rejection;
    }

    @Override
    void record(int code) {
        // A call let through before the breaker opened: the window that tripped it stays as it was.
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
