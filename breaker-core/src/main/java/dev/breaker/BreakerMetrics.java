package dev.breaker;

import java.util.OptionalDouble;

/**
 * A point-in-time view of a breaker's figures.
 *
 * <p>The window figures ({@code failureRate} to {@code slowCalls}) describe the window that decides
 * the state: the closed state's sliding window, the trial calls while HALF_OPEN, and, while OPEN or
 * FORCED_OPEN, the window as it was when the breaker left CLOSED or HALF_OPEN, so an operator sees why
 * it opened. The {@code *Total} figures count every call since the breaker was created and never go
 * down.
 *
 * @param state the state the breaker enforces (CLOSED for an observing breaker whose machine is OPEN or
 *        HALF_OPEN, see {@link Breaker#state()})
 * @param failureRate failed calls as a percentage of buffered calls; empty below the minimum number of calls
 * @param slowCallRate slow calls as a percentage of buffered calls; empty below the minimum number of calls
 * @param bufferedCalls calls in the window
 * @param failedCalls failed calls in the window
 * @param slowCalls slow calls (successful or failed) in the window
 * @param successfulCallsTotal calls recorded as successful
 * @param failedCallsTotal calls recorded as failed
 * @param ignoredCallsTotal calls that ended with an ignored exception or were cancelled
 * @param notPermittedCallsTotal calls rejected without running
 * @param slowSuccessfulCallsTotal successful calls that were slow
 * @param slowFailedCallsTotal failed calls that were slow
 * @param mode whether the breaker enforces its decisions or only observes
 * @param wouldBeState the state of the breaker's state machine: what an enforcing breaker would be in; equal
 *        to {@code state} in {@link BreakerMode#ENFORCE} mode
 */
public record BreakerMetrics(
        BreakerState state,
        OptionalDouble failureRate,
        OptionalDouble slowCallRate,
        long bufferedCalls,
        long failedCalls,
        long slowCalls,
        long successfulCallsTotal,
        long failedCallsTotal,
        long ignoredCallsTotal,
        long notPermittedCallsTotal,
        long slowSuccessfulCallsTotal,
        long slowFailedCallsTotal,
        BreakerMode mode,
        BreakerState wouldBeState) {
}
