package dev.breaker.actuate;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.breaker.Breaker;
import dev.breaker.BreakerMetrics;
import dev.breaker.BreakerState;
import dev.breaker.autoconfigure.BreakerDefinition;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.actuate.endpoint.OperationResponseBody;

/**
 * One breaker as the endpoint lists it. Rates are percentages, {@code null} while fewer than the minimum
 * number of calls are in the window; window figures are those of the window that tripped the breaker
 * while it is open.
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record BreakerDescriptor(
        BreakerState state,
        @Nullable String profile,
        @Nullable Double failureRate,
        @Nullable Double slowCallRate,
        long bufferedCalls,
        long failedCalls,
        long slowCalls,
        long notPermittedCalls,
        boolean affectsHealth,
        @Nullable Double retryAfterSeconds) implements OperationResponseBody {

    static BreakerDescriptor of(Breaker breaker, BreakerDefinition definition) {
        BreakerMetrics metrics = breaker.metrics();
        return new BreakerDescriptor(metrics.state(), definition.profile(), rate(metrics.failureRate()),
                rate(metrics.slowCallRate()), metrics.bufferedCalls(), metrics.failedCalls(), metrics.slowCalls(),
                metrics.notPermittedCallsTotal(), definition.affectsHealth(), retryAfterSeconds(breaker, metrics));
    }

    static @Nullable Double rate(java.util.OptionalDouble rate) {
        return rate.isPresent() ? Math.round(rate.getAsDouble() * 100) / 100.0 : null;
    }

    private static @Nullable Double retryAfterSeconds(Breaker breaker, BreakerMetrics metrics) {
        return metrics.state() == BreakerState.OPEN ? breaker.retryAfter().toMillis() / 1000.0 : null;
    }
}
