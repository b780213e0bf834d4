package dev.breaker;

import java.time.Instant;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A transition as it crosses a fleet: what state to be in, and enough to be in it the same way.
 *
 * @param state the state to move to: CLOSED, OPEN, FORCED_OPEN or DISABLED
 * @param byOperator whether an operator made it (forced open, disabled, closed or reset) rather than the
 *        breaker's own rules; a shared store lets an operator's FORCED_OPEN or DISABLED win over automatic
 *        transitions
 * @param reopenCount for OPEN, re-openings since the breaker was last closed, so backoff carries over
 * @param retryAt for OPEN, when the open wait ends and trial calls may begin; null otherwise
 * @param at when the transition was made (wall-clock time of the instance that made it)
 * @param reason why, in the words of the instance that made it
 */
public record FleetTransition(BreakerState state, boolean byOperator, int reopenCount, @Nullable Instant retryAt,
        Instant at, String reason) {

    public FleetTransition {
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(reason, "reason");
        if (state == BreakerState.HALF_OPEN) {
            throw new IllegalArgumentException("HALF_OPEN is not shared: each instance reaches it on its own clock");
        }
        if (reopenCount < 0) {
            throw new IllegalArgumentException("reopenCount must be 0 or more, was " + reopenCount);
        }
        if (state == BreakerState.OPEN && retryAt == null) {
            throw new IllegalArgumentException("an OPEN transition needs the time its wait ends (retryAt)");
        }
    }
}
