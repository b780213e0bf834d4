package dev.breaker;

import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.TimeoutException;

/**
 * A call through a breaker did not finish within its {@code timeout}. The breaker records it as a failure
 * (and as slow); the caller was released at the deadline and the late call was interrupted or cancelled.
 *
 * <p>It is a {@link TimeoutException}, the type {@code CompletableFuture} and Reactor time out with, so a
 * fallback or handler written for {@code TimeoutException} serves every kind of method alike. Being
 * checked, it reaches the caller of a synchronous method that neither declares it nor has a fallback
 * wrapped by Spring in an {@link java.lang.reflect.UndeclaredThrowableException}.
 */
public class CallTimeoutException extends TimeoutException {

    private static final long serialVersionUID = 1L;

    private final String breakerName;
    private final Duration timeout;

    public CallTimeoutException(String breakerName, Duration timeout) {
        super("Call through circuit breaker '" + breakerName + "' did not finish within "
                + String.format(Locale.ROOT, "%.3fs", timeout.toNanos() / 1e9));
        this.breakerName = Objects.requireNonNull(breakerName, "breakerName");
        this.timeout = Objects.requireNonNull(timeout, "timeout");
    }

    /** The name of the breaker whose timeout expired. */
    public String breakerName() {
        return breakerName;
    }

    /** The timeout that expired. */
    public Duration timeout() {
        return timeout;
    }

    /** No stack trace: it would show the scheduler that noticed the deadline, not the call that missed it. */
    @Override
    public synchronized Throwable fillInStackTrace() {
        return this;
    }
}
