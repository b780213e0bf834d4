package dev.breaker;

import dev.breaker.internal.Ticker;
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

    /**
     * A recent value of {@link #nanoTime()}, cheaper to read and allowed to lag it by about a millisecond.
     * Breakers read it on every call: to check the open wait, to place outcomes in time windows, and to time
     * calls whose slow-call threshold is 100 ms or more, where a millisecond is at most 1% of the threshold
     * (calls against a smaller threshold are timed with {@link #nanoTime()}).
     *
     * <p>The default returns {@link #nanoTime()}, so clocks that do not override it, {@link ManualClock}
     * among them, are exact. The {@linkplain #system() system clock} overrides it: see there.
     */
    default long recentNanoTime() {
        return nanoTime();
    }

    /**
     * The system clock: {@link System#nanoTime()} and {@link Instant#now()}.
     *
     * <p>Its {@link #recentNanoTime()} is {@code System.nanoTime()} as last read by one daemon thread that
     * refreshes it every millisecond while breakers read it, and parks after a second without reads. A read
     * then costs a volatile read instead of the 25 to 60 ns of {@code System.nanoTime()} on a virtual machine,
     * and lags the true time by up to about a millisecond; more only while the machine starves that thread
     * of CPU. The price: durations timed with it, and those given to listeners, are precise to about a
     * millisecond, and an open wait may end up to a millisecond late. A clock that overrides only
     * {@link #nanoTime()} and {@link #now()} is exact everywhere.
     */
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
    public long recentNanoTime() {
        return Ticker.recentNanoTime();
    }

    @Override
    public String toString() {
        return "BreakerClock.system()";
    }
}
