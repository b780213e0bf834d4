package dev.breaker;

import java.time.Instant;
import java.util.Objects;

/**
 * One change of a breaker's state.
 *
 * @param at when it happened (wall-clock time of the breaker's clock)
 * @param from the state before
 * @param to the state after
 * @param reason why, in words an operator can act on, e.g. {@code failure rate 62.5% >= 50%}
 */
public record StateTransition(Instant at, BreakerState from, BreakerState to, String reason) {

    public StateTransition {
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        Objects.requireNonNull(reason, "reason");
    }

    @Override
    public String toString() {
        return from + " -> " + to + " at " + at + " (" + reason + ")";
    }
}
