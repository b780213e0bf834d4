package dev.breaker;

import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * Decides how long one visit to OPEN lasts, in place of {@code wait-duration-in-open-state} and its
 * multiplier, cap and jitter: for a dependency whose errors say how long to stay away, or a backoff of
 * one's own.
 *
 * <p>Its result is capped to {@link BreakerConfig#MAX_DURATION}; a {@code null}, zero or negative result
 * falls back to the configured wait (with its multiplier, cap and jitter), as does one that throws (it is
 * logged). It runs on the thread that opens the breaker, often a call's as its outcome is recorded, and
 * sometimes under the breaker's transition lock; calls racing to open the breaker may ask it more than once
 * for one opening. Keep it fast and free of side effects, and do not call the breaker from it.
 */
@FunctionalInterface
public interface OpenWait {

    /**
     * The open wait of the visit to OPEN that is starting.
     *
     * @param reopenCount re-openings since the breaker was last CLOSED (0 on the first opening)
     * @param cause the exception of the failed call whose outcome tripped the breaker; null when slow calls, a
     *        failure result, a check, an operator or the half-open time limit opened it
     * @return the wait; null, zero or negative for the configured one
     */
    @Nullable Duration waitAfter(int reopenCount, @Nullable Throwable cause);
}
