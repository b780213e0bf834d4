package dev.breaker;

import java.io.Serial;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * Thrown instead of running a call that the breaker rejects (OPEN, FORCED_OPEN, or HALF_OPEN with every
 * trial call in flight).
 *
 * <p>It is a control-flow signal on a hot path, so it carries no stack trace and takes no suppressed
 * exceptions; the breaker name and state say where it came from. Breakers throw one shared instance for a
 * whole visit to a state, which is why {@link #retryAfter()} is computed when asked.
 */
public class CallNotPermittedException extends RuntimeException {

    @Serial
    private static final long serialVersionUID = 1L;

    private final String breakerName;
    private final BreakerState state;
    private final Duration retryAfter;
    /** Set when the wait is computed when asked; a serialized copy keeps the wait it had then instead. */
    private final transient @Nullable Supplier<Duration> currentRetryAfter;

    /** An exception with a fixed {@code retryAfter}. */
    public CallNotPermittedException(String breakerName, BreakerState state, Duration retryAfter) {
        this(breakerName, state, Objects.requireNonNull(retryAfter, "retryAfter"), null);
    }

    /**
     * An exception whose {@link #retryAfter()} asks {@code retryAfter} each time, so that one instance can be
     * thrown to every call rejected during an open period and still tell each the wait left.
     */
    public CallNotPermittedException(String breakerName, BreakerState state, Supplier<Duration> retryAfter) {
        this(breakerName, state, Duration.ZERO, Objects.requireNonNull(retryAfter, "retryAfter"));
    }

    /** For subclasses that compute {@link #retryAfter()} when asked. */
    protected CallNotPermittedException(String breakerName, BreakerState state) {
        this(breakerName, state, Duration.ZERO);
    }

    private CallNotPermittedException(String breakerName, BreakerState state, Duration retryAfter,
            @Nullable Supplier<Duration> currentRetryAfter) {
        super(null, null, false, false);
        this.breakerName = Objects.requireNonNull(breakerName, "breakerName");
        this.state = Objects.requireNonNull(state, "state");
        this.retryAfter = retryAfter;
        this.currentRetryAfter = currentRetryAfter;
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
        Supplier<Duration> current = currentRetryAfter;
        return current != null ? current.get() : retryAfter;
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

    /** A computed wait cannot travel: the copy says the wait there was when it was written. */
    @Serial
    private Object writeReplace() {
        return currentRetryAfter == null ? this : new CallNotPermittedException(breakerName, state, retryAfter());
    }

    private static String seconds(Duration duration) {
        return String.format(Locale.ROOT, "%.1fs", duration.toNanos() / 1e9);
    }
}
