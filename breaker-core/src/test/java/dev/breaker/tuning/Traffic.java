package dev.breaker.tuning;

import dev.breaker.Breaker;
import dev.breaker.ManualClock;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Calls on a live breaker at a steady rate on a manual clock: the first call at the clock's time, each next one an
 * interval later, so that the clock stands at the last call when a phase ends (and reports match a replay, which
 * ends at the last event).
 */
final class Traffic {

    /** What a failing dependency throws: shared, without a stack trace. */
    static final RuntimeException DOWN = new RuntimeException("down", null, false, false) {
        private static final long serialVersionUID = 1L;
    };

    private final ManualClock clock;
    private final Breaker breaker;
    private final long intervalNanos;
    private final long callNanos;
    private boolean started;
    long sent;
    long rejected;

    /** 200 calls a second of 2 ms each. */
    Traffic(ManualClock clock, Breaker breaker) {
        this(clock, breaker, Duration.ofMillis(5), Duration.ofMillis(2));
    }

    Traffic(ManualClock clock, Breaker breaker, Duration interval, Duration call) {
        this.clock = clock;
        this.breaker = breaker;
        this.intervalNanos = interval.toNanos();
        this.callNanos = call.toNanos();
    }

    /** {@code calls} calls that succeed. */
    Traffic healthy(int calls) {
        return calls(calls, false);
    }

    /** {@code calls} calls that fail. */
    Traffic outage(int calls) {
        return calls(calls, true);
    }

    private Traffic calls(int calls, boolean failing) {
        for (int i = 0; i < calls; i++) {
            if (started) {
                clock.advance(intervalNanos, TimeUnit.NANOSECONDS);
            }
            started = true;
            sent++;
            if (!breaker.tryAcquirePermission()) {
                rejected++;
            } else if (failing) {
                breaker.onError(callNanos, TimeUnit.NANOSECONDS, DOWN);
            } else {
                breaker.onSuccess(callNanos, TimeUnit.NANOSECONDS);
            }
        }
        return this;
    }
}
