package dev.breaker.sample;

import dev.breaker.CallNotPermittedException;

/**
 * Why a fallback answered instead of the downstream. The services put it in their answers so that a caller
 * (and the traffic driver) can tell a call that failed from one the breaker never let through.
 */
public enum FallbackReason {

    /** The downstream was called and failed: an error status, a timeout, a refused connection. */
    FAILED,

    /** The breaker rejected the call without calling the downstream (OPEN, FORCED_OPEN, or HALF_OPEN and full). */
    REJECTED;

    /** The reason for a fallback given the {@code Throwable} the starter passed to it. */
    public static FallbackReason of(Throwable cause) {
        return (cause instanceof CallNotPermittedException) ? REJECTED : FAILED;
    }
}
