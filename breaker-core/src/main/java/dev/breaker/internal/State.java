package dev.breaker.internal;

import dev.breaker.Breaker;
import dev.breaker.BreakerConfig;
import dev.breaker.BreakerMode;
import dev.breaker.BreakerState;
import dev.breaker.CallNotPermittedException;
import java.time.Duration;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * One state of a breaker. A new object is made for each visit to a state, so an outcome reported on a
 * permit reaches the visit that granted it, and a stale permit cannot move a breaker that has moved on:
 * every transition is a compare-and-set from the state object that decided it.
 *
 * <p>A state also holds the settings it was made under, and what a call reads of them (how it is timed, when it
 * is slow, how its outcome is classified): a reconfiguration replaces the state, so a call reads nothing of the
 * breaker that a reconfiguration writes, only the state that let it in, whose fields are final. A call keeps
 * the settings of the state that let it in, and is timed from start to end with the same clock reading.
 */
abstract class State implements Breaker.Permit {

    static final int PERMITTED = 0;
    static final int REJECTED = 1;
    /** The state moved on while deciding; ask the breaker's current state again. */
    static final int CHANGED = 2;
    /**
     * Permitted, but not as one of this state's calls: an observing breaker lets a call through that an
     * enforcing one would reject, and its outcome goes to {@link #bystander()}, which no window counts.
     */
    static final int PASSED = 3;

    final DefaultBreaker breaker;
    /** The settings this state decides by, and its calls are classified by. */
    final BreakerConfig config;
    /** Calls that take longer are slow. */
    final long slowCallNanos;
    /** Whether calls are timed with the clock's cheap recent time rather than its exact one. */
    final boolean recentTiming;

    /** A state under the breaker's current settings. */
    State(DefaultBreaker breaker) {
        this(breaker, breaker.config());
    }

    State(DefaultBreaker breaker, BreakerConfig config) {
        this.breaker = breaker;
        this.config = config;
        this.slowCallNanos = config.slowCallDurationThreshold().toNanos();
        this.recentTiming = slowCallNanos >= DefaultBreaker.RECENT_TIMING_MIN_THRESHOLD_NANOS;
    }

    /** Whether this state belongs to an observing breaker ({@link BreakerMode#OBSERVE}). */
    final boolean observing() {
        return config.mode() == BreakerMode.OBSERVE;
    }

    /** The state of the machine: what an enforcing breaker is in. */
    abstract BreakerState kind();

    /**
     * The state the breaker enforces: {@link #kind()}, except CLOSED for the OPEN and HALF_OPEN states of
     * an observing breaker, which reject nothing.
     */
    BreakerState enforcedKind() {
        return kind();
    }

    /** Decides one call: {@link #PERMITTED}, {@link #REJECTED} or {@link #CHANGED}. */
    abstract int tryAcquire();

    /** The exception for a call this state rejected. */
    @Nullable CallNotPermittedException rejection() {
        return null;
    }

    /**
     * Adds one recorded outcome to this state's window.
     *
     * @param code {@link Outcome} bits
     * @param error the exception of a failed call, if any: the cause handed to an {@link dev.breaker.OpenWait}
     *        should this outcome open the breaker
     */
    abstract void record(int code, @Nullable Throwable error);

    /** The permit for a call this state {@link #PASSED}; its outcome is counted by no window. */
    State bystander() {
        return this;
    }

    /** Returns a permit without an outcome. */
    void releasePermit() {
    }

    /** The figures this state shows. */
    abstract WindowSnapshot snapshot();

    /** Called once this state has become the breaker's state (timers start here). */
    void entered() {
    }

    /** Called once the breaker has left this state for another, under the breaker's transition lock. */
    void exited() {
    }

    /** The wait left before a trial call, in nanoseconds; 0 when not OPEN. */
    long retryAfterNanos() {
        return 0;
    }

    @Override
    public final void onSuccess(long durationNanos) {
        breaker.recordSuccess(this, durationNanos, null);
    }

    @Override
    public final void onError(long durationNanos, Throwable error) {
        breaker.recordError(this, durationNanos, error);
    }

    @Override
    public final void onResult(long durationNanos, @Nullable Object result) {
        breaker.recordResult(this, durationNanos, result);
    }

    @Override
    public final void release() {
        breaker.recordIgnored(this, 0, null);
    }

    @Override
    public String toString() {
        return kind().toString();
    }

    /** {@code 60s}, {@code 1.5s}, {@code 250ms}: durations as people write them, for transition reasons. */
    static String format(Duration duration) {
        long millis = duration.toMillis();
        if (millis < 1000) {
            return millis + "ms";
        }
        if (millis % 1000 == 0) {
            return (millis / 1000) + "s";
        }
        return String.format(Locale.ROOT, "%.1fs", millis / 1000.0);
    }
}
