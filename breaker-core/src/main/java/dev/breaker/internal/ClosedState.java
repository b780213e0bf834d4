package dev.breaker.internal;

import dev.breaker.BreakerConfig;
import dev.breaker.BreakerState;
import dev.breaker.SlidingWindowType;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;

/** CLOSED: every call is permitted; outcomes go to the sliding window, which may trip the breaker. */
final class ClosedState extends State {

    private final Window window;
    private final int consecutiveFailureThreshold;
    private final float failureRateThreshold;
    private final float slowCallRateThreshold;
    private final AtomicInteger consecutiveFailures = new AtomicInteger();

    ClosedState(DefaultBreaker breaker) {
        super(breaker);
        BreakerConfig config = breaker.config();
        long now = breaker.clock().recentNanoTime();
        this.window = config.slidingWindowType() == SlidingWindowType.TIME_BASED
                ? new TimeWindow(config.slidingWindowSize(), config.minimumNumberOfCalls(), now)
                : new CountWindow(config.slidingWindowSize(), config.minimumNumberOfCalls(),
                        config.slidingWindowMaxAge().toMillis(), now);
        this.consecutiveFailureThreshold = config.consecutiveFailureThreshold();
        this.failureRateThreshold = config.failureRateThreshold();
        this.slowCallRateThreshold = config.slowCallRateThreshold();
    }

    @Override
    BreakerState kind() {
        return BreakerState.CLOSED;
    }

    @Override
    int tryAcquire() {
        return PERMITTED;
    }

    @Override
    void record(int code, @Nullable Throwable error) {
        long now = window.timed() ? breaker.clock().recentNanoTime() : 0;
        boolean evaluate = window.record(code, now);
        if (consecutiveFailureThreshold > 0) {
            if ((code & Outcome.FAILURE) != 0) {
                int inARow = consecutiveFailures.incrementAndGet();
                if (inARow >= consecutiveFailureThreshold) {
                    breaker.machine().open(this, window.snapshot(now), 0, error,
                            inARow + " consecutive failures >= " + consecutiveFailureThreshold);
                    return;
                }
            } else if (consecutiveFailures.get() != 0) {
                consecutiveFailures.set(0);
            }
        }
        if (evaluate) {
            WindowSnapshot snapshot = window.snapshot(now);
            String reason = snapshot.tripReason(failureRateThreshold, slowCallRateThreshold);
            if (reason != null) {
                if (breaker.state == this) { // rarely twice, when two calls evaluate at once
                    breaker.listeners().ratesExceeded(snapshot, failureRateThreshold, slowCallRateThreshold);
                }
                breaker.machine().open(this, snapshot, 0, error, reason);
            }
        }
    }

    @Override
    WindowSnapshot snapshot() {
        return window.snapshot(window.timed() ? breaker.clock().recentNanoTime() : 0);
    }
}
