package dev.breaker;

import java.time.Duration;
import java.util.Locale;
import java.util.Objects;

/**
 * Thrown instead of running a call that the breaker rejects (OPEN, FORCED_OPEN, or HALF_OPEN with every
 * trial call in flight).
 *
 * <p>It is a control-flow signal on a hot path, so it carries no stack trace and takes no suppressed
 * exceptions; the breaker name and state say where it came from. Breakers may throw one shared
 * instance for a whole open period, which is why {@link #retryAfter()} is computed when asked.
 */
public class CallNotPermittedException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String breakerName;
    private final BreakerState state;
    private final Duration retryAfter;

    /** An exception with a fixed {@code retryAfter}. */
    public CallNotPermittedException(String breakerName, BreakerState state, Duration retryAfter) {
        super(null, null, false, false);
        this.breakerName = Objects.requireNonNull(breakerName, "breakerName");
        this.state = Objects.requireNonNull(state, "state");
        this.retryAfter = Objects.requireNonNull(retryAfter, "retryAfter");
    }

    /** For subclasses that compute {@link #retryAfter()} when asked. */
    protected CallNotPermittedException(String breakerName, BreakerState state) {
        this(breakerName, state, Duration.ZERO);
    }

    /** The name of the breaker that rejected the call. */
    public String breakerName() {
        return breakerName;
    }

    /** The state the breaker was in when it rejected the call. */
    public BreakerState state() {
        return state;
    }

    /**
     * How long until the breaker lets a trial call through: the rest of the open wait while OPEN;
     * zero when that is not known (FORCED_OPEN, or HALF_OPEN with its trial calls in flight).
     */
    public Duration retryAfter() {
        return retryAfter;
    }

    @Override
    public String getMessage() {
        String head = "Circuit breaker '" + breakerName + "' is " + state;
        return switch (state) {
            case OPEN -> head + "; retry after " + seconds(retryAfter());
            case FORCED_OPEN -> head + "; calls are rejected until an operator closes or resets it";
            case HALF_OPEN -> head + "; every permitted trial call is in flight, retry shortly";
            default -> head;
        };
    }

    private static String seconds(Duration duration) {
        return String.format(Locale.ROOT, "%.1fs", duration.toNanos() / 1e9);
    }
}
