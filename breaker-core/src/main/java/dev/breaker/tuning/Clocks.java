package dev.breaker.tuning;

import dev.breaker.BreakerClock;
import java.time.Instant;

/**
 * A breaker clock's ticks as wall-clock time, from one pair of readings taken together: events are stamped with
 * the cheap monotonic tick and turned into an {@link Instant} only when shown or exported.
 */
final class Clocks {

    private final BreakerClock clock;
    private final Instant originInstant;
    private final long originNanos;

    Clocks(BreakerClock clock) {
        this.clock = clock;
        this.originNanos = clock.nanoTime();
        this.originInstant = clock.now();
    }

    BreakerClock clock() {
        return clock;
    }

    /** The wall-clock time of the tick {@code nanos}. */
    Instant instant(long nanos) {
        return originInstant.plusNanos(nanos - originNanos);
    }
}
