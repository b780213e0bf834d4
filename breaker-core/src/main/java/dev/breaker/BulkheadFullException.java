package dev.breaker;

import java.time.Duration;
import java.util.Objects;

/**
 * Thrown instead of running a call when a breaker's bulkhead has no free slot: every one of its
 * {@code max-concurrent-calls} is in flight and none was freed within {@code max-wait-duration}.
 *
 * <p>It is a rejection, not a failure of the dependency: the breaker does not count it against the
 * dependency, a retry never repeats it, and a fallback answers it like a {@link CallNotPermittedException}.
 * Like that one, it carries no stack trace: it is a control-flow signal raised under load.
 */
public class BulkheadFullException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String breakerName;
    private final int maxConcurrentCalls;
    private final Duration maxWaitDuration;

    public BulkheadFullException(String breakerName, int maxConcurrentCalls, Duration maxWaitDuration) {
        super("Bulkhead of circuit breaker '" + breakerName + "' is full: " + maxConcurrentCalls
                + " concurrent calls in flight, none finished within " + maxWaitDuration.toMillis() + "ms",
                null, false, false);
        this.breakerName = Objects.requireNonNull(breakerName, "breakerName");
        this.maxConcurrentCalls = maxConcurrentCalls;
        this.maxWaitDuration = Objects.requireNonNull(maxWaitDuration, "maxWaitDuration");
    }

    /** The name of the breaker whose bulkhead rejected the call. */
    public String breakerName() {
        return breakerName;
    }

    /** The bulkhead's {@code max-concurrent-calls}. */
    public int maxConcurrentCalls() {
        return maxConcurrentCalls;
    }

    /** How long the call waited for a slot ({@code max-wait-duration}). */
    public Duration maxWaitDuration() {
        return maxWaitDuration;
    }
}
