package dev.breaker.actuate;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.breaker.shared.FleetWindowStatus;
import java.time.Instant;
import java.util.OptionalDouble;
import org.jspecify.annotations.Nullable;

/**
 * {@code fleet}: the fleet window of a breaker marked {@code shared-window: true}, beside its local figures: the
 * whole fleet's calls over the window, which the fleet window trips the breaker on. Rates are percentages like the
 * local ones, {@code null} below the minimum number of calls; {@code stale} figures (Redis failed, or has not
 * answered for two flush periods) trip nothing, and the local window decides alone meanwhile.
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record FleetDescriptor(@Nullable Double failureRate, @Nullable Double slowCallRate, long calls,
        long failedCalls, long slowCalls, long instances, @Nullable Instant updatedAt, boolean stale) {

    static @Nullable FleetDescriptor of(@Nullable FleetWindowStatus window) {
        if (window == null) {
            return null;
        }
        return new FleetDescriptor(Rates.percent(rate(window.failureRate())), Rates.percent(rate(window.slowCallRate())),
                window.calls(), window.failedCalls(), window.slowCalls(), window.instances(), window.updatedAt(),
                window.stale());
    }

    private static OptionalDouble rate(@Nullable Double percent) {
        return percent != null ? OptionalDouble.of(percent) : OptionalDouble.empty();
    }
}
