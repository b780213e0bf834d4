package dev.breaker.sample.traffic;

import dev.breaker.BreakerState;
import org.jspecify.annotations.Nullable;

/**
 * What a run of the traffic driver saw; {@code normal + fallback + rejected + errors == calls}.
 *
 * @param normal calls the downstream answered
 * @param fallback calls that reached the downstream, failed, and were answered by the fallback
 * @param rejected calls the breaker did not let through, answered by the fallback without calling the downstream
 *        (inventory has no fallback: its rejected calls failed with {@code CallNotPermittedException})
 * @param errors calls that neither the downstream nor a fallback could answer (e.g. the payment queue is full,
 *        or the inventory service failed)
 * @param breakerState the state of the service's breaker after the run
 */
public record TrafficSummary(String service, int calls, int normal, int fallback, int rejected, int errors,
        @Nullable BreakerState breakerState) {
}
