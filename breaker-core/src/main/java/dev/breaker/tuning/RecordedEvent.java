package dev.breaker.tuning;

import dev.breaker.BreakerState;
import dev.breaker.CallOutcome;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One event of a {@link Recording}: a call's outcome (with its duration), or the live breaker moving to a state.
 *
 * @param time when it happened
 * @param outcome how the call ended; null for a state event
 * @param duration how long the call ran ({@link Duration#ZERO} for a rejected call and for a state event)
 * @param state the state the live breaker moved to; null for a call
 */
public record RecordedEvent(Instant time, @Nullable CallOutcome outcome, Duration duration, @Nullable BreakerState state) {

    public RecordedEvent {
        Objects.requireNonNull(time, "time");
        Objects.requireNonNull(duration, "duration");
        if ((outcome == null) == (state == null)) {
            throw new IllegalArgumentException("a recorded event is either a call (outcome) or a state, not "
                    + (outcome == null ? "neither" : "both"));
        }
    }

    public static RecordedEvent call(Instant time, CallOutcome outcome, Duration duration) {
        return new RecordedEvent(time, outcome, duration, null);
    }

    public static RecordedEvent state(Instant time, BreakerState state) {
        return new RecordedEvent(time, null, Duration.ZERO, state);
    }

    public boolean isCall() {
        return outcome != null;
    }
}
