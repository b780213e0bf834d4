package dev.breaker.shared;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * The fleet window of one breaker as this instance sees it: the whole fleet's calls over the breaker's window, as
 * Redis last added them up, plus this instance's calls not sent yet. These are the figures the fleet window trips
 * the breaker on. Shown in the actuator as {@code fleet}, beside the breaker's local figures.
 *
 * @param failureRate failed calls as a percentage; null below the minimum number of calls
 * @param slowCallRate slow calls as a percentage; null below the minimum number of calls
 * @param calls the fleet's calls in the window
 * @param failedCalls the fleet's failed calls in the window
 * @param slowCalls the fleet's slow calls in the window
 * @param instances the instances that reported calls in the window
 * @param updatedAt when Redis last answered with the fleet's sums; null before it first did
 * @param stale whether the figures are too old to decide on (Redis failed, or has not answered for two flush
 *        periods): the fleet window trips nothing while they are, and the local window decides alone
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record FleetWindowStatus(@Nullable Double failureRate, @Nullable Double slowCallRate, long calls,
        long failedCalls, long slowCalls, long instances, @Nullable Instant updatedAt, boolean stale) {
}
