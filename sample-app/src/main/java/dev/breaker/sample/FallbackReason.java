package dev.breaker.sample;

import dev.breaker.BulkheadFullException;
import dev.breaker.CallNotPermittedException;

/**
 * Why a fallback answered instead of the downstream. The services put it in their answers so that a caller
 * (and the traffic driver) can tell a call that failed from one the breaker never let through.
 */
public enum FallbackReason {

    /** The downstream was called and failed: an error status, a timeout, a refused connection. */
    FAILED,

    /**
     * The call was rejected without calling the downstream: by the breaker (OPEN, FORCED_OPEN, or HALF_OPEN and
     * full) or by its bulkhead (every slot in use).
     */
    REJECTED;

    /** The reason for a fallback given the {@code Throwable} the starter passed to it. */
    public static FallbackReason of(Throwable cause) {
        return (cause instanceof CallNotPermittedException || cause instanceof BulkheadFullException) ? REJECTED
                : FAILED;
    }
}
