package dev.breaker;

import java.time.Instant;

/**
 * The time source of a breaker: a monotonic tick for measuring calls and waits, and wall-clock time
 * for stamping transitions. Inject a {@link ManualClock} in tests to move time instead of sleeping.
 */
public interface BreakerClock {

    /** Monotonic time in nanoseconds, with an arbitrary origin; only differences are meaningful. */
    long nanoTime();

    /** The current wall-clock time. */
    Instant now();

    /** The system clock: {@link System#nanoTime()} and {@link Instant#now()}. */
    static BreakerClock system() {
        return SystemClock.INSTANCE;
    }
}

enum SystemClock implements BreakerClock {
    INSTANCE;

    @Override
    public long nanoTime() {
        return System.nanoTime();
    }

    @Override
    public Instant now() {
        return Instant.now();
    }

    @Override
    public String toString() {
        return "BreakerClock.system()";
    }
}
