package dev.breaker.aop;

import dev.breaker.Breaker;
import dev.breaker.BulkheadFullException;
import dev.breaker.CallNotPermittedException;
import dev.breaker.CallOutcome;
import org.jspecify.annotations.Nullable;

/**
 * Everything a call of one protected method needs, worked out once when the proxy is created: the breaker
 * (looked up on first call), how to run a call given the return type, and the fallbacks. A call does no
 * annotation lookup, name resolution or reflection search.
 */
final class MethodPlan {

    private final String description;
    private final Breakers.Ref breaker;
    /**
     * Not final: a plan starts with a strategy that picks, on the first call, between the plain one and the
     * layered one. A stale read only repeats that choice, and every strategy is safely published (final fields).
     */
    private CallStrategy strategy;
    private final @Nullable FallbackMethods fallbacks;
    private final FallbackListeners listeners;

    MethodPlan(String description, Breakers.Ref breaker, CallStrategy strategy, @Nullable FallbackMethods fallbacks,
            FallbackListeners listeners) {
        this.description = description;
        this.breaker = breaker;
        this.strategy = strategy;
        this.fallbacks = fallbacks;
        this.listeners = listeners;
    }

    Breaker breaker() {
        return breaker.get();
    }

    String breakerName() {
        return breaker.name();
    }

    CallStrategy strategy() {
        return strategy;
    }

    /** Replaces the strategy for the calls to come. */
    void useStrategy(CallStrategy strategy) {
        this.strategy = strategy;
    }

    boolean hasFallback() {
        return fallbacks != null;
    }

    /**
     * The fallback for {@code error}, or {@code null} when it must propagate: no fallback fits, or the
     * breaker's config does not count it as a failure (ignored exceptions, and business exceptions outside
     * the recorded ones, are the caller's to handle). Rejections, by the breaker or its bulkhead, always qualify.
     */
    @Nullable FallbackMethod fallbackFor(Breaker breaker, Throwable error) {
        if (fallbacks == null) {
            return null;
        }
        if (!(error instanceof CallNotPermittedException) && !(error instanceof BulkheadFullException)
                && breaker.config().classify(error) != CallOutcome.FAILURE) {
            return null;
        }
        return fallbacks.select(error.getClass());
    }

    /** Answers a failed synchronous call with its fallback, or rethrows {@code error} unchanged. */
    @Nullable Object recover(Breaker breaker, @Nullable Object target, @Nullable Object[] arguments, Throwable error)
            throws Throwable {
        FallbackMethod fallback = fallbackFor(breaker, error);
        if (fallback == null) {
            throw error;
        }
        Object result;
        try {
            result = fallback.invoke(target, arguments, error);
        } catch (Throwable failure) {
            fallbackFailed(breaker, error, failure);
            throw failure;
        }
        fallbackSucceeded(breaker, error);
        return result;
    }

    void fallbackSucceeded(Breaker breaker, Throwable cause) {
        listeners.fallbackRan(breaker, cause, true);
    }

    /** Keeps the original failure visible on the fallback's own (unless they are one and the same). */
    void fallbackFailed(Breaker breaker, Throwable cause, Throwable failure) {
        if (failure != cause) {
            failure.addSuppressed(cause);
        }
        listeners.fallbackRan(breaker, cause, false);
    }

    @Override
    public String toString() {
        return description;
    }
}
