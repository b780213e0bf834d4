package dev.breaker.actuate;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.breaker.Breaker;
import dev.breaker.BreakerMetrics;
import dev.breaker.BreakerMode;
import dev.breaker.BreakerState;
import dev.breaker.definition.BreakerDefinition;
import dev.breaker.healthcheck.HealthCheckStatus;
import dev.breaker.shared.SyncStatus;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.actuate.endpoint.OperationResponseBody;

/**
 * One breaker as the endpoint lists it. {@code state} is what the breaker enforces; {@code mode} whether it
 * enforces its decisions at all, and {@code wouldBeState} where its rules have taken it (an observing breaker
 * stays CLOSED while that is OPEN or HALF_OPEN; for an enforcing one it is {@code state}). Rates are
 * percentages, {@code null} while fewer than the minimum number of calls are in the window; window figures are
 * those of the window that tripped the breaker while it is open. {@code shared} says whether it shares its
 * state with the application's other instances, and {@code sync} how that sharing stands ({@code null} for a
 * local breaker). {@code healthCheck} is where its health check stands ({@code null} when it has none).
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record BreakerDescriptor(
        BreakerState state,
        BreakerMode mode,
        BreakerState wouldBeState,
        @Nullable String profile,
        @Nullable Double failureRate,
        @Nullable Double slowCallRate,
        long bufferedCalls,
        long failedCalls,
        long slowCalls,
        long notPermittedCalls,
        boolean affectsHealth,
        @Nullable Double retryAfterSeconds,
        boolean shared,
        @Nullable SyncStatus sync,
        @Nullable HealthCheckDescriptor healthCheck) implements OperationResponseBody {

    static BreakerDescriptor of(Breaker breaker, BreakerDefinition definition) {
        return of(breaker, definition, null);
    }

    /** {@code sync}: where a shared breaker stands with the fleet's store; null for a local one. */
    static BreakerDescriptor of(Breaker breaker, BreakerDefinition definition, @Nullable SyncStatus sync) {
        return of(breaker, definition, sync, null);
    }

    /** {@code healthCheck}: where the breaker's health check stands; null when it has none. */
    static BreakerDescriptor of(Breaker breaker, BreakerDefinition definition, @Nullable SyncStatus sync,
            @Nullable HealthCheckStatus healthCheck) {
        BreakerMetrics metrics = breaker.metrics();
        return new BreakerDescriptor(metrics.state(), metrics.mode(), metrics.wouldBeState(), definition.profile(), Rates.percent(metrics.failureRate()),
                Rates.percent(metrics.slowCallRate()), metrics.bufferedCalls(), metrics.failedCalls(),
                metrics.slowCalls(), metrics.notPermittedCallsTotal(), definition.affectsHealth(),
                retryAfterSeconds(breaker, metrics), breaker.config().fleetSync().isPresent(), sync,
                HealthCheckDescriptor.of(healthCheck));
    }

    private static @Nullable Double retryAfterSeconds(Breaker breaker, BreakerMetrics metrics) {
        return metrics.state() == BreakerState.OPEN ? breaker.retryAfter().toMillis() / 1000.0 : null;
    }
}
